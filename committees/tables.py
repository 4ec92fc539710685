import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from portal.templatetags.govuk import govuk_date

from .models import Meeting, Person

STATUS_COLOURS = {
    Meeting.Status.SCHEDULED: "grey",
    Meeting.Status.AGENDA_PUBLISHED: "blue",
    Meeting.Status.HELD: "purple",
    Meeting.Status.MINUTES_APPROVED: "green",
    Meeting.Status.CANCELLED: "red",
}


def status_tag(meeting) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[meeting.status],
        meeting.get_status_display(),
    )


class MeetingTable(tables.Table):
    date = tables.Column(
        verbose_name="Date", orderable=False, linkify=True, attrs={"a": {"class": "govuk-link"}}
    )
    time = tables.Column(verbose_name="Time", orderable=False)
    committee = tables.Column(verbose_name="Committee", orderable=False, accessor="committee__name")
    venue = tables.Column(verbose_name="Venue", orderable=False)
    status = tables.Column(verbose_name="Status", orderable=False)

    class Meta:
        model = Meeting
        fields = ["date", "time", "committee", "venue", "status"]
        per_page = 25
        empty_text = "No meetings match these filters."

    def render_date(self, value):
        return govuk_date(value)

    def render_time(self, value):
        return value.strftime("%-I:%M%p").lower().replace(":00", "")

    def render_status(self, record):
        return status_tag(record)


class PersonTable(tables.Table):
    """The people register for democratic services: each person with their current committees."""

    name = tables.Column(verbose_name="Name", orderable=False)
    kind = tables.Column(verbose_name="Kind", orderable=False)
    role = tables.Column(verbose_name="Job title and organisation", orderable=False, empty_values=())
    committees = tables.Column(verbose_name="Current committees", orderable=False, empty_values=())

    class Meta:
        model = Person
        fields = ["name", "kind", "role", "committees"]
        per_page = 50
        empty_text = "No people match your search."

    def render_name(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}'
            '<span class="govuk-visually-hidden">: change their details</span></a>',
            reverse("committees:person-edit", args=[record.pk]),
            record.name,
        )

    def render_role(self, record):
        return ", ".join(part for part in (record.job_title, record.organisation) if part) or "—"

    def render_committees(self, record):
        names = sorted({m.committee.name for m in record.current_memberships})
        return ", ".join(names) or "—"
