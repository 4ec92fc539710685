"""Writes to the registers: committees, people, memberships and the work programme."""

from __future__ import annotations

import datetime

from django.db import transaction

from portal.audit import audit

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
