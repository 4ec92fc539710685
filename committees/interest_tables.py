"""The register of members' interests as tables: the index of members and one member's entries."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from portal import components
from portal.tables import Table
from portal.timefmt import govuk_date

from .tables import HIDDEN_ACTIONS, link


class MemberInterestsIndexTable(Table):
    caption = "Members"
    caption_hidden = True
    name = tables.Column(verbose_name="Member", orderable=False)
    current = tables.Column(verbose_name="Current interests", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No members recorded."

    def render_name(self, record):
        return link(reverse("committees:member-interests", args=[record.pk]), record.name)

    def render_current(self, value):
        return value or "None recorded"


class InterestTable(Table):
    caption = "Registered interests"
    caption_hidden = True
    kind = tables.Column(verbose_name="Kind", orderable=False, accessor="get_kind_display")
    organisation = tables.Column(verbose_name="Organisation", orderable=False, empty_values=())
    details = tables.Column(verbose_name="Details", orderable=False)
    dates = tables.Column(verbose_name="Registered", orderable=False, empty_values=())
    change = tables.Column(verbose_name=HIDDEN_ACTIONS, orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "No interests registered."

    def __init__(self, *args, can_manage: bool = False, **kwargs):
        super().__init__(*args, exclude=[] if can_manage else ["change"], **kwargs)

    def render_organisation(self, record):
        if not record.organisation:
            return "None"
        number = (
            f" (Companies House number {record.companies_house_number})"
            if record.companies_house_number
            else ""
        )
        demo = components.tag("Demo data", "grey") if record.is_demo else ""
        return format_html("{}{} {}", record.organisation, number, demo)

    def render_dates(self, record):
        since = govuk_date(record.registered_from)
        if record.registered_to:
            return f"{since} to {govuk_date(record.registered_to)}"
        return f"Since {since}"

    def render_change(self, record):
        what = f" {record.get_kind_display().lower()}: {record.organisation or record.details[:40]}"
        links = [link(reverse("committees:interest-edit", args=[record.pk]), "Correct", what)]
        if record.registered_to is None:
            links.append(link(reverse("committees:interest-end", args=[record.pk]), "End", what))
        links.append(link(reverse("committees:interest-remove", args=[record.pk]), "Remove", what))
        return format_html("<br>".join(["{}"] * len(links)), *links)
