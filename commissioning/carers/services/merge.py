"""Two records of one carer become one: the referrals, the people they look after and the consent records
of the record merged away move to the one kept. Both records stay, with all their history: the one merged
away is marked `merged_into` (its page leads to the kept record), and both get a history row saying who
merged them and when. Linking a new referral to a carer already on record is the same merge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit import audit

from ..models import (
    CARER_FIELDS,
    CONSENT_FIELDS,
    Allocation,
    Carer,
    CaringLink,
    Consent,
    Referral,
)
from .base import HUB, check_permission

# The carer's details the hub worker chooses between when the two records differ.
MERGE_FIELDS = CARER_FIELDS


def merge_differences(keep: Carer, absorb: Carer) -> list[str]:
    """The fields both records hold, differently: the worker chooses (a blank is filled anyway)."""
    blank = ("", None)
    return [
        field
        for field in MERGE_FIELDS
        if getattr(absorb, field) not in blank
        and getattr(keep, field) not in blank
        and getattr(keep, field) != getattr(absorb, field)
    ]


@transaction.atomic
def carers_merge(
    *, keep: Carer, absorb: Carer, by, take: list[str] = (), referral: Referral | None = None
) -> Carer:
    """Merge `absorb` into `keep`. `take` names the fields whose value comes from `absorb`; blanks on
    `keep` are filled from `absorb` anyway. `referral`: the new referral this merge links (marked
    checked)."""
    check_permission(by, HUB)
    if keep.pk == absorb.pk:
        raise ValidationError("Choose two different records.")
    first, second = sorted([keep.pk, absorb.pk])
    locked = {
        c.pk: c for c in Carer.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")
    }
    keep, absorb = locked[keep.pk], locked[absorb.pk]
    for record in (keep, absorb):
        if record.merged_into_id:
            raise ValidationError("One of these records has already been merged into another.")
        if record.anonymised_at:
            raise ValidationError("An anonymised record cannot be merged.")
    unknown = set(take) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(f"These details cannot be merged: {', '.join(sorted(unknown))}")
    for field in MERGE_FIELDS:
        value = getattr(absorb, field)
        if field in take or (getattr(keep, field) in ("", None) and value not in ("", None)):
            setattr(keep, field, value)
    keep.full_clean()

    moved = list(Referral.objects.select_for_update().filter(carer=absorb))
    for item in moved:
        item.carer = keep
        if referral is not None and item.pk == referral.pk:
            item.carer_checked_at = timezone.now()
            item.carer_checked_by = by
        audit(item, by=by, reason=f"Moved to carer record {keep.pk} (records merged)")
        item.save()
    Allocation.objects.filter(carer=absorb).update(carer=keep)

    already = set(CaringLink.objects.filter(carer=keep).values_list("cared_for_id", flat=True))
    for link in CaringLink.objects.filter(carer=absorb):
        if link.cared_for_id in already:
            audit(link, by=by, reason="Records merged: the kept record already links this person")
            link.delete()
        else:
            link.carer = keep
            audit(link, by=by, reason=f"Moved to carer record {keep.pk} (records merged)")
            link.save()

    Consent.objects.filter(carer=absorb).update(carer=keep)
    for kind, field in CONSENT_FIELDS.items():
        latest = Consent.objects.filter(carer=keep, kind=kind).order_by("-on", "-recorded_at", "-pk").first()
        if latest is not None:
            setattr(keep, field, latest.given)
    keep.consent_to_contact = any(
        getattr(keep, f)
        for f in ("contact_by_post", "contact_by_phone", "contact_by_text", "contact_by_email")
    )
    audit(keep, by=by, reason=f"Merged with carer record {absorb.pk}")
    keep.save()

    absorb.merged_into = keep
    absorb.merged_at = timezone.now()
    audit(absorb, by=by, reason=f"Merged into carer record {keep.pk}")
    absorb.save(update_fields=["merged_into", "merged_at"])
    return keep


@transaction.atomic
def referral_confirm_new_carer(*, referral: Referral, by) -> Referral:
    """The hub worker has looked at the likely matches: this referral's carer is not on record yet."""
    check_permission(by, HUB)
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if fresh.carer_checked_at is None:
        fresh.carer_checked_at = timezone.now()
        fresh.carer_checked_by = by
        audit(fresh, by=by, reason="Confirmed as a new carer")
        fresh.save(update_fields=["carer_checked_at", "carer_checked_by", "updated_at"])
    return fresh
