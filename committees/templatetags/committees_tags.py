"""Template filters of the committees' pages and PDFs."""

from django import template

register = template.Library()


@register.filter
def resolution_label(label: str) -> str:
    """A resolution part's label as the council prints it: "1." and "a." for numbers and letters, but
    "9)" as it is (the MTFS proposal numbers) and bullets as they are; never "9).", never "1.."."""
    label = (label or "").strip()
    if not label or label[-1] in ").•-–" or label.endswith("."):
        return label
    return f"{label}."


@register.filter(needs_autoescape=True)
def numbered_text(text, number, autoescape=True):
    """A report paragraph's text as paragraphs (like `linebreaks`), its number inside the first line, so a
    page break can never leave the number at the foot of one page and its text on the next (PDF)."""
    from django.template.defaultfilters import linebreaks_filter
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    html = str(linebreaks_filter(text or "", autoescape=autoescape))
    if not number:
        return mark_safe(html)  # noqa: S308  (linebreaks escaped the text)
    label = format_html('<span class="num">{}</span>', number)
    if html.startswith("<p>"):
        return mark_safe(f"<p>{label}{html[3:]}")  # noqa: S308  (escaped above)
    return mark_safe(f'<p class="num-only">{label}</p>{html}')  # noqa: S308  (escaped above)


@register.simple_tag(takes_context=True)
def matters_arising_table(context, actions):
    """The "Matters arising" item's actions as a table (agenda page)."""
    from ..tables import MattersArisingTable

    return MattersArisingTable(actions).as_html(context["request"])
