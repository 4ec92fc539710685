"""Provider performance in the browser's HTTP (issue 12, part 4): KPIs, a provider's quarterly return and
its RAG, the late returns to chase, a quarter that has not ended refused, providers kept to their own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.contracts.models import Kpi, PerformanceReturn, Rag, ReturnStatus
from commissioning.contracts.periods import Quarter
from tests.commissioning.contracts.factories import ContractFactory, ContractPartyFactory, KpiFactory
from tests.commissioning.contracts.monitoring_objects import monitoring_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(own_provider, other_provider):
    return monitoring_objects({"own_provider": own_provider, "other_provider": other_provider})


def test_a_provider_submits_a_return_that_misses_its_target_and_sees_red(client_for, objects):
    client = client_for("provider")
    due = objects["own_due"]
    kpi = objects["kpi"]  # 90% or more, higher is better
    response = client.post(
        reverse("contracts:return-submit", args=[due.pk]),
        {
            f"kpi_{kpi.pk}": "71.5",
            f"comment_{kpi.pk}": "Two staff off sick.",
            "commentary": "A hard quarter.",
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.status == ReturnStatus.SUBMITTED and due.rag == Rag.RED
    page = client.get(due.get_absolute_url()).content.decode()
    assert "Red" in page and "71.5%" in page and "Two staff off sick." in page


def test_a_value_that_is_not_a_number_is_a_govuk_error_and_changes_nothing(client_for, objects):
    due = objects["own_due"]
    response = client_for("provider").post(
        reverse("contracts:return-submit", args=[due.pk]), {f"kpi_{objects['kpi'].pk}": "most"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "must be a number" in response.content.decode()
    due.refresh_from_db()
    assert due.status == ReturnStatus.DUE


def test_providers_see_only_their_own_returns(client_for, objects):
    client = client_for("other-provider")
    assert client.get(objects["own_due"].get_absolute_url()).status_code == 404
    listing = client.get(reverse("contracts:returns")).content.decode()
    assert objects["other_due"].get_absolute_url() in listing
    assert objects["own_due"].get_absolute_url() not in listing


def test_a_return_for_a_quarter_that_has_not_ended_is_refused(client_for, objects, own_provider):
    contract = objects["contract"]
    current = Quarter.last_ended(datetime.date.today()).next()
    response = client_for("contracts-officer").post(
        reverse("contracts:return-ask", args=[contract.reference]),
        {"provider": own_provider.pk, "year": current.year, "number": current.number},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "a return is made only once its quarter has ended" in body
    assert not PerformanceReturn.objects.filter(year=current.year, quarter=current.number).exists()


def test_an_officer_asks_for_an_earlier_quarter(client_for, objects, own_provider):
    contract = objects["contract"]
    response = client_for("contracts-officer").post(
        reverse("contracts:return-ask", args=[contract.reference]),
        {"provider": own_provider.pk, "year": 2025, "number": 4},
    )
    assert response.status_code == 302
    assert PerformanceReturn.objects.filter(
        contract=contract, provider=own_provider, year=2025, quarter=4
    ).exists()


def test_late_returns_are_listed_for_chasing(client_for, objects):
    objects["own_submitted"].due_on = datetime.date.today() + datetime.timedelta(days=5)
    objects["own_submitted"].save()
    listing = client_for("commissioner").get(reverse("contracts:returns"), {"show": "late"}).content.decode()
    assert objects["own_due"].get_absolute_url() in listing  # due 30 October 2026, not submitted
    assert objects["own_submitted"].get_absolute_url() not in listing


def test_an_officer_returns_a_return_for_correction_with_a_note(client_for, objects):
    submitted = objects["own_submitted"]
    url = reverse("contracts:return-review", args=[submitted.pk])
    client = client_for("contracts-officer")
    response = client.post(url, {"decision": "return"})
    assert response.status_code == 200 and "Enter what the provider must correct" in response.content.decode()
    assert client.post(url, {"decision": "return", "note": "Q1 figure is for Q2."}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.RETURNED


def test_a_percentage_target_over_100_is_refused(client_for, objects):
    contract = objects["contract"]
    response = client_for("commissioner").post(
        reverse("contracts:kpi-add", args=[contract.reference]),
        {"measure": "Reviews on time", "unit": "percent", "target": "120", "polarity": "higher"},
    )
    assert "A percentage target must be between 0 and 100" in response.content.decode()
    assert not Kpi.objects.filter(measure="Reviews on time").exists()


def kpi_page_queries(client, contract) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("contracts:kpis", args=[contract.reference]))
    assert response.status_code == 200
    return len(captured)


def test_the_kpi_history_is_a_chart_and_a_table_in_flat_queries(client_for, own_provider):
    contract = ContractFactory()
    ContractPartyFactory(contract=contract, provider=own_provider)
    kpis = [KpiFactory(contract=contract, measure=f"Measure {n}") for n in range(2)]
    client = client_for("commissioner")

    def add_quarter(year, number):
        performance_return = PerformanceReturn.objects.create(
            contract=contract,
            provider=own_provider,
            year=year,
            quarter=number,
            due_on=datetime.date(2026, 1, 1),
        )
        for kpi in kpis:
            performance_return.values.create(
                kpi=kpi, value=88, target=kpi.target, polarity=kpi.polarity, rag="amber"
            )

    add_quarter(2025, 1)
    first = kpi_page_queries(client, contract)
    for number in (2, 3, 4):
        add_quarter(2025, number)
    assert kpi_page_queries(client, contract) == first
    page = client.get(reverse("contracts:kpis", args=[contract.reference])).content.decode()
    assert page.count('class="portal-chart"') == 2
    assert "Q4 2025-26" in page and "Amber" in page
