"""Writes to what happened at a meeting: attendance, declarations of interest, minutes and actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from portal.audit import audit

from ..models import Declaration, Meeting, Minute, Subscription
from .common import queue_notification


def next_minute_number(meeting: Meeting) -> int:
    """Minutes are numbered on through the committee's municipal year."""
    last = Minute.objects.filter(
        meeting__committee_id=meeting.committee_id, meeting__municipal_year=meeting.municipal_year
    ).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def minute_add(
    *,
    meeting: Meeting,
    title: str,
    paragraphs: list[str],
    questions: list[str] | None = None,
    resolution: dict | None = None,
    number: int | None = None,
    by=None,
) -> Minute:
    minute = Minute(
        meeting=meeting,
        number=number or next_minute_number(meeting),
        title=title,
        paragraphs=paragraphs,
        questions=questions or [],
    )
    if resolution:
        minute.has_resolution = True
        minute.unanimous = bool(resolution.get("unanimous"))
        minute.resolution_preamble = resolution.get("preamble", "RESOLVED: That")
        minute.resolution = resolution.get("parts", [])
    if Minute.objects.filter(
        meeting__committee_id=meeting.committee_id,
        meeting__municipal_year=meeting.municipal_year,
        number=minute.number,
    ).exists():
        raise ValidationError(
            {"number": f"Minute {minute.number} already exists in {meeting.municipal_year}"}
        )
    minute.full_clean()
    audit(minute, by=by, reason="Minute recorded")
    minute.save()
    return minute


@transaction.atomic
def minute_update(
    *,
    minute: Minute,
    title: str,
    paragraphs: list[str],
    questions: list[str],
    resolution: dict | None,
    by=None,
) -> Minute:
    minute.title, minute.paragraphs, minute.questions = title, paragraphs, questions
    minute.has_resolution = bool(resolution)
    minute.unanimous = bool(resolution and resolution.get("unanimous"))
    minute.resolution_preamble = (resolution or {}).get("preamble", "")
    minute.resolution = (resolution or {}).get("parts", [])
    minute.full_clean()
    audit(minute, by=by, reason="Minute edited")
    minute.save()
    return minute


@transaction.atomic
def minutes_approve(*, meeting: Meeting, at: Meeting, by) -> Meeting:
    """The minutes of `meeting` were approved as a correct record at the later meeting `at`."""
    if at.date <= meeting.date:
        raise ValidationError("Minutes are approved at a later meeting.")
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = at
    audit(meeting, by=by, reason="Minutes approved")
    meeting.save()
    queue_notification(Subscription.Event.MINUTES, meeting.pk)
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, person, kind: str, substitute_for=None, by=None):
    from ..models import Attendance

    position = (meeting.attendance.aggregate(m=Max("position"))["m"] or 0) + 1
    row = Attendance(
        meeting=meeting, person=person, kind=kind, substitute_for=substitute_for, position=position
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def attendance_remove(*, row, by=None) -> None:
    row.delete()


DECLARATION_FIELDS = ["person", "item", "kind", "text", "minute_number"]


@transaction.atomic
def declaration_add(*, meeting: Meeting, data: dict, by=None) -> Declaration:
    """A declaration of interest made at the meeting, after those already recorded."""
    position = (meeting.declarations.aggregate(m=Max("position"))["m"] or 0) + 1
    declaration = Declaration(
        meeting=meeting, position=position, **{f: data[f] for f in DECLARATION_FIELDS if f in data}
    )
    declaration.full_clean()
    audit(declaration, by=by, reason="Declaration recorded")
    declaration.save()
    return declaration


@transaction.atomic
def declaration_update(*, declaration: Declaration, data: dict, by=None) -> Declaration:
    for field in DECLARATION_FIELDS:
        if field in data:
            setattr(declaration, field, data[field])
    declaration.full_clean()
    audit(declaration, by=by, reason="Declaration edited")
    declaration.save()
    return declaration


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by=None) -> None:
    """Remove a declaration recorded in error; its history keeps what it said, who removed it and when."""
    audit(declaration, by=by, reason="Declaration removed")
    declaration.delete()
