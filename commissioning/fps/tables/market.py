"""The notices of a dynamic market and its call-offs, as recorded (published on Find a Tender)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from portal.components import tag
from portal.tables import DateColumn, Table

from ..services.market import is_late


class NoticeTable(Table):
    kind = tables.Column(verbose_name="Notice")
    package = tables.Column(verbose_name="About", default="The market")
    event_on = DateColumn(verbose_name="Event")
    published_on = DateColumn(verbose_name="Published")
    reference = tables.Column(verbose_name="Find a Tender", empty_values=())

    caption = "Notices published, oldest first"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "No notices have been recorded yet."

    def render_kind(self, record):
        text = record.get_kind_display()
        if record.due_by is None:
            return text
        if is_late(record):
            return format_html("{} {}", text, tag("Late", "red"))
        return text

    def render_package(self, record, value):
        return f"Package {value.reference}"

    def render_reference(self, record):
        label = record.reference or "Notice"
        if record.url:
            return format_html('<a class="govuk-link" href="{}">{}</a>', record.url, label)
        return record.reference or "Not given"
