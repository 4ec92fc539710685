"""The public overview's tables: a system's lots, its application windows and the report's spend figures."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from portal.components import status_tag
from portal.tables import DateColumn, MoneyColumn, NumericColumn, Table
from portal.timefmt import govuk_datetime

from ..services.reminders import closes_in


class LotTable(Table):
    lot = tables.Column(verbose_name="Lot", empty_values=())
    description = tables.Column(verbose_name="Description", default="")
    is_active = tables.Column(verbose_name="Open to applications")

    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "No lots yet."

    def __init__(self, data, *, system_name: str, **kwargs):
        self.caption = f"Lots of the {system_name}"
        super().__init__(data, **kwargs)

    def render_lot(self, record):
        return str(record)

    def render_is_active(self, value):
        return "Yes" if value else "No"


def deadline_cell(deadline, now=None):
    """The deadline, and under it how long is left ("Closes in 6 days") until it has passed."""
    if now is not None and now >= deadline:
        return govuk_datetime(deadline)
    left = closes_in(deadline, now)
    if left == "closed":
        return govuk_datetime(deadline)
    return format_html('{}<br><span class="govuk-body-s">{}</span>', govuk_datetime(deadline), capfirst(left))


class PublicWindowTable(Table):
    """A system's application windows with their state at `now`; the commissioners' table adds to it."""

    name = tables.Column(verbose_name="Window")
    opens_at = tables.Column(verbose_name="Opens")
    closes_at = tables.Column(verbose_name="Closes")
    state = tables.Column(verbose_name="Status", empty_values=(), orderable=False)

    caption = "Application windows, newest first, in UK time"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "No application windows have been set yet."

    def __init__(self, data, *, now, **kwargs):
        self.now = now
        super().__init__(data, **kwargs)

    def render_name(self, record, value):
        return format_html(
            '{}<br><a class="govuk-link govuk-body-s" href="{}">Questions and answers<span '
            'class="govuk-visually-hidden"> about the {}</span></a>',
            value,
            reverse("fps:window-questions", args=[record.system.slug, record.pk]),
            value,
        )

    def render_opens_at(self, value):
        return govuk_datetime(value)

    def render_closes_at(self, value):
        return deadline_cell(value, self.now)

    def render_state(self, record):
        record._state_moment = self.now
        return status_tag(record, "state")


class SpendTable(Table):
    label = tables.Column(verbose_name="What")
    amount = MoneyColumn(verbose_name="Annual spend", default="–")
    people = NumericColumn(verbose_name="People or placements", default="–")
    as_of = DateColumn(verbose_name="As of")

    caption = "Spend on these services, from the approving report"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False

    def render_label(self, record, value):
        if record.source:
            return format_html('{}<br><span class="govuk-body-s">{}</span>', value, record.source)
        return value
