"""Factories for the contracts app's tests."""

import datetime
from decimal import Decimal

import factory

from commissioning.contracts.models import (
    Contract,
    ContractParty,
    ContractStatus,
    Kpi,
    PerformanceReturn,
    Polarity,
    QualityVisit,
    Unit,
)
from tests.factories import ProviderFactory, UserFactory

TODAY = datetime.date(2026, 12, 1)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"CON-2026-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Test service {n}")
    service_type = "care-at-home"
    department = "Adults, Health and Integration"
    start_date = datetime.date(2023, 1, 1)
    initial_end_date = datetime.date(2026, 12, 31)
    end_date = factory.LazyAttribute(lambda c: c.initial_end_date)
    extension_count = 2
    extension_months = 12
    annual_value = Decimal("751000")
    total_value = Decimal("3755000")
    procurement_route = "open-tender"
    status = ContractStatus.LIVE


class ContractPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractParty

    contract = factory.SubFactory(ContractFactory)
    provider = factory.SubFactory(ProviderFactory)
    role = ContractParty.Role.PROVIDER


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    contract = factory.SubFactory(ContractFactory)
    measure = factory.Sequence(lambda n: f"Measure {n}")
    unit = Unit.PERCENT
    target = Decimal("90")
    polarity = Polarity.HIGHER


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceReturn

    contract = factory.SubFactory(ContractFactory)
    provider = factory.SubFactory(ProviderFactory)
    year = 2026
    quarter = 2
    due_on = datetime.date(2026, 10, 30)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityVisit

    provider = factory.SubFactory(ProviderFactory)
    visit_date = datetime.date(2026, 11, 20)
    officer = factory.SubFactory(UserFactory, role="contracts-officer")


def contract_with_party(provider=None, **kwargs):
    """A live contract with `provider` (or a new one) as its provider party."""
    contract = ContractFactory(**kwargs)
    ContractPartyFactory(contract=contract, provider=provider or ProviderFactory())
    return contract
