"""Writes for providers of concern: concerns, the monthly governance meeting's decisions, and the
suspension of new placements (through the FPS's own suspension service) and its lifting."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.fps.models import Admission
from commissioning.fps.services.evaluation import admission_reinstate, admission_suspend
from commissioning.providers.models import Provider

from ..models import (
    ActionItem,
    Concern,
    Decision,
    GovernanceItem,
    GovernanceMeeting,
    PlacementSuspension,
    ProviderQuality,
    Standing,
)
from .common import audit, email_provider, quality_record, uk_date


def standing_refresh(provider: Provider, *, by=None) -> ProviderQuality:
    """The provider's standing, from the facts: a current suspension, else open concerns, else none."""
    quality_record(provider)
    record = ProviderQuality.objects.select_for_update().get(pk=provider.pk)
    suspension = PlacementSuspension.objects.filter(provider=provider, lifted_on__isnull=True).first()
    open_concerns = Concern.objects.filter(provider=provider, status=Concern.Status.OPEN).count()
    if suspension:
        standing = Standing.SUSPENDED
        why = f"New placements suspended from {uk_date(suspension.suspended_on)}: {suspension.reason}"
    elif open_concerns:
        standing = Standing.OF_CONCERN
        latest = (
            Concern.objects.filter(provider=provider, status=Concern.Status.OPEN)
            .order_by("-opened_on")
            .first()
        )
        why = (
            latest.summary
            if open_concerns == 1
            else f"{open_concerns} open concerns, latest: {latest.summary}"
        )
    else:
        standing, why = Standing.GOOD, ""
    why = why[:300]
    if (record.standing, record.standing_reason) != (standing, why):
        record.standing, record.standing_reason = standing, why
        audit(record, by=by, reason=f"Standing: {record.get_standing_display()}")
        record.save()
    return record


@transaction.atomic
def concern_open(
    *,
    provider: Provider,
    source: str,
    summary: str,
    details: str = "",
    opened_on: datetime.date | None = None,
    by=None,
    auto_key: str = "",
    today: datetime.date | None = None,
    is_demo: bool = False,
) -> Concern:
    today = today or timezone.localdate()
    opened_on = opened_on or today
    if opened_on > today:
        raise ValidationError({"opened_on": "The date the concern was raised must be today or in the past"})
    concern = Concern(
        provider=provider,
        source=source,
        summary=(summary or "").strip(),
        details=(details or "").strip(),
        opened_on=opened_on,
        opened_by=by,
        auto_key=auto_key,
        is_demo=is_demo,
    )
    concern.full_clean(exclude=["opened_by"])
    audit(concern, by=by, reason="Concern opened" + (" by the daily check" if auto_key else ""))
    concern.save()
    standing_refresh(provider, by=by)
    return concern


@transaction.atomic
def concern_change(*, concern: Concern, summary: str, details: str, source: str, by) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    concern.summary, concern.details, concern.source = (
        (summary or "").strip(),
        (details or "").strip(),
        source,
    )
    concern.full_clean(exclude=["opened_by"])
    audit(concern, by=by, reason="Concern changed")
    concern.save()
    standing_refresh(concern.provider, by=by)
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, reason: str, by, today: datetime.date | None = None) -> Concern:
    today = today or timezone.localdate()
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status == Concern.Status.CLOSED:
        raise ValidationError(f"The concern was closed on {uk_date(concern.closed_on)}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the concern is closed"})
    concern.status = Concern.Status.CLOSED
    concern.closed_on = today
    concern.closed_reason = reason
    audit(concern, by=by, reason=f"Closed: {reason}")
    concern.save()
    standing_refresh(concern.provider, by=by)
    return concern


# The governance meeting -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, meeting: GovernanceMeeting, by, reason: str) -> GovernanceMeeting:
    meeting.chair = (meeting.chair or "").strip()
    meeting.attendees = (meeting.attendees or "").strip()
    if meeting.pk is None:
        meeting.created_by = by
    meeting.full_clean(exclude=["created_by"])
    audit(meeting, by=by, reason=reason)
    meeting.save()
    return meeting


def outstanding_actions(provider: Provider):
    """The provider's action plan items not yet completed (from completed visits and from concerns)."""
    return (
        ActionItem.objects.filter(provider=provider)
        .outstanding()
        .exclude(visit__status__in=["planned", "cancelled"])
        .order_by("due_on", "pk")
    )


@transaction.atomic
def item_record(
    *,
    meeting: GovernanceMeeting,
    provider: Provider,
    concerns,
    discussion: str,
    decision: str,
    reason: str,
    actions_agreed: str,
    by,
    today: datetime.date | None = None,
) -> GovernanceItem:
    """Records a provider discussed at the meeting and the decision taken, and applies it: a suspension of
    new placements suspends the provider's FPS admissions at once (the FPS's own service, with the reason);
    lifting it needs the provider's action plan complete; closing closes the concerns discussed."""
    today = today or timezone.localdate()
    meeting = GovernanceMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.meeting_date > today:
        raise ValidationError(
            f"The meeting on {uk_date(meeting.meeting_date)} has not happened yet: "
            "record its decisions after it."
        )
    concerns = list(concerns or [])
    errors = {}
    if not (discussion or "").strip():
        errors["discussion"] = "Enter what was discussed"
    if not (reason or "").strip():
        errors["reason"] = "Enter the reason for the decision"
    if decision not in Decision.values:
        errors["decision"] = "Select the decision"
    if any(c.provider_id != provider.pk for c in concerns):
        errors["concerns"] = "Select only this provider's concerns"
    if errors:
        raise ValidationError(errors)
    current = (
        PlacementSuspension.objects.select_for_update()
        .filter(provider=provider, lifted_on__isnull=True)
        .first()
    )
    if decision == Decision.SUSPEND and current:
        raise ValidationError(
            {
                "decision": f"New placements with {provider.name} are already suspended, "
                f"since {uk_date(current.suspended_on)}"
            }
        )
    if decision == Decision.LIFT:
        if not current:
            raise ValidationError({"decision": f"New placements with {provider.name} are not suspended"})
        open_items = list(outstanding_actions(provider)[:6])
        if open_items:
            listed = "; ".join(
                f"“{item.action[:60]}” (due {uk_date(item.due_on)})" for item in open_items[:5]
            )
            more = " and more" if len(open_items) > 5 else ""
            raise ValidationError(
                {
                    "decision": "The suspension is lifted only when the provider's action plan is complete. "
                    f"Still open: {listed}{more}"
                }
            )
    if decision == Decision.CLOSE and not concerns:
        raise ValidationError({"concerns": "Select the concerns to close"})
    item = GovernanceItem(
        meeting=meeting,
        provider=provider,
        discussion=discussion.strip(),
        decision=decision,
        reason=reason.strip(),
        actions_agreed=(actions_agreed or "").strip(),
        recorded_by=by,
    )
    item.full_clean(exclude=["recorded_by"])
    audit(item, by=by, reason=f"Decision: {item.get_decision_display()}")
    item.save()
    item.concerns.set(concerns)
    if decision == Decision.SUSPEND:
        _suspend(item, by=by)
    elif decision == Decision.LIFT:
        _lift(current, item, by=by, today=today)
    elif decision == Decision.CLOSE:
        for concern in concerns:
            if concern.status == Concern.Status.OPEN:
                concern_close(
                    concern=concern,
                    reason=f"Closed by the governance meeting: {item.reason}",
                    by=by,
                    today=today,
                )
    standing_refresh(provider, by=by)
    return item


def suspension_reason(item: GovernanceItem) -> str:
    return (
        f"New placements suspended by the providers of concern governance meeting of "
        f"{uk_date(item.meeting.meeting_date)}: {item.reason}"
    )


def _suspend(item: GovernanceItem, *, by) -> PlacementSuspension:
    suspension = PlacementSuspension(
        provider=item.provider, suspended_by=item, suspended_on=item.meeting.meeting_date, reason=item.reason
    )
    suspension.full_clean(exclude=["suspended_by"])
    audit(suspension, by=by, reason="New placements suspended")
    suspension.save()
    suspended = []
    for admission in Admission.objects.current().filter(provider=item.provider).select_related("lot"):
        suspended.append(admission_suspend(admission=admission, reason=suspension_reason(item), by=by))
    suspension.fps_admissions.set(suspended)
    email_provider(
        provider=item.provider,
        subject="New placements with your organisation are suspended",
        body=(
            f"{suspension_reason(item)}\n\nThe suspension is lifted by a decision of the governance meeting "
            "once your action plan is complete."
        ),
    )
    return suspension


def _lift(suspension: PlacementSuspension, item: GovernanceItem, *, by, today) -> PlacementSuspension:
    suspension.lifted_by = item
    suspension.lifted_on = item.meeting.meeting_date
    audit(suspension, by=by, reason=f"Lifted: {item.reason}")
    suspension.save()
    for admission in suspension.fps_admissions.filter(status=Admission.Status.SUSPENDED):
        admission_reinstate(
            admission=admission,
            reason=(
                f"The suspension of new placements was lifted by the governance meeting of "
                f"{uk_date(item.meeting.meeting_date)}: {item.reason}"
            ),
            by=by,
        )
    email_provider(
        provider=item.provider,
        subject="The suspension of new placements is lifted",
        body=f"The providers of concern governance meeting lifted the suspension: {item.reason}",
    )
    return suspension
