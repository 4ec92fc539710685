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
from ..models import LIVE_STATUSES, ContractParty, ContractStatus, add_months
from ..models.contracts import ROUTE_PUBLIC_LABELS, decision_notice_months, public_register_threshold
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
    return csv_response(
        f"contracts-register-{timezone.localdate().isoformat()}.csv",
        CSV_HEADER,
        csv_rows(queries.public_register_rows(contract_filter.qs)),
    )


ROLES = dict(ContractParty.Role.choices)
STATUSES = dict(ContractStatus.choices)


def csv_rows(rows):
    """One row per supplier party (one value per cell), or one row with the supplier blank. The rows come
    as plain tuples from one streamed query (no model instances: 20,000 contracts stream in a few seconds)."""
    months = decision_notice_months()
    for (
        reference,
        title,
        description,
        department,
        party_id,
        supplier_name,
        registration_number,
        role,
        sme,
        vcse,
        provider_name,
        companies_house,
        charity,
        start,
        end,
        total,
        annual,
        route,
        status,
    ) in rows:
        if party_id is None:
            supplier = ["", "", "", "", ""]
        else:
            if vcse is None and charity:
                vcse = True
            supplier = [
                provider_name or supplier_name,
                (companies_house or charity) if provider_name else registration_number,
                ROLES.get(role, role),
                known(sme),
                known(vcse),
            ]
        yield [
            reference,
            title,
            description,
            department,
            *supplier,
            iso(start),
            iso(end),
            iso(add_months(end, -months) if end else None),
            amount(total),
            amount(annual),
            ROUTE_PUBLIC_LABELS.get(route, ""),
            "Live" if status in LIVE_STATUSES else STATUSES.get(status, status),
        ]


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
