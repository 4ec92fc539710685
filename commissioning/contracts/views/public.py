"""The public contracts register, as the Local Government Transparency Code 2015 asks councils to publish
it: reference, title, description, supplier name and registration number, start, end, review date, value
(blank where the documents do not give it), VCSE and SME where known, and the department. Anonymous, with
filters, and the same rows as CSV, streamed. Nothing private (performance, quality, notes) is read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from portal.exports import csv_response

from .. import queries
from ..filters import PublicContractFilter
from ..models.contracts import ROUTE_PUBLIC_LABELS, public_register_threshold
from ..tables import PublicContractTable, known

CSV_HEADER = [
    "Reference",
    "Title",
    "Description",
    "Department",
    "Supplier name",
    "Supplier registration number",
    "Supplier role",
    "SME",
    "VCSE",
    "Start date",
    "End date",
    "Review date",
    "Total value (£)",
    "Annual value (£)",
    "Procurement route",
    "Status",
]


def public_filter(request):
    return PublicContractFilter(request.GET, queryset=queries.public_register())


@login_not_required
def register(request):
    contract_filter = public_filter(request)
    table = PublicContractTable(contract_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "contracts/public/register.html",
        {"filter": contract_filter, "table": table, "threshold": public_register_threshold()},
    )


@login_not_required
def register_csv(request):
    contract_filter = public_filter(request)
    if not contract_filter.is_valid():
        return redirect("contracts:public")
    contracts = contract_filter.qs.order_by("reference", "pk").iterator(chunk_size=2000)
    return csv_response(
        f"contracts-register-{timezone.localdate().isoformat()}.csv", CSV_HEADER, csv_rows(contracts)
    )


def csv_rows(contracts):
    """One row per supplier party (one value per cell), or one row with the supplier blank."""
    for contract in contracts:
        common = [
            contract.reference,
            contract.title,
            contract.description,
            contract.department,
        ]
        dates_and_value = [
            iso(contract.start_date),
            iso(contract.end_date),
            iso(contract.decision_due_on),
            amount(contract.total_value),
            amount(contract.annual_value),
            ROUTE_PUBLIC_LABELS.get(contract.procurement_route, ""),
            "Live" if contract.is_live else contract.get_status_display(),
        ]
        parties = contract.current_parties or [None]
        for party in parties:
            supplier = (
                [
                    party.name,
                    party.registration,
                    party.get_role_display(),
                    known(party.sme),
                    known(party.is_vcse),
                ]
                if party
                else ["", "", "", "", ""]
            )
            yield [*common, *supplier, *dates_and_value]


def iso(day) -> str:
    return day.isoformat() if day else ""


def amount(value) -> str:
    return "" if value is None else f"{value:.2f}"


@login_not_required
def entry(request, reference):
    contract = queries.get_public_contract(reference)
    return render(
        request,
        "contracts/public/entry.html",
        {
            "contract": contract,
            "parties": contract.current_parties,
            "route": ROUTE_PUBLIC_LABELS.get(contract.procurement_route, ""),
        },
    )
