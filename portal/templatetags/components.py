"""The GOV.UK components as template tags (a template builtin: no {% load %} needed).

Every page draws these components through here, never as hand-written HTML, so each has one definition:

    {% summary_list %}
      {% summary_row "Companies House number" %}{{ provider.companies_house_number }}{% endsummary_row %}
      {% summary_row "Address" change_url=edit_url %}{{ provider.town }}{% endsummary_row %}
    {% endsummary_list %}
    {% summary_list card="Organisation" %} ... {% endsummary_list %}   (a GOV.UK summary card)

    {% tag "Demo data" "yellow" %}            {% status_tag application %}   {% status_tag bid "outcome" %}
    {% warning_text %}Bids are sealed until the deadline.{% endwarning_text %}
    {% history_table events caption="Changes to this application, newest first" %}
    {% filter_panel filter label="Filter providers" %}

Lists and other tables are django-tables2 tables: `{% render_table table %}` draws
`templates/components/table.html` (settings.DJANGO_TABLES2_TEMPLATE), in a scroll container so a wide
table never makes the page scroll sideways. The confirmation page is `portal.confirm.confirm_or_refuse`.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context, token_kwargs
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from portal import components

register = template.Library()


@register.simple_tag
def tag(text, colour=None):
    return components.tag(text, colour)


@register.simple_tag
def status_tag(obj, field="status"):
    return components.status_tag(obj, field)


# Summary list ---------------------------------------------------------------------------------------------

ROWS_KEY = "_portal_summary_rows"


class SummaryListNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        rows: list[dict] = []
        with context.push(**{ROWS_KEY: rows}):
            self.nodelist.render(context)  # each row adds itself to `rows`; anything else is ignored
        any_actions = any(row["actions"] for row in rows)
        html_rows = []
        for row in rows:
            row_class = "govuk-summary-list__row"
            if any_actions and not row["actions"]:
                row_class += " govuk-summary-list__row--no-actions"
            actions = ""
            if len(row["actions"]) == 1:
                actions = format_html('<dd class="govuk-summary-list__actions">{}</dd>', row["actions"][0])
            elif row["actions"]:
                actions = format_html(
                    '<dd class="govuk-summary-list__actions"><ul class="govuk-summary-list__actions-list">'
                    "{}</ul></dd>",
                    format_html_join(
                        "",
                        '<li class="govuk-summary-list__actions-list-item">{}</li>',
                        ((a,) for a in row["actions"]),
                    ),
                )
            html_rows.append(
                format_html(
                    '<div class="{}"><dt class="govuk-summary-list__key">{}</dt>'
                    '<dd class="govuk-summary-list__value">{}</dd>{}</div>',
                    row_class,
                    row["key"],
                    row["value"],
                    actions,
                )
            )
        list_class = "govuk-summary-list"
        if options.get("no_border"):
            list_class += " govuk-summary-list--no-border"
        extra = options.get("classes")
        if extra:
            list_class += f" {extra}"
        html = format_html('<dl class="{}">{}</dl>', list_class, mark_safe("".join(html_rows)))  # noqa: S308
        card = options.get("card")
        if card:
            html = format_html(
                '<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper">'
                '<h{} class="govuk-summary-card__title">{}</h{}></div>'
                '<div class="govuk-summary-card__content">{}</div></div>',
                options.get("heading_level", 2),
                card,
                options.get("heading_level", 2),
                html,
            )
        return html


@register.tag
def summary_list(parser, token):
    """{% summary_list [card="Title"] [no_border=True] [classes="..."] %} rows {% endsummary_list %}"""
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(
            "summary_list takes only keyword options: card, no_border, classes"
        )
    nodelist = parser.parse(("endsummary_list",))
    parser.delete_first_token()
    return SummaryListNode(nodelist, options)


class SummaryRowNode(template.Node):
    def __init__(self, key, nodelist, options):
        self.key = key
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        rows = context.get(ROWS_KEY)
        if rows is None:
            raise template.TemplateSyntaxError("summary_row must be inside {% summary_list %}")
        key = self.key.resolve(context)
        options = {name: value.resolve(context) for name, value in self.options.items()}
        actions = []
        for prefix, default_text in (("change", "Change"), ("remove", "Remove")):
            url = options.get(f"{prefix}_url")
            if url:
                actions.append(
                    format_html(
                        '<a class="govuk-link" href="{}">{}'
                        '<span class="govuk-visually-hidden"> {}</span></a>',
                        url,
                        options.get(f"{prefix}_text") or default_text,
                        options.get("hidden_text") or str(key).lower(),
                    )
                )
        value = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 (rendered by the template engine)
        rows.append({"key": key, "value": value, "actions": actions})
        return ""


@register.tag
def summary_row(parser, token):
    """{% summary_row key [change_url=...] [change_text="Change"] [remove_url=...] [remove_text=...]
    [hidden_text=...] %} value {% endsummary_row %}"""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError('summary_row needs its key: {% summary_row "Name" %}')
    key = parser.compile_filter(bits.pop(0))
    options = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"summary_row: unexpected {bits}")
    nodelist = parser.parse(("endsummary_row",))
    parser.delete_first_token()
    return SummaryRowNode(key, nodelist, options)


# Warning text ---------------------------------------------------------------------------------------------


class WarningTextNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return components.warning_text(mark_safe(self.nodelist.render(context).strip()))  # noqa: S308


@register.tag
def warning_text(parser, token):
    """{% warning_text %}You can be fined up to £5,000.{% endwarning_text %}"""
    nodelist = parser.parse(("endwarning_text",))
    parser.delete_first_token()
    return WarningTextNode(nodelist)


# History table and filter panel ----------------------------------------------------------------------------


@register.inclusion_tag("components/history_table.html")
def history_table(events, caption="Changes, newest first", show_subject=None, empty="No changes recorded."):
    """Events from portal.history (when, who, what, which record, fields changed), newest first."""
    events = list(events)
    if show_subject is None:
        show_subject = len({event.subject for event in events}) > 1
    return {"events": events, "caption": caption, "show_subject": show_subject, "empty": empty}


@register.inclusion_tag("components/filter_panel.html", takes_context=True)
def filter_panel(context, filter, label="Filter", clear_url=None, button="Apply filters"):
    """The grey side panel of a list page's filters (a django-filter FilterSet, usually a
    portal.filters.SidePanelFilterSet); "Clear filters" goes back to the bare list."""
    request = context["request"]
    return {"filter": filter, "label": label, "clear_url": clear_url or request.path, "button": button}


@register.filter
def escape_join(values, separator=", "):
    """Join values, escaping each (for lists of names in cells)."""
    return mark_safe(conditional_escape(separator).join(conditional_escape(v) for v in values))  # noqa: S308


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    """A django-tables2 table's rows for templates/components/table.html, built here rather than by two
    nested template loops: the cells are still rendered by the table (its render_* methods, linkify,
    defaults), but a page of 25 rows no longer resolves a template variable per cell for the cell's class,
    which was most of a list page's rendering time (issue 13, part 8). A column's cell class comes from its
    `attrs["td"]["class"]`, static in every table of the portal."""
    columns = list(table.columns)
    classes = []
    for column in columns:
        extra = column.attrs.get("td", {}).get("class")
        classes.append(f"govuk-table__cell {extra}" if extra else "govuk-table__cell")
    rows = []
    for row in table.paginated_rows:
        cells = "".join(
            f'<td class="{conditional_escape(css)}">{render_value_in_context(cell, context)}</td>'
            for css, (_column, cell) in zip(classes, row.items(), strict=True)
        )
        rows.append(f'<tr class="govuk-table__row">{cells}</tr>')
    if not rows:
        empty = conditional_escape(table.empty_text or "Nothing to show.")
        cell = f'<td class="govuk-table__cell" colspan="{len(columns)}">{empty}</td>'
        rows.append(f'<tr class="govuk-table__row">{cell}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every part is escaped above
