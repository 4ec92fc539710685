"""Provider monitoring at scale (issue 12, parts 4-7): `scale` quarterly performance returns (two KPI values
each) over the market module's bench contracts, scale/4 quality visits (nine domain scores each, two actions
on one in ten), a concern for one provider in a hundred, and the lists and detail pages contracts and
quality staff and providers use. At the default --scale 50,000 with factor 4: 200,000 returns and 50,000
visits. The contracts register's own bench is beside this one (its module, not this).

Only adds: each level counts what exists and creates the rest. Runs after the market module, whose
`BEN-` contracts (each with a provider party) it reports against, and uses the providers module's users.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from bench.registry import BenchCase, BenchError
from commissioning.contracts.models import (
    ActionItem,
    Concern,
    ContractParty,
    Domain,
    DomainScore,
    Kpi,
    PerformanceReturn,
    QualityVisit,
    ReturnStatus,
    ReturnValue,
    compute_rag,
)
from commissioning.contracts.periods import Quarter
from commissioning.providers.models import ProviderMembership

BATCH = 5000
GOAL_MS = 150.0
OFFICER = "bench-contracts-officer"
COMMISSIONER = "bench-commissioner"
PROVIDER_USER = "bench-provider-user"
QUARTERS_PER_CONTRACT = 10
SCORES = ["met"] * 6 + ["partly-met"] * 2 + ["not-met"]


def _parties() -> list[tuple[int, int]]:
    """(contract, provider) of the bench contracts, the bench provider user's organisation's first."""
    parties = list(
        ContractParty.objects.filter(contract__reference__startswith="BEN-", provider__isnull=False)
        .order_by("contract_id")
        .values_list("contract_id", "provider_id")
    )
    own = _own_provider_id()
    return sorted(parties, key=lambda p: p[1] != own)


def _own_provider_id() -> int | None:
    return (
        ProviderMembership.objects.filter(user__username=PROVIDER_USER)
        .values_list("provider_id", flat=True)
        .first()
    )


def _kpis(parties) -> dict[int, list[Kpi]]:
    contract_ids = sorted({c for c, _ in parties})
    have = set(Kpi.objects.filter(contract_id__in=contract_ids).values_list("contract_id", flat=True))
    new = []
    for contract_id in contract_ids:
        if contract_id not in have:
            new.append(
                Kpi(
                    contract_id=contract_id,
                    measure="Visits on time",
                    unit="percent",
                    target=90,
                    polarity="higher",
                    position=1,
                    is_demo=True,
                )
            )
            new.append(
                Kpi(
                    contract_id=contract_id,
                    measure="Complaints",
                    unit="number",
                    target=3,
                    polarity="lower",
                    position=2,
                    is_demo=True,
                )
            )
    Kpi.objects.bulk_create(new, batch_size=BATCH)
    found: dict[int, list[Kpi]] = {}
    for kpi in Kpi.objects.filter(contract_id__in=contract_ids).order_by("position"):
        found.setdefault(kpi.contract_id, []).append(kpi)
    return found


def _returns(scale: int) -> None:
    existing = PerformanceReturn.objects.count()
    if existing > scale:
        raise BenchError(f"{existing:,} returns exist, more than {scale:,}: run scales in order, or --reset.")
    if existing == scale:
        print(f"  contracts monitoring: already {scale:,} returns")
        return
    parties = _parties()
    if not parties:
        raise BenchError("Contracts monitoring needs the market module's bench contracts (it runs first).")
    per_party = -(-scale // len(parties))
    if per_party > 40:
        raise BenchError(
            f"{scale:,} returns need more than 40 quarters for each of {len(parties):,} contracts."
        )
    kpis = _kpis(parties)
    today = timezone.localdate()
    latest = Quarter.last_ended(today)
    rng = random.Random(existing)  # invented data, not for security
    taken = set(PerformanceReturn.objects.values_list("contract_id", "provider_id", "year", "quarter"))
    made = 0
    batch: list[PerformanceReturn] = []
    values: list[tuple] = []

    def flush():
        with transaction.atomic():
            created = PerformanceReturn.objects.bulk_create(batch)
            rows = []
            for performance_return, chosen in zip(created, values, strict=True):
                for kpi, value in chosen:
                    rows.append(
                        ReturnValue(
                            performance_return=performance_return,
                            kpi=kpi,
                            value=value,
                            target=kpi.target,
                            polarity=kpi.polarity,
                            rag=compute_rag(value=value, target=kpi.target, polarity=kpi.polarity),
                        )
                    )
            ReturnValue.objects.bulk_create(rows, batch_size=BATCH)
        batch.clear()
        values.clear()

    for contract_id, provider_id in parties:
        quarter = latest
        for _ in range(per_party):
            if existing + made >= scale:
                break
            key = (contract_id, provider_id, quarter.year, quarter.number)
            if key not in taken:
                due = quarter == latest and rng.random() < 0.4
                chosen = (
                    []
                    if due
                    else [
                        (
                            kpi,
                            Decimal(rng.randint(70, 100))
                            if kpi.unit == "percent"
                            else Decimal(rng.randint(0, 6)),
                        )
                        for kpi in kpis.get(contract_id, [])
                    ]
                )
                batch.append(
                    PerformanceReturn(
                        contract_id=contract_id,
                        provider_id=provider_id,
                        year=quarter.year,
                        quarter=quarter.number,
                        due_on=quarter.due_on,
                        status=ReturnStatus.DUE if due else ReturnStatus.ACCEPTED,
                        submitted_at=None if due else timezone.now(),
                        is_demo=True,
                        rag=""
                        if due
                        else max(
                            (compute_rag(value=v, target=k.target, polarity=k.polarity) for k, v in chosen),
                            key={"green": 0, "amber": 1, "red": 2}.get,
                        ),
                    )
                )
                values.append(chosen)
                made += 1
                if len(batch) == BATCH:
                    flush()
            quarter = quarter.previous()
    if batch:
        flush()
    print(f"  contracts monitoring: {made:,} returns added")


def _visits(count: int) -> None:
    existing = QualityVisit.objects.count()
    if existing >= count:
        return
    User = get_user_model()
    officer = User.objects.get(username=OFFICER)
    parties = _parties()
    providers = list(dict.fromkeys(p for _, p in parties))
    rng = random.Random(existing)  # invented data, not for security
    today = timezone.localdate()
    for start in range(existing, count, BATCH):
        visits = []
        for n in range(start, min(start + BATCH, count)):
            day = today - datetime.timedelta(days=rng.randint(1, 6 * 365))
            visits.append(
                QualityVisit(
                    provider_id=providers[n % len(providers)],
                    visit_date=day,
                    announced=n % 3 != 0,
                    officer=officer,
                    status=QualityVisit.Status.COMPLETED,
                    summary="Generated for the bench.",
                    completed_at=timezone.now(),
                    is_demo=True,
                )
            )
        with transaction.atomic():
            made = QualityVisit.objects.bulk_create(visits)
            DomainScore.objects.bulk_create(
                [
                    DomainScore(visit=v, domain=d.value, score=rng.choice(SCORES))
                    for v in made
                    for d in Domain
                ],
                batch_size=BATCH,
            )
            ActionItem.objects.bulk_create(
                [
                    ActionItem(
                        provider_id=v.provider_id,
                        visit=v,
                        action=f"Bench action {i + 1}",
                        owner="Manager",
                        due_on=v.visit_date + datetime.timedelta(days=60),
                        is_demo=True,
                        status="completed" if v.visit_date < today - datetime.timedelta(days=90) else "open",
                    )
                    for k, v in enumerate(made)
                    if k % 10 == 0
                    for i in range(2)
                ],
                batch_size=BATCH,
            )
    with connection.cursor() as cursor:  # each provider's last visit and next due, as the services keep them
        cursor.execute(
            "UPDATE contracts_providerquality q SET last_visit_on = v.last, "
            "next_visit_due = v.last + interval '12 months' "
            "FROM (SELECT provider_id, max(visit_date) AS last FROM contracts_qualityvisit "
            "WHERE status = 'completed' GROUP BY provider_id) v "
            "WHERE q.provider_id = v.provider_id"
        )


def _concerns(count: int) -> None:
    existing = Concern.objects.count()
    parties = _parties()
    providers = list(dict.fromkeys(p for _, p in parties))
    today = timezone.localdate()
    Concern.objects.bulk_create(
        [
            Concern(
                provider_id=providers[(n * 97) % len(providers)],
                opened_on=today - datetime.timedelta(days=n % 400),
                source="officer",
                summary=f"Bench concern {n + 1}",
                is_demo=True,
            )
            for n in range(existing, count)
        ],
        batch_size=BATCH,
    )


def generate(scale: int) -> None:
    _returns(scale)
    _visits(max(1, scale // 4))
    _concerns(max(1, scale // 100))
    with connection.cursor() as cursor:
        for model in (Kpi, PerformanceReturn, ReturnValue, QualityVisit, DomainScore, ActionItem, Concern):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def _busiest_contract() -> str:
    contract_id = (
        PerformanceReturn.objects.filter(contract__reference__startswith="BEN-")
        .order_by("contract_id")
        .values_list("contract__reference", flat=True)
        .first()
    )
    return contract_id


def cases(scale: int) -> list[BenchCase]:
    own = _own_provider_id()
    return [
        BenchCase("monitoring: returns list", OFFICER, "/contracts/performance/returns/", goal_ms=GOAL_MS),
        BenchCase(
            "monitoring: late returns to chase",
            OFFICER,
            "/contracts/performance/returns/?show=late",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: returns list, red, deep page",
            OFFICER,
            "/contracts/performance/returns/?rag=red&page=400",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: a return",
            OFFICER,
            lambda: f"/contracts/performance/returns/{_first(PerformanceReturn, status='accepted')}/",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: a contract's KPIs, chart and table",
            COMMISSIONER,
            lambda: f"/contracts/performance/contracts/{_busiest_contract()}/kpis/",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: provider's own returns",
            PROVIDER_USER,
            "/contracts/performance/returns/",
            goal_ms=GOAL_MS,
        ),
        BenchCase("monitoring: visits list", OFFICER, "/contracts/quality/visits/", goal_ms=GOAL_MS),
        BenchCase(
            "monitoring: visits list, deep page",
            OFFICER,
            "/contracts/quality/visits/?page=1500",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: a visit",
            OFFICER,
            lambda: f"/contracts/quality/visits/{_first(QualityVisit, provider_id=own)}/",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: provider's own visit reports",
            PROVIDER_USER,
            "/contracts/quality/visits/",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: providers due a visit", OFFICER, "/contracts/quality/visits/due/", goal_ms=GOAL_MS
        ),
        BenchCase("monitoring: action plans", OFFICER, "/contracts/quality/actions/", goal_ms=GOAL_MS),
        BenchCase(
            "monitoring: a provider's quality record",
            OFFICER,
            lambda: f"/contracts/quality/providers/{_slug(own)}/",
            goal_ms=GOAL_MS,
        ),
        BenchCase(
            "monitoring: concerns", OFFICER, "/contracts/governance/concerns/?status=", goal_ms=GOAL_MS
        ),
    ]


def _slug(provider_id) -> str:
    from commissioning.providers.models import Provider

    return Provider.objects.filter(pk=provider_id).values_list("slug", flat=True).first()
