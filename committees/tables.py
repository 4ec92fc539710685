"""The committees' tables (django-tables2, drawn by templates/components/table.html): every list and
every table on the committees' pages, so that none is hand-written HTML."""

from __future__ import annotations

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal import components
from portal.tables import StatusColumn, Table
from portal.timefmt import govuk_date, govuk_time

from .models import Decision, Meeting, Person


def link(url: str, text, hidden: str = ""):
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">{}</span></a>',
            url,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


HIDDEN_ACTIONS = mark_safe('<span class="govuk-visually-hidden">Actions</span>')  # noqa: S308


class ButtonsTable(Table):
    """A table whose rows have small POST buttons (`self.button`); configured with the request
    (`RequestConfig(request).configure(table)`), whose CSRF token the forms carry."""

    def button(self, url: str, text: str, hidden: str = "", fields: dict | None = None):
        inputs = format_html_join(
            "", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in (fields or {}).items())
        )
        return format_html(
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
            '<button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
            'data-module="govuk-button">{}<span class="govuk-visually-hidden"> {}</span></button></form>',
            url,
            get_token(self.request),
            inputs,
            text,
            hidden,
        )


class MeetingTable(Table):
    caption = "Meetings"
    caption_hidden = True
    date = tables.Column(
        verbose_name="Date", orderable=False, linkify=True, attrs={"a": {"class": "govuk-link"}}
    )
    time = tables.Column(verbose_name="Time", orderable=False)
    committee = tables.Column(verbose_name="Committee", orderable=False, accessor="committee__name")
    venue = tables.Column(verbose_name="Venue", orderable=False)
    status = StatusColumn(verbose_name="Status", orderable=False)

    class Meta(Table.Meta):
        model = Meeting
        fields = ["date", "time", "committee", "venue", "status"]
        per_page = 25
        empty_text = "No meetings match these filters."

    def render_date(self, value):
        return govuk_date(value)

    def render_time(self, value):
        return govuk_time(value)


class PersonTable(Table):
    """The people register for democratic services: each person with their current committees."""

    caption = "People"
    caption_hidden = True
    name = tables.Column(verbose_name="Name", orderable=False)
    kind = tables.Column(verbose_name="Kind", orderable=False)
    role = tables.Column(verbose_name="Job title and organisation", orderable=False, empty_values=())
    committees = tables.Column(verbose_name="Current committees", orderable=False, empty_values=())

    class Meta(Table.Meta):
        model = Person
        fields = ["name", "kind", "role", "committees"]
        per_page = 50
        empty_text = "No people match your search."

    def render_name(self, record):
        url = reverse("committees:person-edit", args=[record.pk])
        return link(url, record.name, ": change their details")

    def render_role(self, record):
        return ", ".join(part for part in (record.job_title, record.organisation) if part) or "—"

    def render_committees(self, record):
        names = sorted({m.committee.name for m in record.current_memberships})
        return ", ".join(names) or "—"


class CommitteeTable(Table):
    caption = "Committees and boards"
    name = tables.Column(verbose_name="Name", orderable=False, linkify=True)
    kind = tables.Column(verbose_name="Kind", orderable=False)
    code = tables.Column(verbose_name="Report code", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No committees yet."


class FormerCommitteeTable(Table):
    caption = "Former committees"
    name = tables.Column(verbose_name="Name", orderable=False, linkify=True)
    ended_on = tables.Column(verbose_name="Ended", orderable=False)
    end_reason = tables.Column(verbose_name="Why it ended", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No former committees."

    def render_ended_on(self, value):
        return govuk_date(value)


class MembershipTable(Table):
    caption = "Membership"
    name = tables.Column(verbose_name="Name", orderable=False, accessor="person__name")
    role = tables.Column(verbose_name="Role", orderable=False, accessor="get_role_display")
    voting = tables.Column(verbose_name="Membership", orderable=False, accessor="get_voting_display")
    organisation = tables.Column(verbose_name="Organisation", orderable=False, empty_values=())
    change = tables.Column(verbose_name=HIDDEN_ACTIONS, orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "No members recorded."

    def __init__(self, *args, board: bool = False, can_manage: bool = False, **kwargs):
        exclude = [name for name, wanted in (("voting", board), ("change", can_manage)) if not wanted]
        super().__init__(*args, exclude=exclude, **kwargs)

    def render_name(self, record):
        if record.person.kind == Person.Kind.OFFICER:
            return record.person.name
        url = reverse("committees:member-interests", args=[record.person_id])
        return link(url, record.person.name, ": registered interests")

    def render_organisation(self, record):
        person = record.person
        return ", ".join(part for part in (person.job_title, person.organisation) if part)

    def render_change(self, record):
        name = record.person.name
        return format_html(
            "{}<br>{}",
            link(reverse("committees:membership-edit", args=[record.pk]), "Change", f" {name}'s membership"),
            link(reverse("committees:membership-end", args=[record.pk]), "End", f" {name}'s membership"),
        )


class AttendanceTable(ButtonsTable):
    caption = "Attendance recorded"
    caption_hidden = True
    name = tables.Column(verbose_name="Name", orderable=False, accessor="person__name")
    kind = tables.Column(verbose_name="Attendance", orderable=False, empty_values=())
    remove = tables.Column(verbose_name=HIDDEN_ACTIONS, orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "Nobody recorded yet."

    def render_kind(self, record):
        if record.substitute_for:
            return f"{record.get_kind_display()} for {record.substitute_for.name}"
        return record.get_kind_display()

    def render_remove(self, record):
        return self.button(
            reverse("committees:attendance-remove", args=[record.pk]), "Remove", record.person.name
        )


class WorkProgrammeTable(Table):
    reference = tables.Column(
        verbose_name="Reference", orderable=False, attrs={"td": {"class": "portal-nowrap"}}
    )
    title = tables.Column(verbose_name="Title", orderable=False)
    purpose = tables.Column(verbose_name="Purpose", orderable=False)
    decision_or_note = tables.Column(
        verbose_name="For", orderable=False, accessor="get_decision_or_note_display"
    )
    lead_officer = tables.Column(verbose_name="Lead officer", orderable=False)
    consultation = tables.Column(verbose_name="Consultation", orderable=False)
    equality_impact_assessment = tables.Column(verbose_name="Equality impact assessment", orderable=False)
    budget_and_policy_framework = tables.Column(verbose_name="Budget and policy framework", orderable=False)
    corporate_priority = tables.Column(verbose_name="Corporate priority", orderable=False)
    exempt_paragraph = tables.Column(verbose_name="Exempt", orderable=False, empty_values=())
    change = tables.Column(verbose_name=HIDDEN_ACTIONS, orderable=False, empty_values=())

    class Meta(Table.Meta):
        attrs = {"class": "govuk-table portal-table-small"}
        empty_text = "The work programme is empty."

    def __init__(self, *args, caption: str, can_manage: bool = False, **kwargs):
        self.caption = caption
        super().__init__(*args, exclude=[] if can_manage else ["change"], **kwargs)

    def render_exempt_paragraph(self, value):
        return value or "No"

    def render_title(self, value, record):
        """The title, and a link to each contract whose decision the item is (its public register entry)."""
        contracts = list(record.contracts.all())
        if not contracts:
            return value
        links = format_html_join(
            "",
            '<br><a class="govuk-link" href="{}">Contract {}</a>',
            ((contract.get_public_url(), contract.reference) for contract in contracts),
        )
        return format_html("{}{}", value, links)

    def render_change(self, record):
        return format_html(
            "{}<br>{}",
            link(reverse("committees:work-programme-edit", args=[record.pk]), "Change", f" {record.title}"),
            link(reverse("committees:work-programme-delete", args=[record.pk]), "Delete", f" {record.title}"),
        )


class ReportListTable(Table):
    caption = "Draft and submitted reports"
    caption_hidden = True
    reference = tables.Column(
        verbose_name="Reference", orderable=False, empty_values=(), attrs={"td": {"class": "portal-nowrap"}}
    )
    title = tables.Column(verbose_name="Title", orderable=False, linkify=True)
    status = StatusColumn(verbose_name="Status", orderable=False)

    class Meta(Table.Meta):
        per_page = 50
        empty_text = "No reports in progress."

    def render_reference(self, record):
        return ", ".join(reference.reference for reference in record.references.all())


class ExamplesTable(Table):
    """The markup help: what to type for each kind of text."""

    caption = "What to type"
    kind = tables.Column(verbose_name="For", orderable=False)
    example = tables.Column(verbose_name="Type", orderable=False)

    def render_example(self, value):
        return format_html_join(mark_safe("<br>"), "<code>{}</code>", ((line,) for line in value))


MARKUP_EXAMPLES = [
    ("A numbered paragraph", ["1.1 The text of the paragraph."]),
    ("A sub-heading", ["### 6.4 Vision for Adult Social Care"]),
    ("A figure's caption", ["![Fig 1. Stakeholder Workshop]"]),
    ("Bullet points, after the paragraph's text", ["- one point on each line"]),
    ("Numbered points", ["1. the first point", "2. the second point"]),
    (
        "A table: one row on each line, cells between bars; a line of dashes under the first row makes it "
        "the header",
        ["| Scheme | Source |", "|---|---|", "| Rapid response | iBCF |"],
    ),
    ("A line break, or a bar, in a table cell", ["<br>", "\\|"]),
    (
        "A line that starts with a number or one of these marks but is ordinary text",
        ["\\2022 was the year ..."],
    ),
]


def markup_examples() -> ExamplesTable:
    return ExamplesTable([{"kind": kind, "example": lines} for kind, lines in MARKUP_EXAMPLES])


def paragraph_table(paragraph) -> Table:
    """A table in a report ({"header": [...], "rows": [[...], ...]}) as a django-tables2 table."""
    header = list(paragraph.table.get("header") or [])
    rows = list(paragraph.table.get("rows") or [])
    width = max([len(header), *(len(row) for row in rows)])
    names = [f"c{i}" for i in range(width)]
    columns = [
        (name, tables.Column(verbose_name=header[i] if i < len(header) else "", orderable=False))
        for i, name in enumerate(names)
    ]
    data = [{name: (row[i] if i < len(row) else "") for i, name in enumerate(names)} for row in rows]
    table = Table(data, extra_columns=columns)
    table.caption = f"Table {paragraph.number}".strip()
    table.caption_hidden = True
    return table


class ActionTable(ButtonsTable):
    caption = "Actions arising from meetings, soonest due first"
    caption_hidden = True
    text = tables.Column(verbose_name="Action", orderable=False, empty_values=())
    owner = tables.Column(verbose_name="Owner", orderable=False, accessor="owner__name", default="Not given")
    due = tables.Column(
        verbose_name="Due", orderable=False, default="No date", attrs={"td": {"class": "portal-nowrap"}}
    )
    status = StatusColumn(verbose_name="Status", orderable=False)
    source = tables.Column(verbose_name="From", orderable=False, empty_values=())
    done = tables.Column(verbose_name=HIDDEN_ACTIONS, orderable=False, empty_values=())

    class Meta(Table.Meta):
        per_page = 50
        empty_text = "No actions match."

    def render_text(self, record):
        return link(reverse("committees:action", args=[record.pk]), record.text[:120])

    def render_due(self, record, value):
        if record.is_overdue():
            return format_html("{} {}", govuk_date(value), components.tag("Overdue", "red"))
        return govuk_date(value)

    def render_source(self, record):
        meeting = record.meeting
        if record.minute_id is None:
            return link(meeting.get_absolute_url(), str(meeting))
        url = reverse("committees:minutes", args=[meeting.pk]) + f"#minute-{record.minute.number}"
        return link(url, f"Minute {record.minute.number}, {meeting}")

    def render_done(self, record):
        if record.done:
            return ""
        return self.button(
            reverse("committees:action-done", args=[record.pk]), "Mark as done", f": {record.text[:40]}"
        )


class MattersArisingTable(Table):
    """The actions a meeting's "Matters arising" item reports (agenda page)."""

    caption = "Matters arising: actions from the committee's previous meetings"
    caption_hidden = True
    meeting = tables.Column(verbose_name="Meeting", orderable=False, accessor="meeting__date")
    minute = tables.Column(verbose_name="Minute", orderable=False, accessor="minute__number", default="")
    text = tables.Column(verbose_name="Action", orderable=False)
    owner = tables.Column(verbose_name="Owner", orderable=False, accessor="owner__name", default="")
    due = tables.Column(verbose_name="Due", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    status = StatusColumn(verbose_name="Status", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No actions."

    def render_meeting(self, value):
        return govuk_date(value)

    def render_due(self, value):
        return govuk_date(value)


class DecisionTable(Table):
    caption = "Decisions, newest first"
    caption_hidden = True
    decided_on = tables.Column(verbose_name="Date", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    title = tables.Column(
        verbose_name="Decision", orderable=False, linkify=True, attrs={"a": {"class": "govuk-link"}}
    )
    maker = tables.Column(verbose_name="Decision maker", orderable=False, empty_values=())
    key_decision = tables.Column(verbose_name="Key decision", orderable=False)
    call_in_deadline = tables.Column(verbose_name="Call-in deadline", orderable=False, default="None")
    status = StatusColumn(verbose_name="Status", orderable=False)

    class Meta(Table.Meta):
        per_page = 25
        empty_text = "No decisions match."

    def render_decided_on(self, value):
        return govuk_date(value)

    def render_maker(self, record: Decision):
        return record.maker_name

    def render_key_decision(self, value):
        return "Yes" if value else "No"

    def render_call_in_deadline(self, value):
        return govuk_date(value)
