"""Writes to the contracts register: contracts, their parties, decisions on their terms, the work programme
link, and the daily status refresh."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    LIVE_STATUSES,
    Contract,
    ContractDecision,
    ContractParty,
    ContractStatus,
    DecisionKind,
    ReferenceCounter,
    add_months,
)
from .common import audit, uk_date

# The fields a contract's form sets (the reference, status bookkeeping and links are the services').
CONTRACT_FIELDS = [
    "title",
    "description",
    "service_type",
    "department",
    "partners",
    "start_date",
    "initial_end_date",
    "extension_count",
    "extension_months",
    "maximum_term_months",
    "annual_value",
    "total_value",
    "irrecoverable_vat",
    "people_served",
    "people_served_note",
    "procurement_route",
    "approving_report",
    "approval_note",
    "purchasing_system",
    "source_notes",
]
PARTY_FIELDS = [
    "provider",
    "supplier_name",
    "registration_number",
    "role",
    "lot",
    "sme",
    "vcse",
    "joined_on",
]


def _next_reference(year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"CON-{year}-{counter.last:04d}"


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().get(pk=contract.pk)


def check_status(contract: Contract, status: str, today: datetime.date) -> None:
    """The status an officer gives must agree with the dates (the dates are the facts)."""
    start, end = contract.start_date, contract.end_date
    if status == ContractStatus.PIPELINE and start and start <= today:
        raise ValidationError(
            {
                "status": f"A contract that started on {uk_date(start)} is not in the pipeline: "
                "choose live or ended"
            }
        )
    if status in LIVE_STATUSES and start and start > today:
        raise ValidationError(
            {"status": f"The contract starts on {uk_date(start)}: until then it is in the pipeline"}
        )
    if status in LIVE_STATUSES and end and end < today:
        raise ValidationError(
            {"status": f"The contract's term ended on {uk_date(end)}: it is ended, not live"}
        )
    if status == ContractStatus.ENDED and end and end >= today:
        raise ValidationError(
            {
                "status": f"The contract runs to {uk_date(end)}. To end it sooner, record a decision "
                "to end it with its reason"
            }
        )
    if status == ContractStatus.EXTENDED and not (
        contract.pk and contract.decisions.filter(kind=DecisionKind.EXTEND).exists()
    ):
        raise ValidationError(
            {"status": "A contract is in extension only once an extension decision is recorded"}
        )


@transaction.atomic
def contract_create(*, data: dict, status: str, by, today: datetime.date | None = None) -> Contract:
    today = today or timezone.localdate()
    contract = Contract(**{field: data[field] for field in CONTRACT_FIELDS if field in data})
    contract.end_date = data.get("end_date") or contract.initial_end_date
    contract.full_clean(exclude=["reference"])
    check_status(contract, status, today)
    contract.status = status
    contract.reference = _next_reference(today.year)
    audit(contract, by=by, reason="Added to the contracts register")
    contract.save()
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, data: dict, status: str, reason: str, by, today=None) -> Contract:
    """Corrects a contract's details. The reason is kept in its history."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter what you changed and why: it is kept in the history"})
    contract = _lock(contract)
    for field in CONTRACT_FIELDS:
        if field in data:
            setattr(contract, field, data[field])
    if "end_date" in data:
        contract.end_date = data["end_date"] or contract.initial_end_date
    contract.full_clean(exclude=["reference"])
    check_status(contract, status, today)
    contract.status = status
    audit(contract, by=by, reason=f"Corrected: {reason}")
    contract.save()
    return contract


# Parties ---------------------------------------------------------------------------------------------------


@transaction.atomic
def party_add(*, contract: Contract, data: dict, by) -> ContractParty:
    party = ContractParty(contract=contract, **{f: data[f] for f in PARTY_FIELDS if f in data})
    if party.provider_id:
        party.supplier_name = ""
        party.registration_number = ""
    party.full_clean()
    audit(party, by=by, reason="Added to the contract")
    party.save()
    if party.provider_id:
        from .common import quality_record

        quality_record(party.provider)
    return party


@transaction.atomic
def party_update(*, party: ContractParty, data: dict, by) -> ContractParty:
    party = ContractParty.objects.select_for_update().get(pk=party.pk)
    for field in PARTY_FIELDS:
        if field in data and field != "provider":
            setattr(party, field, data[field])
    party.full_clean()
    audit(party, by=by, reason="Corrected")
    party.save()
    return party


@transaction.atomic
def party_end(*, party: ContractParty, left_on: datetime.date, reason: str, by) -> ContractParty:
    party = ContractParty.objects.select_for_update().get(pk=party.pk)
    reason = (reason or "").strip()
    if party.left_on:
        raise ValidationError(f"{party.name} left the contract on {uk_date(party.left_on)}.")
    if not reason:
        raise ValidationError({"reason": "Enter why the party leaves the contract"})
    if party.joined_on and left_on < party.joined_on:
        raise ValidationError({"left_on": "The date it leaves must be on or after the date it joined"})
    party.left_on = left_on
    audit(party, by=by, reason=f"Left the contract on {uk_date(left_on)}: {reason}")
    party.save()
    return party


# Decisions -------------------------------------------------------------------------------------------------


def extensions_taken(contract: Contract) -> int:
    return contract.decisions.filter(kind=DecisionKind.EXTEND).count()


@transaction.atomic
def decision_record(
    *,
    contract: Contract,
    kind: str,
    decided_on: datetime.date,
    approver: str,
    reason: str,
    by,
    approving_report=None,
    extension_months: int | None = None,
    end_date: datetime.date | None = None,
    today: datetime.date | None = None,
    is_demo: bool = False,
) -> ContractDecision:
    """Records a decision on the contract's term, with its reason and approver, and applies it:
    an extension moves the end of the term; an end sets the date it ends; a recommission lets the term run
    out and starts a successor contract in the pipeline."""
    today = today or timezone.localdate()
    contract = _lock(contract)
    errors = {}
    if not (approver or "").strip():
        errors["approver"] = "Enter who approved the decision"
    if not (reason or "").strip():
        errors["reason"] = "Enter the reason for the decision"
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision"
    elif decided_on > today:
        errors["decided_on"] = "The date of the decision must be today or in the past"
    if errors:
        raise ValidationError(errors)
    if contract.status not in LIVE_STATUSES and not (
        kind == DecisionKind.END and contract.status == ContractStatus.PIPELINE
    ):
        raise ValidationError(
            f"The contract is {contract.get_status_display().lower()}: a decision on its term is recorded "
            "only while it is live."
        )
    decision = ContractDecision(
        contract=contract,
        kind=kind,
        decided_on=decided_on,
        approver=approver.strip(),
        reason=reason.strip(),
        approving_report=approving_report,
        previous_end_date=contract.end_date,
        work_programme_item=contract.work_programme_item,
        recorded_by=by,
        is_demo=is_demo,
    )
    if kind == DecisionKind.EXTEND:
        _apply_extension(contract, decision, extension_months)
        change = f"Extended by {extension_months} months to {uk_date(contract.end_date)}"
    elif kind == DecisionKind.END:
        _apply_end(contract, decision, end_date, today)
        change = f"To end on {uk_date(contract.end_date)}"
    elif kind == DecisionKind.RECOMMISSION:
        if contract.end_date is None:
            raise ValidationError("Enter the contract's end date before recording a recommission.")
        contract.end_decision = DecisionKind.RECOMMISSION
        change = f"To be recommissioned when the term ends on {uk_date(contract.end_date)}"
    else:
        raise ValidationError({"kind": "Choose the decision"})
    decision.full_clean(exclude=["recorded_by", "successor", "work_programme_item"])
    decision.save()
    if kind == DecisionKind.RECOMMISSION:
        decision.successor = _successor(contract, by=by, today=today)
        decision.save(update_fields=["successor"])
    contract.work_programme_item = None
    audit(contract, by=by, reason=f"Decision: {change}. Approved by {decision.approver}: {decision.reason}")
    contract.save()
    return decision


def _apply_extension(contract: Contract, decision: ContractDecision, months: int | None) -> None:
    if contract.end_date is None:
        raise ValidationError("The contract has no end date, so it cannot be extended.")
    if not contract.extension_count:
        raise ValidationError("The contract has no extension options.")
    taken = extensions_taken(contract)
    if taken >= contract.extension_count:
        raise ValidationError(
            f"Every extension option is taken ({taken} of {contract.extension_count}): the contract "
            "cannot be extended again. Record a decision to end or recommission it."
        )
    if not months:
        raise ValidationError({"extension_months": "Enter the length of the extension in months"})
    if months > contract.extension_months:
        raise ValidationError(
            {
                "extension_months": f"An extension can be at most {contract.extension_months} months, "
                "the option's length"
            }
        )
    new_end = add_months(contract.end_date, months)
    maximum = contract.maximum_end_date
    if maximum and new_end > maximum:
        raise ValidationError(
            {
                "extension_months": f"The extension would run to {uk_date(new_end)}, "
                f"past {uk_date(maximum)}, the latest the contract's options allow"
            }
        )
    decision.extension_months = months
    decision.new_end_date = new_end
    contract.end_date = new_end
    contract.status = ContractStatus.EXTENDED
    contract.end_decision = ""


def _apply_end(contract: Contract, decision: ContractDecision, end_date, today) -> None:
    if end_date is None:
        raise ValidationError({"end_date": "Enter the date the contract ends"})
    if contract.start_date and end_date < contract.start_date:
        raise ValidationError(
            {"end_date": f"The end date must be on or after the start date, {uk_date(contract.start_date)}"}
        )
    if contract.end_date and end_date > contract.end_date:
        raise ValidationError(
            {
                "end_date": f"The contract's term ends on {uk_date(contract.end_date)}: it cannot end later "
                "without an extension"
            }
        )
    decision.new_end_date = end_date
    contract.end_date = end_date
    contract.end_decision = DecisionKind.END
    if end_date < today or contract.status == ContractStatus.PIPELINE:
        contract.status = ContractStatus.ENDED


def _successor(contract: Contract, *, by, today) -> Contract:
    successor = Contract(
        title=f"{contract.title} (recommissioned)"[:200],
        description=contract.description,
        service_type=contract.service_type,
        department=contract.department,
        partners=list(contract.partners),
        status=ContractStatus.PIPELINE,
        source_notes=f"Recommissioned from {contract.reference}.",
        is_demo=contract.is_demo,
    )
    successor.reference = _next_reference(today.year)
    audit(successor, by=by, reason=f"Added to the pipeline: recommissioning {contract.reference}")
    successor.save()
    return successor


@transaction.atomic
def decision_correct(*, decision: ContractDecision, approver: str, reason: str, approving_report, by):
    """Corrects the words of a recorded decision (who approved it, why, the report); what it did to the
    contract's dates stands."""
    decision = ContractDecision.objects.select_for_update().get(pk=decision.pk)
    errors = {}
    if not (approver or "").strip():
        errors["approver"] = "Enter who approved the decision"
    if not (reason or "").strip():
        errors["reason"] = "Enter the reason for the decision"
    if errors:
        raise ValidationError(errors)
    decision.approver, decision.reason, decision.approving_report = (
        approver.strip(),
        reason.strip(),
        approving_report,
    )
    audit(decision, by=by, reason="Corrected")
    decision.save()
    return decision


# The committee's work programme ----------------------------------------------------------------------------


def decision_title(contract: Contract) -> str:
    return f"{contract.title}: decision on the contract ending {uk_date(contract.end_date)}"[:300]


def decision_purpose(contract: Contract) -> str:
    options = "extend it, end it or recommission the service"
    if contract.extension_count:
        left = contract.extension_count - extensions_taken(contract)
        options = (
            f"take one of its {left} remaining extension options of {contract.extension_months} months, "
            "end it or recommission the service"
            if left > 0
            else "end it or recommission the service (its extension options are all taken)"
        )
    return (
        f"To decide whether to {options}. Contract {contract.reference} ends on {uk_date(contract.end_date)}."
    )


def work_programme_refusal(contract: Contract) -> str:
    """Why the contract's decision cannot go on a work programme now ("" when it can)."""
    if contract.status not in LIVE_STATUSES or contract.end_decision:
        return "The contract needs no decision on its term: it is not live, or one is recorded."
    if contract.end_date is None:
        return "Enter the contract's end date first: the decision is about its end."
    if contract.work_programme_item_id:
        item = contract.work_programme_item
        return f"The decision is already on the {item.committee.name} work programme (“{item.title}”)."
    return ""


@transaction.atomic
def work_programme_add(
    *, contract: Contract, committee, meeting_date, title: str, purpose: str, lead_officer: str, by
):
    """Adds the decision the contract needs to a committee's work programme, in one step, and links the
    contract to the item (the work programme shows the link back)."""
    from committees.models import WorkProgrammeItem
    from committees.services import record_save

    contract = _lock(contract)
    refusal = work_programme_refusal(contract)
    if refusal:
        raise ValidationError(refusal)
    item = WorkProgrammeItem(
        committee=committee,
        meeting_date=meeting_date,
        title=(title or "").strip() or decision_title(contract),
        purpose=(purpose or "").strip() or decision_purpose(contract),
        decision_or_note=WorkProgrammeItem.For.DECISION,
        lead_officer=(lead_officer or "").strip(),
    )
    record_save(record=item, by=by, reason=f"Added from contract {contract.reference}")
    contract.work_programme_item = item
    audit(contract, by=by, reason=f"Decision added to the {committee.name} work programme")
    contract.save()
    return item


# The daily refresh -----------------------------------------------------------------------------------------


def contracts_refresh_status(*, today: datetime.date) -> dict[str, int]:
    """Pipeline contracts whose start date has come are live; live contracts whose term has ended are
    ended. Each change is saved with its history, one contract at a time."""
    started = ended = 0
    for contract in Contract.objects.filter(status=ContractStatus.PIPELINE, start_date__lte=today).exclude(
        end_date__lt=today
    ):
        with transaction.atomic():
            contract = _lock(contract)
            contract.status = ContractStatus.LIVE
            audit(contract, by=None, reason=f"Started on {uk_date(contract.start_date)}")
            contract.save()
            started += 1
    for contract in Contract.objects.filter(
        status__in=[*LIVE_STATUSES, ContractStatus.PIPELINE], end_date__lt=today
    ):
        with transaction.atomic():
            contract = _lock(contract)
            contract.status = ContractStatus.ENDED
            audit(contract, by=None, reason=f"Term ended on {uk_date(contract.end_date)}")
            contract.save()
            ended += 1
    return {"started": started, "ended": ended}
