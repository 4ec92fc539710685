"""The meetings as iCalendar (RFC 5545) feeds a calendar can subscribe to (issue 18).

- Times are local (`TZID=Europe/London`) and the feed carries the VTIMEZONE that defines it (RFC 5545
  3.2.19 requires one for every TZID used): the UK's rule since 1996, BST from 1am UTC on the last Sunday
  of March, GMT from 1am UTC (2am BST) on the last Sunday of October.
- A meeting's UID is the same whatever host name the feed was fetched by: it is built from the host of
  `PORTAL_BASE_URL` (the portal's public address), never the request's, so one meeting subscribed under
  two names is one event. Its URL is on the same base.
- DTSTAMP and LAST-MODIFIED are when the meeting was last changed (its latest history record; a feed
  published without METHOD gives DTSTAMP as that, RFC 5545 3.8.7.2), and SEQUENCE counts its changes since
  it was created, so fetching again gives the same event and a changed meeting is an update.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vUri

from .models import Meeting

TZID = "Europe/London"
PRODID = "-//Cheshire East Council//Commissioning Portal//EN"
MEETING_LENGTH = datetime.timedelta(hours=3)
# A meeting with no history record (made outside the services, e.g. bulk-loaded): a fixed stamp, so
# fetching again still gives the same event.
NO_HISTORY = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def with_revisions(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings with `last_modified` (latest history date) and `revisions` (history records): one
    query, whatever the number of meetings."""
    history = Meeting.history.model.objects.filter(id=OuterRef("pk"))
    latest = history.order_by("-history_date").values("history_date")[:1]
    count = history.order_by().values("id").annotate(n=Count("*")).values("n")[:1]
    return meetings.annotate(
        last_modified=Subquery(latest), revisions=Subquery(count, output_field=IntegerField())
    )


def base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def uid_domain() -> str:
    return urlsplit(base_url()).hostname or "localhost"


def london_timezone() -> Timezone:
    timezone = Timezone()
    timezone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime.datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=0))
    summer.add("tzoffsetto", datetime.timedelta(hours=1))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=1))
    winter.add("tzoffsetto", datetime.timedelta(hours=0))
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{uid_domain()}")
    changed = getattr(meeting, "last_modified", None) or NO_HISTORY
    event.add("dtstamp", changed.astimezone(datetime.UTC))
    event.add("last-modified", changed.astimezone(datetime.UTC))
    event.add("sequence", max(0, (getattr(meeting, "revisions", None) or 1) - 1))
    event.add("summary", meeting.committee.name)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + MEETING_LENGTH)
    event.add("location", meeting.venue)
    event.add("url", base_url() + meeting.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    # Meeting media (issue 19): the webcast as an RFC 7986 CONFERENCE, which calendar apps offer to join;
    # the hybrid flag and the recording in the description, for every app.
    if meeting.webcast_url:
        event.add(
            "conference",
            vUri(meeting.webcast_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Webcast"},
        )
    notes = []
    if meeting.is_hybrid:
        notes.append("Hybrid meeting: some members or speakers take part online.")
    if meeting.webcast_url:
        notes.append(f"Watch it live: {meeting.webcast_url}")
    if meeting.recording_url:
        notes.append(f"Watch the recording: {meeting.recording_url}")
    if notes:
        event.add("description", "\n".join(notes))
    return event


def feed(meetings: Iterable[Meeting], name: str) -> bytes:
    """The meetings (from `with_revisions`) as one iCalendar feed."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(london_timezone())
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()
