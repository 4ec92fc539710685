"""Funding demo data from fixtures/demo/funding/: the briefing's streams and rounds and the BCF schemes
(figure for figure from the committee pack of 28 March 2022), plus invented provider figures (demo).

Idempotent: each record is found by its natural key and only created when missing.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from commissioning.providers.models import Provider
from portal.audit import audit

from .models import (
    BCFScheme,
    BCFSource,
    Funder,
    FundingStream,
    LedgerEntry,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    ReturnLine,
    ReturnStatus,
    Round,
    Section75Agreement,
    ServiceInScope,
)

REASON = "Demo data loaded"
SOURCES = {label: value for value, label in BCFSource.choices}


def folder():
    return settings.BASE_DIR / "fixtures" / "demo" / "funding"


def read_csv(name: str) -> list[dict]:
    with open(folder() / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def money(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _new(obj):
    obj.full_clean()
    audit(obj, by=None, reason=REASON).save()
    return obj


def load_providers() -> dict[str, Provider]:
    for record in json.loads((folder() / "providers.json").read_text(encoding="utf-8")):
        if not Provider.objects.filter(slug=record["slug"]).exists():
            _new(Provider(is_demo=True, **record))
    return {p.slug: p for p in Provider.objects.filter(is_demo=True)}


def load_streams() -> dict[tuple[str, str], Round]:
    funders = {}
    for row in read_csv("funders.csv"):
        funders[row["short_name"]], _ = Funder.objects.get_or_create(
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "kind": row["kind"],
                "appendix_label": row["appendix_label"],
            },
        )
    streams = {}
    for position, record in enumerate(json.loads((folder() / "streams.json").read_text(encoding="utf-8"))):
        stream = FundingStream.objects.filter(slug=record["slug"]).first()
        if stream is None:
            record = dict(record)
            stream = _new(
                FundingStream(
                    **{
                        **record,
                        "funder": funders[record["funder"]],
                        "decision_date": day(record["decision_date"] or ""),
                    },
                    position=position,
                )
            )
        streams[stream.slug] = stream
    rounds = {}
    for position, row in enumerate(read_csv("rounds.csv")):
        stream = streams[row["stream"]]
        round_ = Round.objects.filter(stream=stream, name=row["round"]).first()
        if round_ is None:
            round_ = _new(
                Round(
                    stream=stream,
                    name=row["round"],
                    period=row["period"],
                    starts_on=day(row["starts_on"]),
                    ends_on=day(row["ends_on"]),
                    allocation=Decimal(row["allocation"]),
                    is_estimate=row["is_estimate"] == "yes",
                    status=row["status"],
                    rule=row["rule"],
                    rate=money(row["rate"]),
                    service_user_rate=money(row["service_user_rate"]),
                    enhanced_rate=money(row["enhanced_rate"]),
                    received_on=day(row["received_on"]),
                    spend_by=day(row["spend_by"]),
                    passport_by=day(row["passport_by"]),
                    returns_due=day(row["returns_due"]),
                    position=position,
                )
            )
        rounds[(row["stream"], row["round"])] = round_
    return rounds


def load_provider_figures(rounds, providers) -> None:
    for row in read_csv("bases.csv"):
        ProviderBasis.objects.get_or_create(
            round=rounds[(row["stream"], row["round"])],
            provider=providers[row["provider"]],
            defaults={
                "beds": int(row["beds"]),
                "service_users": int(row["service_users"]),
                "new_packages": int(row["new_packages"]),
                "hard_to_serve_packages": int(row["hard_to_serve_packages"]),
                "is_demo": True,
            },
        )
    allocations = {}
    for row in read_csv("allocations.csv"):
        key = (row["stream"], row["round"], row["provider"])
        round_ = rounds[(row["stream"], row["round"])]
        allocation = ProviderAllocation.objects.filter(
            round=round_, provider=providers[row["provider"]]
        ).first()
        if allocation is None:
            allocation = _new(
                ProviderAllocation(
                    round=round_,
                    provider=providers[row["provider"]],
                    amount=Decimal(row["amount"]),
                    basis=row["basis"],
                    status=row["status"],
                    offered_on=day(row["offered_on"]),
                    paid_on=day(row["paid_on"]),
                    is_demo=True,
                )
            )
        allocations[key] = allocation
    if not LedgerEntry.objects.filter(is_demo=True).exists():
        for row in read_csv("ledger.csv"):
            LedgerEntry.objects.create(
                round=rounds[(row["stream"], row["round"])],
                kind=row["kind"],
                amount=Decimal(row["amount"]),
                from_allocation=allocations.get((row["stream"], row["round"], row["from_provider"])),
                to_allocation=allocations.get((row["stream"], row["round"], row["to_provider"])),
                note=row["note"],
                is_demo=True,
            )
    for row in read_csv("returns.csv"):
        allocation = allocations[(row["stream"], row["round"], row["provider"])]
        if ProviderReturn.objects.filter(allocation=allocation).exists():
            continue
        submitted = day(row["submitted_on"])
        due = allocation.round.returns_due
        provider_return = _new(
            ProviderReturn(
                allocation=allocation,
                unspent=Decimal(row["unspent"]),
                submitted_on=submitted,
                is_late=bool(due and submitted > due),
                status=ReturnStatus.RECLAIMED if row["reclaimed"] == "yes" else ReturnStatus.SUBMITTED,
                is_demo=True,
            )
        )
        for column, value in row.items():
            if column.startswith("spent_") and value:
                ReturnLine.objects.create(
                    provider_return=provider_return,
                    category=column.removeprefix("spent_"),
                    amount=Decimal(value),
                )


def load_bcf() -> None:
    record = json.loads((folder() / "bcf_agreement.json").read_text(encoding="utf-8"))
    agreement = Section75Agreement.objects.filter(name=record["name"]).first()
    if agreement is None:
        agreement = _new(
            Section75Agreement(
                name=record["name"],
                parties="\n".join(record["parties"]),
                starts_on=day(record["starts_on"]),
                ends_on=day(record["ends_on"]),
                extension_option=record["extension_option"],
                report_reference=record["report_reference"],
                approved_on=day(record["approved_on"] or ""),
            )
        )
    for name in record["services_in_scope"]:
        ServiceInScope.objects.get_or_create(agreement=agreement, name=name)
    for row in read_csv("bcf_schemes.csv"):
        if not BCFScheme.objects.filter(agreement=agreement, scheme_id=int(row["scheme_id"])).exists():
            _new(
                BCFScheme(
                    agreement=agreement,
                    scheme_id=int(row["scheme_id"]),
                    name=row["name"],
                    source=SOURCES[row["source"]],
                    expenditure=Decimal(row["expenditure"]),
                    year=record["schemes_year"],
                    lead_commissioner=row.get("lead_commissioner", ""),
                )
            )


@transaction.atomic
def load(*, stdout=None) -> None:
    providers = load_providers()
    rounds = load_streams()
    load_provider_figures(rounds, providers)
    load_bcf()
    if stdout is not None:
        stdout.write(
            f"Funding: {FundingStream.objects.count()} streams, {Round.objects.count()} rounds, "
            f"{ProviderAllocation.objects.count()} provider allocations, "
            f"{BCFScheme.objects.count()} BCF schemes."
        )
