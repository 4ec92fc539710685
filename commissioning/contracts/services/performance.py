"""Writes for provider performance: KPIs, opening quarterly returns, providers submitting them, officers
reviewing them, and reminders for late ones."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commissioning.providers.models import Provider, require_active

from ..models import (
    LIVE_STATUSES,
    Contract,
    ContractParty,
    Kpi,
    PerformanceReturn,
    Rag,
    ReturnStatus,
    ReturnValue,
    Unit,
    compute_rag,
)
from ..models.performance import RAG_ORDER
from ..periods import Quarter
from .common import audit, email_provider, uk_date

KPI_FIELDS = ["measure", "description", "unit", "target", "polarity", "position"]
# A reminder for a late return at most this often.
REMIND_EVERY_DAYS = 7


@transaction.atomic
def kpi_add(*, contract: Contract, data: dict, by) -> Kpi:
    kpi = Kpi(contract=contract, **{f: data[f] for f in KPI_FIELDS if f in data})
    kpi.full_clean()
    audit(kpi, by=by, reason="KPI set")
    kpi.save()
    return kpi


@transaction.atomic
def kpi_update(*, kpi: Kpi, data: dict, reason: str, by) -> Kpi:
    """Changes a KPI. Returns already submitted keep the target they were measured against."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter what you changed and why: it is kept in the history"})
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    for field in KPI_FIELDS:
        if field in data:
            setattr(kpi, field, data[field])
    kpi.full_clean()
    audit(kpi, by=by, reason=f"Changed: {reason}")
    kpi.save()
    return kpi


@transaction.atomic
def kpi_end(*, kpi: Kpi, ended_on: datetime.date, reason: str, by) -> Kpi:
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    if kpi.ended_on:
        raise ValidationError(f"“{kpi.measure}” is no longer measured since {uk_date(kpi.ended_on)}.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the KPI is no longer measured"})
    kpi.ended_on = ended_on
    audit(kpi, by=by, reason=f"No longer measured from {uk_date(ended_on)}: {reason.strip()}")
    kpi.save()
    return kpi


# Opening returns -------------------------------------------------------------------------------------------


def _check_quarter(contract: Contract, quarter: Quarter, today: datetime.date) -> None:
    if not quarter.has_ended(today):
        raise ValidationError(
            {
                "quarter": f"{quarter} ends on {uk_date(quarter.end)}: a return is made only once "
                "its quarter has ended"
            }
        )
    if contract.start_date and quarter.end < contract.start_date:
        raise ValidationError(
            {"quarter": f"{quarter} ended before the contract started on {uk_date(contract.start_date)}"}
        )
    if contract.end_date and quarter.start > contract.end_date:
        raise ValidationError(
            {"quarter": f"{quarter} began after the contract ended on {uk_date(contract.end_date)}"}
        )


@transaction.atomic
def return_open(
    *, contract: Contract, provider: Provider, quarter: Quarter, by, today: datetime.date | None = None
) -> PerformanceReturn:
    """Asks a provider party for its return for a quarter that has ended (the daily check does this for the
    quarter just ended; an officer for an earlier one)."""
    today = today or timezone.localdate()
    _check_quarter(contract, quarter, today)
    if not contract.parties.filter(provider=provider).exists():
        raise ValidationError({"provider": f"{provider.name} is not a party to this contract"})
    if not contract.kpis.filter(ended_on__isnull=True).exists():
        raise ValidationError("Set the contract's KPIs before asking for a return.")
    if PerformanceReturn.objects.filter(
        contract=contract, provider=provider, year=quarter.year, quarter=quarter.number
    ).exists():
        raise ValidationError({"quarter": f"{provider.name} already has a return for {quarter}"})
    performance_return = PerformanceReturn(
        contract=contract, provider=provider, year=quarter.year, quarter=quarter.number, due_on=quarter.due_on
    )
    performance_return.full_clean()
    audit(performance_return, by=by, reason=f"Return for {quarter} asked for")
    performance_return.save()
    _tell_return_due(performance_return)
    return performance_return


def _tell_return_due(performance_return: PerformanceReturn) -> None:
    contract, quarter = performance_return.contract, performance_return.period
    email_provider(
        provider=performance_return.provider,
        subject=f"Performance return due: {contract.title}, {quarter}",
        body=(
            f"Your performance return for {contract.title} ({contract.reference}) for {quarter} is due by "
            f"{uk_date(performance_return.due_on)}. Please submit it online."
        ),
        link=performance_return.get_absolute_url(),
    )


def returns_open_due(*, today: datetime.date) -> int:
    """Opens the return for the quarter that last ended for each current provider party of each live contract
    with KPIs, where it does not exist yet. Safe to run again: it opens each once. Returns how many."""
    quarter = Quarter.last_ended(today)
    parties = (
        ContractParty.objects.filter(
            provider__isnull=False,
            contract__status__in=LIVE_STATUSES,
            contract__kpis__ended_on__isnull=True,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=quarter.start))
        .filter(Q(contract__start_date__isnull=True) | Q(contract__start_date__lte=quarter.end))
        .values_list("contract_id", "provider_id")
        .distinct()
    )
    wanted = set(parties)
    if not wanted:
        return 0
    existing = set(
        PerformanceReturn.objects.filter(year=quarter.year, quarter=quarter.number).values_list(
            "contract_id", "provider_id"
        )
    )
    rows = [
        PerformanceReturn(
            contract_id=contract_id,
            provider_id=provider_id,
            year=quarter.year,
            quarter=quarter.number,
            due_on=quarter.due_on,
        )
        for contract_id, provider_id in sorted(wanted - existing)
    ]
    with transaction.atomic():
        created = bulk_create_with_history(
            rows, PerformanceReturn, default_change_reason=f"Return for {quarter} asked for (daily check)"
        )
        for performance_return in PerformanceReturn.objects.filter(
            year=quarter.year, quarter=quarter.number, pk__in=[r.pk for r in created if r.pk]
        ).select_related("contract", "provider"):
            _tell_return_due(performance_return)
    return len(rows)


# Submitting ------------------------------------------------------------------------------------------------


def parse_value(raw, kpi: Kpi) -> Decimal:
    text = str(raw if raw is not None else "").strip().replace(",", "").removesuffix("%").removeprefix("£")
    if not text:
        raise ValidationError(f"Enter a value for “{kpi.measure}”")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"The value for “{kpi.measure}” must be a number, like 95 or 12.5") from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise ValidationError(f"The value for “{kpi.measure}” must be a number, like 95 or 12.5")
    if value.as_tuple().exponent < -2:
        raise ValidationError(f"The value for “{kpi.measure}” can have at most 2 decimal places")
    if kpi.unit == Unit.PERCENT and not (0 <= value <= 100):
        raise ValidationError(f"The value for “{kpi.measure}” is a percentage: between 0 and 100")
    if kpi.unit != Unit.PERCENT and value < 0 and kpi.unit in {Unit.HOURS, Unit.DAYS}:
        raise ValidationError(f"The value for “{kpi.measure}” cannot be negative")
    return value


@transaction.atomic
def return_submit(
    *,
    performance_return: PerformanceReturn,
    values: dict[int, dict],
    commentary: str,
    by,
    today: datetime.date | None = None,
) -> PerformanceReturn:
    """The provider submits its return: a value (and optional comment) for every KPI the contract measures.
    `values` maps a KPI's id to {"value": ..., "comment": ...}. The RAG of each value is computed against
    the KPI's target now, and kept with that target."""
    today = today or timezone.localdate()
    performance_return = (
        PerformanceReturn.objects.select_for_update().select_related("provider").get(pk=performance_return.pk)
    )
    require_active(performance_return.provider)  # a deactivated provider's users change nothing
    if not performance_return.is_open:
        raise ValidationError(
            f"This return is {performance_return.get_status_display().lower()}: it cannot be changed now."
        )
    quarter = performance_return.period
    if not quarter.has_ended(today):
        raise ValidationError(
            f"{quarter} ends on {uk_date(quarter.end)}: submit its return once it has ended."
        )
    kpis = list(
        Kpi.objects.filter(contract_id=performance_return.contract_id).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=quarter.end)
        )
    )
    errors = {}
    parsed = {}
    for kpi in kpis:
        entry = values.get(kpi.pk) or {}
        try:
            parsed[kpi.pk] = parse_value(entry.get("value"), kpi)
        except ValidationError as error:
            errors[f"kpi_{kpi.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    performance_return.values.all().delete()
    rows = []
    for kpi in kpis:
        rows.append(
            ReturnValue(
                performance_return=performance_return,
                kpi=kpi,
                value=parsed[kpi.pk],
                comment=str((values.get(kpi.pk) or {}).get("comment") or "").strip(),
                target=kpi.target,
                polarity=kpi.polarity,
                rag=compute_rag(value=parsed[kpi.pk], target=kpi.target, polarity=kpi.polarity),
            )
        )
    bulk_create_with_history(rows, ReturnValue, default_user=by, default_change_reason="Submitted")
    performance_return.rag = max((r.rag for r in rows), key=RAG_ORDER.get, default="")
    performance_return.commentary = (commentary or "").strip()
    performance_return.status = ReturnStatus.SUBMITTED
    performance_return.submitted_at = timezone.now()
    performance_return.submitted_by = by
    performance_return.is_late = today > performance_return.due_on
    missed = sum(1 for r in rows if r.rag == Rag.RED)
    audit(
        performance_return,
        by=by,
        reason="Submitted" + (f": {missed} KPI{'s' if missed != 1 else ''} off target" if missed else ""),
    )
    performance_return.save()
    return performance_return


@transaction.atomic
def return_review(*, performance_return: PerformanceReturn, accept: bool, note: str, by) -> PerformanceReturn:
    """An officer accepts a submitted return, or returns it to the provider for correction with a note."""
    performance_return = PerformanceReturn.objects.select_for_update().get(pk=performance_return.pk)
    if performance_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError(
            f"This return is {performance_return.get_status_display().lower()}: "
            "only a submitted return is reviewed."
        )
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": "Enter what the provider must correct"})
    performance_return.status = ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED
    performance_return.review_note = note
    performance_return.reviewed_by = by
    performance_return.reviewed_at = timezone.now()
    audit(performance_return, by=by, reason="Accepted" if accept else f"Returned for correction: {note}")
    performance_return.save()
    if not accept:
        contract = performance_return.contract
        email_provider(
            provider=performance_return.provider,
            subject=f"Performance return to correct: {contract.title}, {performance_return.period}",
            body=f"Your return for {contract.title} ({contract.reference}) needs correcting:\n\n{note}",
            link=performance_return.get_absolute_url(),
        )
    return performance_return


def returns_remind(*, today: datetime.date) -> int:
    """Emails each provider with a late return (not reminded in the last week), and notes the day. Safe to
    run again the same day: a return reminded today is not reminded again."""
    cutoff = today - datetime.timedelta(days=REMIND_EVERY_DAYS)
    late = (
        PerformanceReturn.objects.late(today)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=cutoff))
        .select_related("contract", "provider")
    )
    count = 0
    for performance_return in late:
        with transaction.atomic():
            contract = performance_return.contract
            email_provider(
                provider=performance_return.provider,
                subject=(
                    f"Reminder: performance return overdue: {contract.title}, {performance_return.period}"
                ),
                body=(
                    f"Your performance return for {contract.title} ({contract.reference}) for "
                    f"{performance_return.period} was due by {uk_date(performance_return.due_on)}. "
                    "Please submit it now."
                ),
                link=performance_return.get_absolute_url(),
            )
            PerformanceReturn.objects.filter(pk=performance_return.pk).update(reminded_on=today)
            count += 1
    return count
