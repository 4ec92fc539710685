"""Quality assurance and eligibility over HTTP (issue 12, parts 5 and 7): a visit recorded (never in the
future as done), scored on the nine domains, with an action plan the provider answers online; providers
kept to their own; an expired policy opens a concern and flags the provider; providers due a visit."""

import datetime

import pytest
from django.urls import reverse

from commissioning.contracts.models import (
    ActionItem,
    Concern,
    Domain,
    InsurancePolicy,
    QualityVisit,
    Standing,
)
from tests.commissioning.contracts.factories import ContractPartyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def date_fields(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def visit_data(provider, users, day, done="done"):
    return {
        "provider": provider.name,
        **date_fields("visit_date", day),
        "announced": "no",
        "officer": users["contracts-officer"].pk,
        "done": done,
    }


def test_a_visit_in_the_future_cannot_be_recorded_as_done(client_for, users, own_provider):
    response = client_for("contracts-officer").post(
        reverse("contracts:visit-add"), visit_data(own_provider, users, TODAY + datetime.timedelta(days=3))
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "must be dated today or in the past" in body
    assert not QualityVisit.objects.exists()


def test_a_visit_with_two_actions_that_the_provider_answers(client_for, users, own_provider):
    officer = client_for("contracts-officer")
    response = officer.post(
        reverse("contracts:visit-add"), visit_data(own_provider, users, TODAY - datetime.timedelta(days=1))
    )
    visit = QualityVisit.objects.get()
    assert response["Location"] == reverse("contracts:visit-record", args=[visit.pk])
    scores = {f"score_{domain.value}": "met" for domain in Domain}
    scores["score_record-keeping"] = "partly-met"
    scores["findings_record-keeping"] = "Two care plans were out of date."
    response = officer.post(
        reverse("contracts:visit-record", args=[visit.pk]),
        {**scores, "summary": "A caring service.", "internal_notes": "Manager seemed stretched."},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == QualityVisit.Status.COMPLETED
    for text in ("Update the two care plans", "Audit every care plan"):
        response = officer.post(
            reverse("contracts:action-add", args=[visit.pk]),
            {
                "action": text,
                "owner": "Registered manager",
                **date_fields("due_on", TODAY + datetime.timedelta(days=30)),
            },
        )
        assert response.status_code == 302
    provider = client_for("provider")
    page = provider.get(visit.get_absolute_url()).content.decode()
    assert "A caring service." in page and "Two care plans were out of date." in page
    assert "Manager seemed stretched." not in page  # internal notes stay with the council
    assert client_for("other-provider").get(visit.get_absolute_url()).status_code == 404
    for item in ActionItem.objects.all():
        assert client_for("other-provider").get(item.get_absolute_url()).status_code == 404
        response = provider.post(
            reverse("contracts:action-respond", args=[item.pk]), {"response": "Done in full."}
        )
        assert response.status_code == 302
    assert set(ActionItem.objects.values_list("status", flat=True)) == {ActionItem.Status.RESPONDED}
    assert "Done in full." in officer.get(ActionItem.objects.first().get_absolute_url()).content.decode()


def test_an_action_due_in_the_past_is_refused(client_for, users, own_provider):
    visit = QualityVisit.objects.create(
        provider=own_provider, visit_date=TODAY, officer=users["contracts-officer"], status="completed"
    )
    response = client_for("contracts-officer").post(
        reverse("contracts:action-add", args=[visit.pk]),
        {"action": "Fix it", "owner": "Manager", **date_fields("due_on", TODAY - datetime.timedelta(days=1))},
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_an_expired_policy_opens_a_concern_and_flags_the_provider(client_for, own_provider):
    response = client_for("contracts-officer").post(
        reverse("contracts:insurance-edit", args=[own_provider.slug, "public-liability"]),
        {
            "insurer": "Example Mutual",
            "cover": "5000000",
            **date_fields("expires_on", TODAY - datetime.timedelta(days=2)),
        },
    )
    assert response.status_code == 302
    assert InsurancePolicy.objects.filter(provider=own_provider).exists()
    concern = Concern.objects.get(provider=own_provider)
    assert concern.source == Concern.Source.INSURANCE
    own_provider.quality.refresh_from_db()
    assert own_provider.quality.standing == Standing.OF_CONCERN


def test_an_inadequate_rating_needs_its_date_and_opens_a_concern(client_for, own_provider):
    url = reverse("contracts:quality-edit", args=[own_provider.slug])
    client = client_for("commissioner")
    response = client.post(url, {"risk_level": "high", "cqc_rating": "inadequate"})
    assert "Enter the date of the CQC rating" in response.content.decode()
    assert not Concern.objects.exists()
    response = client.post(
        url, {"risk_level": "high", "cqc_rating": "inadequate", **date_fields("cqc_rating_date", TODAY)}
    )
    assert response.status_code == 302
    assert Concern.objects.get(provider=own_provider).source == Concern.Source.CQC


def test_providers_due_a_visit_are_listed(client_for, own_provider, other_provider):
    ContractPartyFactory(provider=own_provider)
    page = client_for("contracts-officer").get(reverse("contracts:visits-due")).content.decode()
    assert own_provider.name in page and "Never visited" in page
    assert other_provider.name not in page  # not commissioned: not on the team's books


def test_the_provider_page_shows_performance_and_quality_in_flat_queries(client_for, users, own_provider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commissioning.contracts.models import PerformanceReturn
    from tests.commissioning.contracts.factories import ContractFactory

    contract = ContractFactory(title="Own care at home")
    ContractPartyFactory(contract=contract, provider=own_provider)
    Concern.objects.create(
        provider=own_provider, opened_on=TODAY, source="officer", summary="Late calls noted"
    )
    url = reverse("contracts:provider", args=[own_provider.slug])
    client = client_for("contracts-officer")

    def add(quarter):
        PerformanceReturn.objects.create(
            contract=contract, provider=own_provider, year=2025, quarter=quarter, due_on=TODAY
        )
        QualityVisit.objects.create(
            provider=own_provider, visit_date=TODAY, officer=users["contracts-officer"], status="completed"
        )

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert "Q1 2025-26" in page and "Late calls noted" in page
    for quarter in (2, 3, 4):
        add(quarter)
    with CaptureQueriesContext(connection) as later:
        client.get(url)
    assert len(later) == len(first)
    own = client_for("provider").get(url).content.decode()
    assert "Q4 2025-26" in own and "Late calls noted" not in own  # concerns are internal
