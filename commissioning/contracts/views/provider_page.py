"""One page per provider with everything the council holds on it: the register's details, its contracts, its
FPS admissions and call-off placements, its funding allocations, and the sections other parts of the
contracts app add (KPIs, quality visits, concerns). Staff who read contracts see every provider's page, with
internal notes; a provider's users see their own organisation's, without them (404 for any other).

Each section reads a fixed number of queries whatever the provider holds (lists are capped and say so).

Sections contributed by other modules: PROVIDER_SECTIONS lists functions
`section(provider, user, *, internal: bool) -> dict | None`; the dict has a `template` (included with the
dict as `section`) and a `title`. `internal` is True for staff (internal notes may be shown) and False on a
provider's own page.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tables2 import RequestConfig

from portal import permissions as perms

from .. import queries
from ..models import Contract
from ..tables import AdmissionTable, AllocationTable, ContractTable, PlacementTable

# Dotted paths of the sections other modules add to the provider's page, in page order.
PROVIDER_SECTIONS: list[str] = ["commissioning.contracts.monitoring.sections.monitoring"]
LISTED = 50


def provider_page(request, slug):
    provider = queries.get_provider_for_page(request.user, slug)
    internal = request.user.has_perm(perms.VIEW_CONTRACTS)
    today = timezone.localdate()
    contracts = ContractTable(
        Contract.objects.visible_to(request.user)
        .filter(parties__provider_id=provider.pk)
        .distinct()
        .prefetch_related(queries.current_parties()),
        today=today,
    )
    contracts.caption = f"Contracts of {provider.name}"
    RequestConfig(request, paginate={"per_page": 25}).configure(contracts)
    placements = PlacementTable(queries.placements(request.user, provider_id=provider.pk, limit=LISTED))
    placements.caption = f"Call-off placements made with {provider.name}"
    admissions = AdmissionTable(queries.admissions(request.user, provider.pk))
    allocations = AllocationTable(queries.allocations(request.user, provider.pk, limit=LISTED))
    sections = [
        section
        for path in PROVIDER_SECTIONS
        if (section := import_string(path)(provider, request.user, internal=internal)) is not None
    ]
    return render(
        request,
        "contracts/provider/page.html",
        {
            "provider": provider,
            "internal": internal,
            "contracts": contracts,
            "placements": placements,
            "admissions": admissions,
            "allocations": allocations,
            "listed": LISTED,
            "sections": sections,
        },
    )
