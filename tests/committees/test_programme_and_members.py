"""Democratic services edit and delete work programme items, and edit or end memberships (HTTP)."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Membership, WorkProgrammeItem
from portal.permissions import Role
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


ITEM = {
    "reference": "AH/01/22-23",
    **date_fields("meeting_date", "28/03/2022"),
    "title": "Carers Hub recommissioning",
    "purpose": "To approve the recommissioning.",
    "decision_or_note": "decision",
    "lead_officer": "Director of Commissioning",
    "consultation": "Yes",
    "equality_impact_assessment": "Yes",
    "budget_and_policy_framework": "No",
    "corporate_priority": "Open",
    "exempt_paragraph": "",
}


def test_edit_a_work_programme_item(ds, client, business):
    item = WorkProgrammeItem.objects.get(reference="AH/01/22-23")
    url = reverse("committees:work-programme-edit", args=[item.pk])
    response = ds.get(url)
    assert response.status_code == 200 and "Carers Hub" in response.text
    response = ds.post(url, {**ITEM, "title": "", **date_fields("meeting_date", "31/02/2022")})
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    assert "Target meeting must be a real date" in response.text
    assert ds.post(url, ITEM).status_code == 302
    item.refresh_from_db()
    assert item.title == "Carers Hub recommissioning" and item.meeting == business["march"]
    assert item.history.first().history_change_reason == "Work programme item edited"
    page = ds.get(reverse("committees:work-programme", args=["adults-and-health"])).text
    assert reverse("committees:work-programme-edit", args=[item.pk]) in page
    public = client.get(reverse("committees:work-programme", args=["adults-and-health"])).text
    assert "Carers Hub recommissioning" in public
    assert reverse("committees:work-programme-edit", args=[item.pk]) not in public


def test_delete_a_work_programme_item_after_confirming(ds, client_for, business):
    item = WorkProgrammeItem.objects.get(reference="AH/01/22-23")
    url = reverse("committees:work-programme-delete", args=[item.pk])
    response = ds.get(url)
    assert response.status_code == 200 and "Delete this work programme item?" in response.text
    assert WorkProgrammeItem.objects.filter(pk=item.pk).exists()  # a GET deletes nothing
    for role in (Role.COMMISSIONER, Role.REPORT_AUTHOR):
        assert client_for(role).post(url).status_code == 403
    assert client_for("anonymous").post(url).status_code == 302
    assert WorkProgrammeItem.objects.filter(pk=item.pk).exists()
    response = ds.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:work-programme", args=["adults-and-health"])
    assert not WorkProgrammeItem.objects.filter(pk=item.pk).exists()
    deleted = WorkProgrammeItem.history.filter(id=item.pk).first()
    assert deleted.history_type == "-" and deleted.history_change_reason == "Deleted from the work programme"
    assert ds.post(url).status_code == 404


def test_edit_a_membership(ds, client_for, business):
    membership = Membership.objects.get(committee=business["committee"])
    url = reverse("committees:membership-edit", args=[membership.pk])
    data = {
        "person": membership.person_id,
        "role": "vice-chair",
        "voting": "voting",
        **date_fields("start", "01/05/2021"),
        **date_fields("end", None),
    }
    assert ds.get(url).status_code == 200
    response = ds.post(url, {**data, **date_fields("end", "01/01/2021")})
    assert response.status_code == 200 and "A membership cannot end before it starts." in response.text
    assert client_for(Role.COMMISSIONER).post(url, data).status_code == 403
    assert ds.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "vice-chair"
    assert membership.history.first().history_change_reason == "Membership edited"
    assert (
        reverse("committees:membership-edit", args=[membership.pk])
        in ds.get(business["committee"].get_absolute_url()).text
    )


def test_end_a_membership(ds, client, client_for, business):
    membership = Membership.objects.get(committee=business["committee"])
    membership.start = datetime.date(2021, 5, 1)
    membership.save()
    url = reverse("committees:membership-end", args=[membership.pk])
    assert ds.get(url).status_code == 200
    for bad, message in (
        ("", "Enter the date the membership ends"),
        ("30/02/2022", "Last day of the membership must be a real date"),
        (
            "30/04/2021",
            "Last day of the membership must be the same as or after 1 May 2021, when it started",
        ),
    ):
        response = ds.post(url, date_fields("end", bad))
        assert response.status_code == 200 and message in response.text
    assert client_for(Role.REPORT_AUTHOR).post(url, {**date_fields("end", "01/06/2021")}).status_code == 403
    assert client.post(url, {**date_fields("end", "01/06/2021")}).status_code == 302  # to sign in
    membership.refresh_from_db()
    assert membership.end is None
    assert ds.post(url, {**date_fields("end", "01/06/2021")}).status_code == 302
    membership.refresh_from_db()
    assert membership.end == datetime.date(2021, 6, 1)
    assert membership.history.first().history_change_reason == "Membership ended on 01/06/2021"
    # No longer a current member.
    assert "Councillor J Rhodes" not in client.get(business["committee"].get_absolute_url()).text
