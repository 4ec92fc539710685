"""The contracts register for staff: the list with its filters, a contract's page, adding and correcting a
contract, a decision on its term (with a confirmation) and putting that decision on a committee's work
programme in one step. Commissioners and contracts and quality officers change; finance officers read;
a provider's users see their own organisation's contracts (ADR 034)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.timefmt import govuk_date

from .. import queries
from ..filters import ContractFilter
from ..forms import ContractForm, DecisionForm, PartyEndForm, PartyForm, WorkProgrammeForm
from ..models import Contract, ContractStatus, DecisionKind
from ..services import contracts as services
from ..tables import ContractTable, DecisionTable, PartyTable, PlacementTable

NOT_GIVEN_IN_SOURCES = "Not given in the source documents"


@permission_required(perms.VIEW_CONTRACTS, raise_exception=True)
def contract_list(request):
    today = timezone.localdate()
    contract_filter = ContractFilter(request.GET, queryset=queries.register(request.user))
    table = ContractTable(contract_filter.qs, today=today)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    needing = Contract.objects.visible_to(request.user).needing_decision(today).count()
    return render(
        request,
        "contracts/contracts/list.html",
        {
            "filter": contract_filter,
            "table": table,
            "needing_decision": needing,
            "can_manage": request.user.has_perm(perms.MANAGE_CONTRACTS),
        },
    )


def contract_detail(request, reference):
    contract = queries.get_contract_for_user(request.user, reference)
    today = timezone.localdate()
    staff = request.user.has_perm(perms.VIEW_CONTRACTS)
    parties = queries.parties_of(contract)
    decisions = queries.decisions_of(contract)
    can_manage = request.user.has_perm(perms.MANAGE_CONTRACTS)
    party_table = PartyTable(parties, provider_links=staff, can_manage=can_manage)
    party_table.caption = f"Suppliers to {contract.title}"
    decision_table = DecisionTable(decisions)
    context = {
        "contract": contract,
        "not_given": NOT_GIVEN_IN_SOURCES,
        "staff": staff,
        "can_manage": can_manage,
        "parties": party_table,
        "decisions": decision_table,
        "extensions_taken": queries.extensions_taken(decisions),
        "needs_decision": contract.needs_decision(today),
        "placements": PlacementTable(queries.placements_of(contract, request.user))
        if contract.purchasing_system_id
        else None,
        "history": queries.contract_history(contract) if staff else None,
    }
    return render(request, "contracts/contracts/detail.html", context)


# Adding and correcting ----------------------------------------------------------------------------------


def initial_for(contract: Contract) -> dict:
    initial = {field: getattr(contract, field) for field in services.CONTRACT_FIELDS}
    initial["partners"] = "\n".join(contract.partners)
    report = contract.approving_report
    initial["report_reference"] = (
        report.references.values_list("reference", flat=True).first() if report else ""
    )
    initial["end_date"] = contract.end_date
    initial["status"] = contract.status
    return initial


def form_data(form) -> dict:
    skipped = ("status", "reason", "report_reference")
    return {name: value for name, value in form.cleaned_data.items() if name not in skipped}


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def contract_create(request):
    form = ContractForm(request.POST or None, initial={"status": ContractStatus.LIVE})
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                data=form_data(form), status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{contract.title} is added to the register as {contract.reference}.")
            return redirect(contract)
    return render(
        request,
        "contracts/contracts/form.html",
        {"form": form, "contract": None, "back_url": reverse("contracts:list")},
        status=400 if form.errors else 200,
    )


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def contract_edit(request, reference):
    contract = queries.get_contract_to_manage(request.user, reference)
    form = ContractForm(request.POST or None, initial=initial_for(contract), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(
                contract=contract,
                data=form_data(form),
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The contract's details are updated.")
            return redirect(contract)
    return render(
        request,
        "contracts/contracts/form.html",
        {"form": form, "contract": contract, "back_url": contract.get_absolute_url()},
        status=400 if form.errors else 200,
    )


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def party_add(request, reference):
    contract = queries.get_contract_to_manage(request.user, reference)
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_add(contract=contract, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{party.name} is added to the contract.")
            return redirect(contract)
    return render(
        request,
        "contracts/contracts/party_form.html",
        {"form": form, "contract": contract, "back_url": contract.get_absolute_url()},
        status=400 if form.errors else 200,
    )


# Decisions -----------------------------------------------------------------------------------------------


class DryRun(Exception):
    """Rolls back a service called only to check what it would do."""


def try_decision(contract: Contract, data: dict, user):
    """The decision the service would record (its new end date), checked by the service itself and
    rolled back: the confirmation page shows exactly what confirming does, and refusals appear on the form."""
    try:
        with transaction.atomic():
            decision = record_decision(contract, data, user)
            raise DryRun
    except DryRun:
        return decision


def record_decision(contract: Contract, data: dict, user):
    return services.decision_record(
        contract=contract,
        kind=data["kind"],
        decided_on=data["decided_on"],
        approver=data["approver"],
        reason=data["reason"],
        extension_months=data.get("extension_months") if data["kind"] == DecisionKind.EXTEND else None,
        end_date=data.get("end_date") if data["kind"] == DecisionKind.END else None,
        by=user,
    )


def session_key(contract: Contract) -> str:
    return f"contract-decision-{contract.reference}"


def to_session(data: dict) -> dict:
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in data.items()
    }


def from_session(stored: dict) -> dict:
    data = dict(stored)
    for key in ("decided_on", "end_date"):
        if data.get(key):
            data[key] = datetime.date.fromisoformat(data[key])
    return data


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def decision_add(request, reference):
    """Step 1: the decision, its reason and approver (checked by the service, nothing saved yet)."""
    contract = queries.get_contract_to_manage(request.user, reference)
    stored = request.session.get(session_key(contract))
    initial = from_session(stored) if stored and request.method == "GET" else None
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            try_decision(contract, form.cleaned_data, request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            request.session[session_key(contract)] = to_session(form.cleaned_data)
            return redirect("contracts:decide-confirm", contract.reference)
    return render(
        request,
        "contracts/contracts/decision_form.html",
        {
            "form": form,
            "contract": contract,
            "options": services.decision_purpose(contract) if contract.end_date else "",
            "back_url": contract.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def decision_confirm(request, reference):
    """Step 2: what the decision does to the term, then confirm (or go back and change it)."""
    contract = queries.get_contract_to_manage(request.user, reference)
    stored = request.session.get(session_key(contract))
    if not stored:
        return redirect("contracts:decide", contract.reference)
    data = from_session(stored)
    refusal = ""
    effect = ""
    try:
        preview = try_decision(contract, data, request.user)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    else:
        effect = decision_effect(preview)

    def record(form):
        decision = record_decision(contract, data, request.user)
        request.session.pop(session_key(contract), None)
        return f"The decision is recorded: {decision_effect(decision)}.", contract.get_absolute_url()

    return confirm_or_refuse(
        request,
        title="Check the decision before you record it",
        refused_title="The decision cannot be recorded",
        caption=f"{contract.reference} {contract.title}",
        summary=[
            ("Decision", DecisionKind(data["kind"]).label),
            ("Effect on the term", capfirst(effect)),
            ("Date of the decision", govuk_date(data["decided_on"])),
            ("Approved by", data["approver"]),
            ("Reason", data["reason"]),
        ],
        warning=(
            "The decision changes the contract's term and is kept in its history. It cannot be undone here."
        ),
        button="Record the decision",
        button_style="primary",
        refusal=refusal,
        back=reverse("contracts:decide", args=[contract.reference]),
        action=record,
    )


def decision_effect(decision) -> str:
    if decision.kind == DecisionKind.EXTEND:
        return f"extended by {decision.extension_months} months, to {govuk_date(decision.new_end_date)}"
    if decision.kind == DecisionKind.END:
        return f"the contract ends on {govuk_date(decision.new_end_date)}"
    return f"the service is recommissioned when the term ends on {govuk_date(decision.previous_end_date)}"


def suggested_meeting(contract: Contract):
    """The date the decision is due by, when that is still to come."""
    due = contract.decision_due_on
    return due if due and due >= timezone.localdate() else None


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def work_programme_add(request, reference):
    """The decision the contract needs, on a committee's work programme in one step."""
    contract = queries.get_contract_to_manage(request.user, reference)
    refusal = services.work_programme_refusal(contract)
    initial = {}
    if not refusal:
        initial = {
            "title": services.decision_title(contract),
            "purpose": services.decision_purpose(contract),
            "meeting_date": contract.decision_due_on
            if contract.decision_due_on and contract.decision_due_on >= timezone.localdate()
            else None,
        }
    form = WorkProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            item = services.work_programme_add(contract=contract, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The decision is on the {item.committee.name} work programme.")
            return redirect(contract)
    return render(
        request,
        "contracts/contracts/work_programme_form.html",
        {"form": form, "contract": contract, "refusal": refusal, "back_url": contract.get_absolute_url()},
        status=400 if form.errors else 200,
    )


@permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)
def party_end(request, reference, pk):
    """A supplier leaves the contract (a subcontractor replaced, a framework member gone), after a
    confirmation asking when and why; it stays in the history."""
    contract = queries.get_contract_to_manage(request.user, reference)
    party = get_object_or_404(contract.parties.select_related("provider"), pk=pk)
    refusal = f"{party.name} left the contract on {govuk_date(party.left_on)}." if party.left_on else ""

    def end(form):
        services.party_end(party=party, by=request.user, **form.cleaned_data)
        return f"{party.name} is no longer a supplier to the contract.", contract.get_absolute_url()

    return confirm_or_refuse(
        request,
        title=f"Are you sure {party.name} leaves the contract?",
        refused_title=f"{party.name} has already left",
        caption=f"{contract.reference} {contract.title}",
        summary=[("Supplier", party.name), ("Role", party.get_role_display())],
        warning="It is no longer listed as a supplier, here or on the public register. The history keeps it.",
        button="It leaves the contract",
        refusal=refusal,
        back=contract.get_absolute_url(),
        form=PartyEndForm(request.POST or None),
        action=end,
    )
