"""Keeping a carer's record up to date (hub staff): their details and the people they look after."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.audit import audit

from ..models import CaredForPerson, Carer, CaringLink
from .base import HUB, check_permission
from .intake import CARER_FIELDS

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


PERSON_FIELDS = ["name", "age_band", "primary_support_reason", "other_needs", "has_social_care_respite"]


def _link(carer: Carer, cared_for: CaredForPerson) -> CaringLink | None:
    return CaringLink.objects.select_for_update().filter(carer=carer, cared_for=cared_for).first()


@transaction.atomic
def cared_for_add(
    *,
    carer: Carer,
    by,
    relationship: str,
    age_band: str,
    primary_support_reason: str,
    has_social_care_respite: bool = False,
    name: str = "",
    other_needs: list[str] | tuple = (),
) -> CaredForPerson:
    """A new person the carer looks after (someone already on the hub's records: `cared_for_link`)."""
    check_permission(by, HUB)
    person = _locked_carer(carer)
    cared = CaredForPerson(
        name=name,
        age_band=age_band,
        primary_support_reason=primary_support_reason,
        other_needs=list(other_needs),
        has_social_care_respite=has_social_care_respite,
    )
    cared.full_clean()
    audit(cared, by=by, reason="Cared-for person added")
    cared.save()
    link = CaringLink(carer=person, cared_for=cared, relationship=relationship)
    link.full_clean()
    audit(link, by=by, reason="Cared-for person added")
    link.save()
    return cared


@transaction.atomic
def cared_for_link(*, carer: Carer, cared_for: CaredForPerson, relationship: str, by) -> CaringLink:
    """The carer also looks after someone another carer already looks after (one record, shared)."""
    check_permission(by, HUB)
    person = _locked_carer(carer)
    existing = _link(person, cared_for)
    if existing is not None:
        raise ValidationError("This person is already recorded as cared for by this carer.")
    link = CaringLink(carer=person, cared_for=cared_for, relationship=relationship)
    link.full_clean(validate_constraints=False)
    audit(link, by=by, reason="Shared cared-for person linked")
    link.save()
    return link


@transaction.atomic
def cared_for_update(
    *, cared_for: CaredForPerson, by, carer: Carer | None = None, **fields
) -> CaredForPerson:
    """Change a person the carer looks after. `relationship` is this carer's to them (the link's); the
    rest is the person's own, seen by every carer who shares them."""
    check_permission(by, HUB)
    unknown = set(fields) - {*PERSON_FIELDS, "relationship"}
    if unknown:
        raise TypeError(f"cared_for_update() got fields it cannot change: {', '.join(sorted(unknown))}")
    if carer is None:
        carer = cared_for.carers.get()  # only when the person has one carer
    _locked_carer(carer)
    relationship = fields.pop("relationship", None)
    if relationship is not None:
        link = _link(carer, cared_for)
        if link is None:
            raise ValidationError("This person is not recorded as cared for by this carer.")
        if link.relationship != relationship:
            link.relationship = relationship
            link.full_clean(validate_constraints=False)
            audit(link, by=by, reason="Relationship changed")
            link.save(update_fields=["relationship"])
    cared = CaredForPerson.objects.select_for_update().get(pk=cared_for.pk)
    before = {field: getattr(cared, field) for field in fields}
    for field, value in fields.items():
        setattr(cared, field, list(value) if field == "other_needs" else value)
    cared.full_clean()
    changed = [field for field in fields if getattr(cared, field) != before[field]]
    if changed:
        audit(cared, by=by, reason="Cared-for person changed")
        cared.save(update_fields=changed)
    return cared


@transaction.atomic
def cared_for_remove(*, cared_for: CaredForPerson, by, carer: Carer | None = None) -> None:
    """This carer no longer looks after the person: the link goes (the person's record too, when no
    other carer shares it). A carer keeps at least one: the last cannot be removed (close the referral
    as "no longer caring" instead). The history keeps deletion rows."""
    check_permission(by, HUB)
    if carer is None:
        carer = cared_for.carers.first()
        if carer is None:
            return  # already removed (a second click)
    carer = _locked_carer(carer)
    link = _link(carer, cared_for)
    if link is None:
        return  # already removed (a second click)
    if not CaringLink.objects.filter(carer=carer).exclude(pk=link.pk).exists():
        raise ValidationError(
            "This is the only person recorded as cared for: add the person they now look after first, "
            "or close the referral if they no longer care for anyone."
        )
    audit(link, by=by, reason="Cared-for person removed")
    link.delete()
    if not CaringLink.objects.filter(cared_for=cared_for).exists():
        cared = CaredForPerson.objects.get(pk=cared_for.pk)
        audit(cared, by=by, reason="Cared-for person removed")
        cared.delete()
