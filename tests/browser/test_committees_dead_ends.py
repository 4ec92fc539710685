"""Issue 14's committee dead ends, walked in Chromium as the people who own them (axe and the 320 px reflow
check on every page, tests/browser/helpers.py): a report author starts a report on the council's standard
headings and submits it; democratic services send it back with a reason (an empty reason is a GOV.UK error);
the author submits it again; democratic services publish it after a confirmation page. Then a second item 6 on
the March agenda, a second chair, and the approve-minutes page with no later meeting to offer, each explained
on the page instead of accepted or left blank."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from committees import demo
from committees.models import Meeting, Report
from portal.permissions import Role
from tests.browser.helpers import fill_date, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def march(transactional_db):
    demo.load(stdout=io.StringIO())
    return Meeting.objects.get(committee__code="AH", date="2022-03-28")


def test_a_report_goes_back_to_its_author_and_is_published_after_a_confirmation(
    page, live_server, users, march
):
    author, services = users[Role.REPORT_AUTHOR], users[Role.DEMOCRATIC_SERVICES]
    sign_in(page, author)
    visit(page, "/committees/reports/new/")
    expect(page.get_by_label("Start with the council's standard headings")).to_be_checked()
    page.locator("#id_committee").select_option(label="Adults and Health Committee")
    page.locator("#id_title").fill("Carers Hub Recommissioning")
    page.locator("#id_report_of").fill("Helen Charlesworth-May")
    submit(page, "Create draft")
    report = Report.objects.get(title="Carers Hub Recommissioning")
    main = page.locator("main")
    for heading in (
        "1. Purpose of Report",
        "3. Recommendations",
        "4. Reasons for Recommendations",
        "5. Other Options Considered",
    ):
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(main).to_contain_text("Children and Young People/Cared for Children")
    submit(page, "Submit for publication")
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, services)
    visit(page, report.get_absolute_url())
    follow(page, page.get_by_role("link", name="Return to the author"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Return this report to its author?")
    submit(page, "Return the report")  # no reason given: a GOV.UK error, and the report stays submitted
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the report is going back to its author"
    )
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    page.get_by_label("Why is the report going back to its author?").fill(
        "Add the finance implications (section 8.2)."
    )
    submit(page, "Return the report")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("returned to its author as a draft")
    assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT

    page.context.clear_cookies()
    sign_in(page, author)
    visit(page, report.get_absolute_url())
    submit(page, "Submit for publication")

    page.context.clear_cookies()
    sign_in(page, services)
    visit(page, report.get_absolute_url())
    follow(page, page.get_by_role("link", name="Publish", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish this report?")
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED  # asking changed nothing
    follow(page, page.get_by_role("link", name="Cancel"))
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    follow(page, page.get_by_role("link", name="Publish", exact=True))
    submit(page, "Publish the report")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The report is published")
    assert Report.objects.get(pk=report.pk).status == Report.Status.PUBLISHED


def test_agenda_numbers_chairs_and_minutes_approval_explain_themselves(page, live_server, users, march):
    sign_in(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, f"/committees/meetings/{march.pk}/agenda/add/")
    page.locator("#id_number").fill("6")
    page.locator("#id_title").fill("Another item")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Item 6 is already on this agenda: enter a number no other item has"
    )
    assert march.agenda_items.filter(number="6").count() == 1

    visit(page, "/committees/adults-and-health-committee/members/add/")
    page.locator("#id_person").select_option(label="Councillor A Moran")
    page.get_by_label("Chair", exact=True).check()
    fill_date(page, "id_start", "01/06/2022")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("is the chair from")
    expect(page.locator(".govuk-error-summary")).to_contain_text("end that membership first")

    visit(page, f"/committees/meetings/{march.pk}/minutes/approve/")
    expect(page.locator("main")).to_contain_text(
        "There is no meeting of the Adults and Health Committee after this one to choose"
    )
    follow(page, page.get_by_role("link", name="Schedule a meeting"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schedule")


PARAGRAPH_LAYOUT = """() => Array.from(document.querySelectorAll('.portal-numbered-paragraph')).map(row => {
    const box = row.getBoundingClientRect();
    const number = row.querySelector('.portal-paragraph-number').getBoundingClientRect();
    const text = row.querySelector('.portal-paragraph-text').getBoundingClientRect();
    return {number: row.querySelector('.portal-paragraph-number').innerText,
            numberLeft: number.left - box.left, numberWidth: number.width,
            textLeft: text.left - box.left, textGap: box.right - text.right};
})"""


@pytest.mark.parametrize("width", [1280, 320])
def test_numbered_paragraphs_keep_their_number_beside_them(page, live_server, march, width):
    """Every numbered paragraph of the demo report, short ones included: the number at the column's left in
    its own narrow column, the text starting just after it and running to the column's right edge (the old
    flex rule also matched the number, which grew and pushed short paragraphs' text to mid-column)."""
    report = Report.objects.get(title="Day Opportunities Flexible Purchasing System")
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, report.get_absolute_url())
    rows = page.evaluate(PARAGRAPH_LAYOUT)
    assert len(rows) > 10
    for row in rows:
        assert abs(row["numberLeft"]) <= 1, row
        assert row["numberWidth"] <= 100, row
        assert row["numberWidth"] < row["textLeft"] <= 120, row
        assert abs(row["textGap"]) <= 1, row
