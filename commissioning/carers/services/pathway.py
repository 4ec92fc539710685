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

from portal.audit import audit

from ..models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Allocation,
    CatalogueService,
    ClosureReason,
    Contact,
    Need,
    Referral,
    Status,
)
from . import notify
from .base import ASSESSOR, HUB, check_permission, save_audited

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


# --- The pathway --------------------------------------------------------------------------------------
@transaction.atomic
def referral_mark_contacted(*, referral: Referral, by, notes: str = "") -> Referral:
    check_permission(by, HUB)
    referral = _locked(referral, "contacted")
    referral.status = Status.CONTACTED
    referral.contacted_at = timezone.now()
    if referral.owner_id is None:
        referral.owner = by  # whoever makes first contact is the case worker until someone is assigned
    if notes:
        contact_add(referral=referral, contacted_on=timezone.localdate(), method="phone", notes=notes, by=by)
    return save_audited(referral, by=by, reason="Carer contacted")


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
    check_permission(by, HUB)
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
    return save_audited(referral, by=by, reason=reason)


@transaction.atomic
def referral_set_need(*, referral: Referral, level: str, by) -> Referral:
    """Low: the hub allocates early help. Moderate: a social care assessor reviews the referral.
    High: the assessment is sent to social care."""
    check_permission(by, HUB)
    referral = _locked(referral, "need")
    if level not in Need.values:
        raise ValidationError({"level": "Choose the level of need"})
    referral.level_of_need = level
    if level == Need.LOW:
        referral.status = Status.AWAITING_SUPPORT
    else:
        referral.status = Status.ASSESSOR_REVIEW if level == Need.MODERATE else Status.SOCIAL_CARE
        referral.sent_to_social_care_at = timezone.now()
        notify.sent_to_social_care(referral)
    return save_audited(referral, by=by, reason=f"Level of need: {Need(level).label.lower()}")


@transaction.atomic
def referral_assessor_review(*, referral: Referral, level: str, by, notes: str = "") -> Referral:
    """The assessor confirms moderate need (or changes it): moderate or low goes on to allocation,
    high to social care."""
    check_permission(by, ASSESSOR)
    referral = _locked(referral, "assessor-review")
    if level not in Need.values:
        raise ValidationError({"level": "Choose the level of need"})
    referral.level_of_need = level
    referral.assessor = by
    referral.assessor_reviewed_at = timezone.now()
    referral.assessor_notes = notes
    referral.status = Status.SOCIAL_CARE if level == Need.HIGH else Status.AWAITING_SUPPORT
    return save_audited(
        referral, by=by, reason=f"Reviewed by a social care assessor: {Need(level).label.lower()} need"
    )


@transaction.atomic
def referral_social_care_assessed(*, referral: Referral, by, notes: str = "") -> Referral:
    """Social care has assessed the package of needs (respite is allocated to the cared-for person); the
    carer can now be allocated support."""
    check_permission(by, ASSESSOR)
    referral = _locked(referral, "social-care-assessed")
    referral.assessor = by
    referral.assessor_reviewed_at = timezone.now()
    referral.assessor_notes = notes
    referral.status = Status.AWAITING_SUPPORT
    return save_audited(referral, by=by, reason="Social care assessment recorded")


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
    if service.is_retired:
        raise ValidationError({"service": f"{service.name} is retired: choose a service the hub offers"})
    if service.tier != Need.LOW:
        check_permission(by, ASSESSOR)
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
    audit(allocation, by=by)
    allocation.save()
    if referral.status == Status.AWAITING_SUPPORT:
        referral.status = Status.SUPPORT_ALLOCATED
        save_audited(referral, by=by, reason="Support allocated")
    return allocation


@transaction.atomic
def referral_record_plan(*, referral: Referral, plan_agreed_on: date, by) -> Referral:
    """The personalised carer's plan is agreed: its review is due a year later."""
    check_permission(by, HUB)
    referral = _locked(referral, "plan")
    if plan_agreed_on > timezone.localdate():
        raise ValidationError({"plan_agreed_on": "The date cannot be in the future"})
    referral.plan_agreed_on = plan_agreed_on
    referral.review_due_on = one_year_after(plan_agreed_on)
    referral.status = Status.PLAN_IN_PLACE
    return save_audited(referral, by=by, reason="Support plan in place")


@transaction.atomic
def referral_record_review(*, referral: Referral, reviewed_on: date, by) -> Referral:
    check_permission(by, HUB)
    referral = _locked(referral, "review")
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The date cannot be in the future"})
    referral.last_reviewed_on = reviewed_on
    referral.review_due_on = one_year_after(reviewed_on)
    return save_audited(referral, by=by, reason="Annual review recorded")


@transaction.atomic
def referral_close(
    *, referral: Referral, reason: str, by, notes: str = "", outcomes: dict | None = None
) -> Referral:
    check_permission(by, HUB)
    referral = _locked(referral, "close")
    if not reason:
        raise ValidationError({"reason": "Give the reason for closing"})
    referral.status = Status.CLOSED
    referral.closed_at = timezone.now()
    referral.closure_reason = reason
    referral.closure_notes = notes
    for field, value in (outcomes or {}).items():
        setattr(referral, field, value or "")
    return save_audited(referral, by=by, reason=f"Closed: {ClosureReason(reason).label.lower()}")


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
