from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()

TAGS = {
    "red": ("govuk-tag--red", "Red"),
    "amber": ("govuk-tag--orange", "Amber"),
    "green": ("govuk-tag--green", "Green"),
}


@register.filter
def rag_tag(rag: str):
    """A GOV.UK tag whose text says the RAG: colour is never the only sign."""
    css, label = TAGS.get(rag or "", ("govuk-tag--grey", "Not rated"))
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)


@register.filter
def rag_label(rag: str) -> str:
    return TAGS.get(rag or "", ("", "Not rated"))[1]


@register.filter
def figure(value) -> str:
    """A computed value or difference: 1,038 or 34.5, with a sign for differences when asked."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


@register.filter
def signed(value) -> str:
    if value is None:
        return ""
    text = figure(value)
    return f"+{text}" if Decimal(value) > 0 else text


@register.simple_tag
def scorecard_rows(rows, *, editable: bool = False, year_label: str = "", quarter: int = 0):
    """The rows of a section's table: built with format_html, not the template engine, because a scorecard
    has hundreds of rows of a dozen cells each (the page's speed goal is 150 ms at 200 measures)."""
    from django.template.defaultfilters import linebreaksbr
    from django.urls import reverse
    from django.utils.html import format_html_join

    measure_url = reverse("scorecard:measure", args=[0])[: -len("0/")]
    edit_url = (
        reverse("scorecard:measure-edit", args=[year_label, quarter, 0])[: -len("0/")] if editable else ""
    )
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    out = []
    for row in rows:
        title = linebreaksbr(row["title"], autoescape=True)
        notes = []
        if row.get("ascof_code"):
            notes.append(format_html('<br><span class="govuk-body-s">ASCOF {}</span>', row["ascof_code"]))
        if row.get("nw") or row.get("national"):
            notes.append(
                format_html(
                    '<br><span class="govuk-body-s">NW average {}; national average {}</span>',
                    row.get("nw") or "none",
                    row.get("national") or "none",
                )
            )
        computed = ""
        value = row.get("computed")
        if value is not None:
            if value.unavailable:
                computed = format_html(
                    '<br><span class="govuk-body-s">Computed value unavailable: {}</span>', value.unavailable
                )
            else:
                difference = value.difference
                computed = format_html(
                    '<br><span class="govuk-body-s">Computed from the portal: {}{}</span>',
                    figure(value.value),
                    f" (difference {signed(difference)})" if difference is not None else "",
                )
        override = ""
        if row.get("rag_override"):
            override = format_html(
                '<br><span class="govuk-body-s">Set by the analyst: {}</span>', row.get("override_reason", "")
            )
        edit = ""
        if editable:
            edit = format_html(
                '<a class="govuk-link govuk-!-margin-left-2" href="{}{}/">Change figures, RAG and comments'
                '<span class="govuk-visually-hidden"> for {}</span></a>',
                edit_url,
                row["measure"],
                row["title"],
            )
        cells = [
            format_html(
                '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                '<a class="govuk-link" href="{}{}/">{}</a>{}</th>',
                measure_url,
                row["measure"],
                title,
                format_html_join("", "{}", ((note,) for note in notes)),
            ),
            format_html('<td class="govuk-table__cell">{}</td>', row.get("polarity") or "Not stated"),
            format_html('<td class="govuk-table__cell">{}</td>', row.get("target") or "None"),
            *[format_html(numeric, row.get(key, "")) for key in ["outturn", "q1", "q2", "q3", "q4"]],
            format_html(
                '<td class="govuk-table__cell govuk-table__cell--numeric">{}{}</td>',
                row.get("ytd", ""),
                computed,
            ),
            format_html('<td class="govuk-table__cell">{}{}</td></tr>', rag_tag(row.get("rag")), override),
            format_html(
                '<tr class="govuk-table__row"><td class="govuk-table__cell govuk-body-s" colspan="10">'
                '<span class="govuk-visually-hidden">Comments on {}: </span>{}{}</td></tr>',
                row["title"],
                row.get("comments") or "No comments.",
                edit,
            ),
        ]
        out.append(format_html_join("", "{}", ((cell,) for cell in cells)))
    return format_html_join("\n", "{}", ((row_html,) for row_html in out))
