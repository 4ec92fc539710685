"""The application windows table of a purchasing system (commissioners who run it)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from portal.components import status_tag
from portal.tables import NumericColumn, Table
from portal.timefmt import govuk_date, govuk_datetime

from ..models import ApplicationWindow


def action_link(text: str, url: str, what: str):
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
        url,
        text,
        what,
    )


class WindowTable(Table):
    name = tables.Column(verbose_name="Window")
    opens_at = tables.Column(verbose_name="Opens")
    closes_at = tables.Column(verbose_name="Closes")
    state = tables.Column(verbose_name="State", empty_values=(), orderable=False)
    evaluation_by = tables.Column(verbose_name="Evaluation by")
    application_count = NumericColumn(verbose_name="Applications")
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    caption = "Application windows, latest first"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "No application windows yet."

    def __init__(self, data, *, now, **kwargs):
        self.now = now
        super().__init__(data, **kwargs)

    def render_opens_at(self, value):
        return govuk_datetime(value)

    def render_closes_at(self, value):
        return govuk_datetime(value)

    def render_evaluation_by(self, value):
        return govuk_date(value)

    def render_state(self, record: ApplicationWindow):
        record._state_moment = self.now
        return status_tag(record, "state")

    def render_actions(self, record: ApplicationWindow):
        slug = record.system.slug
        links = [action_link("Change", reverse("fps:window-edit", args=[slug, record.pk]), record.name)]
        if not record.application_count:
            links.append(
                action_link("Remove", reverse("fps:window-remove", args=[slug, record.pk]), record.name)
            )
        return format_html_join(" ", "{}", ((link,) for link in links))
