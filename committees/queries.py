"""Reads for the committee pages. Each page (and the PDF that prints it) gets its data from one function
here, which owns its select_related / prefetch_related, so the query count does not grow with rows."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal import permissions as perms

from .models import (
    Action,
    AgendaItem,
    Appendix,
    Attendance,
    Committee,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    Person,
    Report,
    ReportReference,
    ReportSection,
    WorkProgrammeItem,
)


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm(perms.MANAGE_COMMITTEES)


def current_memberships(committee: Committee, on: datetime.date | None = None):
    on = on or timezone.localdate()
    memberships = (
        Membership.objects.filter(committee=committee, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
    )
    order = {Membership.Role.CHAIR: 0, Membership.Role.VICE_CHAIR: 1, Membership.Role.MEMBER: 2}
    voting = {Membership.Voting.VOTING: 0, Membership.Voting.NON_VOTING: 1, Membership.Voting.ASSOCIATE: 2}
    return sorted(memberships, key=lambda m: (voting[m.voting], order[m.role], m.person.name))


# Meetings ---------------------------------------------------------------------------------------------


def get_meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("committee", "minutes_approved_at"), pk=pk)


def agenda_items(meeting: Meeting, user) -> list[AgendaItem]:
    """The agenda, each item with `.report_visible` (the user may open its report) and its references."""
    items = list(
        meeting.agenda_items.select_related("report", "minutes_of", "minutes_of__committee").prefetch_related(
            Prefetch("report__references", queryset=ReportReference.objects.select_related("committee")),
            Prefetch("report__appendices", queryset=Appendix.objects.order_by("position", "pk")),
        )
    )
    report_ids = [item.report_id for item in items if item.report_id]
    visible = set(Report.objects.visible_to(user).filter(pk__in=report_ids).values_list("pk", flat=True))
    for item in items:
        # A part 2 item's report only for staff who may see exempt papers, whatever the report says.
        item.report_visible = item.report_id in visible and (
            item.part == 1 or user.has_perm(perms.VIEW_EXEMPT_REPORTS)
        )
        item.minutes_visible = bool(item.minutes_of) and (
            item.minutes_of.minutes_are_public or can_manage(user)
        )
        item.reference = (
            next(
                (r.reference for r in item.report.references.all() if r.committee_id == meeting.committee_id),
                "",
            )
            if item.report_id
            else ""
        )
    return items


def meeting_page(meeting: Meeting, user) -> dict:
    manage = can_manage(user)
    agenda_visible = meeting.agenda_is_public or manage
    items = agenda_items(meeting, user) if agenda_visible else []
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "agenda_visible": agenda_visible,
        "part1": [i for i in items if i.part == 1],
        "part2": [i for i in items if i.part == 2],
        "minutes_visible": meeting.minutes_are_public or (manage and meeting.minutes.exists()),
        "can_manage": manage,
        "memberships": current_memberships(meeting.committee, meeting.date),
        "matters_arising": matters_arising(meeting) if any(i.matters_arising for i in items) else [],
    }


def check_minutes_visible(meeting: Meeting, user) -> None:
    if not (meeting.minutes_are_public or can_manage(user)):
        raise Http404("These minutes are not published.")


def minutes_page(meeting: Meeting, user) -> dict:
    check_minutes_visible(meeting, user)
    return {**minutes_context(meeting), "can_manage": can_manage(user)}


def minutes_context(meeting: Meeting) -> dict:
    """The minutes with attendance, declarations and actions (no access check: callers make it)."""
    attendance = list(meeting.attendance.select_related("person", "substitute_for"))
    by_kind = {kind: [a for a in attendance if a.kind == kind] for kind in Attendance.Kind.values}
    minutes = list(
        meeting.minutes.prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))
    )
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "attendance": by_kind,
        "chair": (by_kind["chair"] or [None])[0],
        "declarations": list(meeting.declarations.select_related("person")),
        "minutes": minutes,
    }


# Reports ----------------------------------------------------------------------------------------------


def meeting_people_ids(meeting: Meeting) -> set[int]:
    """The committee's members on the meeting's day and everyone recorded as attending it."""
    members = (
        Membership.objects.filter(committee_id=meeting.committee_id, start__lte=meeting.date)
        .filter(Q(end__isnull=True) | Q(end__gte=meeting.date))
        .values_list("person_id", flat=True)
    )
    attending = Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)
    return set(members.union(attending))


def people_list(on: datetime.date | None = None):
    """The people register with each person's current memberships (`current_memberships`), by name."""
    on = on or timezone.localdate()
    current = (
        Membership.objects.filter(start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("committee")
    )
    return Person.objects.order_by("name", "pk").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )


def declarations_page(meeting: Meeting) -> list:
    return list(meeting.declarations.select_related("person").order_by("position", "pk"))


def get_report_for_user(user, pk: int) -> Report:
    """404 unless the user may see the report: the public never learns a draft or part 2 report exists."""
    return get_object_or_404(Report.objects.visible_to(user), pk=pk)


def get_report_to_edit(user, pk: int) -> Report:
    report = get_report_for_user(user, pk)
    if not Report.objects.editable_by(user).filter(pk=report.pk).exists():
        raise PermissionDenied("You cannot change this report.")
    return report


def report_page(report: Report) -> dict:
    sections = list(
        ReportSection.objects.filter(report=report).prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position", "pk"))
        )
    )
    references = list(report.references.select_related("committee", "meeting", "meeting__committee"))
    for section in sections:
        name_tables(section)
    return {
        "report": report,
        "sections": sections,
        "references": references,
        "first_reference": references[0] if references else None,
        "appendices": list(report.appendices.all()),
    }


def name_tables(section: ReportSection) -> None:
    """Give each table of the section a caption that names what it shows (never a bare "Table"): the
    sentence that introduces it ("The proposed timetable for the recommission is as follows:" gives "The
    proposed timetable for the recommission"), else the section's heading. Set as `paragraph.caption`."""
    before = ""
    for paragraph in section.paragraphs.all():
        if paragraph.table:
            lead = re.sub(r"\s+(is|are)\s+(as\s+)?(follows|below|set out below)\s*:?\s*$", "", before)
            lead = lead.rstrip(" :.")
            paragraph.caption = lead if lead and len(lead) <= 200 else section.heading
        elif paragraph.text:
            before = " ".join(paragraph.text.split())


# Work programme ---------------------------------------------------------------------------------------


def work_programme(committee: Committee) -> list[WorkProgrammeItem]:
    # `contracts`: the contracts whose decision the item is (the contracts app holds the link; committees do
    # not import it), so the programme links back to each contract's public register entry.
    return list(
        committee.work_programme.prefetch_related("contracts").order_by("meeting_date", "position", "pk")
    )


# Open actions -----------------------------------------------------------------------------------------


def open_actions():
    return (
        Action.objects.open()
        .select_related("owner", "minute", "meeting", "meeting__committee")
        .order_by("due", "pk")
    )


def matters_arising(meeting: Meeting) -> list[Action]:
    """The actions the meeting's "Matters arising" item reports, oldest meeting first."""
    return list(
        Action.objects.matters_arising_for(meeting)
        .select_related("owner", "minute", "meeting")
        .order_by("meeting__date", "minute__number", "pk")
    )


def minute_for_meeting(meeting: Meeting, number: int) -> Minute:
    return get_object_or_404(meeting.minutes, number=number)
