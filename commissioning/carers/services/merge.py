"""Two records of one carer become one: the referrals, the people they look after and the consent records
of the record merged away move to the one kept. Both records stay, with all their history: the one merged
away is marked `merged_into` (its page leads to the kept record), and both get a history row saying who
merged them and when. Linking a new referral to a carer already on record is the same merge.

A second referral for a carer records again the person they look after, as a new record: when the two
carers' records are merged, each person on the record merged away who is the same as one on the kept
record (`same_people`) becomes one person, in the same way (the links move to the person kept, the other
is marked `merged_into`, both keep their history), so the person is not listed twice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit import audit

from ..models import (
    CARER_FIELDS,
    CONSENT_FIELDS,
    Allocation,
    CaredForPerson,
    Carer,
    CaringLink,
    Consent,
    Referral,
)
from ..models.choices import AgeBand
from ..normalise import name_key
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

    for kept, other in same_people(keep, absorb):
        _people_merge(kept=kept, absorb=other, by=by)
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


BANDS = list(AgeBand.values)


def _same_person(one: CaringLink, other: CaringLink) -> bool:
    """Two people looked after by (two records of) one carer are one person: the same name, however
    written; or, when either name is not given, the same relationship to the carer and the same or the
    next age band (a second referral years later may put them in the next band)."""
    a, b = one.cared_for, other.cared_for
    if a.name.strip() and b.name.strip():
        return name_key(a.name) == name_key(b.name)
    return (
        one.relationship == other.relationship and abs(BANDS.index(a.age_band) - BANDS.index(b.age_band)) <= 1
    )


def same_people(keep: Carer, absorb: Carer) -> list[tuple[CaredForPerson, CaredForPerson]]:
    """The people on `absorb`'s record who are one on `keep`'s (kept person, person merged into it).
    Only a match that is one to one is taken: where two could be the same person, both are kept and the
    hub worker removes one (or shares them) from the carer's record."""
    kept_links = list(CaringLink.objects.filter(carer=keep).select_related("cared_for"))
    other_links = list(CaringLink.objects.filter(carer=absorb).select_related("cared_for"))
    pairs = []
    for other in other_links:
        found = [k for k in kept_links if _same_person(k, other)]
        if len(found) != 1 or found[0].cared_for_id == other.cared_for_id:
            continue
        back = [o for o in other_links if _same_person(found[0], o)]
        if len(back) == 1:
            pairs.append((found[0].cared_for, other.cared_for))
    return pairs


def _people_merge(*, kept: CaredForPerson, absorb: CaredForPerson, by) -> None:
    """`absorb` is `kept`: its links (this carer's, and any other carer's who shares them) move to
    `kept`; `kept`'s blanks are filled from it and its needs added; it stays, marked `merged_into`."""
    kept = CaredForPerson.objects.select_for_update().get(pk=kept.pk)
    absorb = CaredForPerson.objects.select_for_update().get(pk=absorb.pk)
    carers_of_kept = set(CaringLink.objects.filter(cared_for=kept).values_list("carer_id", flat=True))
    for link in CaringLink.objects.select_for_update().filter(cared_for=absorb):
        if link.carer_id in carers_of_kept:
            audit(link, by=by, reason=f"Records merged: cared-for person {kept.pk} is the same person")
            link.delete()
        else:
            link.cared_for = kept
            audit(link, by=by, reason=f"Moved to cared-for person {kept.pk} (records merged)")
            link.save()
    if not kept.name.strip():
        kept.name = absorb.name
    needs = [absorb.primary_support_reason, *absorb.other_needs]
    kept.other_needs = list(
        dict.fromkeys([*kept.other_needs, *(n for n in needs if n != kept.primary_support_reason)])
    )
    kept.has_social_care_respite = kept.has_social_care_respite or absorb.has_social_care_respite
    audit(kept, by=by, reason=f"Merged with cared-for person {absorb.pk}")
    kept.save()
    absorb.merged_into = kept
    audit(absorb, by=by, reason=f"Merged into cared-for person {kept.pk}")
    absorb.save(update_fields=["merged_into"])


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
