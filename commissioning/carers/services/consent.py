"""Consent as records: each decision (given, or refused or withdrawn) is a row with what, when, how and
who recorded it; the carer's consent flags are the latest decision of each kind, changed in the same
transaction, so a withdrawal takes effect at once. Anything that contacts a carer asks `may_contact`
at the moment it sends, not when it was queued."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit import audit

from ..models import CONSENT_FIELDS, CONTACT_KINDS, Carer, Consent, ConsentKind, ConsentMethod, Route
from .base import ASSESSOR, HUB

METHOD_BY_ROUTE = {
    Route.ONLINE: ConsentMethod.ONLINE,
    Route.TELEPHONE: ConsentMethod.PHONE,
    Route.FACE_TO_FACE: ConsentMethod.IN_PERSON,
    Route.EMAIL: ConsentMethod.WRITING,
}
CHANNEL_KINDS = {
    "post": ConsentKind.CONTACT_POST,
    "phone": ConsentKind.CONTACT_PHONE,
    "text": ConsentKind.CONTACT_TEXT,
    "email": ConsentKind.CONTACT_EMAIL,
}


def _apply(carer: Carer, kind: str, given: bool) -> list[str]:
    """Set the carer's flag for `kind`; also the overall "may be contacted", which is any channel."""
    setattr(carer, CONSENT_FIELDS[kind], given)
    changed = [CONSENT_FIELDS[kind]]
    if kind in CONTACT_KINDS:
        carer.consent_to_contact = any(getattr(carer, CONSENT_FIELDS[k]) for k in CONTACT_KINDS)
        changed.append("consent_to_contact")
    return changed


@transaction.atomic
def consent_record(
    *, carer: Carer, kind: str, given: bool, on: date, method: str, by, check_role: bool = True
) -> Consent:
    """Record a decision about one consent and make it the carer's current one."""
    if check_role and not (by.has_perm(HUB) or by.has_perm(ASSESSOR)):
        raise ValidationError("Your role cannot record consent.")
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": "Choose what the carer agreed to or withdrew"})
    if method not in ConsentMethod.values:
        raise ValidationError({"method": "Choose how the carer gave or withdrew consent"})
    if on > timezone.localdate():
        raise ValidationError({"on": "The date must be today or in the past"})
    person = Carer.objects.select_for_update().get(pk=carer.pk)
    if person.anonymised_at:
        raise ValidationError("This carer's record has been anonymised: it cannot be changed.")
    record = Consent(
        carer=person,
        kind=kind,
        given=given,
        on=on,
        method=method,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    record.full_clean()
    record.save()
    latest = Consent.objects.filter(carer=person, kind=kind).order_by("-on", "-recorded_at", "-pk").first()
    if getattr(person, CONSENT_FIELDS[kind]) != latest.given:
        changed = _apply(person, kind, latest.given)
        word = "given" if latest.given else "withdrawn"
        audit(person, by=by, reason=f"Consent {word}: {ConsentKind(kind).label.lower()}")
        person.save(update_fields=changed)
    carer.__dict__.update({field: getattr(person, field) for field in CONSENT_FIELDS.values()})
    return record


def consents_at_intake(*, carer: Carer, given: dict[str, bool], **_unused) -> None:
    """The consents asked on a referral form: the new carer's flags (set before it is first saved) and a
    record of each one given (not ticking a box on a form is not a decision to refuse)."""
    for kind, value in given.items():
        _apply(carer, kind, value)
    carer.consent_to_contact = any(given.get(kind) for kind in CONTACT_KINDS)


def record_intake_consents(*, carer: Carer, given: dict[str, bool], route: str, on: date, by) -> None:
    recorder = by if by is not None and by.is_authenticated else None
    method = METHOD_BY_ROUTE.get(route, ConsentMethod.PHONE)
    Consent.objects.bulk_create(
        Consent(carer=carer, kind=kind, given=True, on=on, method=method, recorded_by=recorder)
        for kind, value in given.items()
        if value
    )


def may_contact(carer_id: int, channel: str) -> bool:
    """Whether the carer agrees, now, to be contacted this way ("post", "phone", "text", "email"): read
    from the database at the moment of sending, so a withdrawal stops the next message."""
    field = CONSENT_FIELDS[CHANNEL_KINDS[channel]]
    return Carer.objects.filter(pk=carer_id, anonymised_at=None, merged_into=None, **{field: True}).exists()
