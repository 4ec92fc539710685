"""Writes to the decisions register (docs/adr/033). The call-in deadline is computed when a decision is
published (never typed): the end of the `COMMITTEES_CALL_IN_WORKING_DAYS`th clear working day after the
day of publication, England and Wales bank holidays excluded."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit import audit

from ..models import Decision, Subscription
from ..models.decisions import call_in_working_days
from ..working_days import clear_working_days_after
from .common import queue_notification

DECISION_FIELDS = [
    "title",
    "decision",
    "maker",
    "committee",
    "officer",
    "meeting",
    "minute",
    "report",
    "decided_on",
    "key_decision",
    "call_in",
]


def call_in_deadline_for(decision: Decision, published_on: datetime.date) -> datetime.date | None:
    days = call_in_working_days()
    if not decision.call_in or days < 1:
        return None
    return clear_working_days_after(published_on, days)


def _fill(decision: Decision, data: dict) -> None:
    for field in DECISION_FIELDS:
        if field in data:
            setattr(decision, field, data[field])
    if decision.maker == Decision.Maker.OFFICER:
        decision.committee = decision.committee if decision.meeting_id else None
    else:
        decision.officer = None


@transaction.atomic
def decision_create(*, data: dict, by) -> Decision:
    decision = Decision()
    _fill(decision, data)
    decision.full_clean()
    audit(decision, by=by, reason="Recorded")
    decision.save()
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, data: dict, by) -> Decision:
    _fill(decision, data)
    decision.full_clean()
    if decision.published_at is not None:
        # A correction after publication keeps the publication date; the deadline follows the call-in rule.
        decision.call_in_deadline = call_in_deadline_for(decision, timezone.localdate(decision.published_at))
    audit(decision, by=by, reason="Changed")
    decision.save()
    return decision


@transaction.atomic
def decision_publish(*, decision: Decision, by, now: datetime.datetime | None = None) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.published_at is not None:
        raise ValidationError("This decision is already published.")
    now = now or timezone.now()
    decision.published_at = now
    decision.status = Decision.Status.PUBLISHED
    decision.call_in_deadline = call_in_deadline_for(decision, timezone.localdate(now))
    audit(decision, by=by, reason="Published")
    decision.save()
    queue_notification(Subscription.Event.DECISION, decision.pk)
    return decision
