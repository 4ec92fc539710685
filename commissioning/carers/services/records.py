"""Keeping a carer's record up to date (hub staff): their details and the people they look after."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.audit import audit

from ..models import CaredForPerson, Carer
from .base import HUB, check_permission
from .intake import CARED_FOR_FIELDS, CARER_FIELDS

# The carer's details hub staff may change after intake; the reason for referral and the referral's
# stored carer type stay as they were when the referral was received.
CARER_UPDATE_FIELDS = CARER_FIELDS


def _locked_carer(carer: Carer) -> Carer:
    fresh = Carer.objects.select_for_update().get(pk=carer.pk)
    if fresh.anonymised_at:
        raise ValidationError("This carer's record has been anonymised: it cannot be changed.")
    return fresh


@transaction.atomic
def carer_update(*, carer: Carer, by, **fields) -> Carer:
    """Change a carer's details. Only the fields named in CARER_UPDATE_FIELDS may be given; nothing is
    saved (and no history row written) when nothing changed. The change reason names no personal data."""
    check_permission(by, HUB)
    unknown = set(fields) - set(CARER_UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"carer_update() got fields it cannot change: {', '.join(sorted(unknown))}")
    if "consent_to_store" in fields and not fields["consent_to_store"]:
        raise ValidationError({"consent_to_store": "The carer must agree to the hub keeping their details"})
    person = _locked_carer(carer)
    if "email" in fields:
        fields["email"] = (fields["email"] or "").lower()
    before = {field: getattr(person, field) for field in fields}
    for field, value in fields.items():
        setattr(person, field, value)
    person.full_clean()  # normalises the postcode
    changed = [field for field in fields if getattr(person, field) != before[field]]
    if not changed:
        return person
    audit(person, by=by, reason="Carer's details changed")
    person.save(update_fields=changed)
    return person


@transaction.atomic
def cared_for_add(
    *,
    carer: Carer,
    by,
    relationship: str,
    age_band: str,
    primary_support_reason: str,
    has_social_care_respite: bool = False,
) -> CaredForPerson:
    check_permission(by, HUB)
    person = _locked_carer(carer)
    cared = CaredForPerson(
        carer=person,
        relationship=relationship,
        age_band=age_band,
        primary_support_reason=primary_support_reason,
        has_social_care_respite=has_social_care_respite,
    )
    cared.full_clean()
    audit(cared, by=by, reason="Cared-for person added")
    cared.save()
    return cared


@transaction.atomic
def cared_for_update(*, cared_for: CaredForPerson, by, **fields) -> CaredForPerson:
    check_permission(by, HUB)
    unknown = set(fields) - set(CARED_FOR_FIELDS)
    if unknown:
        raise TypeError(f"cared_for_update() got fields it cannot change: {', '.join(sorted(unknown))}")
    _locked_carer(cared_for.carer)
    cared = CaredForPerson.objects.select_for_update().get(pk=cared_for.pk)
    before = {field: getattr(cared, field) for field in fields}
    for field, value in fields.items():
        setattr(cared, field, value)
    cared.full_clean()
    changed = [field for field in fields if getattr(cared, field) != before[field]]
    if not changed:
        return cared
    audit(cared, by=by, reason="Cared-for person changed")
    cared.save(update_fields=changed)
    return cared


@transaction.atomic
def cared_for_remove(*, cared_for: CaredForPerson, by) -> None:
    """Remove a person the carer looks after. A carer keeps at least one: the last cannot be removed
    (close the referral as "no longer caring" instead). The history keeps a deletion row."""
    check_permission(by, HUB)
    carer = _locked_carer(cared_for.carer)
    cared = CaredForPerson.objects.filter(pk=cared_for.pk, carer=carer).first()
    if cared is None:
        return  # already removed (a second click)
    if not CaredForPerson.objects.filter(carer=carer).exclude(pk=cared.pk).exists():
        raise ValidationError(
            "This is the only person recorded as cared for: add the person they now look after first, "
            "or close the referral if they no longer care for anyone."
        )
    audit(cared, by=by, reason="Cared-for person removed")
    cared.delete()
