"""A provider's own applications (its users' list)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from portal.tables import DateColumn, StatusColumn, Table


class ProviderApplicationTable(Table):
    reference = tables.Column(
        verbose_name="Reference",
        linkify=True,
        attrs={"a": {"class": "govuk-link"}, "td": {"class": "portal-nowrap"}},
    )
    system = tables.Column(verbose_name="Purchasing system", accessor="window__system__name")
    lots = tables.Column(verbose_name="Lots", empty_values=())
    created_at = DateColumn(verbose_name="Started")
    submitted_at = DateColumn(verbose_name="Submitted", default="Not yet")
    status = StatusColumn(verbose_name="Status")

    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "Your organisation has not applied to join a flexible purchasing system yet."

    def __init__(self, data, *, provider_name: str = "", **kwargs):
        self.caption = f"Applications by {provider_name}, newest first"
        super().__init__(data, **kwargs)

    def render_system(self, record, value):
        return format_html('{}<br><span class="govuk-body-s">{}</span>', value, record.window.name)

    def render_lots(self, record):
        items = format_html_join(
            "",
            "<li>Lot {}{}</li>",
            (
                (al.lot.number, f": {al.get_decision_display()}" if al.decision != "pending" else "")
                for al in record.application_lots.all()
            ),
        )
        return format_html('<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{}</ul>', items)
