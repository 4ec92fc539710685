"""The people register for democratic services: a searchable, paginated list and editing a person."""

import pytest
from django.urls import reverse

from committees.models import Person
from portal.permissions import Role
from tests.committees.factories import CommitteeFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = reverse("committees:people")


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


def test_people_list_searches_and_pages(ds, business):
    PersonFactory(name="Jill Broomhall", kind=Person.Kind.OFFICER, job_title="Director of Adult Social Care")
    PersonFactory(name="Mark Groves", kind=Person.Kind.OTHER, organisation="Healthwatch Cheshire East")
    for n in range(60):
        PersonFactory(name=f"Councillor Z Zed{n:02d}")
    page = ds.get(PEOPLE)
    assert page.status_code == 200
    assert "63 people" in page.text and "Councillor J Rhodes" in page.text
    assert "Adults and Health Committee" in page.text  # his current committee
    assert reverse("committees:person-add") in page.text and 'rel="next"' in page.text
    assert "Councillor Z Zed59" not in page.text  # 50 a page, by name
    assert "Councillor Z Zed59" in ds.get(PEOPLE + "?page=2").text
    found = ds.get(PEOPLE + "?q=adult+social")
    assert "1 person" in found.text and "Jill Broomhall" in found.text and "Rhodes" not in found.text
    assert "Mark Groves" in ds.get(PEOPLE + "?q=healthwatch").text
    officers = ds.get(PEOPLE + "?kind=officer")
    assert "Jill Broomhall" in officers.text and "Mark Groves" not in officers.text
    assert "No people match your search." in ds.get(PEOPLE + "?q=nobody-like-this").text
    assert PEOPLE in ds.get(reverse("committees:index")).text  # the committees page leads to it


def test_people_list_queries_do_not_grow(ds, django_assert_max_num_queries):
    def count():
        with django_assert_max_num_queries(15) as captured:
            assert ds.get(PEOPLE).status_code == 200
        return len(captured)

    committee = CommitteeFactory()
    MembershipFactory(committee=committee)
    few = count()
    for _ in range(40):
        MembershipFactory(committee=CommitteeFactory())
    assert count() == few


def test_edit_a_person(ds, business):
    person = PersonFactory(name="Councillor K Flavell", kind=Person.Kind.COUNCILLOR)
    url = reverse("committees:person-edit", args=[person.pk])
    assert url in ds.get(PEOPLE).text
    page = ds.get(url)
    assert page.status_code == 200 and 'value="Councillor K Flavell"' in page.text
    duplicate = ds.post(url, {"name": "Councillor J Rhodes", "kind": "councillor"})
    assert duplicate.status_code == 200 and "This person is already recorded" in duplicate.text
    assert "<title>Error: " in duplicate.text
    empty = ds.post(url, {"name": "", "kind": "councillor"})
    assert "Enter the person&#x27;s name" in empty.text
    response = ds.post(
        url,
        {"name": "Councillor Kate Flavell", "kind": "councillor", "job_title": "Chair of Scrutiny"},
    )
    assert response.status_code == 302 and response["Location"] == PEOPLE
    person.refresh_from_db()
    assert (person.name, person.job_title) == ("Councillor Kate Flavell", "Chair of Scrutiny")
    record = person.history.first()
    assert record.history_change_reason == "Details edited"
    assert record.history_user.username == Role.DEMOCRATIC_SERVICES
    assert "Councillor Kate Flavell&#x27;s details are updated." in ds.get(PEOPLE).text


def test_only_democratic_services_see_the_register(client_for, business):
    for role in (Role.REPORT_AUTHOR, Role.COMMISSIONER):
        assert client_for(role).get(PEOPLE).status_code == 403
    assert client_for("anonymous").get(PEOPLE).status_code == 302
