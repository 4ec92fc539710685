"""Writes to the funding records. Each is one transaction, validates with full_clean(), locks the round
whose total it must respect, and leaves a history record saying who did it and why.

The rules: a round's money that is offered, accepted or paid to providers, retained by the council or
returned to the funder never exceeds the round's allocation; a return never claims more than was paid;
refused money is either redistributed to another provider or returned to the funder, and the ledger says
which. Only finance officers call these (the views check MANAGE_FUNDING_MONEY), except return_submit,
which a provider's own user calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum

from commissioning.providers.models import Provider, require_active
from portal.email import absolute_url, send_email
from portal.templatetags.govuk import money as pounds
from portal.timefmt import govuk_date

from ..models import (
    ACTIVE_STATUSES,
    ZERO,
    AllocationStatus,
    LedgerEntry,
    LedgerKind,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    ReturnLine,
    ReturnStatus,
    Round,
    Rule,
)
from .agreements import (  # noqa: F401  (re-exported: views call services.<name>)
    AGREEMENT_FIELDS,
    SERVICE_FIELDS,
    agreement_create,
    agreement_delete,
    agreement_removal_refusal,
    agreement_update,
    service_create,
    service_delete,
    service_update,
)
from .common import _locked_round, _save
from .records import (  # noqa: F401  (the set-up writes, re-exported: views call services.<name>)
    BASIS_FIELDS,
    BCF_SCHEME_FIELDS,
    FUNDER_FIELDS,
    RESERVED_SLUGS,
    STREAM_FIELDS,
    _stream_values,
    _unique_scheme_id,
    _unique_stream_name,
    basis_create,
    basis_delete,
    basis_removal_refusal,
    basis_update,
    bcf_scheme_create,
    bcf_scheme_delete,
    bcf_scheme_update,
    funder_create,
    funder_delete,
    funder_removal_refusal,
    funder_update,
    round_delete,
    round_removal_refusal,
    stream_create,
    stream_delete,
    stream_removal_refusal,
    stream_update,
)

PENNY = Decimal("0.01")
POUND = Decimal("1")


def round_available(round_: Round) -> Decimal:
    """The round's allocation less what is offered/accepted/paid, retained, or returned to the funder."""
    return round_.allocation - round_accounted(round_)


def round_accounted(round_: Round) -> Decimal:
    """What is offered/accepted/paid to providers, retained, or returned to the funder."""
    committed = (
        ProviderAllocation.objects.filter(round=round_, status__in=ACTIVE_STATUSES).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    spent_elsewhere = (
        LedgerEntry.objects.filter(
            round=round_, kind__in=[LedgerKind.RETAINED, LedgerKind.RETURNED_TO_FUNDER]
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return committed + spent_elsewhere


def _check_within_round(round_: Round, extra: Decimal) -> None:
    available = round_available(round_)
    if extra > available:
        raise ValidationError(
            {
                "amount": (
                    f"This would take {round_.stream.name}, {round_.name} past its allocation of "
                    f"{pounds(round_.allocation)}: only {pounds(available)} is left to allocate"
                )
            }
        )


@transaction.atomic
def allocation_create(
    *, round: Round, provider: Provider, amount: Decimal, basis: str, by, reason: str, offered_on: date
) -> ProviderAllocation:
    round_ = _locked_round(round)
    if ProviderAllocation.objects.filter(round=round_, provider=provider).exists():
        raise ValidationError({"provider": f"{provider.name} already has an allocation from this round"})
    _check_within_round(round_, amount)
    allocation = ProviderAllocation(
        round=round_, provider=provider, amount=amount, basis=basis, offered_on=offered_on
    )
    _save(allocation, by=by, reason=reason or "Allocation offered")
    return allocation


@transaction.atomic
def allocation_change_amount(*, allocation: ProviderAllocation, amount: Decimal, by, reason: str):
    round_ = _locked_round(allocation.round)
    allocation = ProviderAllocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status not in (AllocationStatus.OFFERED, AllocationStatus.ACCEPTED):
        raise ValidationError({"amount": "Only an offered or accepted allocation's amount can change"})
    most = allocation.amount + round_available(round_)
    if amount > most:
        raise ValidationError(
            {
                "amount": (
                    f"This would take {round_.stream.name}, {round_.name} past its allocation of "
                    f"{pounds(round_.allocation)}: this allocation can be at most {pounds(most)}"
                )
            }
        )
    allocation.amount = amount
    _save(allocation, by=by, reason=f"Amount changed: {reason}")
    return allocation


# Which status may follow which (paid money comes back only through a return's reclaim).
TRANSITIONS = {
    AllocationStatus.OFFERED: {AllocationStatus.ACCEPTED, AllocationStatus.REFUSED, AllocationStatus.PAID},
    AllocationStatus.ACCEPTED: {AllocationStatus.REFUSED, AllocationStatus.PAID},
    AllocationStatus.REFUSED: set(),
    AllocationStatus.PAID: set(),
    AllocationStatus.RETURNED: set(),
}


@transaction.atomic
def allocation_set_status(
    *,
    allocation: ProviderAllocation,
    status: str,
    by,
    reason: str,
    paid_on: date | None = None,
    today: date | None = None,
) -> ProviderAllocation:
    """Finance records what happened to an offer: accepted or refused (for a provider that told them
    outside the portal), or paid, on a date no later than today."""
    from django.utils import timezone

    today = today or timezone.localdate()
    _locked_round(allocation.round)
    allocation = ProviderAllocation.objects.select_for_update().get(pk=allocation.pk)
    if status not in TRANSITIONS[allocation.status]:
        raise ValidationError(
            {
                "status": (
                    f"An allocation that is {allocation.get_status_display().lower()} cannot become "
                    f"{AllocationStatus(status).label.lower()}"
                )
            }
        )
    if status == AllocationStatus.PAID:
        if paid_on is None:
            raise ValidationError({"paid_on": "Enter the payment date"})
        if paid_on > today:
            raise ValidationError({"paid_on": "The payment date must be today or in the past"})
        if allocation.offered_on and paid_on < allocation.offered_on:
            offered = govuk_date(allocation.offered_on)
            raise ValidationError({"paid_on": f"The payment date must be on or after the offer, {offered}"})
        allocation.paid_on = paid_on
    allocation.status = status
    _save(allocation, by=by, reason=f"{AllocationStatus(status).label}: {reason}")
    return allocation


def finance_addresses() -> list[str]:
    """Who hears of a provider's answer: the finance team's mailbox (FUNDING_FINANCE_EMAIL) and every
    active finance officer."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from portal.permissions import Role

    users = get_user_model().objects.filter(is_active=True, groups__name=Role.FINANCE_OFFICER.label)
    addresses = list(users.exclude(email="").values_list("email", flat=True))
    return [settings.FUNDING_FINANCE_EMAIL, *addresses] if settings.FUNDING_FINANCE_EMAIL else addresses


@transaction.atomic
def allocation_respond(
    *, allocation: ProviderAllocation, accept: bool, by, reason: str = ""
) -> ProviderAllocation:
    """A provider's own user accepts or refuses an offered allocation. The finance team is told by email
    once it is recorded; refused money is then theirs to redistribute or return."""
    _locked_round(allocation.round)
    allocation = (
        ProviderAllocation.objects.select_for_update()
        .select_related("provider", "round__stream")
        .get(pk=allocation.pk)
    )
    if not ProviderAllocation.objects.own(by).filter(pk=allocation.pk).exists():
        raise ValidationError("Only the provider's own users can accept or refuse its allocation")
    require_active(allocation.provider)
    if allocation.status != AllocationStatus.OFFERED:
        raise ValidationError(
            f"This allocation is {allocation.get_status_display().lower()}: "
            "it can no longer be accepted or refused"
        )
    if not accept and not reason.strip():
        raise ValidationError({"reason": "Enter why you are refusing the money"})
    allocation.status = AllocationStatus.ACCEPTED if accept else AllocationStatus.REFUSED
    answer = "Accepted" if accept else "Refused"
    said = f"{answer} by {allocation.provider.name}" + (f": {reason.strip()}" if reason.strip() else "")
    _save(allocation, by=by, reason=said)
    round_ = allocation.round
    send_email(
        to=finance_addresses(),
        subject=f"{allocation.provider.name} {answer.lower()} {pounds(allocation.amount)} from "
        f"{round_.stream.name}, {round_.name}",
        body=(
            f"{allocation.provider.name} {answer.lower()} the {pounds(allocation.amount)} offered to it from "
            f"{round_.stream.name}, {round_.name}, online.\n\n"
            + (f"Their reason: {reason.strip()}\n\n" if reason.strip() else "")
            + ("" if accept else "Redistribute the refused money or return it to the funder.\n\n")
            + f"The allocation: {absolute_url(allocation.get_absolute_url())}"
        ),
    )
    return allocation


def refused_left(allocation: ProviderAllocation) -> Decimal:
    """Refused money not yet redistributed or returned to the funder."""
    moved = (
        allocation.ledger_out.filter(
            kind__in=[LedgerKind.REDISTRIBUTED, LedgerKind.RETURNED_TO_FUNDER]
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return allocation.amount - moved


@transaction.atomic
def refused_money_redistribute(
    *, allocation: ProviderAllocation, to_provider: Provider, amount: Decimal, by, reason: str, today: date
) -> LedgerEntry:
    """Part or all of a refused allocation goes to another provider: its allocation from the same round
    grows (or is offered), and the ledger records the move."""
    round_ = _locked_round(allocation.round)
    allocation = ProviderAllocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status != AllocationStatus.REFUSED:
        raise ValidationError("Only refused money can be redistributed")
    if to_provider.pk == allocation.provider_id:
        raise ValidationError({"to_provider": "Choose a different provider from the one that refused"})
    if amount > refused_left(allocation):
        raise ValidationError(
            {"amount": f"Only {pounds(refused_left(allocation))} of the refused money is left to place"}
        )
    target = ProviderAllocation.objects.select_for_update().filter(round=round_, provider=to_provider).first()
    if target is None:
        target = ProviderAllocation(
            round=round_, provider=to_provider, amount=amount, basis="Redistributed", offered_on=today
        )
    elif target.status in ACTIVE_STATUSES and target.status != AllocationStatus.PAID:
        target.amount += amount
    else:
        raise ValidationError(
            {"to_provider": f"{to_provider.name}'s allocation is {target.get_status_display().lower()}"}
        )
    _save(target, by=by, reason=f"Redistributed from {allocation.provider.name}: {reason}")
    entry = LedgerEntry(
        round=round_,
        kind=LedgerKind.REDISTRIBUTED,
        amount=amount,
        from_allocation=allocation,
        to_allocation=target,
        note=reason,
        recorded_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def refused_money_return(*, allocation: ProviderAllocation, amount: Decimal, by, reason: str) -> LedgerEntry:
    _locked_round(allocation.round)
    allocation = ProviderAllocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status != AllocationStatus.REFUSED:
        raise ValidationError("Only refused money can be returned to the funder from here")
    if amount > refused_left(allocation):
        raise ValidationError(
            {"amount": f"Only {pounds(refused_left(allocation))} of the refused money is left to place"}
        )
    entry = LedgerEntry(
        round=allocation.round,
        kind=LedgerKind.RETURNED_TO_FUNDER,
        amount=amount,
        from_allocation=allocation,
        note=reason,
        recorded_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def round_retain(*, round: Round, amount: Decimal, by, reason: str) -> LedgerEntry:
    """Money the council keeps to spend itself (e.g. a quarter of the Workforce Capacity Grant)."""
    round_ = _locked_round(round)
    _check_within_round(round_, amount)
    entry = LedgerEntry(round=round_, kind=LedgerKind.RETAINED, amount=amount, note=reason, recorded_by=by)
    entry.full_clean()
    entry.save()
    return entry


ROUND_FIELDS = [
    "name",
    "period",
    "starts_on",
    "ends_on",
    "allocation",
    "is_estimate",
    "received_on",
    "spend_by",
    "passport_by",
    "returns_due",
    "status",
    "rule",
    "rate",
    "service_user_rate",
    "enhanced_rate",
]


@transaction.atomic
def round_create(*, stream, data: dict, by, reason: str) -> Round:
    round_ = Round(stream=stream, **{field: data.get(field) for field in ROUND_FIELDS})
    round_.position = (stream.rounds.aggregate(top=Max("position"))["top"] or 0) + 1
    _save(round_, by=by, reason=reason or "Round added")
    return round_


@transaction.atomic
def round_update(*, round: Round, data: dict, by, reason: str) -> Round:
    """Change a round's details; its allocation cannot drop below what is already accounted for."""
    round_ = _locked_round(round)
    for field in ROUND_FIELDS:
        if field in data:
            setattr(round_, field, data[field])
    accounted = round_accounted(round_)
    if round_.allocation < accounted:
        raise ValidationError(
            {
                "allocation": (
                    f"{pounds(accounted)} of this round is already allocated, retained or returned: "
                    "the allocation cannot be less"
                )
            }
        )
    _save(round_, by=by, reason=reason)
    return round_


# Returns ---------------------------------------------------------------------------------------------


@transaction.atomic
def return_submit(
    *,
    allocation: ProviderAllocation,
    spend: dict[str, Decimal],
    unspent: Decimal,
    notes: str,
    by,
    today: date,
) -> ProviderReturn:
    """The provider's financial pro-forma. Refused when it accounts for more than was paid."""
    allocation = (
        ProviderAllocation.objects.select_for_update()
        .select_related("round", "provider")
        .get(pk=allocation.pk)
    )
    require_active(allocation.provider)
    if allocation.status != AllocationStatus.PAID:
        raise ValidationError("A return can only be made for money that has been paid")
    if ProviderReturn.objects.filter(allocation=allocation).exists():
        raise ValidationError("A return has already been submitted for this allocation")
    spent = sum(spend.values(), ZERO)
    if spent + unspent > allocation.amount:
        raise ValidationError(
            f"The return accounts for {pounds(spent + unspent)} but {pounds(allocation.amount)} was paid: "
            "check the figures"
        )
    if spent + unspent < allocation.amount:
        raise ValidationError(
            f"The return accounts for {pounds(spent + unspent)} of the {pounds(allocation.amount)} paid: "
            "add what is unspent"
        )
    due = allocation.round.returns_due
    provider_return = ProviderReturn(
        allocation=allocation,
        unspent=unspent,
        submitted_on=today,
        submitted_by=by,
        is_late=bool(due and today > due),
        notes=notes,
    )
    _save(provider_return, by=by, reason="Return submitted" + (" late" if provider_return.is_late else ""))
    for category, amount in spend.items():
        if amount:
            line = ReturnLine(provider_return=provider_return, category=category, amount=amount)
            _save(line, by=by, reason="Return submitted")
    return provider_return


@transaction.atomic
def return_reclaim(*, provider_return: ProviderReturn, by, reason: str) -> LedgerEntry:
    """Reclaim the unspent money a return declares; it goes back to the funder (briefing 4.3)."""
    provider_return = (
        ProviderReturn.objects.select_for_update().select_related("allocation").get(pk=provider_return.pk)
    )
    allocation = provider_return.allocation
    if provider_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("This return's unspent money has already been dealt with")
    if provider_return.unspent <= 0:
        raise ValidationError("This return declares nothing unspent")
    entry = LedgerEntry(
        round=allocation.round,
        kind=LedgerKind.RECLAIMED,
        amount=provider_return.unspent,
        from_allocation=allocation,
        note=reason,
        recorded_by=by,
    )
    entry.full_clean()
    entry.save()
    provider_return.status = ReturnStatus.RECLAIMED
    _save(provider_return, by=by, reason=f"Unspent {pounds(provider_return.unspent)} reclaimed: {reason}")
    if provider_return.unspent == allocation.amount:
        allocation.status = AllocationStatus.RETURNED
        _save(allocation, by=by, reason="All of the money returned unspent")
    return entry


# The calculator -------------------------------------------------------------------------------------


@dataclass
class Proposal:
    provider: Provider
    basis: ProviderBasis
    units: str
    amount: Decimal


def _units(round_: Round, basis: ProviderBasis) -> tuple[Decimal, str]:
    """(the figure the rule shares by, how to say it)."""
    if round_.rule == Rule.PER_BED:
        return Decimal(basis.beds), f"{basis.beds} beds"
    if round_.rule == Rule.PER_SERVICE_USER:
        return Decimal(basis.service_users), f"{basis.service_users} service users"
    if round_.rule == Rule.PER_BED_AND_SERVICE_USER:
        parts = []
        if basis.beds:
            parts.append(f"{basis.beds} beds")
        if basis.service_users:
            parts.append(f"{basis.service_users} service users")
        return Decimal(basis.beds + basis.service_users), " and ".join(parts) or "none"
    if round_.rule == Rule.INCENTIVE:
        return (
            Decimal(basis.new_packages + basis.hard_to_serve_packages),
            f"{basis.new_packages} new packages and {basis.hard_to_serve_packages} in hard to serve areas",
        )
    return ZERO, "Discretionary"


def _at_rates(round_: Round, basis: ProviderBasis) -> Decimal | None:
    """The amount at the round's fixed rates, or None when the round shares its total pro rata."""
    if round_.rule == Rule.INCENTIVE and round_.rate:
        enhanced = round_.enhanced_rate or round_.rate
        return basis.new_packages * round_.rate + basis.hard_to_serve_packages * enhanced
    if round_.rule == Rule.PER_BED and round_.rate:
        return basis.beds * round_.rate
    if round_.rule == Rule.PER_SERVICE_USER and round_.rate:
        return basis.service_users * round_.rate
    if round_.rule == Rule.PER_BED_AND_SERVICE_USER and round_.rate:
        return basis.beds * round_.rate + basis.service_users * (round_.service_user_rate or round_.rate)
    return None


def calculator_proposals(round_: Round) -> tuple[list[Proposal], Decimal]:
    """Each provider with a basis in this round and no allocation yet, with a proposed amount: at the
    round's rates when it has them, else a pro-rata share of what is left; never more in all than what
    is left (then every amount is scaled down, to whole pounds). Returns (proposals, what is left)."""
    available = round_available(round_)
    taken = set(ProviderAllocation.objects.filter(round=round_).values_list("provider_id", flat=True))
    bases = [
        b
        for b in round_.bases.select_related("provider").order_by("provider__name")
        if b.provider_id not in taken
    ]
    units = {b.pk: _units(round_, b) for b in bases}
    fixed = {b.pk: _at_rates(round_, b) for b in bases}
    if all(value is not None for value in fixed.values()):
        amounts = dict(fixed)
    else:
        total_units = sum((u for u, _ in units.values()), ZERO)
        amounts = {b.pk: (available * units[b.pk][0] / total_units) if total_units else ZERO for b in bases}
    wanted = sum(amounts.values(), ZERO)
    if wanted > available and wanted > 0:
        amounts = {pk: amount * available / wanted for pk, amount in amounts.items()}
    proposals = [
        Proposal(
            provider=b.provider,
            basis=b,
            units=units[b.pk][1],
            amount=max(ZERO, amounts[b.pk].quantize(POUND, rounding=ROUND_FLOOR)),
        )
        for b in bases
    ]
    return proposals, available


@transaction.atomic
def calculator_approve(
    *, round: Round, amounts: dict[int, tuple[Decimal, str]], by, reason: str, today: date
) -> list[ProviderAllocation]:
    """Offer every proposed allocation (provider id -> (amount, basis)) in one step: all or none."""
    round_ = _locked_round(round)
    wanted = {pk: value for pk, value in amounts.items() if value[0] > 0}
    if not wanted:
        raise ValidationError("Enter at least one amount above £0")
    providers = Provider.objects.in_bulk(list(wanted))
    if ProviderAllocation.objects.filter(round=round_, provider_id__in=wanted).exists():
        raise ValidationError("Some of these providers already have an allocation: reload the calculator")
    total = sum((amount for amount, _ in wanted.values()), ZERO)
    _check_within_round(round_, total)
    made = []
    for provider_id, (amount, basis) in wanted.items():
        allocation = ProviderAllocation(
            round=round_, provider=providers[provider_id], amount=amount, basis=basis[:200], offered_on=today
        )
        _save(allocation, by=by, reason=f"Calculator: {reason}")
        made.append(allocation)
    return made
