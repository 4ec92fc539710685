"""Committee pages in Chromium: the public reads the demo meeting; democratic services and a report author
do their work. Every page visited is axe-checked and screenshotted (tests/browser/helpers.py)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from committees import demo
from committees.models import Meeting, Minute, Report, ReportReference
from portal.permissions import Role
from tests.browser.helpers import fill_date, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(transactional_db):
    demo.load(stdout=io.StringIO())
    return Meeting.objects.get(committee__code="AH", date="2022-03-28")


def test_public_reads_the_demo_meeting(page, live_server, demo_data):
    visit(page, "/committees/")
    follow(page, page.get_by_role("link", name="Adults and Health Committee"))
    expect(page.locator("main")).to_contain_text("Councillor J Rhodes")
    visit(page, "/committees/meetings/?when=past")
    follow(page, page.get_by_role("link", name="28 March 2022"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting, Monday 28 March 2022")
    expect(page.locator("main")).to_contain_text("Day Opportunities Flexible Purchasing System")
    follow(
        page,
        page.get_by_role("link", name="Report AH/39/2021-22: Day Opportunities Flexible Purchasing System"),
    )
    expect(page.locator("main")).to_contain_text("1.1")
    visit(page, f"/committees/meetings/{demo_data.pk}/")
    follow(
        page,
        page.get_by_role("link", name=re.compile(r"^Minutes of the Adults and Health Committee, 18 January")),
    )
    expect(page.locator("main")).to_contain_text("Councillor A Moran")
    visit(page, "/committees/adults-and-health-committee/work-programme/")
    visit(page, "/committees/search/?q=flexible+purchasing")
    expect(page.locator("main mark").first).to_be_visible()


def choose(page, legend: str, label: str) -> None:
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}"))
    group.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(label)}")).first.click()


def test_democratic_services_run_a_meeting_and_an_author_drafts_a_report(page, live_server, users, demo_data):
    sign_in(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, "/committees/meetings/new/")
    submit(page, "Schedule")  # empty: the error summary says what is missing
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the committee")
    page.locator("#id_committee").select_option(label="Adults and Health Committee")
    fill_date(page, "id_date", "06/06/2030")
    page.locator("#id_time").fill("10:30")
    page.locator("#id_venue").fill("Committee Suite 1, 2 and 3, Westfields, Sandbach")
    submit(page, "Schedule")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is scheduled")
    meeting = Meeting.objects.get(date="2030-06-06")
    follow(page, page.get_by_role("link", name="Add an agenda item"))
    page.locator("#id_title").fill("Apologies for Absence")
    submit(page, "Save")
    follow(page, page.get_by_role("link", name="Add an agenda item"))
    # Item 1 is the generated "Matters arising" (the committee has open actions), Apologies took 2.
    page.locator("#id_number").fill("3")
    page.locator("#id_title").fill("Contract award")
    choose(page, "Part", "Part 2")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the paragraph of Schedule 12A")
    page.locator("#id_exempt_paragraph").select_option(value="3")
    submit(page, "Save")
    submit(page, "Move up item 3")
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Matters arising",
        "Contract award",
        "Apologies for Absence",
    ]
    follow(page, page.get_by_role("link", name="Publish the agenda"))
    submit(page, "Publish the agenda")
    # The pack is built by a background task (run inline in tests), then offered for download.
    submit(page, "Prepare the agenda pack")
    expect(page.locator("main")).to_contain_text("Download the agenda pack (PDF")
    follow(page, page.get_by_role("link", name="Add a minute"))
    page.locator("#id_title").fill("Apologies for Absence")
    page.locator("#id_resolution").fill("1. the apologies be noted")
    submit(page, "Save")
    assert Minute.objects.get(meeting=meeting).number == 1  # the first of the 2030-31 municipal year
    visit(page, "/committees/actions/")
    visit(page, f"/committees/meetings/{meeting.pk}/attendance/")
    page.locator("#id_person").select_option(label="Councillor J Rhodes")
    choose(page, "Attendance", "In the chair")
    submit(page, "Record")
    expect(page.locator("main table")).to_contain_text("Councillor J Rhodes")
    visit(page, f"/committees/meetings/{meeting.pk}/minutes/1/edit/")
    visit(page, "/committees/adults-and-health-committee/")
    visit(page, "/committees/adults-and-health-committee/work-programme/add/")
    visit(page, "/committees/manage/committees/new/")

    page.context.clear_cookies()
    sign_in(page, users[Role.REPORT_AUTHOR])
    visit(page, "/committees/reports/new/")
    page.locator("#id_committee").select_option(label="Adults and Health Committee")
    page.locator("#id_title").fill("Care at Home Recommission")
    page.locator("#id_report_of").fill("Helen Charlesworth-May")
    submit(page, "Create draft")
    report = Report.objects.get(title="Care at Home Recommission")
    assert ReportReference.objects.get(report=report).reference.startswith("AH/")
    follow(page, page.get_by_role("link", name="Add a section"))
    page.locator("#id_number").fill("1")
    page.locator("#id_heading").fill("Purpose of the Report")
    page.locator("#id_paragraphs").fill("1.1 This report seeks permission to recommission care at home.")
    submit(page, "Save")
    expect(page.locator("main")).to_contain_text("This report seeks permission")
    submit(page, "Submit for publication")
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED


def test_democratic_services_record_a_declaration_of_interest(page, live_server, users, demo_data):
    january = Meeting.objects.get(committee__code="AH", date="2022-01-18")
    sign_in(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, f"/committees/meetings/{january.pk}/")
    follow(page, page.get_by_role("link", name="Record declarations of interest"))
    expect(page.locator("main")).to_contain_text("Councillor S Gardiner")  # the demo's own declaration
    submit(page, "Record the declaration")  # empty: the error summary says what is missing
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the person who declared the interest")
    expect(summary).to_contain_text("Enter what was declared")
    page.locator("#id_person").select_option(label="Councillor J Rhodes")
    page.locator("#id_kind").fill("non-pecuniary")
    page.locator("#id_text").fill("Councillor J Rhodes declared a non-pecuniary interest as a carer.")
    page.locator("#id_minute_number").fill("38")
    submit(page, "Record the declaration")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("declaration is recorded")
    follow(page, page.get_by_role("link", name="Change Councillor J Rhodes's declaration"))
    page.locator("#id_text").fill("Councillor J Rhodes declared a non-pecuniary interest as an unpaid carer.")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("declaration is updated")
    follow(page, page.get_by_role("link", name="Remove Councillor S Gardiner's declaration"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this declaration of interest?")
    follow(page, page.get_by_role("link", name="Cancel"))
    visit(page, f"/committees/meetings/{january.pk}/minutes/")
    expect(page.locator("main")).to_contain_text(
        "Councillor J Rhodes (non-pecuniary): Councillor J Rhodes declared a non-pecuniary interest"
        " as an unpaid carer."
    )
    expect(page.locator("main")).to_contain_text("Councillor S Gardiner")
