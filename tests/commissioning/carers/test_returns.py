"""The national returns for the performance analyst: the quarter's carer events in the Client Level Data
shape and the Survey of Adult Carers sample frame; pseudonymous ids, and no names or contact details."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.carers import returns
from commissioning.carers.models import Allocation, CatalogueService, RecordView, Referral, Status
from tests.commissioning.carers.factories import CaredForFactory, CarerFactory, ReferralFactory

pytestmark = pytest.mark.django_db
QUARTER = returns.Quarter(2025, 2)  # July to September 2025


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 11))


@pytest.fixture
def events(hub_user):
    """One adult carer through the pathway in the quarter, and a young carer (not in CLD)."""
    carer = CarerFactory(
        first_name="Unmistakable",
        last_name="Zebedee-Quorn",
        date_of_birth=date(1960, 7, 15),
        email="unmistakable.quorn@example.org",
        phone="07700 900 321",
        address_line_1="42 Distinctive Lane",
        postcode="CW1 2BJ",
    )
    CaredForFactory(carer=carer, has_social_care_respite=True)
    referral = ReferralFactory(
        carer=carer,
        received_at=at(date(2025, 7, 2)),
        contacted_at=at(date(2025, 7, 4)),
        assessed_on=date(2025, 7, 20),
        status=Status.PLAN_IN_PLACE,
        level_of_need="low",
        assessment_method="separate",
        support_type="direct-payment",
        referrer_name="Dr Referrer Name",
        referrer_contact="referrer@example.org",
    )
    Allocation.objects.create(
        referral=referral,
        service=CatalogueService.objects.first(),
        allocated_by=hub_user,
        allocated_at=at(date(2025, 8, 1)),
    )
    young = CarerFactory(first_name="Youngster", date_of_birth=date(2012, 1, 1))
    ReferralFactory(
        carer=young, received_at=at(date(2025, 7, 3)), contacted_at=at(date(2025, 7, 5)), carer_type="young"
    )
    return carer, referral


def test_client_level_data_rows(events):
    carer, referral = events
    rows = [dict(zip(returns.CLD_HEADER, row, strict=True)) for row in returns.cld_rows(QUARTER)]
    assert [row["Event_Type"] for row in rows] == ["Request", "Assessment", "Service"]
    request, assessment, service = rows
    assert request["Event_Start_Date"] == "2025-07-02" and request["Event_End_Date"] == "2025-07-04"
    assert request["Event_Outcome"] == "Progress to Assessment"
    assert assessment["Event_End_Date"] == "2025-07-20" and assessment["Assessment_Method"] == "Separate"
    assert service["Service_Type"] == "Carer Support: Direct to Carer"
    assert service["Delivery_Mechanism"] == "Direct Payment" and service["Event_End_Date"] == ""
    for row in rows:
        assert row["Client_Type"] == "Carer" and row["LA_Code"] == "E06000049"
        assert (
            row["Reporting_Period_Start_Date"] == "2025-07-01"
            and row["Reporting_Period_End_Date"] == "2025-09-30"
        )
        assert (row["Birth_Year"], row["Birth_Month"]) == (1960, 7)
        assert row["LA_Person_Unique_Identifier"] == returns.pseudonym("person", carer.pk)
        assert row["Linked_Person_ID_1"]  # the cared-for person is known to social care
    # The same person, the same id in every file; not the record number.
    assert len({row["LA_Person_Unique_Identifier"] for row in rows}) == 1
    assert str(carer.pk) != rows[0]["LA_Person_Unique_Identifier"]
    next_quarter = list(returns.cld_rows(returns.Quarter(2025, 3)))
    assert [row[8] for row in next_quarter] == ["Service"]  # the support is still active


def test_review_events_come_from_the_history(events, hub_user):
    from commissioning.carers import services

    _carer, referral = events
    Referral.objects.filter(pk=referral.pk).update(
        plan_agreed_on=date(2025, 7, 25), review_due_on=date(2025, 8, 1)
    )
    referral.refresh_from_db()
    with timezone.override("Europe/London"):
        services.referral_record_review(referral=referral, reviewed_on=date(2025, 8, 20), by=hub_user)
    rows = [dict(zip(returns.CLD_HEADER, row, strict=True)) for row in returns.cld_rows(QUARTER)]
    (review,) = [row for row in rows if row["Event_Type"] == "Review"]
    assert review["Event_Start_Date"] == review["Event_End_Date"] == "2025-08-20"


def test_survey_sample_frame(events):
    carer, referral = events
    rows = [dict(zip(returns.SACE_HEADER, row, strict=True)) for row in returns.sace_rows(date(2025, 10, 1))]
    assert len(rows) == 1  # the young carer was neither assessed nor is an adult
    (row,) = rows
    assert row["Person_ID"] == returns.pseudonym("person", carer.pk) and row["Age"] == 65
    assert (
        row["Method_Of_Assessment_Or_Review"] == "Assessed or reviewed separately from the cared-for person"
    )
    assert row["Support_Provided_To_Carer"] == "Direct Payment only"
    assert list(returns.sace_rows(date(2026, 8, 1))) == []  # assessed more than 12 months before


def download(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_exports_contain_no_names_or_contact_details(client_for, events):
    carer, referral = events
    analyst = client_for("performance-analyst")
    # Reviewed last month, so the carer is in today's survey frame as well.
    Referral.objects.filter(pk=referral.pk).update(last_reviewed_on=timezone.localdate().replace(day=1))
    files = [
        download(analyst, reverse("carers:returns-cld") + f"?quarter={QUARTER.slug}"),
        download(analyst, reverse("carers:returns-sace")),
    ]
    personal = [
        carer.first_name,
        carer.last_name,
        carer.email,
        carer.phone,
        "900321",
        carer.address_line_1,
        carer.postcode,
        "CW1",
        referral.referrer_name,
        referral.referrer_contact,
        referral.reference,
        "Youngster",
        "1960-07-15",
    ]
    for text in files:
        assert len(list(csv.reader(io.StringIO(text)))) > 1
        for value in personal:
            assert value.lower() not in text.lower(), value


def test_exports_are_logged_and_for_the_analyst_only(client_for, users, events):
    url = reverse("carers:returns-cld") + f"?quarter={QUARTER.slug}"
    for role in ["carers-hub-worker", "commissioner", "social-care-assessor", "provider"]:
        assert client_for(role).get(url).status_code == 403, role
    download(client_for("performance-analyst"), url)
    log = RecordView.objects.get(carer=None)
    assert log.user == users["performance-analyst"] and log.what == "client level data 2025-q2"
    assert log.details == {"rows": 3}
    assert (
        client_for("performance-analyst").get(reverse("carers:returns-cld") + "?quarter=bad").status_code
        == 404
    )


def test_quarters():
    assert returns.Quarter.of(date(2026, 1, 15)) == returns.Quarter(2025, 4)
    assert returns.Quarter(2025, 4).start == date(2026, 1, 1) and returns.Quarter(2025, 4).end == date(
        2026, 3, 31
    )
    assert returns.Quarter.parse("2025-q1") == returns.Quarter(2025, 1)
    assert returns.Quarter.parse("2025-q5") is None and returns.Quarter.parse("\x00") is None
    assert [q.slug for q in returns.Quarter(2025, 1).previous(3)] == ["2025-q1", "2024-q4", "2024-q3"]
