"""Funding at scale: `scale` provider allocations over scale/500 rounds of scale/5,000 streams (so the
default --scale 50,000 with factor 10 gives 100 streams, 1,000 rounds and 500,000 allocations), a return
for one allocation in twenty, and the pages finance officers and providers use.

Only adds: each level counts what exists and creates the rest. Uses the providers and `bench-*` users
that the providers module made (it runs first).
"""

from __future__ import annotations

import heapq
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from bench.registry import BenchCase, BenchError
from commissioning.providers.models import Provider
from funding.models import (
    AllocationStatus,
    Category,
    Decision,
    Funder,
    FundingStream,
    ProviderAllocation,
    ProviderReturn,
    Round,
    Rule,
)

BATCH_SIZE = 5000
GOAL_MS = 150.0
SUMMARY_GOAL_MS = 300.0
FINANCE = "bench-finance-officer"
PROVIDER_USER = "bench-provider-user"
CATEGORIES = [c.value for c in Category]
STATUSES = [AllocationStatus.PAID] * 7 + [
    AllocationStatus.OFFERED,
    AllocationStatus.ACCEPTED,
    AllocationStatus.REFUSED,
]


def sizes(scale: int) -> tuple[int, int]:
    return max(1, scale // 5000), max(1, scale // 500)


def add_streams(count: int) -> list[FundingStream]:
    funder, _ = Funder.objects.get_or_create(
        name="Bench Department", defaults={"short_name": "BENCH", "kind": Funder.Kind.GOVERNMENT}
    )
    existing = FundingStream.objects.count()
    FundingStream.objects.bulk_create(
        [
            FundingStream(
                name=f"Bench Fund {n:04d}",
                slug=f"bench-fund-{n:04d}",
                funder=funder,
                category=CATEGORIES[n % len(CATEGORIES)],
                purpose="Generated for the bench.",
                how_spent="Passported to providers per bed and per service user.",
                decision=Decision.URGENT,
                position=n,
            )
            for n in range(existing, count)
        ]
    )
    return list(FundingStream.objects.order_by("position", "pk"))


def add_rounds(streams: list[FundingStream], count: int) -> list[Round]:
    existing = Round.objects.count()
    today = timezone.localdate()
    rng = random.Random(existing)  # invented data, not for security
    # Each new round goes to the stream with fewest, so streams stay even (10 rounds each at 50,000)
    # however the scales grew.
    have = dict(Round.objects.values_list("stream").annotate(n=Count("pk")).order_by())
    queue = [(have.get(s.pk, 0), s.position, s.pk) for s in streams]
    heapq.heapify(queue)
    by_pk = {s.pk: s for s in streams}
    new = []
    for n in range(existing, count):
        rounds_so_far, position, stream_pk = heapq.heappop(queue)
        heapq.heappush(queue, (rounds_so_far + 1, position, stream_pk))
        stream = by_pk[stream_pk]
        start = date(2020, 4, 1) + timedelta(days=(n * 7) % 1000)
        near = n % 50 == 0  # a few rounds due within 30 days, for the deadlines list
        new.append(
            Round(
                stream=stream,
                name=f"Round {rounds_so_far + 1}",
                period=f"{start:%b %Y} onwards",
                starts_on=start,
                ends_on=start + timedelta(days=90),
                allocation=Decimal(rng.randint(2_000_000, 6_000_000)),
                received_on=start,
                spend_by=today + timedelta(days=rng.randint(1, 29)) if near else start + timedelta(days=90),
                passport_by=today + timedelta(days=rng.randint(1, 20))
                if near
                else start + timedelta(days=20),
                returns_due=start + timedelta(days=120),
                status="received" if near else "closed",
                rule=Rule.PER_BED_AND_SERVICE_USER,
                position=rounds_so_far,
            )
        )
    Round.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return list(Round.objects.order_by("pk"))


def add_allocations(rounds: list[Round], scale: int) -> int:
    existing = ProviderAllocation.objects.count()
    if existing > scale:
        raise BenchError(
            f"The bench database has {existing:,} provider allocations, more than the {scale:,} asked for: "
            "run scales in ascending order, or use --reset."
        )
    if existing == scale:
        print(f"  funding: already {scale:,} provider allocations")
        return 0
    provider_ids = list(Provider.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    per_round = -(-scale // len(rounds))
    if len(provider_ids) < per_round:
        raise BenchError(f"Funding needs at least {per_round:,} active providers: use a larger --scale.")
    showcase = provider_ids[0]
    rng = random.Random(existing)  # invented data, not for security
    started = time.perf_counter()
    made = 0
    batch = []
    with transaction.atomic():
        taken = set(ProviderAllocation.objects.values_list("round_id", "provider_id"))
        for index, round_ in enumerate(rounds):
            offset = (index * 7919) % len(provider_ids)
            chosen = [provider_ids[(offset + j) % len(provider_ids)] for j in range(per_round)]
            if index % 20 == 0 and showcase not in chosen:
                chosen[-1] = showcase  # the bench provider user's organisation: about 50 allocations
            for provider_id in chosen:
                if existing + made >= scale:
                    break
                if (round_.pk, provider_id) in taken:
                    continue
                status = rng.choice(STATUSES)
                batch.append(
                    ProviderAllocation(
                        round_id=round_.pk,
                        provider_id=provider_id,
                        amount=Decimal(rng.randint(500, 20_000)),
                        basis=f"{rng.randint(5, 120)} beds",
                        status=status,
                        offered_on=round_.starts_on,
                        paid_on=round_.starts_on + timedelta(days=20)
                        if status == AllocationStatus.PAID
                        else None,
                    )
                )
                made += 1
                if len(batch) >= BATCH_SIZE:
                    ProviderAllocation.objects.bulk_create(batch)
                    batch = []
        ProviderAllocation.objects.bulk_create(batch)
        # A return for one paid allocation in twenty, late for one in five of those.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {ProviderReturn._meta.db_table}
                       (allocation_id, unspent, submitted_on, is_late, status, notes, is_demo)
                SELECT a.id, 0, r.returns_due - 5 + mod(a.id, 10)::int, mod(a.id, 10) > 5,
                       'submitted', '', false
                  FROM {ProviderAllocation._meta.db_table} a
                  JOIN {Round._meta.db_table} r ON r.id = a.round_id
                 WHERE a.status = 'paid' AND mod(a.id, 20) = 0
                   AND NOT EXISTS (SELECT 1 FROM {ProviderReturn._meta.db_table} x
                                    WHERE x.allocation_id = a.id)
                """  # noqa: S608 - table names are the models'
            )
    inserted = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (ProviderAllocation, ProviderReturn, Round, FundingStream):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    print(
        f"  funding: added {made:,} provider allocations (now {existing + made:,}): "
        f"insert {inserted - started:.1f} s, vacuum analyse {time.perf_counter() - inserted:.1f} s"
    )
    return made


def generate(scale: int) -> None:
    stream_count, round_count = sizes(scale)
    streams = add_streams(stream_count)
    rounds = add_rounds(streams, round_count)
    add_allocations(rounds, scale)


def busiest_stream_url() -> str:
    stream = FundingStream.objects.filter(slug__startswith="bench-fund-").order_by("position").first()
    return stream.get_absolute_url()


def deep_stream_page_url() -> str:
    stream = FundingStream.objects.filter(slug__startswith="bench-fund-").order_by("position").first()
    count = ProviderAllocation.objects.filter(round__stream=stream).count()
    return f"{stream.get_absolute_url()}?page={max(1, count // 25)}"


def middle_stream_page_url() -> str:
    """The worst page: half way, as far as can be from either end (every row is sorted)."""
    stream = FundingStream.objects.filter(slug__startswith="bench-fund-").order_by("position").first()
    count = ProviderAllocation.objects.filter(round__stream=stream).count()
    return f"{stream.get_absolute_url()}?page={max(1, count // 50)}"


def round_url() -> str:
    return (
        Round.objects.filter(stream__slug__startswith="bench-fund-").order_by("pk").first().get_absolute_url()
    )


def ledger_url() -> str:
    provider = Provider.objects.filter(is_active=True).order_by("pk").first()
    return f"/funding/providers/{provider.slug}/"


def cases(scale: int) -> list[BenchCase]:
    return [
        BenchCase("funding: streams and deadlines", FINANCE, "/funding/", GOAL_MS),
        BenchCase("funding: stream with allocations", FINANCE, busiest_stream_url, GOAL_MS),
        BenchCase("funding: stream, last allocations page", FINANCE, deep_stream_page_url, GOAL_MS),
        BenchCase("funding: stream, middle allocations page", FINANCE, middle_stream_page_url, GOAL_MS),
        BenchCase("funding: round", FINANCE, round_url, GOAL_MS),
        BenchCase("funding: provider ledger", FINANCE, ledger_url, GOAL_MS),
        BenchCase("funding: provider's own funding", PROVIDER_USER, "/funding/mine/", GOAL_MS),
        BenchCase("funding: summary", FINANCE, "/funding/summary/", SUMMARY_GOAL_MS),
        BenchCase("funding: home dashboard", FINANCE, "/", GOAL_MS),
    ]
