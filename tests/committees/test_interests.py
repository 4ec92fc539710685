"""The register of members' interests (issue 19, point 3): public pages, democratic services' changes,
and the warnings where an interest meets an FPS applicant, a contracted provider or a funding recipient."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Declaration, Meeting, RegisteredInterest
from committees.services import interest_matches
from tests.committees.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    ReportFactory,
    add_section,
)
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def interest(person, organisation="Mere Side Residential Homes Limited", number="", **kwargs):
    record = RegisteredInterest(
        person=person,
        kind=kwargs.pop("kind", RegisteredInterest.Kind.EMPLOYMENT),
        organisation=organisation,
        companies_house_number=number,
        details=kwargs.pop("details", "Director"),
        registered_from=kwargs.pop("registered_from", datetime.date(2021, 5, 1)),
        **kwargs,
    )
    record.full_clean()
    record.save()
    return record


# Matching ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "registered, provider_name",
    [
        ("Mere Side Residential Homes Limited", "Mere Side Residential Homes Ltd"),
        ("mere-side residential homes ltd.", "Mere Side Residential Homes Ltd"),
        ("MERE SIDE RESIDENTIAL HOMES", "Mere Side Residential Homes"),
    ],
)
def test_names_match_whatever_their_case_punctuation_and_limited(registered, provider_name):
    councillor = PersonFactory()
    interest(councillor, registered)
    [matches] = interest_matches.interests_matching([(provider_name, "")])
    assert [(m.person, how) for m, how in matches] == [(councillor, "name")]


def test_a_companies_house_number_matches_whatever_the_name():
    councillor = PersonFactory()
    interest(councillor, "Dane Valley Day Services", "9123456")  # stored as 09123456
    [matches] = interest_matches.interests_matching([("Dane Valley Day Services Ltd", "09123456")])
    assert [how for _, how in matches] == ["Companies House number"]


def test_different_names_ended_and_future_interests_do_not_match():
    councillor = PersonFactory()
    interest(councillor, "Mere Side Care Ltd")
    interest(councillor, "Weaver Community Support", registered_to=datetime.date(2022, 1, 1))
    interest(councillor, "Bollin Pathways CIC", registered_from=datetime.date(2099, 1, 1))
    found = interest_matches.interests_matching(
        [
            ("Mere Side Residential Homes Ltd", ""),
            ("Weaver Community Support", ""),
            ("Bollin Pathways CIC", ""),
        ]
    )
    assert found == [[], [], []]


def test_matching_many_organisations_is_one_query():
    for n in range(5):
        interest(PersonFactory(), f"Organisation {n} Ltd")
    with CaptureQueriesContext(connection) as two:
        interest_matches.interests_matching([("Organisation 1 Limited", ""), ("Organisation 2", "")])
    with CaptureQueriesContext(connection) as five:
        found = interest_matches.interests_matching([(f"Organisation {n} Ltd", "") for n in range(5)])
    assert len(two) == len(five) == 1
    assert [len(m) for m in found] == [1] * 5


# The warnings ------------------------------------------------------------------------------------------


@pytest.fixture
def mere_side(db):
    return ProviderFactory(name="Mere Side Residential Homes Ltd", companies_house_number="07654321")


@pytest.fixture
def fps_application(mere_side):
    from tests.commissioning.fps.factories_evaluation import submitted_application

    return submitted_application(provider=mere_side)


def test_the_applicants_evaluation_page_warns_commissioners(client_for, fps_application):
    councillor = PersonFactory(name="Councillor D Example")
    interest(councillor)
    url = reverse("fps:evaluate", args=[fps_application.reference])
    page = client_for("commissioner").get(url).content.decode()
    assert "govuk-warning-text" in page
    assert "Councillor D Example</a> has registered an interest in Mere Side Residential Homes Ltd" in page
    assert "an FPS applicant. Employment, office, trade or profession: Director, since 1 May 2021." in page
    assert "Matched by name (registered as “Mere Side Residential Homes Limited”)." in page
    assert reverse("committees:member-interests", args=[councillor.pk]) in page


def test_no_warning_once_the_interest_has_ended(client_for, fps_application):
    interest(PersonFactory(), registered_to=datetime.date(2022, 3, 31))
    page = client_for("commissioner").get(reverse("fps:evaluate", args=[fps_application.reference]))
    assert "registered an interest" not in page.content.decode()


@pytest.fixture
def allocation(own_provider):
    from funding.models import AllocationStatus, Funder, FundingStream, ProviderAllocation, Round

    funder = Funder.objects.create(name="Department of Health", short_name="DHSC", kind="government")
    stream = FundingStream.objects.create(name="Infection Control Fund", funder=funder)
    today = datetime.date.today()
    round_ = Round.objects.create(
        stream=stream,
        name="Round 1",
        period="Quarter",
        starts_on=today,
        ends_on=today,
        allocation=Decimal("1"),
    )
    return ProviderAllocation.objects.create(
        round=round_, provider=own_provider, amount=Decimal("4000"), status=AllocationStatus.OFFERED
    )


@pytest.mark.parametrize(
    "role, warned",
    [("commissioner", True), ("finance-officer", False), ("provider", False)],
)
def test_the_allocation_warns_commissioners_never_the_provider(client_for, allocation, role, warned):
    """Democratic services cannot open an allocation at all; finance officers are not among those warned."""
    interest(PersonFactory(), allocation.provider.name.upper())
    response = client_for(role).get(reverse("funding:allocation", args=[allocation.pk]))
    assert response.status_code == 200
    assert ("registered an interest" in response.content.decode()) is warned


@pytest.fixture
def agenda(mere_side):
    """A member of the committee with an interest in a provider that a report on the next agenda names."""
    councillor = PersonFactory(name="Councillor D Example")
    membership = MembershipFactory(person=councillor)
    interest(councillor)
    meeting = MeetingFactory(committee=membership.committee, date=datetime.date(2022, 3, 28))
    report = ReportFactory(reference__committee=membership.committee)
    add_section(report, paragraphs=["Mere Side Residential Homes has applied to join lot 2."])
    AgendaItemFactory(meeting=meeting, number="7", report=report)
    return meeting


def meeting_page(client, meeting):
    return client.get(reverse("committees:meeting", args=[meeting.pk])).content.decode()


def test_the_meeting_warns_staff_when_the_organisation_is_an_applicant(client_for, agenda, fps_application):
    page = meeting_page(client_for("democratic-services"), agenda)
    assert "has registered an interest in Mere Side Residential Homes Ltd, an FPS applicant." in page
    assert "Item 7 on this agenda names it" in page
    assert "registered an interest" in meeting_page(client_for("commissioner"), agenda)
    for role in ("anonymous", "provider", "report-author"):
        assert "registered an interest" not in meeting_page(client_for(role), agenda), role


def test_no_meeting_warning_when_the_organisation_has_no_business_with_the_council(client_for, agenda):
    """The provider is on the register but has applied for nothing, holds no contract and no funding."""
    assert "registered an interest" not in meeting_page(client_for("democratic-services"), agenda)


def test_a_contract_supplier_not_on_the_register_counts(client_for, agenda):
    from commissioning.contracts.models import ContractParty
    from tests.commissioning.contracts.factories import ContractFactory

    contract = ContractFactory()
    ContractParty.objects.create(contract=contract, supplier_name="Mere Side Residential Homes (Limited)")
    page = meeting_page(client_for("democratic-services"), agenda)
    assert "a contracted provider" in page


def test_meeting_warnings_take_the_same_queries_however_many_members(agenda, fps_application, users):
    user = users["democratic-services"]
    assert interest_matches.may_see(user)  # its permissions read once, before counting
    with CaptureQueriesContext(connection) as one:
        assert len(interest_matches.meeting_warnings(user, agenda)) == 1
    for n in range(6):
        member = MembershipFactory(committee=agenda.committee).person
        interest(member, "Mere Side Residential Homes Ltd", details=f"Adviser {n}")
        ProviderFactory(name=f"Other Provider {n} Ltd", companies_house_number=f"0100000{n}")
        interest(member, f"Other Provider {n} Ltd", kind=RegisteredInterest.Kind.CONTRACTS)
    with CaptureQueriesContext(connection) as seven:
        assert len(interest_matches.meeting_warnings(user, agenda)) == 7
    assert len(one) == len(seven)


# The register's pages ------------------------------------------------------------------------------------


def test_the_register_is_public_and_declarations_link_to_it(client_for):
    councillor = PersonFactory(name="Councillor D Example")
    MembershipFactory(person=councillor)
    MembershipFactory(person=PersonFactory(name="Councillor Without Entries"))
    interest(councillor, is_demo=True)
    meeting = MeetingFactory(status=Meeting.Status.MINUTES_APPROVED)
    Declaration.objects.create(meeting=meeting, person=councillor, item="7", text="A pecuniary interest.")
    client = client_for("anonymous")
    index = client.get(reverse("committees:interests")).content.decode()
    register = reverse("committees:member-interests", args=[councillor.pk])
    assert register in index
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", index, re.S)
    counts = {re.sub(r"<[^>]+>", " ", row).split()[-1] for row in rows if "Councillor" in row}
    assert counts == {"1", "recorded"}  # D Example's one interest; the other member's "None recorded"
    page = client.get(register).content.decode()
    assert "Mere Side Residential Homes Limited" in page and "Demo data" in page
    assert "A pecuniary interest." in page
    assert "Add an interest" not in page and "Changes to this register" not in page
    minutes = client.get(reverse("committees:minutes", args=[meeting.pk])).content.decode()
    assert register in minutes


def test_officers_have_no_register(client_for):
    officer = PersonFactory(name="An Officer", kind="officer")
    MembershipFactory(person=officer)
    response = client_for("anonymous").get(reverse("committees:member-interests", args=[officer.pk]))
    assert response.status_code == 404


def form_data(**changes):
    data = {
        "kind": "employment",
        "organisation": "Mere Side Residential Homes Ltd",
        "companies_house_number": "7654321",
        "details": "Director",
        "registered_from-day": "1",
        "registered_from-month": "5",
        "registered_from-year": "2021",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_democratic_services_add_correct_end_and_remove(client_for):
    councillor = PersonFactory()
    MembershipFactory(person=councillor)
    client = client_for("democratic-services")
    form = client.get(reverse("committees:interest-add", args=[councillor.pk])).text
    assert "Contracts with the council" in form and "---------" not in form
    response = client.post(reverse("committees:interest-add", args=[councillor.pk]), form_data())
    assert response.status_code == 302
    record = RegisteredInterest.objects.get(person=councillor)
    assert record.companies_house_number == "07654321"
    assert record.organisation_key == "meresideresidentialhomesltd"
    client.post(reverse("committees:interest-edit", args=[record.pk]), form_data(details="Chair"))
    record.refresh_from_db()
    assert record.details == "Chair"
    end = reverse("committees:interest-end", args=[record.pk])
    client.post(end, {"registered_to-day": "31", "registered_to-month": "3", "registered_to-year": "2023"})
    record.refresh_from_db()
    assert record.registered_to == datetime.date(2023, 3, 31)
    remove = reverse("committees:interest-remove", args=[record.pk])
    assert "Remove this interest from the register?" in client.get(remove).content.decode()
    assert RegisteredInterest.objects.filter(pk=record.pk).exists()
    client.post(remove)
    assert not RegisteredInterest.objects.filter(pk=record.pk).exists()
    reasons = list(
        RegisteredInterest.history.filter(id=record.pk).values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Removed: recorded in error", "Ended on 31 March 2023", "Corrected", "Registered"]
    page = client.get(reverse("committees:member-interests", args=[councillor.pk])).content.decode()
    assert "Changes to this register" in page and "Removed: recorded in error" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"organisation": ""}, "Enter the organisation&#x27;s name"),
        ({"kind": ""}, "Select the kind of interest"),
        ({"details": ""}, "Enter the details of the interest"),
        ({"companies_house_number": "ABC"}, "Enter a Companies House number of 8 characters"),
        (
            {"registered_to-day": "1", "registered_to-month": "1", "registered_to-year": "2020"},
            "Until must be the same as or after 1 May 2021",
        ),
    ],
)
def test_bad_input_is_a_govuk_error_and_saves_nothing(client_for, changes, message):
    councillor = PersonFactory()
    MembershipFactory(person=councillor)
    response = client_for("democratic-services").post(
        reverse("committees:interest-add", args=[councillor.pk]), form_data(**changes)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not RegisteredInterest.objects.exists()


def test_an_end_before_the_start_changes_nothing(client_for):
    record = interest(PersonFactory())
    response = client_for("democratic-services").post(
        reverse("committees:interest-end", args=[record.pk]),
        {"registered_to-day": "1", "registered_to-month": "1", "registered_to-year": "2020"},
    )
    assert "must be the same as or after 1 May 2021" in response.content.decode()
    record.refresh_from_db()
    assert record.registered_to is None


def test_the_demo_gives_a_demo_member_an_interest_in_a_demo_applicant():
    import json
    from pathlib import Path

    data = json.loads(Path("fixtures/demo/committees/interests.json").read_text())
    assert "INVENTED" in data["_comment"]
    providers = json.loads(Path("fixtures/demo/providers.json").read_text())
    from commissioning.providers.models import name_key

    keys = {name_key(p["name"]) for p in providers}
    assert any(name_key(i["organisation"]) in keys for i in data["interests"])


def test_democratic_services_declarations_page_links_members_not_officers(client_for):
    councillor = PersonFactory(name="Councillor D Example")
    officer = PersonFactory(name="An Officer", kind="officer")
    meeting = MeetingFactory()
    for person in (councillor, officer):
        Declaration.objects.create(meeting=meeting, person=person, text="An interest.")
    page = client_for("democratic-services").get(reverse("committees:declarations", args=[meeting.pk])).text
    register = reverse("committees:member-interests", args=[councillor.pk])
    assert f'href="{register}">Councillor D Example</a>' in page
    assert reverse("committees:member-interests", args=[officer.pk]) not in page
