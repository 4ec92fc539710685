"""The market pages at scale: `scale` contracts (20,000 at the default --scale 50,000, factor 0.4) of every
service type, each with a provider party, CQC ratings recorded for the providers, and the statement's markets
from the demo (commissioning/market/demo.py); providers, the FPS and carers referrals are earlier modules'.

Only adds: contracts are counted by their "BEN-" references and the rest created; a provider's quality record
is created once.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction

from bench.cases import providers as providers_bench
from bench.registry import BenchCase
from commissioning.contracts.models import (
    SERVICE_TYPE_CHOICES,
    Contract,
    ContractParty,
    ContractStatus,
    CqcRating,
    ProviderQuality,
)
from commissioning.market import demo as market_demo
from commissioning.providers.models import Provider

GOAL_MS = 150.0
EXPORT_GOAL_MS = 5_000.0
BATCH = 5000
SERVICE_TYPES = [value for value, _label in SERVICE_TYPE_CHOICES]
RATINGS = [
    CqcRating.GOOD,
    CqcRating.GOOD,
    CqcRating.GOOD,
    CqcRating.OUTSTANDING,
    CqcRating.REQUIRES_IMPROVEMENT,
    CqcRating.INADEQUATE,
    CqcRating.NOT_RATED,
    "",
]
READER = providers_bench.PROVIDER_USER  # the pages are public; the harness signs every client in
MARKETS = [
    "care-at-home",
    "accommodation-with-care",
    "day-opportunities",
    "carers",
    "learning-disability-and-autism",
    "children-and-young-people",
]


def _contracts(scale: int) -> None:
    existing = Contract.objects.filter(reference__startswith="BEN-").count()
    provider_ids = list(Provider.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    rng = random.Random(existing)
    today = datetime.date.today()
    for start in range(existing, scale, BATCH):
        contracts = []
        for n in range(start, min(start + BATCH, scale)):
            begins = today - datetime.timedelta(days=rng.randint(0, 5 * 365))
            ends = begins + datetime.timedelta(days=rng.randint(400, 7 * 365))
            status = ContractStatus.LIVE if ends >= today else ContractStatus.ENDED
            contracts.append(
                Contract(
                    reference=f"BEN-{n + 1:06d}",
                    title=f"Bench contract {n + 1}",
                    service_type=SERVICE_TYPES[n % len(SERVICE_TYPES)],
                    department="Adults, Health and Integration",
                    start_date=begins,
                    initial_end_date=ends,
                    end_date=ends,
                    annual_value=rng.randint(10, 900) * 1000,
                    total_value=rng.randint(10, 3000) * 1000,
                    procurement_route="open-tender",
                    status=status,
                )
            )
        with transaction.atomic():
            made = Contract.objects.bulk_create(contracts)
            ContractParty.objects.bulk_create(
                ContractParty(contract=contract, provider_id=provider_ids[i % len(provider_ids)])
                for i, contract in enumerate(made)
            )


def _quality() -> None:
    missing = Provider.objects.filter(quality__isnull=True).values_list("pk", flat=True)
    rng = random.Random(7)
    batch = []
    for provider_id in missing.iterator(chunk_size=BATCH):
        batch.append(ProviderQuality(provider_id=provider_id, cqc_rating=rng.choice(RATINGS)))
        if len(batch) == BATCH:
            ProviderQuality.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        ProviderQuality.objects.bulk_create(batch, ignore_conflicts=True)


def generate(scale: int) -> None:
    market_demo.load()
    _contracts(scale)
    _quality()
    with connection.cursor() as cursor:
        for model in (Contract, ContractParty, ProviderQuality):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def cases(scale: int) -> list[BenchCase]:
    found = [BenchCase("market: index", READER, "/market/", goal_ms=GOAL_MS)]
    found += [BenchCase(f"market: {slug}", READER, f"/market/{slug}/", goal_ms=GOAL_MS) for slug in MARKETS]
    found += [
        BenchCase("market: population", READER, "/market/population/", goal_ms=GOAL_MS),
        BenchCase(
            "market: contracts CSV, care at home",
            READER,
            "/market/care-at-home/tables/contracts.csv",
            goal_ms=EXPORT_GOAL_MS,
            streaming=True,
            repeat=5,
            warmup=1,
        ),
    ]
    return found
