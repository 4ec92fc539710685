"""Query counts do not grow with rows: each page measured with few rows and with many."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Action, Attendance, Meeting, Paragraph, ReportSection, WorkProgrammeItem
from committees.services import report_body_refresh
from portal.permissions import Role
from tests.committees.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinuteFactory,
    PersonFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db
LIMIT = 20


def count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIMIT) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_agenda(meeting, n, committee):
    for _ in range(n):
        report = ReportFactory(reference__committee=committee, reference__meeting=meeting)
        AgendaItemFactory(meeting=meeting, report=report)
    AgendaItemFactory(
        meeting=meeting, part=2, exempt_paragraph="3", report=ReportFactory(part=2, exempt_paragraph="3")
    )


def add_minutes(meeting, n):
    person = PersonFactory()
    start = 1000 + meeting.minutes.count()
    for i in range(n):
        minute = MinuteFactory(meeting=meeting, number=start + i)
        Action.objects.create(minute=minute, text=f"Action {i}", owner=person, due=datetime.date(2022, 5, 1))
        Attendance.objects.create(meeting=meeting, person=PersonFactory(), kind="present")


@pytest.mark.parametrize("role", ["anonymous", Role.DEMOCRATIC_SERVICES, Role.REPORT_AUTHOR])
def test_meeting_page_is_flat(client_for, business, django_assert_max_num_queries, role):
    client, meeting = client_for(role), business["march"]
    url = reverse("committees:meeting", args=[meeting.pk])
    add_agenda(meeting, 1, business["committee"])
    few = count(client, url, django_assert_max_num_queries)
    add_agenda(meeting, 15, business["committee"])
    assert count(client, url, django_assert_max_num_queries) == few


def test_meetings_list_is_flat(client, business, django_assert_max_num_queries):
    url = reverse("committees:meetings") + "?when=past&year=2021-22"
    few = count(client, url, django_assert_max_num_queries)
    for day in range(40):
        MeetingFactory(
            committee=business["committee"], date=datetime.date(2021, 6, 1) + datetime.timedelta(days=day)
        )
    assert count(client, url, django_assert_max_num_queries) == few


def test_report_page_is_flat(client, business, django_assert_max_num_queries):
    report = business["published"]
    url = reverse("committees:report", args=[report.pk])
    few = count(client, url, django_assert_max_num_queries)
    for s in range(10):
        section = ReportSection.objects.create(
            report=report, number=str(s + 2), heading=f"Section {s}", position=s + 2
        )
        Paragraph.objects.bulk_create(
            Paragraph(section=section, number=f"{s + 2}.{p}", text="Text", position=p) for p in range(10)
        )
    report_body_refresh(report)
    assert count(client, url, django_assert_max_num_queries) == few


def test_minutes_page_is_flat(client, business, django_assert_max_num_queries):
    meeting = business["january"]
    url = reverse("committees:minutes", args=[meeting.pk])
    add_minutes(meeting, 1)
    few = count(client, url, django_assert_max_num_queries)
    add_minutes(meeting, 20)
    assert count(client, url, django_assert_max_num_queries) == few


def test_search_is_flat(client, business, django_assert_max_num_queries):
    url = reverse("committees:search") + "?q=respite"
    few = count(client, url, django_assert_max_num_queries)
    approved = MeetingFactory(committee=business["committee"], status=Meeting.Status.MINUTES_APPROVED)
    for _ in range(30):
        MinuteFactory(meeting=approved, paragraphs=["Respite for carers was discussed."])
    assert count(client, url, django_assert_max_num_queries) == few


def test_actions_and_work_programme_are_flat(client_for, business, django_assert_max_num_queries):
    ds = client_for(Role.DEMOCRATIC_SERVICES)
    urls = [reverse("committees:actions"), reverse("committees:work-programme", args=["adults-and-health"])]
    add_minutes(business["january"], 1)
    few = [count(ds, url, django_assert_max_num_queries) for url in urls]
    add_minutes(business["january"], 20)
    for i in range(20):
        WorkProgrammeItem.objects.create(
            committee=business["committee"], title=f"Item {i}", decision_or_note="note"
        )
    assert [count(ds, url, django_assert_max_num_queries) for url in urls] == few
