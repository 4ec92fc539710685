"""The contracts register's demo data (fixtures/demo/contracts/contracts.json): the commissioned services the
Market Position Statement and the committee pack of 28 March 2022 describe (31; README.md there lists those
not entered yet), figure for figure, with the
source lines and every interpretation in the contract's notes; and one invented contract marked demo data.
A contract is created once, by title: a later load never overwrites what a commissioner changed."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from commissioning.providers.models import Provider

from .models import Contract, ContractParty, ContractStatus
from .services.common import audit
from .services.contracts import _next_reference

FIXTURE = settings.BASE_DIR / "fixtures" / "demo" / "contracts" / "contracts.json"
DATES = ("start_date", "initial_end_date", "end_date")
NUMBERS = ("extension_count", "extension_months", "maximum_term_months", "people_served")
AMOUNTS = ("annual_value", "total_value")
TEXTS = ("description", "department", "people_served_note", "procurement_route", "approval_note")


def status_for(row: dict, contract: Contract, today: datetime.date) -> str:
    """The status the dates give (the daily check keeps it so); where the documents give no dates, the one
    the fixture states."""
    if contract.start_date and contract.start_date > today:
        return ContractStatus.PIPELINE
    if contract.end_date and contract.end_date < today:
        return ContractStatus.ENDED
    if contract.start_date or contract.end_date:
        return ContractStatus.LIVE
    return row.get("status", ContractStatus.LIVE)


def notes(row: dict) -> str:
    lines = [f"Source: {row['sources']}"]
    lines += [f"Interpreted: {text}" for text in row.get("assumptions", [])]
    return "\n".join(lines)


def build(row: dict, *, today: datetime.date, is_demo: bool) -> Contract:
    from commissioning.fps.models import PurchasingSystem
    from committees.models import ReportReference

    contract = Contract(title=row["title"], service_type=row["service_type"], is_demo=is_demo)
    contract.partners = list(row.get("partners", []))
    for field in DATES:
        if row.get(field):
            setattr(contract, field, datetime.date.fromisoformat(row[field]))
    contract.end_date = contract.end_date or contract.initial_end_date
    for field in NUMBERS:
        setattr(contract, field, row.get(field))
    for field in AMOUNTS:
        setattr(contract, field, Decimal(row[field]) if row.get(field) else None)
    for field in TEXTS:
        setattr(contract, field, row.get(field, ""))
    if row.get("report"):
        reference = ReportReference.objects.filter(reference=row["report"]).select_related("report").first()
        contract.approving_report = reference.report if reference else None
        if reference is None:
            contract.approval_note = f"Report {row['report']}"
    if row.get("purchasing_system"):
        contract.purchasing_system = PurchasingSystem.objects.filter(slug=row["purchasing_system"]).first()
    contract.source_notes = notes(row)
    contract.status = status_for(row, contract, today)
    return contract


def add_parties(contract: Contract, row: dict, *, is_demo: bool) -> None:
    for party in row.get("parties", []):
        provider = Provider.objects.filter(slug=party["provider"]).first() if party.get("provider") else None
        if party.get("provider") and provider is None:
            continue  # the demo provider is not loaded
        record = ContractParty(
            contract=contract,
            provider=provider,
            supplier_name="" if provider else party["name"],
            registration_number=party.get("registration_number", ""),
            role=party.get("role", ContractParty.Role.PROVIDER),
            sme=party.get("sme"),
            vcse=party.get("vcse"),
            is_demo=is_demo,
        )
        record.full_clean()
        audit(record, by=None, reason="Demo data: from the source documents" if not is_demo else "Demo data")
        record.save()


@transaction.atomic
def load(*, stdout=None, today: datetime.date | None = None) -> dict[str, int]:
    today = today or datetime.date.today()
    data = json.loads(FIXTURE.read_text())
    existing = set(Contract.objects.values_list("title", flat=True))
    made = 0
    rows = [(row, False) for row in data["contracts"]] + [
        (row, True) for row in data["invented"]["contracts"]
    ]
    for row, is_demo in rows:
        if row["title"] in existing:
            continue
        contract = build(row, today=today, is_demo=is_demo)
        contract.full_clean(exclude=["reference"])
        contract.reference = _next_reference(today.year)
        audit(contract, by=None, reason="Demo data" if is_demo else "Transcribed from the source documents")
        contract.save()
        add_parties(contract, row, is_demo=is_demo)
        made += 1
    if stdout is not None:
        stdout.write(f"Contracts register: {made} contracts added ({Contract.objects.count()} in all).")
    return {"contracts": Contract.objects.count(), "added": made}
