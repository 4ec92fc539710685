"""Actions arising from meetings, and the "Matters arising" item they put on the committee's next agenda.

The item is generated: when an action is recorded or changed, and when a meeting is scheduled, the
committee's next meeting whose agenda is still open (scheduled or published, not held) gets one "Matters
arising" item, placed after the item taking the previous minutes and numbered after it ("3a") so the
council's own numbering stays as it is. What the item lists is read when the agenda page or the pack is
drawn (`Action.objects.matters_arising_for`), so it is always current, and the pack's fingerprint covers
it: a changed action makes a built pack stale.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.audit import audit

from ..models import Action, AgendaItem, Meeting

ACTION_FIELDS = ["minute", "text", "owner", "due", "status"]
MATTERS_ARISING_TITLE = "Matters arising"
OPEN_AGENDA = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


def _set_status(action: Action, status: str, today: datetime.date | None = None) -> None:
    if status == Action.Status.DONE and action.status != Action.Status.DONE:
        action.closed_on = today or timezone.localdate()
    elif status != Action.Status.DONE:
        action.closed_on = None
    action.status = status


@transaction.atomic
def action_create(*, meeting: Meeting, data: dict, by) -> Action:
    action = Action(meeting=meeting)
    for field in ACTION_FIELDS:
        if field in data and field != "status":
            setattr(action, field, data[field])
    _set_status(action, data.get("status") or Action.Status.OPEN)
    action.full_clean()
    audit(
        action,
        by=by,
        reason="Recorded" if action.minute_id is None else f"Arising from minute {action.minute.number}",
    )
    action.save()
    matters_arising_ensure(meeting=next_meeting_after(meeting), by=by)
    return action


@transaction.atomic
def action_update(*, action: Action, data: dict, by) -> Action:
    for field in ACTION_FIELDS:
        if field in data and field != "status":
            setattr(action, field, data[field])
    if "status" in data:
        _set_status(action, data["status"])
    action.full_clean()
    audit(action, by=by, reason="Changed")
    action.save()
    matters_arising_ensure(meeting=next_meeting_after(action.meeting), by=by)
    return action


@transaction.atomic
def action_set_done(*, action: Action, done: bool, by) -> Action:
    _set_status(action, Action.Status.DONE if done else Action.Status.OPEN)
    audit(action, by=by, reason="Done" if done else "Reopened")
    action.save()
    return action


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    """The committee's next meeting after `meeting` whose agenda may still take an item."""
    return (
        Meeting.objects.filter(
            committee_id=meeting.committee_id, date__gt=meeting.date, status__in=OPEN_AGENDA
        )
        .order_by("date", "time", "pk")
        .first()
    )


@transaction.atomic
def matters_arising_ensure(*, meeting: Meeting | None, by=None) -> AgendaItem | None:
    """Give the meeting its "Matters arising" item when it has actions to report and none yet (returns the
    item, or None when it needs none or its agenda is closed)."""
    if meeting is None or meeting.status not in OPEN_AGENDA:
        return None
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    existing = meeting.agenda_items.filter(matters_arising=True).first()
    if existing is not None:
        return existing
    if not Action.objects.matters_arising_for(meeting).exists():
        return None
    items = list(meeting.agenda_items.order_by("position", "pk"))
    after = next((item for item in items if item.minutes_of_id), None)
    if after is not None:
        position = after.position + 1
        number = _free_number(f"{after.number}a", {item.number for item in items})
    else:
        position = (items[-1].position + 1) if items else 1
        number = _free_number(str(len(items) + 1), {item.number for item in items})
    meeting.agenda_items.filter(position__gte=position).update(position=F("position") + 1)
    item = AgendaItem(
        meeting=meeting,
        position=position,
        number=number,
        title=MATTERS_ARISING_TITLE,
        description="Progress on the actions arising from the committee's previous meetings.",
        matters_arising=True,
    )
    item.full_clean()
    audit(item, by=by, reason="Generated from the committee's actions")
    item.save()
    return item


def _free_number(wanted: str, taken: set[str]) -> str:
    number, suffix = wanted, 1
    while number in taken:
        suffix += 1
        number = f"{wanted}{suffix}"
    return number[:10]
