"""Writes to the registers: committees, people, memberships and the work programme."""

from __future__ import annotations

import datetime

from django.db import transaction

from portal.audit import audit
from portal.timefmt import govuk_date

from ..models import Meeting, Membership, municipal_year


@transaction.atomic
def record_save(*, record, by=None, reason: str):
    """Committees, people, memberships and work programme items: validate and save, with the audit trail."""
    from ..models import Committee, WorkProgrammeItem

    if isinstance(record, Committee) and not record.slug:
        record.slug = unique_committee_slug(record.name)
    if isinstance(record, WorkProgrammeItem):
        record.municipal_year = municipal_year(record.meeting_date) if record.meeting_date else ""
        record.meeting = (
            Meeting.objects.filter(committee_id=record.committee_id, date=record.meeting_date).first()
            if record.meeting_date
            else None
        )
    record.full_clean()
    audit(record, by=by, reason=reason)
    record.save()
    return record


@transaction.atomic
def work_programme_item_delete(*, item, by=None) -> None:
    """Take an item off the work programme; its history keeps the deletion, who and why."""
    audit(item, by=by, reason="Deleted from the work programme")
    item.delete()


@transaction.atomic
def membership_end(*, membership: Membership, end: datetime.date, by=None) -> Membership:
    """End a membership on a date (not before it started); the history records the change."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.end = end
    membership.full_clean()
    audit(membership, by=by, reason=f"Membership ended on {end:%d/%m/%Y}")
    membership.save()
    return membership


def unique_committee_slug(name: str) -> str:
    """A new committee's address: its name as a slug, numbered on if another committee has it."""
    from django.utils.text import slugify

    from ..models import Committee

    base = slugify(name)[:200] or "committee"
    slug, n = base, 2
    while Committee.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def committee_end(*, committee, ended_on: datetime.date, reason: str, by=None):
    """Mark a committee as ended (abolished or merged): it stays in the public list as a former committee
    with its meetings, and no meeting can be scheduled for it. Meetings still to come after the date must
    be cancelled or moved first."""
    from django.core.exceptions import ValidationError

    from ..models import Committee

    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.ended_on:
        raise ValidationError(f"The {committee.name} already ended on {govuk_date(committee.ended_on)}")
    later = (
        committee.meetings.filter(date__gt=ended_on)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .first()
    )
    if later:
        raise ValidationError(
            {
                "ended_on": f"The {committee.name} has a meeting on {govuk_date(later.date)}: "
                "cancel or move it before ending the committee on an earlier date"
            }
        )
    committee.ended_on, committee.end_reason = ended_on, reason
    committee.full_clean()
    audit(committee, by=by, reason=f"Ended on {govuk_date(ended_on)}: {reason}")
    committee.save()
    return committee


@transaction.atomic
def committee_reinstate(*, committee, reason: str, by=None):
    """Undo an ending (recorded in error, or the committee re-established): meetings can be scheduled
    again."""
    from django.core.exceptions import ValidationError

    from ..models import Committee

    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if not committee.ended_on:
        raise ValidationError(f"The {committee.name} has not ended")
    committee.ended_on, committee.end_reason = None, ""
    audit(committee, by=by, reason=f"Reinstated: {reason}")
    committee.save()
    return committee


def ended_committee_error(committee, date: datetime.date | None = None) -> str:
    """The message for scheduling a meeting of an ended committee ("" when it may meet): no new meeting
    at all, and no existing one moved after the end."""
    if committee is None or not committee.ended_on:
        return ""
    if date is not None and date <= committee.ended_on:
        return ""
    return (
        f"The {committee.name} ended on {govuk_date(committee.ended_on)}: choose a committee that still meets"
    )
