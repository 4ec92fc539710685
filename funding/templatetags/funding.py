"""Formatting for the funding pages and print templates."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def bulleted(text: str):
    """Paragraphs separated by blank lines; lines starting "- " become a bulleted list (as the documents
    print them)."""
    parts = []
    for block in (text or "").split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        items = [line[2:] for line in lines if line.startswith("- ")]
        prose = [line for line in lines if not line.startswith("- ")]
        if prose:
            parts.append(format_html("<p>{}</p>", " ".join(prose)))
        if items:
            parts.append(
                format_html(
                    '<ul class="govuk-list govuk-list--bullet">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((i,) for i in items)),
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped by format_html above
