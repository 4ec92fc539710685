"""Reads behind the funding pages, each built on the models' `visible_to(user)`: funding staff
(VIEW_FUNDING) read everything; a provider's users read their own organisation's allocations and returns;
everyone else gets a 404 for a record's address."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from commissioning.providers.models import Provider, ProviderMembership

from .models import (
    ZERO,
    AllocationStatus,
    BCFScheme,
    Funder,
    FundingStream,
    LedgerEntry,
    LedgerKind,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    Round,
    Section75Agreement,
    ServiceInScope,
    money_sum,
)


def get_stream_for_user(user, slug: str) -> FundingStream:
    return get_object_or_404(FundingStream.objects.visible_to(user).select_related("funder"), slug=slug)


def get_round_for_user(user, pk: int) -> Round:
    return get_object_or_404(Round.objects.visible_to(user).select_related("stream__funder"), pk=pk)


def get_allocation_for_user(user, pk: int) -> ProviderAllocation:
    """404 unless funding staff, or a user of the allocation's provider."""
    return get_object_or_404(
        ProviderAllocation.objects.visible_to(user).select_related("provider__quality", "round__stream"),
        pk=pk,
    )


def get_return_for_user(user, pk: int) -> ProviderReturn:
    return get_object_or_404(
        ProviderReturn.objects.visible_to(user).select_related(
            "allocation__provider", "allocation__round__stream"
        ),
        pk=pk,
    )


def get_funder_for_user(user, pk: int) -> Funder:
    return get_object_or_404(Funder.objects.visible_to(user), pk=pk)


def get_basis_for_user(user, pk: int) -> ProviderBasis:
    return get_object_or_404(
        ProviderBasis.objects.visible_to(user).select_related("provider", "round__stream"), pk=pk
    )


def get_scheme_for_user(user, pk: int) -> BCFScheme:
    return get_object_or_404(BCFScheme.objects.visible_to(user).select_related("agreement"), pk=pk)


def get_agreement_for_user(user, pk: int) -> Section75Agreement:
    return get_object_or_404(Section75Agreement.objects.visible_to(user), pk=pk)


def get_service_in_scope_for_user(user, pk: int) -> ServiceInScope:
    return get_object_or_404(ServiceInScope.objects.visible_to(user).select_related("agreement"), pk=pk)


def get_provider_for_user(user, slug: str) -> Provider:
    """A provider on the register the user may read (funding staff read the whole register)."""
    return get_object_or_404(Provider.objects.visible_to(user), slug=slug)


def round_totals(queryset) -> list[Round]:
    """Rounds with what their money has become, and what is left to allocate."""
    rounds = list(queryset.with_totals())
    for r in rounds:
        r.left = r.allocation - (r.allocated or ZERO) - (r.retained or ZERO) - (r.returned_to_funder or ZERO)
        r.returned_total = (r.returned_to_funder or ZERO) + (r.reclaimed or ZERO)
    return rounds


def allocation_ledger(allocation: ProviderAllocation):
    return LedgerEntry.objects.filter(
        Q(from_allocation=allocation) | Q(to_allocation=allocation)
    ).select_related("from_allocation__provider", "to_allocation__provider", "recorded_by")


def provider_allocations(provider: Provider):
    """A provider's allocations across streams, newest round first (the ledger page)."""
    return (
        ProviderAllocation.objects.filter(provider=provider)
        .select_related("round__stream", "provider_return")
        .order_by("-round__starts_on", "round__stream__name", "pk")
    )


def provider_totals(provider: Provider) -> dict:
    totals = ProviderAllocation.objects.filter(provider=provider).aggregate(
        count=Count("pk"),
        active=money_sum(
            "amount", status__in=[AllocationStatus.OFFERED, AllocationStatus.ACCEPTED, AllocationStatus.PAID]
        ),
        paid=money_sum("amount", status=AllocationStatus.PAID),
        refused=money_sum("amount", status=AllocationStatus.REFUSED),
        offered=money_sum("amount", status=AllocationStatus.OFFERED),
    )
    totals["reclaimed"] = LedgerEntry.objects.filter(
        from_allocation__provider=provider, kind=LedgerKind.RECLAIMED
    ).aggregate(total=money_sum("amount"))["total"]
    return totals


def own_provider(user) -> Provider | None:
    membership = ProviderMembership.for_user(user)
    return membership.provider if membership else None
