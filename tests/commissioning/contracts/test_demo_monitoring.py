"""The monitoring demo: invented, marked as demo data, made through the services (so an expired policy and
an Inadequate or poor record open concerns and flag the provider), and loaded once."""

from io import StringIO

import pytest

from commissioning.contracts import demo_monitoring
from commissioning.contracts.models import (
    ActionItem,
    Concern,
    GovernanceMeeting,
    InsurancePolicy,
    Kpi,
    PerformanceReturn,
    QualityVisit,
    Standing,
)
from commissioning.providers import demo as providers_demo
from commissioning.providers.models import Provider
from portal import demo as portal_demo
from portal.management.commands.load_demo import DEMO_DATA_LOADERS
from tests.commissioning.contracts.factories import ContractFactory, ContractPartyFactory

pytestmark = pytest.mark.django_db
MODELS = (ActionItem, Concern, GovernanceMeeting, InsurancePolicy, Kpi, PerformanceReturn, QualityVisit)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_registered_with_load_demo():
    assert DEMO_DATA_LOADERS[-1] == "commissioning.contracts.demo_monitoring.load"


def test_invented_marked_and_loaded_once():
    providers_demo.load(make_users=True, password="demo-password")
    portal_demo.load_users(password="demo-password")
    weaver = Provider.objects.get(slug="weaver")
    ContractPartyFactory(contract=ContractFactory(reference="CON-2023-0001"), provider=weaver)
    out = StringIO()
    demo_monitoring.load(stdout=out)
    first = counts()
    assert first["QualityVisit"] == 2 and first["ActionItem"] == 2 and first["GovernanceMeeting"] == 1
    assert first["PerformanceReturn"] == 2 and first["Kpi"] == 2
    for model in (
        ActionItem,
        Concern,
        GovernanceMeeting,
        InsurancePolicy,
        Kpi,
        PerformanceReturn,
        QualityVisit,
    ):
        assert not model.objects.filter(is_demo=False).exists(), model.__name__
    bollin = Provider.objects.get(slug="bollin-pathways")
    assert Concern.objects.filter(provider=bollin, source=Concern.Source.INSURANCE).exists()
    assert bollin.quality.standing == Standing.OF_CONCERN
    assert PerformanceReturn.objects.filter(rag="amber").exists() or PerformanceReturn.objects.filter(
        rag="red"
    )
    demo_monitoring.load(stdout=StringIO())
    assert counts() == first


def test_without_a_contract_for_a_demo_provider_kpis_are_skipped_and_said():
    providers_demo.load(make_users=True, password="demo-password")
    portal_demo.load_users(password="demo-password")
    out = StringIO()
    demo_monitoring.load(stdout=out)
    assert "no KPIs or returns" in out.getvalue()
    assert not Kpi.objects.exists() and QualityVisit.objects.exists()
