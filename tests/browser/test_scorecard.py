"""The scorecard in Chromium: an analyst imports the Quarter 3 2021/22 sheet, is told about a mistake in
it, uploads it corrected, checks the preview, confirms and publishes; a commissioner then reads it."""

from __future__ import annotations

from django.conf import settings
from playwright.sync_api import expect

from portal.permissions import Role
from scorecard import demo
from scorecard.models import Cell, ScorecardVersion
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.factories import UserFactory

SHEET = settings.BASE_DIR / "fixtures" / "demo" / "scorecard" / "q3-2021-22.csv"


def upload(page, path) -> None:
    page.locator("#id_year").fill("2021-22")
    page.locator("#id_quarter").select_option("3")
    page.locator("#id_file").set_input_files(str(path))
    submit(page, "Check the spreadsheet")


def test_analyst_imports_fixes_confirms_and_a_commissioner_reads(page, live_server, tmp_path):
    demo.load_measures()
    analyst = UserFactory(
        username="a.analyst", first_name="Ann", last_name="Lyst", role=Role.PERFORMANCE_ANALYST
    )
    commissioner = UserFactory(username="c.reader", role=Role.COMMISSIONER)
    bad = tmp_path / "q3-with-a-mistake.csv"
    bad.write_text(SHEET.read_text(encoding="utf-8").replace('"2,897"', '"2,8x7"', 1), encoding="utf-8")

    sign_in(page, analyst)
    visit(page, "/scorecard/")
    follow(page, page.get_by_role("link", name="Import a spreadsheet"))
    upload(page, bad)
    assert page.title().startswith("Error: Import a scorecard spreadsheet")
    expect(page.locator(".govuk-error-summary")).to_contain_text("q3-with-a-mistake.csv cannot be imported")
    expect(page.locator("#problems")).to_contain_text("Row 14, Quarter 3: '2,8x7' is not a number.")
    assert Cell.objects.count() == 0

    upload(page, SHEET)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes from q3-2021-22.csv")
    expect(page.locator("main")).to_contain_text("55 measures read")
    assert Cell.objects.count() == 0
    submit(page, "Confirm and import")
    expect(page.locator(".govuk-notification-banner, [role=alert], [role=status]").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarter 3 2021-22")
    assert (
        Cell.objects.get(measure__title="Number of new case contacts in period", column="q3").text == "2,897"
    )
    submit(page, "Publish this quarter")
    assert ScorecardVersion.objects.count() == 1
    follow(page, page.get_by_role("button", name="Sign out"))

    sign_in(page, commissioner)
    follow(page, page.get_by_role("link", name="Scorecard", exact=True))
    follow(page, page.get_by_role("link", name="Quarter 3 2021-22"))
    expect(page.locator("main")).to_contain_text("Published: version 1")
    expect(page.locator("main")).not_to_contain_text("Publish this quarter")
    page.locator("#id_rag").select_option("red")
    submit(page, "Apply filters")
    expect(page.locator("main")).to_contain_text("Showing 2 of 55 measures")
    follow(
        page,
        page.get_by_role(
            "link", name="Residential admissions for 65+ age band (total admissions year to date)"
        ),
    )
    assert "Line chart of 3 quarterly values" in page.locator("main img").get_attribute("alt")
    expect(page.locator("main table")).to_contain_text("Q3 2021-22")


def test_analyst_corrects_a_published_quarter_in_a_new_version(page, live_server):
    demo.load()
    analyst = UserFactory(username="a.analyst", role=Role.PERFORMANCE_ANALYST)
    sign_in(page, analyst)
    visit(page, "/")
    expect(page.locator("main")).to_contain_text("Adult social care scorecard")
    follow(page, page.get_by_role("link", name="Quarter 3 2021-22").first)
    follow(page, page.get_by_role("link", name="Start a new version"))
    submit(page, "Start a new version")
    assert page.title().startswith("Error: ")
    page.get_by_label("Why does the published quarter need a new version?").fill("Q3 contacts were revised")
    submit(page, "Start a new version")
    expect(page.locator("main")).to_contain_text(
        "A new version is being prepared because: Q3 contacts were revised"
    )
    follow(
        page,
        page.get_by_role("link", name="Change figures, RAG and comments for Number of new case contacts"),
    )
    page.locator("#id_quarter_value").fill("2,9O0")
    page.get_by_label("Amber").check()
    submit(page, "Save")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("'2,9O0' is not a number")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason for setting the RAG yourself")
    page.locator("#id_quarter_value").fill("2,900")
    page.get_by_label("Reason for setting the RAG yourself").fill("Demand is rising")
    submit(page, "Save")
    expect(page.locator("main")).to_contain_text("Set by the analyst: Demand is rising")
    submit(page, "Publish this quarter")
    expect(page.locator("main")).to_contain_text("Published: version 2")
    assert ScorecardVersion.objects.get(number=2).reason == "Q3 contacts were revised"
    assert (
        Cell.objects.get(measure__title="Number of new case contacts in period", column="q3").text == "2,900"
    )
    visit(page, "/scorecard/measures/new/")
    submit(page, "Add the measure")
    assert page.title().startswith("Error: Add a measure")
