"""Meeting media (issue 19): a webcast or recording link and a hybrid flag, set by democratic services on
the meeting's details page, shown on the public meeting page and in the iCalendar event."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from committees.models import Meeting
from portal.permissions import Role
from tests.committees.factories import CommitteeFactory, MeetingFactory
from tests.forms import with_dates

pytestmark = pytest.mark.django_db

WEBCAST = "https://www.youtube.com/watch?v=cheshire-east-ah-2022-03-28"
RECORDING = "https://www.youtube.com/watch?v=cheshire-east-ah-2022-03-28-recording"


@pytest.fixture
def meeting(db):
    committee = CommitteeFactory(code="AH", name="Adults and Health Committee", slug="adults-and-health")
    return MeetingFactory(
        committee=committee,
        date=datetime.date(2022, 3, 28),
        time=datetime.time(10, 30),
        venue="Committee Suite 1, 2 & 3, Westfields, Middlewich Road, Sandbach, CW11 1HZ",
        status=Meeting.Status.AGENDA_PUBLISHED,
    )


def details(meeting, **changes) -> dict:
    data = {
        "committee": meeting.committee_id,
        "date": meeting.date,
        "time": "10:30",
        "venue": meeting.venue,
        "status": meeting.status,
        "webcast_url": "",
        "recording_url": "",
        **changes,
    }
    return with_dates(data, "date")


def test_democratic_services_add_the_media_and_the_public_see_them(client_for, meeting):
    staff = client_for(Role.DEMOCRATIC_SERVICES)
    url = reverse("committees:meeting-edit", args=[meeting.pk])
    form = staff.get(url).content.decode()
    assert 'name="webcast_url"' in form and 'name="is_hybrid"' in form
    response = staff.post(url, details(meeting, is_hybrid="on", webcast_url=WEBCAST, recording_url=RECORDING))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.is_hybrid, meeting.webcast_url, meeting.recording_url) == (True, WEBCAST, RECORDING)
    assert meeting.history.latest().history_change_reason == "Details edited"

    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Hybrid meeting: some members or speakers take part online." in page
    assert f'href="{WEBCAST}"' in page and "Watch the meeting live" in page
    assert f'href="{RECORDING}"' in page and "Watch the recording" in page


def test_without_media_the_page_says_nothing_of_them(client, meeting):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Webcast" not in page and "Hybrid meeting" not in page and "Watch the recording" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("webcast_url", "http://www.youtube.com/watch?v=x", "Enter a web address that starts with https://"),
        ("webcast_url", "javascript:alert(1)", "Enter a web address that starts with https://"),
        ("recording_url", "not a link", "Enter a web address that starts with https://"),
        ("recording_url", "https://example.org/" + "a" * 500, "must be 500 characters or fewer"),
    ],
)
def test_a_link_that_is_not_a_secure_web_address_is_refused(client_for, meeting, field, value, message):
    staff = client_for(Role.DEMOCRATIC_SERVICES)
    response = staff.post(
        reverse("committees:meeting-edit", args=[meeting.pk]), details(meeting, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    meeting.refresh_from_db()
    assert getattr(meeting, field) == ""


def test_the_calendar_event_offers_the_webcast_and_tells_of_the_recording(client, meeting):
    meeting.is_hybrid, meeting.webcast_url, meeting.recording_url = True, WEBCAST, RECORDING
    meeting.save()
    data = client.get(reverse("committees:meetings-ical")).content.decode()
    (event,) = IcsCalendarStream.calendar_from_ics(data).events  # the strict parser (RFC 5545 and 7986)
    (conference,) = event.conference
    assert conference.uri == WEBCAST and conference.label == "Webcast"
    assert "Hybrid meeting" in event.description and RECORDING in event.description
    (loose,) = Calendar.from_ical(data).walk("VEVENT")
    assert loose["conference"].params["FEATURE"] == "VIDEO"


def test_a_meeting_without_media_has_no_conference_or_description(client, meeting):
    data = client.get(reverse("committees:meetings-ical")).content.decode()
    (event,) = IcsCalendarStream.calendar_from_ics(data).events
    assert not event.conference and not event.description
