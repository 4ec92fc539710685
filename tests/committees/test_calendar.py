"""The meetings' iCalendar feeds, read back by the strict `ical` parser and by `icalendar` (issue 18):
a VTIMEZONE for the TZID used, UIDs independent of the host name, a stable DTSTAMP with LAST-MODIFIED and a
SEQUENCE that grows when a meeting changes."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

pytestmark = pytest.mark.django_db

FEEDS = [
    ("committees:meetings-ical", []),
    ("committees:committee-ical", ["adults-and-health"]),
]


def fetch(client, name="committees:meetings-ical", args=(), host="testserver"):
    response = client.get(reverse(name, args=args), HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return response.content


def events_by_uid(data: bytes) -> dict:
    return {str(event["uid"]): event for event in Calendar.from_ical(data).walk("VEVENT")}


@pytest.mark.parametrize(("name", "args"), FEEDS)
def test_feeds_pass_the_strict_parser_with_a_vtimezone_that_gives_london_time(client, business, name, args):
    data = fetch(client, name, args)
    # The strict parser (pydantic models of RFC 5545) reads every event, with its required properties.
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    assert len(strict.events) == 3
    assert all(event.dtstamp and event.sequence is not None for event in strict.events)
    assert [timezone.tz_id for timezone in strict.timezones] == ["Europe/London"]
    # RFC 5545 3.2.19: every TZID used is defined by a VTIMEZONE in the feed ...
    calendar = Calendar.from_ical(data)
    timezones = {str(tz["tzid"]): tz for tz in calendar.walk("VTIMEZONE")}
    used = {event["dtstart"].params["TZID"] for event in calendar.walk("VEVENT")}
    assert used == {"Europe/London"} and set(timezones) == used
    # ... and that definition gives London's own offsets: GMT in January, BST from 27 March 2022.
    defined = timezones["Europe/London"].to_tz()
    london = zoneinfo.ZoneInfo("Europe/London")
    for when in [
        datetime.datetime(2022, 1, 18, 10, 30),
        datetime.datetime(2022, 3, 28, 10, 30),
        datetime.datetime(2022, 10, 31, 10, 30),
        datetime.datetime(2030, 7, 1, 14, 0),
    ]:
        assert when.replace(tzinfo=defined).utcoffset() == when.replace(tzinfo=london).utcoffset(), when
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        assert start.utcoffset() == start.replace(tzinfo=london).utcoffset()


def test_uids_and_urls_do_not_depend_on_the_host_name(client, business, settings):
    settings.ALLOWED_HOSTS = ["portal.example.gov.uk", "internal.example"]
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk"
    public = events_by_uid(fetch(client, host="portal.example.gov.uk"))
    internal = events_by_uid(fetch(client, host="internal.example"))
    assert set(public) == set(internal) and len(public) == 3
    assert all(uid.endswith("@portal.example.gov.uk") for uid in public)
    assert {str(e["url"]) for e in public.values()} == {str(e["url"]) for e in internal.values()}
    assert all(str(e["url"]).startswith("https://portal.example.gov.uk/") for e in public.values())


def test_fetching_again_changes_nothing_and_a_changed_meeting_is_an_update(client, business):
    march = business["march"]
    first = fetch(client)
    assert fetch(client) == first
    uid = next(uid for uid, event in events_by_uid(first).items() if event.decoded("dtstart").month == 3)
    before = events_by_uid(first)[uid]
    latest = march.history.latest().history_date.replace(microsecond=0)
    assert before.decoded("dtstamp") == before.decoded("last-modified") == latest
    march.venue = "Committee Suite 1, 2 & 3, Westfields, Middlewich Road, Sandbach"
    march.save()
    after = events_by_uid(fetch(client))[uid]
    assert str(after["location"]) == march.venue
    assert after.decoded("sequence") == before.decoded("sequence") + 1
    assert after.decoded("last-modified") >= before.decoded("last-modified")
    assert after.decoded("dtstamp") == after.decoded("last-modified")


def test_the_feed_takes_the_same_queries_for_more_meetings(client, business, django_assert_num_queries):
    from tests.committees.factories import MeetingFactory

    # The session and user are not read (public feed): one query for the meetings with their revisions.
    with django_assert_num_queries(1):
        fetch(client)
    MeetingFactory.create_batch(3, committee=business["march"].committee)
    with django_assert_num_queries(1):
        data = fetch(client)
    assert len(events_by_uid(data)) == 6
