"""Writes for the carers hub: the Carers Service Pathway 2022 as a state machine.

received -> contacted -> assessment completed / declined (mailing list, may ask later) / not eligible
(signposted) -> level of need: low (hub allocates), moderate (a social care assessor reviews), high (sent
to social care) -> support allocated -> plan in place -> annual reviews -> closed (with a reason).
Each function is one transaction, checks the referral's status under a row lock, validates with
full_clean() and leaves a history record with who did it and why (no personal data in the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal import permissions as perms

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Allocation,
    CaredForPerson,
    Carer,
    CatalogueService,
    ClosureReason,
    Contact,
    Need,
    RecordView,
    Referral,
    Status,
    carer_type_on,
)

HUB = perms.CHANGE_CARERS_REFERRALS
ASSESSOR = perms.ASSESS_CARERS_REFERRALS
TIER_RANK = {Need.LOW: 0, Need.MODERATE: 1, Need.HIGH: 2}


@dataclass(frozen=True)
class Step:
    """A next step of the pathway: the statuses it starts from and the permission it needs."""

    label: str
    from_statuses: tuple[str, ...]
    permission: str
    destructive: bool = False


STEPS: dict[str, Step] = {
    "contacted": Step("Record first contact", (Status.RECEIVED,), HUB),
    "assessment": Step("Record the assessment", (Status.CONTACTED,), HUB),
    "need": Step("Set the level of need", (Status.ASSESSED,), HUB),
    "assessor-review": Step("Record the assessor's review", (Status.ASSESSOR_REVIEW,), ASSESSOR),
    "social-care-assessed": Step("Record social care's assessment", (Status.SOCIAL_CARE,), ASSESSOR),
    "plan": Step("Record the support plan", (Status.SUPPORT_ALLOCATED,), HUB),
    "review": Step("Record the annual review", (Status.PLAN_IN_PLACE,), HUB),
    "close": Step("Close the referral", OPEN_STATUSES, HUB, destructive=True),
}
ALLOCATABLE_STATUSES = (Status.AWAITING_SUPPORT, Status.SUPPORT_ALLOCATED, Status.PLAN_IN_PLACE)


def next_steps(referral: Referral, user) -> list[tuple[str, Step]]:
    """The steps this user may take now, in pathway order."""
    return [
        (name, step)
        for name, step in STEPS.items()
        if referral.status in step.from_statuses and user.has_perm(step.permission)
    ]


def may_allocate(referral: Referral, user) -> bool:
    return referral.status in ALLOCATABLE_STATUSES and (user.has_perm(HUB) or user.has_perm(ASSESSOR))


def _locked(referral: Referral, step_name: str) -> Referral:
    """The referral, locked for this transaction, if it is at a status the step starts from."""
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    step = STEPS[step_name]
    if fresh.status not in step.from_statuses:
        raise ValidationError(
            f"This referral is now '{fresh.get_status_display()}': '{step.label}' cannot be done from there."
        )
    return fresh


def _check(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("Your role cannot take this step.")


def _save(referral: Referral, *, by, reason: str) -> Referral:
    referral.full_clean()
    referral._history_user = by
    referral._change_reason = reason
    referral.save()
    return referral


# --- Receiving referrals ------------------------------------------------------------------------------
CARER_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "gp_practice",
    "preferred_contact",
    "consent_to_store",
    "consent_to_share_with_gp",
    "consent_to_contact",
    "is_parent_carer",
    "is_working_carer",
    "caring_hours_per_week",
    "school",
]
CARED_FOR_FIELDS = ["relationship", "age_band", "primary_support_reason", "has_social_care_respite"]
REFERRAL_FIELDS = [
    "route",
    "referrer_type",
    "referrer_name",
    "referrer_organisation",
    "referrer_contact",
    "reason",
    "is_crisis",
    "crisis_reason",
    "crisis_details",
]


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
    """A new referral for a new carer (online, or entered by hub staff from a call, visit or email)."""
    if not carer.get("consent_to_store"):
        raise ValidationError({"consent_to_store": "The carer must agree to the hub keeping their details"})
    person = Carer(**{f: carer[f] for f in CARER_FIELDS if f in carer}, is_demo=is_demo)
    person.full_clean()
    person._history_user = by
    person._change_reason = "Referral received"
    person.save()
    for row in cared_for:
        cared = CaredForPerson(carer=person, **{f: row[f] for f in CARED_FOR_FIELDS if f in row})
        cared.full_clean()
        cared._history_user = by
        cared.save()
    received_at = received_at or timezone.now()
    new = Referral(
        carer=person,
        received_at=received_at,
        **{f: referral[f] for f in REFERRAL_FIELDS if f in referral},
        carer_type=carer_type_on(
            person.date_of_birth, person.is_parent_carer, timezone.localdate(received_at)
        ),
        form_token=form_token,
        is_demo=is_demo,
    )
    return _save(new, by=by, reason="Referral received")


# --- The pathway --------------------------------------------------------------------------------------
@transaction.atomic
def referral_mark_contacted(*, referral: Referral, by, notes: str = "") -> Referral:
    _check(by, HUB)
    referral = _locked(referral, "contacted")
    referral.status = Status.CONTACTED
    referral.contacted_at = timezone.now()
    if notes:
        contact_add(referral=referral, contacted_on=timezone.localdate(), method="phone", notes=notes, by=by)
    return _save(referral, by=by, reason="Carer contacted")


@transaction.atomic
def referral_record_assessment(
    *,
    referral: Referral,
    outcome: str,
    assessed_on: date,
    by,
    mailing_list_opt_in: bool = False,
    signposted_to: str = "",
) -> Referral:
    """outcome: 'completed', 'declined' (may join the mailing list and ask later) or 'not-eligible'
    (signposted elsewhere). Declined and not eligible end the referral."""
    _check(by, HUB)
    referral = _locked(referral, "assessment")
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "The date cannot be in the future"})
    referral.assessed_on = assessed_on
    if outcome == "completed":
        referral.status = Status.ASSESSED
        reason = "Assessment completed"
    elif outcome == "declined":
        referral.status = Status.DECLINED
        referral.mailing_list_opt_in = mailing_list_opt_in
        referral.closed_at = timezone.now()
        referral.closure_reason = ClosureReason.DECLINED
        reason = "Carer declined an assessment"
    elif outcome == "not-eligible":
        if not signposted_to.strip():
            raise ValidationError({"signposted_to": "Say where the carer was signposted"})
        referral.status = Status.NOT_ELIGIBLE
        referral.signposted_to = signposted_to
        referral.closed_at = timezone.now()
        referral.closure_reason = ClosureReason.NOT_ELIGIBLE
        reason = "Not eligible for an assessment: signposted"
    else:
        raise ValidationError({"outcome": "Choose the outcome of the assessment"})
    return _save(referral, by=by, reason=reason)


@transaction.atomic
def referral_set_need(*, referral: Referral, level: str, by) -> Referral:
    """Low: the hub allocates early help. Moderate: a social care assessor reviews the referral.
    High: the assessment is sent to social care."""
    _check(by, HUB)
    referral = _locked(referral, "need")
    if level not in Need.values:
        raise ValidationError({"level": "Choose the level of need"})
    referral.level_of_need = level
    if level == Need.LOW:
        referral.status = Status.AWAITING_SUPPORT
    else:
        referral.status = Status.ASSESSOR_REVIEW if level == Need.MODERATE else Status.SOCIAL_CARE
        referral.sent_to_social_care_at = timezone.now()
    return _save(referral, by=by, reason=f"Level of need: {Need(level).label.lower()}")


@transaction.atomic
def referral_assessor_review(*, referral: Referral, level: str, by, notes: str = "") -> Referral:
    """The assessor confirms moderate need (or changes it): moderate or low goes on to allocation,
    high to social care."""
    _check(by, ASSESSOR)
    referral = _locked(referral, "assessor-review")
    if level not in Need.values:
        raise ValidationError({"level": "Choose the level of need"})
    referral.level_of_need = level
    referral.assessor = by
    referral.assessor_reviewed_at = timezone.now()
    referral.assessor_notes = notes
    referral.status = Status.SOCIAL_CARE if level == Need.HIGH else Status.AWAITING_SUPPORT
    return _save(
        referral, by=by, reason=f"Reviewed by a social care assessor: {Need(level).label.lower()} need"
    )


@transaction.atomic
def referral_social_care_assessed(*, referral: Referral, by, notes: str = "") -> Referral:
    """Social care has assessed the package of needs (respite is allocated to the cared-for person); the
    carer can now be allocated support."""
    _check(by, ASSESSOR)
    referral = _locked(referral, "social-care-assessed")
    referral.assessor = by
    referral.assessor_reviewed_at = timezone.now()
    referral.assessor_notes = notes
    referral.status = Status.AWAITING_SUPPORT
    return _save(referral, by=by, reason="Social care assessment recorded")


@transaction.atomic
def allocation_add(
    *, referral: Referral, service: CatalogueService, by, amount=None, notes: str = "", allocated_at=None
) -> Allocation:
    """Allocate a service of the catalogue. Any carer may have low-level services; moderate and high tier
    services need that level of need and are allocated by a social care assessor."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status not in ALLOCATABLE_STATUSES:
        raise ValidationError(
            f"Support cannot be allocated while the referral is '{referral.get_status_display()}'."
        )
    if service.tier != Need.LOW:
        _check(by, ASSESSOR)
        if TIER_RANK[service.tier] > TIER_RANK.get(referral.level_of_need, 0):
            raise ValidationError(
                {"service": f"{service.name} is a {service.get_tier_display().lower()} need service"}
            )
    elif not (by.has_perm(HUB) or by.has_perm(ASSESSOR)):
        raise PermissionDenied("Your role cannot allocate support.")
    allocation = Allocation(
        referral=referral,
        service=service,
        amount=amount,
        notes=notes,
        allocated_by=by,
        allocated_at=allocated_at or timezone.now(),
    )
    allocation.full_clean()
    allocation._history_user = by
    allocation.save()
    if referral.status == Status.AWAITING_SUPPORT:
        referral.status = Status.SUPPORT_ALLOCATED
        _save(referral, by=by, reason="Support allocated")
    return allocation


@transaction.atomic
def referral_record_plan(*, referral: Referral, plan_agreed_on: date, by) -> Referral:
    """The personalised carer's plan is agreed: its review is due a year later."""
    _check(by, HUB)
    referral = _locked(referral, "plan")
    if plan_agreed_on > timezone.localdate():
        raise ValidationError({"plan_agreed_on": "The date cannot be in the future"})
    referral.plan_agreed_on = plan_agreed_on
    referral.review_due_on = one_year_after(plan_agreed_on)
    referral.status = Status.PLAN_IN_PLACE
    return _save(referral, by=by, reason="Support plan in place")


@transaction.atomic
def referral_record_review(*, referral: Referral, reviewed_on: date, by) -> Referral:
    _check(by, HUB)
    referral = _locked(referral, "review")
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The date cannot be in the future"})
    referral.last_reviewed_on = reviewed_on
    referral.review_due_on = one_year_after(reviewed_on)
    return _save(referral, by=by, reason="Annual review recorded")


@transaction.atomic
def referral_close(
    *, referral: Referral, reason: str, by, notes: str = "", outcomes: dict | None = None
) -> Referral:
    _check(by, HUB)
    referral = _locked(referral, "close")
    if not reason:
        raise ValidationError({"reason": "Give the reason for closing"})
    referral.status = Status.CLOSED
    referral.closed_at = timezone.now()
    referral.closure_reason = reason
    referral.closure_notes = notes
    for field, value in (outcomes or {}).items():
        setattr(referral, field, value or "")
    return _save(referral, by=by, reason=f"Closed: {ClosureReason(reason).label.lower()}")


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


@transaction.atomic
def contact_add(*, referral: Referral, contacted_on: date, method: str, notes: str, by) -> Contact:
    if referral.status in CLOSED_STATUSES:
        raise ValidationError("This referral is closed: contacts cannot be added.")
    if contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": "The date cannot be in the future"})
    contact = Contact(referral=referral, contacted_on=contacted_on, method=method, notes=notes, by=by)
    contact.full_clean()
    contact.save()
    return contact


def record_view(*, user, carer: Carer, what: str, referral: Referral | None = None) -> RecordView:
    """Log that `user` looked at (or exported) this carer's record."""
    return RecordView.objects.create(user=user, carer=carer, referral=referral, what=what)


# --- Keeping a carer's record up to date (hub staff) --------------------------------------------------
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
    _check(by, HUB)
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
    person._history_user = by
    person._change_reason = "Carer's details changed"
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
    _check(by, HUB)
    person = _locked_carer(carer)
    cared = CaredForPerson(
        carer=person,
        relationship=relationship,
        age_band=age_band,
        primary_support_reason=primary_support_reason,
        has_social_care_respite=has_social_care_respite,
    )
    cared.full_clean()
    cared._history_user = by
    cared._change_reason = "Cared-for person added"
    cared.save()
    return cared


@transaction.atomic
def cared_for_update(*, cared_for: CaredForPerson, by, **fields) -> CaredForPerson:
    _check(by, HUB)
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
    cared._history_user = by
    cared._change_reason = "Cared-for person changed"
    cared.save(update_fields=changed)
    return cared


@transaction.atomic
def cared_for_remove(*, cared_for: CaredForPerson, by) -> None:
    """Remove a person the carer looks after. A carer keeps at least one: the last cannot be removed
    (close the referral as "no longer caring" instead). The history keeps a deletion row."""
    _check(by, HUB)
    carer = _locked_carer(cared_for.carer)
    cared = CaredForPerson.objects.filter(pk=cared_for.pk, carer=carer).first()
    if cared is None:
        return  # already removed (a second click)
    if not CaredForPerson.objects.filter(carer=carer).exclude(pk=cared.pk).exists():
        raise ValidationError(
            "This is the only person recorded as cared for: add the person they now look after first, "
            "or close the referral if they no longer care for anyone."
        )
    cared._history_user = by
    cared._change_reason = "Cared-for person removed"
    cared.delete()
