"""Writes for quality assurance: a provider's quality record (risk, CQC rating, insurance), quality visits
scored on the nine domains, and the action plans providers answer online."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.providers.models import Provider, require_active

from ..models import (
    ActionItem,
    Concern,
    CqcRating,
    Domain,
    DomainScore,
    InsuranceKind,
    InsurancePolicy,
    ProviderQuality,
    QualityVisit,
    Score,
)
from .common import audit, email_provider, quality_record, uk_date


def _lock_record(provider: Provider) -> ProviderQuality:
    quality_record(provider)
    return ProviderQuality.objects.select_for_update().get(pk=provider.pk)


@transaction.atomic
def quality_update(
    *,
    provider: Provider,
    risk_level: str,
    risk_reason: str,
    cqc_rating: str,
    cqc_rating_date: datetime.date | None,
    internal_notes: str,
    by,
    today: datetime.date | None = None,
) -> ProviderQuality:
    """Sets the provider's risk level (which sets how often it is visited) and its CQC rating. An
    Inadequate rating opens a concern at once (the daily check would too)."""
    today = today or timezone.localdate()
    record = _lock_record(provider)
    errors = {}
    if (
        cqc_rating
        and cqc_rating not in {CqcRating.NOT_REGISTERED, CqcRating.NOT_RATED}
        and not cqc_rating_date
    ):
        errors["cqc_rating_date"] = "Enter the date of the CQC rating"
    if cqc_rating_date and cqc_rating_date > today:
        errors["cqc_rating_date"] = "The date of the CQC rating must be today or in the past"
    if cqc_rating_date and not cqc_rating:
        errors["cqc_rating"] = "Select the CQC rating given on that date"
    if errors:
        raise ValidationError(errors)
    record.risk_level = risk_level
    record.risk_reason = (risk_reason or "").strip()
    record.cqc_rating = cqc_rating
    record.cqc_rating_date = cqc_rating_date if cqc_rating not in {CqcRating.NOT_REGISTERED, ""} else None
    record.internal_notes = (internal_notes or "").strip()
    record.next_visit_due = record.compute_next_visit_due(today)
    record.full_clean()
    audit(record, by=by, reason="Quality record changed")
    record.save()
    if cqc_rating == CqcRating.INADEQUATE:
        from .eligibility import open_cqc_concern

        open_cqc_concern(record, today=today)
    return record


@transaction.atomic
def insurance_save(
    *,
    provider: Provider,
    kind: str,
    insurer: str,
    cover,
    expires_on: datetime.date,
    by,
    today: datetime.date | None = None,
) -> InsurancePolicy:
    """Records the provider's current policy of a kind (a renewal replaces the old one; its history keeps
    it). A renewal past today closes the concern the daily check opened when the old one expired."""
    today = today or timezone.localdate()
    quality_record(provider)
    policy = InsurancePolicy.objects.select_for_update().filter(provider=provider, kind=kind).first()
    created = policy is None
    if created:
        policy = InsurancePolicy(provider=provider, kind=kind)
    policy.insurer = (insurer or "").strip()
    policy.cover = cover
    policy.expires_on = expires_on
    policy.updated_by = by
    policy.full_clean(exclude=["updated_by"])
    audit(
        policy,
        by=by,
        reason="Recorded" if created else f"Renewed or corrected: expires {uk_date(expires_on)}",
    )
    policy.save()
    if expires_on < today:  # the daily check would open it tomorrow: open it now
        from .eligibility import open_insurance_concern

        open_insurance_concern(policy, today=today)
    else:
        from .concerns import concern_close

        for concern in Concern.objects.filter(
            provider=provider, status=Concern.Status.OPEN, auto_key__startswith=f"insurance:{policy.pk}:"
        ):
            concern_close(
                concern=concern,
                reason=(
                    f"The {policy.get_kind_display().lower()} policy was renewed to {uk_date(expires_on)}."
                ),
                by=by,
                today=today,
            )
    return policy


# Visits ----------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_plan(
    *, provider: Provider, visit_date, announced: bool, officer, contract=None, by
) -> QualityVisit:
    quality_record(provider)
    if contract is not None and not contract.parties.filter(provider=provider).exists():
        raise ValidationError({"contract": f"{provider.name} is not a party to {contract.reference}"})
    visit = QualityVisit(
        provider=provider, visit_date=visit_date, announced=announced, officer=officer, contract=contract
    )
    visit.full_clean()
    audit(visit, by=by, reason="Visit planned")
    visit.save()
    return visit


@transaction.atomic
def visit_change(
    *, visit: QualityVisit, visit_date, announced: bool, officer, contract=None, by
) -> QualityVisit:
    visit = QualityVisit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != QualityVisit.Status.PLANNED:
        raise ValidationError(
            f"The visit is {visit.get_status_display().lower()}: its date and officer stand."
        )
    if contract is not None and not contract.parties.filter(provider_id=visit.provider_id).exists():
        raise ValidationError({"contract": f"{visit.provider.name} is not a party to {contract.reference}"})
    visit.visit_date, visit.announced, visit.officer, visit.contract = (
        visit_date,
        announced,
        officer,
        contract,
    )
    visit.full_clean()
    audit(visit, by=by, reason="Visit changed")
    visit.save()
    return visit


@transaction.atomic
def visit_record(
    *,
    visit: QualityVisit,
    scores: dict[str, dict],
    summary: str,
    internal_notes: str,
    by,
    today: datetime.date | None = None,
) -> QualityVisit:
    """Records what the visit found: a score and findings on each of the nine domains, the report to the
    provider and internal notes. Done only once the visit's date has come. Recording it again corrects it."""
    today = today or timezone.localdate()
    visit = QualityVisit.objects.select_for_update().select_related("provider").get(pk=visit.pk)
    if visit.status == QualityVisit.Status.CANCELLED:
        raise ValidationError("The visit was cancelled: plan a new one.")
    if visit.visit_date > today:
        raise ValidationError(
            f"The visit is on {uk_date(visit.visit_date)}, which has not come yet: it cannot be "
            "recorded as done. Change its date if it happened earlier."
        )
    errors = {}
    for domain in Domain:
        entry = scores.get(domain.value) or {}
        if entry.get("score") not in Score.values:
            errors[f"score_{domain.value}"] = f"Select a score for {domain.label.lower()}"
    if not (summary or "").strip():
        errors["summary"] = "Enter the report to the provider"
    if errors:
        raise ValidationError(errors)
    first_time = visit.status == QualityVisit.Status.PLANNED
    for domain in Domain:
        entry = scores[domain.value]
        score = DomainScore.objects.filter(visit=visit, domain=domain.value).first() or DomainScore(
            visit=visit, domain=domain.value
        )
        score.score = entry["score"]
        score.findings = str(entry.get("findings") or "").strip()
        audit(score, by=by, reason="Scored" if first_time else "Corrected")
        score.save()
    visit.summary = summary.strip()
    visit.internal_notes = (internal_notes or "").strip()
    visit.status = QualityVisit.Status.COMPLETED
    visit.completed_at = visit.completed_at or timezone.now()
    audit(visit, by=by, reason="Visit recorded" if first_time else "Visit record corrected")
    visit.save()
    record = _lock_record(visit.provider)
    if record.last_visit_on is None or visit.visit_date > record.last_visit_on:
        record.last_visit_on = visit.visit_date
    record.next_visit_due = record.compute_next_visit_due(today)
    audit(record, by=by, reason=f"Visited on {uk_date(visit.visit_date)}")
    record.save()
    if first_time:
        email_provider(
            provider=visit.provider,
            subject="Your quality visit report",
            body=(
                "The report of the Contracts and Quality Assurance team's visit on "
                f"{uk_date(visit.visit_date)} is ready to read online, with any actions for you to answer."
            ),
            link=visit.get_absolute_url(),
        )
    return visit


@transaction.atomic
def visit_cancel(*, visit: QualityVisit, reason: str, by) -> QualityVisit:
    visit = QualityVisit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != QualityVisit.Status.PLANNED:
        raise ValidationError(
            f"The visit is {visit.get_status_display().lower()}: only a planned visit is cancelled."
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the visit is cancelled"})
    visit.status = QualityVisit.Status.CANCELLED
    visit.cancelled_reason = reason.strip()
    audit(visit, by=by, reason=f"Cancelled: {visit.cancelled_reason}")
    visit.save()
    return visit


# Action plans ----------------------------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    provider: Provider,
    action: str,
    owner: str,
    due_on: datetime.date,
    by,
    visit: QualityVisit | None = None,
    concern: Concern | None = None,
    domain: str = "",
    today: datetime.date | None = None,
    is_demo: bool = False,
) -> ActionItem:
    today = today or timezone.localdate()
    if visit is not None and visit.status == QualityVisit.Status.CANCELLED:
        raise ValidationError("The visit was cancelled: its action plan is closed.")
    if due_on is not None and due_on < today:
        raise ValidationError({"due_on": "The date the action is due must be today or later"})
    item = ActionItem(
        provider=provider,
        visit=visit,
        concern=concern,
        domain=domain or "",
        action=(action or "").strip(),
        owner=(owner or "").strip(),
        due_on=due_on,
        is_demo=is_demo,
    )
    item.full_clean()
    audit(item, by=by, reason="Action added")
    item.save()
    return item


@transaction.atomic
def action_change(*, item: ActionItem, action: str, owner: str, due_on, domain: str, by) -> ActionItem:
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.status == ActionItem.Status.COMPLETED:
        raise ValidationError("The action is completed: it stands as it was.")
    item.action, item.owner, item.due_on, item.domain = (
        (action or "").strip(),
        (owner or "").strip(),
        due_on,
        domain,
    )
    item.full_clean()
    audit(item, by=by, reason="Action changed")
    item.save()
    return item


@transaction.atomic
def action_respond(*, item: ActionItem, response: str, by) -> ActionItem:
    """The provider says what it has done about the action."""
    item = ActionItem.objects.select_for_update().select_related("provider").get(pk=item.pk)
    require_active(item.provider)  # a deactivated provider's users change nothing
    if item.status == ActionItem.Status.COMPLETED:
        raise ValidationError("The action is completed: no response is needed.")
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": "Enter what you have done about the action"})
    item.response = response
    item.responded_at = timezone.now()
    item.responded_by = by
    item.status = ActionItem.Status.RESPONDED
    audit(item, by=by, reason="Provider responded")
    item.save()
    return item


@transaction.atomic
def action_review(*, item: ActionItem, complete: bool, note: str, by, today=None) -> ActionItem:
    """An officer marks the action completed, or asks the provider for more (with a note)."""
    today = today or timezone.localdate()
    item = ActionItem.objects.select_for_update().select_related("provider").get(pk=item.pk)
    if item.status == ActionItem.Status.COMPLETED:
        raise ValidationError("The action is already completed.")
    note = (note or "").strip()
    if not complete and not note:
        raise ValidationError({"note": "Enter what the provider still needs to do"})
    item.review_note = note
    if complete:
        item.status = ActionItem.Status.COMPLETED
        item.completed_on = today
    else:
        item.status = ActionItem.Status.OPEN
    audit(item, by=by, reason="Completed" if complete else f"More needed: {note}")
    item.save()
    if not complete:
        email_provider(
            provider=item.provider,
            subject="An action on your action plan needs more",
            body=(
                "The Contracts and Quality Assurance team needs more on this action:"
                f"\n\n{item.action}\n\n{note}"
            ),
            link=item.get_absolute_url(),
        )
    return item


INSURANCE_KINDS = list(InsuranceKind)
