"""The FPS bench's call-off packages and their bids (bench/cases/fps.py generates the rest)."""

# ruff: noqa: S608, E501 - the SQL is built from the models' table and column names and integers, never input

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.bulk import add_history, copy_rows, last_id
from commissioning.fps.models import Bid, Package
from commissioning.providers.models import Area

BIDS_PER_PACKAGE = 10
AREAS = [choice.value for choice in Area]

PACKAGE_COLUMNS = [
    "system_id",
    "reference",
    "lot_id",
    "title",
    "area",
    "people_count",
    "days_and_hours",
    "needs",
    "outcomes",
    "start_date",
    "bid_deadline",
    "quality_weight",
    "price_weight",
    "social_value_weight",
    "status",
    "created_at",
    "created_by_id",
    "published_at",
    "published_by_id",
    "awarded_at",
    "awarded_by_id",
    "award_reason",
    "brokerage_reference",
    "placement_start",
    "placement_recorded_at",
    "placement_recorded_by_id",
    "is_demo",
]
BID_COLUMNS = [
    "package_id",
    "provider_id",
    "weekly_price",
    "price_breakdown",
    "outcomes_response",
    "social_value",
    "start_date",
    "submitted_at",
    "submitted_by_id",
    "updated_at",
    "quality_score",
    "social_value_score",
    "score_notes",
    "scored_by_id",
    "scored_at",
]
# Of every 20 packages: 1 draft, 1 cancelled, 2 open for bids, 2 past the deadline (scored), 7 awarded and
# 7 placed.
PACKAGE_STATUSES = ["draft", "cancelled", "open", "open", "closed", "closed"] + ["awarded", "placed"] * 7
TITLES = [
    "Building-based day support {n} days a week",
    "Community support {n} days a week",
    "Supported employment {n} days a week",
]


def package_row(index, lot, system, go_live, now, rng, commissioner_id):
    kind = PACKAGE_STATUSES[index % len(PACKAGE_STATUSES)]
    days = rng.randint(1, 5)
    if kind in {"open", "draft"}:
        created = now - timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 8))
        deadline = now + timedelta(days=rng.randint(3, 14))
    elif kind == "closed":
        deadline = now - timedelta(days=rng.randint(1, 10))
        created = deadline - timedelta(days=14)
    else:
        created = go_live + (now - timedelta(days=60) - go_live) * rng.random()
        deadline = created + timedelta(days=14)
    published = None if kind == "draft" else created + timedelta(hours=rng.randint(1, 48))
    awarded = deadline + timedelta(days=rng.randint(2, 9)) if kind in {"awarded", "placed"} else None
    placed = awarded + timedelta(days=rng.randint(2, 7)) if kind == "placed" else None
    status = {"open": "published", "closed": "published"}.get(kind, kind)
    year = timezone.localtime(created).year
    return (
        system.pk,
        f"DO-CO-{year}-{index + 1:06d}",
        lot.pk,
        TITLES[lot.number - 1].format(n=days),
        AREAS[index % len(AREAS)],
        1 if index % 7 else 2,
        f"{days} days a week, 9:30am to 3:30pm.",
        "An adult with a learning disability who needs support with personal care, eating and travel.",
        "To make friends, to be more independent, to try new activities in the community.",
        (deadline + timedelta(days=21)).date(),
        deadline,
        60,
        40,
        10,
        status,
        created,
        commissioner_id,
        published,
        commissioner_id if published else None,
        awarded,
        commissioner_id if awarded else None,
        "Highest total score." if awarded else "",
        f"CBT-{index + 1:06d}" if placed else "",
        (deadline + timedelta(days=21)).date() if placed else None,
        placed,
        commissioner_id if placed else None,
        False,
    )


def add_packages(system, first, last, admitted, showcase_id, bench_user_id, commissioner_id) -> None:
    """Packages first..last-1 and ten bids on each published one, from providers admitted to its lot."""
    now = timezone.now()
    go_live = timezone.make_aware(datetime.combine(system.go_live, datetime.min.time()))
    lots = list(system.lots.order_by("number"))
    after = last_id(Package)
    rows = []
    for index in range(first, last):
        rng = random.Random(index)  # invented data, not for security
        rows.append(package_row(index, lots[index % len(lots)], system, go_live, now, rng, commissioner_id))
    copy_rows(Package._meta.db_table, PACKAGE_COLUMNS, rows)
    bids = []
    new = Package.objects.filter(pk__gt=after).exclude(status="draft")
    for package_id, lot_id, deadline, published, status, start in new.values_list(
        "pk", "lot_id", "bid_deadline", "published_at", "status", "start_date"
    ):
        rng = random.Random(package_id)  # invented data, not for security
        pool = admitted.get(lot_id, [])
        chosen = rng.sample(pool, min(BIDS_PER_PACKAGE, len(pool)))
        # The showcase provider bids on a third of the open packages of its lots.
        open_now = status == "published" and deadline > now
        if open_now and chosen and showcase_id in pool and showcase_id not in chosen and package_id % 3 == 0:
            chosen[-1] = showcase_id
        scored = deadline <= now and status != "cancelled"
        for provider_id in chosen:
            submitted = published + (min(deadline, now) - published) * rng.uniform(0.2, 0.95)
            price = Decimal(rng.randrange(25000, 90000)) / 100
            bids.append(
                (
                    package_id,
                    provider_id,
                    price,
                    f"{rng.randint(1, 5)} days at £{price / 2:.2f}, including staffing at 1:3.",
                    "A named key worker; activities planned around the person's outcomes; reviewed monthly.",
                    "Local apprenticeships and volunteering." if rng.random() < 0.7 else "",
                    start,
                    submitted,
                    bench_user_id if provider_id == showcase_id else None,
                    submitted,
                    rng.randint(40, 95) if scored else None,
                    rng.randint(20, 95) if scored else None,
                    "Scored against the outcomes and the social value offered." if scored else "",
                    commissioner_id if scored else None,
                    deadline + timedelta(days=1) if scored else None,
                )
            )
    copy_rows(Bid._meta.db_table, BID_COLUMNS, bids)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE fps_package p SET awarded_bid_id = (
                SELECT b.id FROM fps_bid b WHERE b.package_id = p.id ORDER BY b.weekly_price, b.id LIMIT 1)
            WHERE p.id > %s AND p.status IN ('awarded', 'placed')
            """,
            [after],
        )
    add_history(
        Package, "id > %s", "coalesce(placement_recorded_at, awarded_at, published_at, created_at)", [after]
    )
    add_history(Bid, "package_id > %s", "coalesce(scored_at, submitted_at)", [after])


# generate() ----------------------------------------------------------------------------------------------
