"""The statistics page's numbers against counts made directly in SQL, and the scorecard's functions."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from commissioning.carers.models import Allocation, CatalogueService, Referral
from commissioning.carers.statistics import (
    carers_service_rate_per_10k,
    distinct_carers_supported,
    financial_year_of,
    quarters,
    year_statistics,
)
from tests.commissioning.carers.factories import CarerFactory, ReferralFactory

pytestmark = pytest.mark.django_db
YEAR = 2024  # April 2024 to March 2025


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.fixture
def spread(hub_user):
    """Referrals and allocations over a year and a bit either side, some carers with two referrals."""
    rng = random.Random(7)
    services = list(CatalogueService.objects.all())
    carers = [CarerFactory() for _ in range(30)]
    start = date(YEAR, 3, 15)
    for n in range(120):
        day = start + timedelta(days=rng.randrange(400))
        referral = ReferralFactory(
            carer=rng.choice(carers),
            received_at=at(day),
            route=rng.choice(["online", "telephone", "face-to-face", "email"]),
            carer_type=rng.choice(["young", "young-adult", "parent", "adult"]),
            level_of_need=rng.choice(["", "low", "moderate", "high"]),
        )
        if n % 3:
            Allocation.objects.create(
                referral=referral,
                service=rng.choice(services),
                allocated_by=hub_user,
                allocated_at=at(day + timedelta(days=rng.randrange(30))),
            )
        if n % 4 == 0:
            Referral.objects.filter(pk=referral.pk).update(
                status="closed",
                closure_reason="outcomes-met",
                closed_at=at(day + timedelta(days=20)),
                outcome_wellbeing=rng.choice(["improved", "same", "worse", ""]),
            )


def sql(query: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_statistics_match_counts_made_in_sql(spread):
    stats = year_statistics(YEAR, today=date(YEAR + 1, 6, 1))
    assert stats["periods"] == ["Q1", "Q2", "Q3", "Q4", "Year to date"]
    for index, (_label, first, last) in enumerate(stats["spans"]):
        bounds = [at(first).replace(hour=0), at(last + timedelta(days=1)).replace(hour=0)]
        (total,) = sql(
            "SELECT count(*) FROM carers_referral WHERE received_at >= %s AND received_at < %s",
            bounds,
        )[0]
        assert stats["referrals"][index] == total
        (carers,) = sql(
            "SELECT count(DISTINCT r.carer_id) FROM carers_allocation a"
            " JOIN carers_referral r ON r.id = a.referral_id"
            " WHERE a.allocated_at >= %s AND a.allocated_at < %s",
            bounds,
        )[0]
        assert stats["carers_supported"][index] == carers
        assert distinct_carers_supported(first, last) == carers
        by_route = dict(
            sql(
                "SELECT route, count(*) FROM carers_referral"
                " WHERE received_at >= %s AND received_at < %s GROUP BY route",
                bounds,
            )
        )
        assert {row["label"]: row["counts"][index] for row in stats["by_route"]} == {
            "Online": by_route.get("online", 0),
            "Telephone": by_route.get("telephone", 0),
            "Face to face": by_route.get("face-to-face", 0),
            "Email": by_route.get("email", 0),
        }
        by_type = dict(
            sql(
                "SELECT carer_type, count(*) FROM carers_referral"
                " WHERE received_at >= %s AND received_at < %s"
                " GROUP BY carer_type",
                bounds,
            )
        )
        assert sum(row["counts"][index] for row in stats["by_carer_type"]) == sum(by_type.values())
        assert stats["by_carer_type"][0]["counts"][index] == by_type.get("young", 0)
        by_need = dict(
            sql(
                "SELECT level_of_need, count(*) FROM carers_referral"
                " WHERE received_at >= %s AND received_at < %s"
                " GROUP BY level_of_need",
                bounds,
            )
        )
        assert [row["counts"][index] for row in stats["by_need"]] == [
            by_need.get(k, 0) for k in ["low", "moderate", "high", ""]
        ]
        by_service = dict(
            sql(
                "SELECT s.name || ' (' || s.tier || ')', count(*) FROM carers_allocation a"
                " JOIN carers_catalogueservice s ON s.id = a.service_id"
                " WHERE a.allocated_at >= %s AND a.allocated_at < %s GROUP BY 1",
                bounds,
            )
        )
        shown = {row["label"]: row["counts"][index] for row in stats["by_service"] if row["counts"][index]}
        assert shown == by_service
        improved = sql(
            "SELECT count(*) FROM carers_referral WHERE closed_at >= %s AND closed_at < %s"
            " AND outcome_wellbeing = 'improved'",
            bounds,
        )[0][0]
        assert stats["by_outcome"][0]["label"] == "Wellbeing: improved"
        assert stats["by_outcome"][0]["counts"][index] == improved
    assert stats["referrals"][4] == sum(stats["referrals"][:4])  # the year is over: YTD is the year


def test_year_to_date_stops_at_today(spread):
    stats = year_statistics(YEAR, today=date(YEAR, 8, 15))
    first, last = stats["spans"][4][1:]
    assert (first, last) == (date(YEAR, 4, 1), date(YEAR, 8, 15))


def test_scorecard_functions_for_any_quarter(hub_user):
    service = CatalogueService.objects.get(code="signposting")
    carers = [CarerFactory() for _ in range(3)]
    for n, carer in enumerate(carers):
        referral = ReferralFactory(carer=carer)
        for day in [date(2022, 4, 1), date(2022, 6, 30)][: n + 1]:  # two allocations for one carer
            Allocation.objects.create(
                referral=referral, service=service, allocated_by=hub_user, allocated_at=at(day)
            )
    Allocation.objects.create(
        referral=ReferralFactory(), service=service, allocated_by=hub_user, allocated_at=at(date(2022, 7, 1))
    )
    q1 = quarters(2022)[0]
    assert q1[1:] == (date(2022, 4, 1), date(2022, 6, 30))
    assert distinct_carers_supported(date(2022, 4, 1), date(2022, 6, 30)) == 3
    assert distinct_carers_supported(date(2022, 7, 1), date(2022, 9, 30)) == 1
    assert carers_service_rate_per_10k(date(2022, 4, 1), date(2022, 6, 30), population=386_700) == Decimal(
        "0.1"
    )
    assert carers_service_rate_per_10k(date(2022, 4, 1), date(2022, 6, 30), population=30_000) == Decimal(
        "1.0"
    )
    assert carers_service_rate_per_10k(date(2022, 4, 1), date(2022, 6, 30)) == Decimal("0.1")  # the setting


def test_financial_year():
    assert financial_year_of(date(2022, 3, 31)) == 2021
    assert financial_year_of(date(2022, 4, 1)) == 2022
