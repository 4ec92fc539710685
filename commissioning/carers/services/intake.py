"""Receiving referrals: from the public online form and from hub staff (a call, a visit, an email)."""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portal.audit import audit

from ..matching import likely_matches
from ..models import (
    CARER_FIELDS,
    CONSENT_FIELDS,
    CONTACT_KINDS,
    PERSON_FIELDS,
    REFERRAL_FIELDS,
    CaredForPerson,
    Carer,
    CaringLink,
    FormAttempt,
    Referral,
    Route,
    carer_type_on,
)
from ..validation import check_date_of_birth
from . import notify
from .base import HUB, save_audited
from .consent import CHANNEL_KINDS, consents_at_intake, record_intake_consents

# The consents a referral form asks, as the carer's flags (legacy "consent_to_contact" means the channel
# of the preferred way to contact them).
CONSENT_KINDS = {field: kind for kind, field in CONSENT_FIELDS.items()}


def _consents_given(carer: dict) -> dict[str, bool]:
    given = {kind: bool(carer.get(field)) for field, kind in CONSENT_KINDS.items()}
    if carer.get("consent_to_contact") and not any(given[kind] for kind in CONTACT_KINDS):
        given[CHANNEL_KINDS.get(carer.get("preferred_contact", "phone"), CHANNEL_KINDS["phone"])] = True
    return given


@transaction.atomic
def referral_receive(
    *,
    carer: dict,
    cared_for: list[dict],
    referral: dict,
    by=None,
    form_token: str | None = None,
    received_at=None,
    is_demo: bool = False,
) -> Referral:
    """A new referral for a new carer (online, or entered by hub staff from a call, visit or email).

    The carer's consents become consent records; the people they look after become records linked to
    the carer; hub staff who enter it become its case worker. The carer is then compared with the
    records already held: with no likely match the referral is checked at once, otherwise its page
    offers the matches until a hub worker links it or confirms a new carer."""
    if not carer.get("consent_to_store"):
        raise ValidationError({"consent_to_store": "The carer must agree to the hub keeping their details"})
    received_at = received_at or timezone.now()
    on = timezone.localdate(received_at)
    check_date_of_birth(carer.get("date_of_birth"), on)
    person = Carer(**{f: carer[f] for f in CARER_FIELDS if f in carer}, is_demo=is_demo)
    route = referral.get("route", Route.ONLINE)
    given = _consents_given(carer)
    consents_at_intake(carer=person, given=given, route=route, on=on, by=by)
    person.full_clean()
    audit(person, by=by, reason="Referral received")
    person.save()
    record_intake_consents(carer=person, given=given, route=route, on=on, by=by)
    for row in cared_for:
        cared = CaredForPerson(**{f: row[f] for f in PERSON_FIELDS if f in row})
        cared.full_clean()
        audit(cared, by=by, reason="Referral received")
        cared.save()
        link = CaringLink(carer=person, cared_for=cared, relationship=row.get("relationship", ""))
        link.full_clean(validate_constraints=False)
        audit(link, by=by, reason="Referral received")
        link.save()
    staff = by is not None and by.is_authenticated and by.has_perm(HUB)
    new = Referral(
        carer=person,
        received_at=received_at,
        **{f: referral[f] for f in REFERRAL_FIELDS if f in referral},
        carer_type=carer_type_on(person.date_of_birth, person.is_parent_carer, on),
        owner=by if staff else None,
        form_token=form_token,
        is_demo=is_demo,
    )
    if is_demo or not likely_matches(person):
        new.carer_checked_at = timezone.now()
    return save_audited(new, by=by, reason="Referral received")


# --- The public online form: one-time token, honeypot, rate limit -------------------------------------
TOKEN_SALT = "carers.referral-form"  # noqa: S105 - a signing salt, not a password
TOKEN_MAX_AGE = 24 * 60 * 60


class Outcome(enum.Enum):
    """What became of an online form that was sent."""

    RECEIVED = "received"  # a new referral
    REPEATED = "repeated"  # the same form sent again: the referral it made the first time
    DISCARDED = "discarded"  # a bot filled the hidden field: nothing kept, and it is told nothing different
    EXPIRED = "expired"  # no valid token: the form must be sent again
    INVALID = "invalid"  # the answers do not pass the checks
    RATE_LIMITED = "rate-limited"  # too many forms from this address within the window


@dataclass(frozen=True)
class OnlineResult:
    outcome: Outcome
    referral: Referral | None = None
    error: ValidationError | None = None


def new_form_token() -> str:
    """A signed one-time token for one online form: the same form sent twice makes one referral."""
    return signing.dumps(secrets.token_urlsafe(24), salt=TOKEN_SALT)


def read_form_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


def client_key(address: str) -> str:
    """A keyed hash of the sender's address: the rate limit never stores the address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def rate_limited(key: str) -> bool:
    """True when this address has sent CARERS_FORM_RATE_LIMIT forms within the window. Counted in the
    database under an advisory lock on the key (held to the end of the transaction), so it holds across
    web processes."""
    since = timezone.now() - timedelta(minutes=settings.CARERS_FORM_RATE_WINDOW_MINUTES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
    FormAttempt.objects.filter(created_at__lt=since - timedelta(days=1)).delete()
    return (
        FormAttempt.objects.filter(key=key, created_at__gte=since).count() >= settings.CARERS_FORM_RATE_LIMIT
    )


def online_referral_submit(
    *, token: str, honeypot: str, client_address: str, answers: dict | None
) -> OnlineResult:
    """An online referral form as sent: `answers` are referral_receive()'s arguments, or None when the
    form's own checks failed. Checked in order: the token (expired or forged: send again), the same form
    sent before (its referral), the honeypot (a bot: nothing kept), the answers, the address's rate
    limit; then the referral is received and the hub is told (after the transaction commits)."""
    raw_token = read_form_token(token)
    if raw_token is None:
        return OnlineResult(Outcome.EXPIRED)
    if (existing := Referral.objects.filter(form_token=raw_token).first()) is not None:
        return OnlineResult(Outcome.REPEATED, existing)
    if honeypot:
        return OnlineResult(Outcome.DISCARDED)
    if answers is None:
        return OnlineResult(Outcome.INVALID)
    with transaction.atomic():
        key = client_key(client_address)
        if rate_limited(key):
            return OnlineResult(Outcome.RATE_LIMITED)
        try:
            with transaction.atomic():
                referral = referral_receive(**answers, form_token=raw_token)
        except IntegrityError:
            # The same form, sent again while the first was being saved.
            referral = Referral.objects.filter(form_token=raw_token).first()
            if referral is None:
                raise
            return OnlineResult(Outcome.REPEATED, referral)
        except ValidationError as error:
            return OnlineResult(Outcome.INVALID, error=error)
        FormAttempt.objects.create(key=key)
        notify.referral_arrived(referral)
        notify.referral_confirmation(referral)
    return OnlineResult(Outcome.RECEIVED, referral)
