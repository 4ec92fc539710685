"""Funding fixtures: a small stream with one round, and the demo data loaded from fixtures/demo/funding/."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding.models import (
    AllocationStatus,
    Category,
    Decision,
    Funder,
    FundingStream,
    ProviderAllocation,
    ProviderBasis,
    Round,
    Rule,
)
from tests.factories import ProviderFactory


@pytest.fixture
def funder(db):
    return Funder.objects.create(
        name="Department of Health and Social Care", short_name="DHSC", kind="government"
    )


@pytest.fixture
def stream(funder):
    return FundingStream.objects.create(
        name="Test Infection Control Fund",
        slug="test-icf",
        funder=funder,
        category=Category.INFECTION_CONTROL,
        purpose="To reduce transmission.",
        how_spent="Passported per bed.\n\n- Isolation pay\n- Testing",
        decision=Decision.URGENT,
    )


@pytest.fixture
def round_(stream):
    today = timezone.localdate()
    return Round.objects.create(
        stream=stream,
        name="Round 1",
        period="This quarter",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=80),
        allocation=Decimal("10000"),
        received_on=today - timedelta(days=5),
        spend_by=today + timedelta(days=20),
        passport_by=today + timedelta(days=15),
        returns_due=today + timedelta(days=40),
        status="received",
        rule=Rule.PER_BED,
        rate=Decimal("400"),
    )


@pytest.fixture
def paid_allocation(round_, own_provider):
    return ProviderAllocation.objects.create(
        round=round_,
        provider=own_provider,
        amount=Decimal("4000"),
        basis="10 beds at £400",
        status=AllocationStatus.PAID,
        offered_on=date(2022, 1, 5),
        paid_on=date(2022, 1, 20),
    )


@pytest.fixture
def other_allocation(round_, other_provider):
    return ProviderAllocation.objects.create(
        round=round_,
        provider=other_provider,
        amount=Decimal("2000"),
        basis="5 beds at £400",
        status=AllocationStatus.OFFERED,
        offered_on=date(2022, 1, 5),
    )


@pytest.fixture
def bases(round_):
    """Three care homes with beds recorded for the round and no allocation yet."""
    homes = [ProviderFactory(name=f"Home {n}") for n in (1, 2, 3)]
    for home, beds in zip(homes, (10, 5, 5), strict=True):
        ProviderBasis.objects.create(round=round_, provider=home, beds=beds)
    return homes


@pytest.fixture
def demo(db):
    from commissioning.providers import demo as providers_demo
    from funding import demo as funding_demo

    providers_demo.load(make_users=False, password="")
    funding_demo.load()
