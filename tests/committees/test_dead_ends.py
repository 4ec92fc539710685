"""Issue 14 for committees: no dead ends, and the defects found by using the pages."""

import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from committees.models import AgendaItem, Membership, Minute, Report
from portal.permissions import Role
from tests.committees.factories import MeetingFactory, MembershipFactory, MinuteFactory, PersonFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def submitted(business, users):
    report = business["draft"]
    users["report-author"].email = "author@example.gov.uk"
    users["report-author"].save()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    report.refresh_from_db()
    return report


def test_a_submitted_report_goes_back_to_its_author_with_a_reason(
    ds, client_for, submitted, django_capture_on_commit_callbacks
):
    url = reverse("committees:report-return", args=[submitted.pk])
    page = ds.get(reverse("committees:report", args=[submitted.pk]))
    assert url in page.text and "Return to the author" in page.text
    confirm = ds.get(url)
    assert confirm.status_code == 200 and "Return this report to its author?" in confirm.text
    empty = ds.post(url, {"reason": "  "})
    assert empty.status_code == 200 and "Enter why the report is going back to its author" in empty.text
    assert "Error: " in empty.text
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        done = ds.post(url, {"reason": "Add the finance implications (section 8.2)."})
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.DRAFT
    assert submitted.history.first().history_change_reason == (
        "Returned to the author: Add the finance implications (section 8.2)."
    )
    assert [message.to for message in mail.outbox] == [["author@example.gov.uk"]]
    assert "Add the finance implications (section 8.2)." in mail.outbox[0].body
    # The author can change it again; returning it twice is refused with the reason.
    author = client_for(Role.REPORT_AUTHOR)
    assert author.get(reverse("committees:report-edit", args=[submitted.pk])).status_code == 200
    again = ds.get(url)
    assert "Only a report submitted for publication can be returned" in again.text
    assert ds.post(url, {"reason": "Again"}).status_code == 302
    assert Report.objects.get(pk=submitted.pk).history.count() == submitted.history.count()


def test_publishing_a_report_asks_first(ds, submitted):
    url = reverse("committees:report-publish", args=[submitted.pk])
    confirm = ds.get(url)
    assert confirm.status_code == 200 and "Publish this report?" in confirm.text
    assert "anyone can read it" in confirm.text
    assert Report.objects.get(pk=submitted.pk).status == Report.Status.SUBMITTED
    assert ds.post(url).status_code == 302
    assert Report.objects.get(pk=submitted.pk).status == Report.Status.PUBLISHED
    assert "already published" in ds.get(url).text


def test_a_new_report_starts_with_the_councils_sections(client_for, business):
    author = client_for(Role.REPORT_AUTHOR)
    response = author.post(
        reverse("committees:report-create"),
        {
            "committee": business["committee"].pk,
            "title": "Carers Hub Recommissioning",
            "report_type": "for-decision",
            "part": "1",
            "wards_affected": "All",
            "standard_sections": "on",  # ticked by default on the page
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(title="Carers Hub Recommissioning")
    headings = [(s.number, s.heading) for s in report.sections.order_by("position")]
    assert headings[:8] == [
        ("1", "Purpose of Report"),
        ("2", "Executive Summary"),
        ("3", "Recommendations"),
        ("4", "Reasons for Recommendations"),
        ("5", "Other Options Considered"),
        ("6", "Background"),
        ("7", "Consultation and Engagement"),
        ("8", "Implications"),
    ]
    assert headings[8:] == [
        ("8.1", "Legal"),
        ("8.2", "Finance"),
        ("8.3", "Policy"),
        ("8.4", "Equality"),
        ("8.5", "Human Resources"),
        ("8.6", "Risk Management"),
        ("8.7", "Rural Communities"),
        ("8.8", "Children and Young People/Cared for Children"),
        ("8.9", "Public Health"),
        ("8.10", "Climate Change"),
    ]
    page = author.get(report.get_absolute_url()).text
    assert "Reasons for Recommendations" in page and "Access to information" in page
    form = author.get(reverse("committees:report-create")).text
    assert 'name="standard_sections"' in form and "checked" in form.split('name="standard_sections"')[1][:80]


def test_an_agenda_number_is_used_once(ds, business):
    march = business["march"]
    url = reverse("committees:agenda-item-add", args=[march.pk])
    response = ds.post(url, {"number": "6", "title": "Another item", "part": "1"})
    assert response.status_code == 200
    assert "Item 6 is already on this agenda: enter a number no other item has" in response.text
    assert march.agenda_items.filter(number="6").count() == 1
    assert ds.post(url, {"number": "16", "title": "Another item", "part": "1"}).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=march, number="16", title="Twice", position=99)


def test_a_committee_has_one_chair_at_a_time(ds, business):
    committee = business["committee"]
    url = reverse("committees:membership-add", args=[committee.slug])
    other = PersonFactory(name="Councillor L Wardlaw")
    post = {"person": other.pk, "role": "chair", "voting": "voting", **date_fields("start", "01/06/2022")}
    response = ds.post(url, post)
    assert response.status_code == 200
    assert "Councillor J Rhodes is the chair from 1 May 2021: end that membership first" in response.text
    assert not Membership.objects.filter(person=other).exists()
    # A chair who follows one whose membership has ended is fine.
    Membership.objects.filter(committee=committee, role="chair").update(end=datetime.date(2022, 5, 31))
    assert ds.post(url, post).status_code == 302
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(committee=committee, role="chair", start=datetime.date(2022, 7, 1))


def test_the_approval_page_says_why_there_is_no_meeting_to_choose(ds, business):
    lonely = MeetingFactory(date=datetime.date(2031, 1, 1))
    response = ds.get(reverse("committees:minutes-approve", args=[lonely.pk]))
    assert "There is no meeting of the" in response.text and "Schedule a meeting" in response.text
    january = business["january"]
    response = ds.get(reverse("committees:minutes-approve", args=[january.pk]))
    assert "There is no meeting of the" not in response.text


def test_resolved_that_is_printed_once(ds, business):
    march = business["march"]
    response = ds.post(
        reverse("committees:minute-add", args=[march.pk]),
        {
            "title": "Adults Social Care Scorecard",
            "paragraphs": "The committee considered the scorecard.",
            "resolution": "RESOLVED (unanimously): That the scorecard be noted.",
        },
    )
    assert response.status_code == 302
    minute = Minute.objects.get(meeting=march, title="Adults Social Care Scorecard")
    assert minute.unanimous and minute.resolution == [{"label": "", "text": "the scorecard be noted."}]
    page = ds.get(reverse("committees:minutes", args=[march.pk])).text
    assert page.count("RESOLVED") == 1 and "That the scorecard" not in page


def test_labels_print_as_the_council_writes_them(client, business):
    MinuteFactory(
        meeting=business["january"],
        number=43,
        title="MTFS",
        has_resolution=True,
        resolution_preamble="RESOLVED: That",
        resolution=[
            {"label": "1", "text": "the proposals be noted", "parts": [{"label": "a", "text": "as listed"}]},
            {"label": "9)", "text": "the proposal be supported"},
        ],
    )
    page = client.get(reverse("committees:minutes", args=[business["january"].pk])).text
    assert '<span class="portal-label">9)</span>' in page and "9)." not in page
    assert '<span class="portal-label">1.</span>' in page and '<span class="portal-label">a.</span>' in page


def test_short_numbered_paragraphs_keep_their_number_beside_them(client, business):
    """The number span is matched only by its own rule (it was also matched by the text's flex rule, so a
    short paragraph's number grew and pushed its text to the middle of the column)."""
    page = client.get(business["published"].get_absolute_url()).text
    assert 'class="govuk-body govuk-!-font-weight-bold portal-paragraph-number">1.1</span>' in page
    assert '<div class="govuk-body portal-paragraph-text">' in page
    css = Path(finders.find("committees/committees.css")).read_text()
    assert "> .govuk-body" not in css
    assert ".portal-numbered-paragraph > .portal-paragraph-text { flex: 1 1 auto" in css
    assert ".portal-numbered-paragraph .portal-paragraph-number { flex: 0 0 4em" in css


def test_times_read_the_govuk_way(client, business):
    march = business["march"]
    page = client.get(march.get_absolute_url()).text
    assert "28 March 2022 at 10:30am" in page and "a.m." not in page
    minutes = client.get(reverse("committees:minutes", args=[business["january"].pk])).text
    assert "from 10:30am" in minutes and "a.m." not in minutes
