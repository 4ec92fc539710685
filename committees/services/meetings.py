"""Writes to meetings and their agendas, and the request for an agenda pack."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.audit import audit

from ..agenda_pack import pack_state
from ..models import AgendaItem, AgendaPack, Meeting, Subscription
from ..tasks import build_agenda_pack
from .actions import matters_arising_ensure
from .common import CannotDelete, delete_files_on_commit, queue_notification
from .registers import ended_committee_error


class AgendaInPastNeedsConfirmation(Exception):
    """Publishing the agenda of a meeting whose date has passed needs the user to confirm it."""


MEETING_FIELDS = ["committee", "date", "time", "venue", "status", "is_hybrid", "webcast_url", "recording_url"]


@transaction.atomic
def meeting_create(*, data: dict, by=None) -> Meeting:
    meeting = Meeting(**{f: data[f] for f in MEETING_FIELDS if f in data})
    ended = ended_committee_error(data.get("committee"))
    if ended:
        raise ValidationError({"committee": ended})
    meeting.full_clean(exclude=["municipal_year"])
    audit(meeting, by=by, reason="Scheduled")
    meeting.save()
    matters_arising_ensure(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, by) -> Meeting:
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    ended = ended_committee_error(meeting.committee, meeting.date)
    if ended:
        raise ValidationError({"committee": ended})
    meeting.full_clean(exclude=["municipal_year"])
    audit(meeting, by=by, reason="Details edited")
    meeting.save()
    return meeting


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by, confirmed_past: bool = False, today: datetime.date | None = None):
    today = today or timezone.localdate()
    if meeting.date < today and not confirmed_past:
        raise AgendaInPastNeedsConfirmation()
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("The agenda is already published.")
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    audit(meeting, by=by, reason="Agenda published")
    meeting.save()
    queue_notification(Subscription.Event.AGENDA, meeting.pk)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, data: dict, by=None) -> AgendaItem:
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, **data)
    item.full_clean()
    audit(item, by=by, reason="Added to the agenda")
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by) -> AgendaItem:
    for field, value in data.items():
        setattr(item, field, value)
    item.full_clean()
    audit(item, by=by, reason="Edited")
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> None:
    """Swap the item with its neighbour above ("up") or below ("down"); numbers follow the new order."""
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items, start=1):
        if agenda_item.position != position or agenda_item.number != str(position):
            agenda_item.position = position
            agenda_item.number = str(position)
            audit(agenda_item, by=by, reason="Reordered")
            agenda_item.save()


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by=None) -> None:
    audit(item, by=by, reason="Removed from the agenda")
    item.delete()


def meeting_delete_refusal(meeting: Meeting) -> str:
    """Why the meeting may not be deleted, or "" when it may: only a meeting whose agenda was never
    published (scheduled or cancelled before publication) and that has nothing of its minutes recorded."""
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED):
        return (
            "This meeting cannot be deleted: its agenda is published. "
            "Change its status to cancelled instead, so the public can see it will not take place."
        )
    if (
        meeting.minutes.exists()
        or meeting.attendance.exists()
        or meeting.declarations.exists()
        or meeting.minutes_approved_here.exists()
    ):
        return (
            "This meeting cannot be deleted: minutes, attendance or declarations are recorded for it. "
            "Remove them first, or change its status to cancelled."
        )
    return ""


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by=None) -> None:
    """Delete a meeting scheduled in error, with its agenda and any agenda packs. Reports keep their
    references (the numbers stay used); work programme items lose their link to it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refusal = meeting_delete_refusal(meeting)
    if refusal:
        raise CannotDelete(refusal)
    delete_files_on_commit([pack.file for pack in meeting.agenda_packs.all()])
    for item in meeting.agenda_items.all():
        audit(item, by=by, reason="Deleted with its meeting")
        item.delete()
    audit(meeting, by=by, reason="Deleted")
    meeting.delete()


@transaction.atomic
def pack_prepare(*, meeting: Meeting, by=None) -> AgendaPack | None:
    """Queue the public agenda pack's build (committees/tasks.py) unless a current one is built or being
    built: None then. The meeting's row is locked so two requests at once queue one pack. The task's row is
    written in this transaction too (django-tasks' database backend), so a worker never sees one without
    the other; with the immediate backend (tests) the pack is built before this returns."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    state = pack_state(meeting)
    if not state["can_prepare"]:
        return None
    stuck = state["pack"]
    if stuck is not None and stuck.status == AgendaPack.Status.FAILED:
        # A running pack whose worker died (agenda_pack.pack_state): record its failure before starting anew.
        AgendaPack.objects.filter(pk=stuck.pk, status=AgendaPack.Status.RUNNING).update(
            status=AgendaPack.Status.FAILED, error=stuck.error, finished_at=timezone.now()
        )
    pack = AgendaPack.objects.create(
        meeting=meeting,
        public=True,
        requested_by=by if by is not None and by.is_authenticated else None,
        progress_message="Waiting for the worker to start",
    )
    result = build_agenda_pack.enqueue(pack.pk)
    AgendaPack.objects.filter(pk=pack.pk).update(task_id=str(result.id)[:64])
    pack.refresh_from_db()
    return pack
