"""The market position statement in Chromium: a provider, signed out, reads the care at home market at 1280
and at 320 px (no sideways scrolling), downloads the population table as CSV whose cells are the statement's,
and a commissioner changes an intention, which the page then shows with today's date. axe runs on every
page."""

from __future__ import annotations

import csv

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.market import demo as market_demo
from portal.permissions import Role
from portal.timefmt import govuk_date
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Table 1 of the statement, 2018 (MPS lines 213-234): area, total, then each band's people and printed share.
TABLE_1_2018 = [
    [
        "2018",
        "Cheshire East",
        "380790",
        "64316",
        "17",
        "229786",
        "60",
        "86688",
        "23",
        "63371",
        "17",
        "11769",
        "3",
    ],
    [
        "2018",
        "North West",
        "7292093",
        "1316373",
        "18",
        "4621095",
        "63",
        "1354625",
        "19",
        "972267",
        "13",
        "170193",
        "2",
    ],
    [
        "2018",
        "England",
        "55977178",
        "10144712",
        "18",
        "35653213",
        "64",
        "10179253",
        "18",
        "7356660",
        "13",
        "1364978",
        "2",
    ],
]


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url} scrolls sideways at {viewport} px: {width} px wide"


@pytest.fixture
def statement(db):
    from commissioning.providers.models import Area, Service

    market_demo.load()
    ProviderFactory(name="Gritstone Care", services=[Service.CARE_AT_HOME], areas_served=[Area.CREWE])


def test_a_provider_reads_the_care_at_home_market_and_downloads_the_population_table(
    page, statement, tmp_path
):
    # The live server's first request imports the views and finds the static files: on a busy machine that
    # can take longer than a page's time-out, so it is made once before the journey starts.
    page.goto("/market/", timeout=120_000)
    visit(page, "/market/")
    follow(page, page.get_by_role("link", name="Care at home", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Care at home")
    for heading in ["Commissioners' assessment", "Supply", "Demand", "Commissioning intentions"]:
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    supply = page.get_by_role("table", name="Registered providers by care community: Care at home")
    expect(supply.get_by_role("row", name="Crewe")).to_contain_text("1")
    expect(page.get_by_text("Framework providers of care at home")).to_be_visible()
    expect(page.get_by_text("around £16,000,000")).to_be_visible()
    intentions = page.get_by_role("table", name="Commissioning intentions, by date")
    expect(intentions).to_contain_text("contract start 31 August 2023")
    no_sideways_scroll(page)

    follow(page, page.get_by_role("link", name="Population projections (Table 1 and Table 2, with CSV)"))
    # The link's file, fetched in the browser's own session (a download ends the page's navigation request,
    # which the page log would report as a failure).
    link = page.get_by_role("link", name="Download Table 1 as CSV")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-disposition"].startswith("attachment")
    path = tmp_path / "table-1.csv"
    path.write_bytes(response.body())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[:13] for row in rows[1:4]] == TABLE_1_2018
    no_sideways_scroll(page)

    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/market/", "/market/care-at-home/", "/market/population/"]:
        visit(page, path)
        no_sideways_scroll(page)


def test_a_commissioner_changes_an_intention(page, statement):
    commissioner = UserFactory(username="market-commissioner", role=Role.COMMISSIONER)
    sign_in(page, commissioner)
    visit(page, "/market/care-at-home/")
    intentions = page.get_by_role("table", name="Commissioning intentions, by date")
    row = intentions.get_by_role("row").filter(has_text="contract start 31 August 2023")
    follow(page, row.get_by_role("link", name="Change"))
    text = page.get_by_label("Intention")
    expect(text).to_have_value(
        "We will recommission care at home for adults, with Rapid Response and in partnership with "
        "Cheshire CCG: contract start 31 August 2023."
    )
    text.fill("We will recommission care at home for adults: contract start 1 September 2023.")
    submit(page, "Save")
    expect(page.get_by_text("The intention is saved.")).to_be_visible()
    row = (
        page.get_by_role("table", name="Commissioning intentions, by date")
        .get_by_role("row")
        .filter(has_text="contract start 1 September 2023")
    )
    expect(row).to_contain_text(govuk_date(timezone.localdate()))
