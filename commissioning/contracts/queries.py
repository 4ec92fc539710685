"""Reads the contracts pages share: a contract fetched for a user (404 when it is not theirs to see), the
register's query, a contract's page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from portal import permissions as perms
from portal.history import merged

from .models import Contract, ContractDecision, ContractParty, DecisionKind


def current_parties() -> Prefetch:
    """The supplier parties still on each contract, with their providers (one query for a page of rows)."""
    return Prefetch(
        "parties",
        queryset=ContractParty.objects.filter(left_on__isnull=True).select_related("provider").order_by("pk"),
        to_attr="current_parties",
    )


def register(user):
    """The staff register's rows: the contracts the user may see, with their current parties."""
    return Contract.objects.visible_to(user).prefetch_related(current_parties())


def get_contract_for_user(user, reference: str) -> Contract:
    """The contract the user may see, or 404: staff who read contracts see any; a provider's users only
    their own organisation's."""
    queryset = Contract.objects.visible_to(user).select_related(
        "approving_report", "work_programme_item__committee", "purchasing_system"
    )
    return get_object_or_404(queryset, reference=reference[:20])


def get_contract_to_manage(user, reference: str) -> Contract:
    """For the pages that change a contract (the view's role gate has checked the permission)."""
    return get_contract_for_user(user, reference)


def parties_of(contract: Contract) -> list[ContractParty]:
    return list(contract.parties.select_related("provider").order_by("left_on", "role", "pk"))


def decisions_of(contract: Contract) -> list[ContractDecision]:
    return list(
        contract.decisions.select_related("successor", "approving_report").order_by("-decided_on", "-pk")
    )


def extensions_taken(decisions: list[ContractDecision]) -> int:
    return sum(1 for decision in decisions if decision.kind == DecisionKind.EXTEND)


def contract_history(contract: Contract, limit: int = 50):
    """The contract's audited changes, its parties' and its decisions', newest first."""
    contract_rows = contract.history.select_related("history_user").order_by("-history_date", "-history_id")
    party_rows = (
        ContractParty.history.filter(contract_id=contract.pk)
        .select_related("history_user", "provider")
        .order_by("-history_date", "-history_id")
    )
    decision_rows = (
        ContractDecision.history.filter(contract_id=contract.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return merged(
        (contract_rows[: limit + 1], "Contract"),
        (party_rows[: limit + 1], party_subject),
        (decision_rows[: limit + 1], "Decision"),
    )[:limit]


def party_subject(record) -> str:
    name = record.provider.name if record.provider_id and record.provider else record.supplier_name
    return f"Supplier: {name}"


def placements(user, *, system_id: int | None = None, provider_id: int | None = None, limit: int = 50):
    """FPS call-off placements read where they are (fps.Package, placement made), never copied: those of a
    purchasing system's contract, or those awarded to a provider. Only what the user may see in the FPS."""
    from commissioning.fps.models import Package

    rows = Package.objects.visible_to(user).filter(status=Package.Status.PLACED)
    if system_id is not None:
        rows = rows.filter(system_id=system_id)
    if provider_id is not None:
        rows = rows.filter(awarded_bid__provider_id=provider_id)
    rows = rows.select_related("lot", "awarded_bid__provider").order_by("-placement_start", "-pk")
    return list(rows[:limit])


def placements_of(contract: Contract, user):
    return placements(user, system_id=contract.purchasing_system_id)


def public_register():
    """The public contracts register (Local Government Transparency Code 2015): every awarded contract over
    the threshold, or whose value the documents do not give, for anyone. Only the Code's fields are read
    from it (views/public.py): nothing about performance, quality or internal notes."""
    return Contract.objects.on_public_register().prefetch_related(current_parties())


def get_public_contract(reference: str) -> Contract:
    return get_object_or_404(public_register(), reference=reference[:20])


def get_provider_for_page(user, slug: str):
    """The provider whose page the user may see: staff who read contracts see any provider's (the
    contracts and quality officer does not read the provider register itself, ADR 034); a provider's users
    their own; everyone else none (404)."""
    from commissioning.providers.models import Provider

    providers = (
        Provider.objects.all() if user.has_perm(perms.VIEW_CONTRACTS) else Provider.objects.visible_to(user)
    )
    return get_object_or_404(providers, slug=slug[:220])


def admissions(user, provider_id: int) -> list:
    from commissioning.fps.models import Admission

    return list(
        Admission.objects.visible_to(user)
        .filter(provider_id=provider_id)
        .select_related("lot__system")
        .order_by("lot__system__name", "lot__number", "pk")
    )


def allocations(user, provider_id: int, *, limit: int) -> list:
    from funding.models import ProviderAllocation

    return list(
        ProviderAllocation.objects.visible_to(user)
        .filter(provider_id=provider_id)
        .select_related("round__stream")
        .order_by("-offered_on", "-pk")[:limit]
    )


def public_register_rows(contracts):
    """The public register's CSV rows as tuples, one per current supplier (or one with none), in reference
    order, streamed from the server in chunks: the Code's fields only."""
    from django.db.models import FilteredRelation, Q

    return (
        contracts.prefetch_related(None)
        .annotate(party=FilteredRelation("parties", condition=Q(parties__left_on__isnull=True)))
        .order_by("reference", "pk", "party__pk")
        .values_list(
            "reference",
            "title",
            "description",
            "department",
            "party__pk",
            "party__supplier_name",
            "party__registration_number",
            "party__role",
            "party__sme",
            "party__vcse",
            "party__provider__name",
            "party__provider__companies_house_number",
            "party__provider__charity_number",
            "start_date",
            "end_date",
            "total_value",
            "annual_value",
            "procurement_route",
            "status",
        )
        .iterator(chunk_size=5000)
    )
