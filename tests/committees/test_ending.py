"""Issue 14, committees: democratic services mark a committee as ended (a date and why, audited); it stays
public under "Former committees" with its meetings, no new meeting can be scheduled for it (a GOV.UK
message), and the ending can be reversed."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Committee, Meeting
from portal.permissions import Role
from tests.committees.factories import CommitteeFactory, MeetingFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def committee(db):
    committee = CommitteeFactory(code="HW", name="Health and Wellbeing Board", slug="health-and-wellbeing")
    MeetingFactory(
        committee=committee, date=datetime.date(2023, 3, 14), status=Meeting.Status.MINUTES_APPROVED
    )
    return committee


def end(client, committee, day, reason="Merged into the Adults and Health Committee"):
    return client.post(
        reverse("committees:committee-end", args=[committee.slug]),
        {**date_fields("ended_on", day), "reason": reason},
    )


def schedule(client, committee, day=datetime.date(2030, 6, 6)):
    return client.post(
        reverse("committees:meeting-create"),
        {
            "committee": committee.pk,
            **date_fields("date", day),
            "time": "10:30",
            "venue": "Westfields",
            "status": "scheduled",
        },
    )


def test_ending_a_committee_keeps_it_public_and_stops_new_meetings(ds, users, client, committee):
    assert "End the committee" in ds.get(committee.get_absolute_url()).text
    response = end(ds, committee, datetime.date(2023, 5, 17))
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.ended_on == datetime.date(2023, 5, 17)
    latest = committee.history.latest()
    assert latest.history_user == users[Role.DEMOCRATIC_SERVICES]
    assert latest.history_change_reason == "Ended on 17 May 2023: Merged into the Adults and Health Committee"

    index = client.get(reverse("committees:index")).text
    assert "Former committees" in index and "Health and Wellbeing Board" in index and "17 May 2023" in index
    page = client.get(committee.get_absolute_url()).text
    assert "This committee ended on 17 May 2023" in page
    meeting = committee.meetings.get()
    assert client.get(meeting.get_absolute_url()).status_code == 200

    before = Meeting.objects.count()
    response = schedule(ds, committee)
    assert response.status_code == 200
    assert (
        "The Health and Wellbeing Board ended on 17 May 2023: choose a committee that still meets"
        in response.text
    )
    assert "govuk-error-summary" in response.text
    assert Meeting.objects.count() == before
    # Nor can an existing meeting be moved after the end.
    edit = ds.post(
        reverse("committees:meeting-edit", args=[meeting.pk]),
        {
            "committee": committee.pk,
            **date_fields("date", datetime.date(2023, 9, 1)),
            "time": "10:30",
            "venue": "Westfields",
            "status": meeting.status,
        },
    )
    assert edit.status_code == 200 and "choose a committee that still meets" in edit.text
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2023, 3, 14)


def test_an_ending_is_reversed(ds, users, client, committee):
    end(ds, committee, datetime.date(2023, 5, 17))
    url = reverse("committees:committee-reinstate", args=[committee.slug])
    assert "Reinstate the committee" in ds.get(committee.get_absolute_url()).text
    response = ds.post(url, {"reason": ""})
    assert response.status_code == 200 and "Enter the reason" in response.text
    assert Committee.objects.get(pk=committee.pk).ended_on is not None
    assert ds.post(url, {"reason": "Ended in error"}).status_code == 302
    committee.refresh_from_db()
    assert (committee.ended_on, committee.end_reason) == (None, "")
    assert committee.history.latest().history_change_reason == "Reinstated: Ended in error"
    assert "Former committees" not in client.get(reverse("committees:index")).text
    assert schedule(ds, committee).status_code == 302


@pytest.mark.parametrize(
    "day, reason, message",
    [
        (None, "Merged", "Enter the date the committee ended"),
        ((31, 2, 2023), "Merged", "must be a real date"),
        (datetime.date(2023, 5, 17), "", "Enter the reason"),
        (datetime.date(2023, 5, 17), "x" * 501, "The reason must be 500 characters or fewer"),
        (datetime.date(2023, 1, 1), "Merged", "has a meeting on 14 March 2023: cancel or move it"),
    ],
)
def test_bad_input_is_a_govuk_error_and_ends_nothing(ds, committee, day, reason, message):
    response = end(ds, committee, day, reason)
    assert response.status_code == 200
    assert message in response.text and "govuk-error-summary" in response.text
    committee.refresh_from_db()
    assert committee.ended_on is None


def test_only_democratic_services_end_or_reinstate(client_for, client, committee):
    for role in (Role.COMMISSIONER, Role.REPORT_AUTHOR):
        assert end(client_for(role), committee, datetime.date(2023, 5, 17)).status_code == 403
    response = end(client, committee, datetime.date(2023, 5, 17))
    assert response.status_code == 302 and "sign-in" in response["Location"]
    committee.refresh_from_db()
    assert committee.ended_on is None
    committee.ended_on, committee.end_reason = datetime.date(2023, 5, 17), "Merged"
    committee.save()
    url = reverse("committees:committee-reinstate", args=[committee.slug])
    assert client_for(Role.COMMISSIONER).post(url, {"reason": "No"}).status_code == 403
    committee.refresh_from_db()
    assert committee.ended_on == datetime.date(2023, 5, 17)
