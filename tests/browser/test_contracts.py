"""The contracts register in Chromium, with axe and the 320 px reflow check on every page (check_page).

Today is fixed at 2 December 2026 (the portal's `timezone.localdate`, in the live server's thread too), so
the Carers Hub contract of the demo (1 January 2023 to 31 December 2026, 2 x 12 months extension) needs a
decision whatever the day the test runs. A commissioner finds it, sees that it needs a decision, adds the
decision to the committee's work programme in one step, and records an extension after checking what it
does. The public register and its CSV are anonymous. (contracts-b extends this journey with returns,
visits and a suspension.)"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.contracts import demo
from commissioning.contracts.models import Contract, ContractStatus
from committees.models import Committee, WorkProgrammeItem
from portal.permissions import Role
from tests.browser.helpers import fill_date, follow, submit, visit
from tests.browser.test_fps import as_user, pick

pytestmark = pytest.mark.browser
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def register(today):
    demo.load(today=TODAY)
    return Committee.objects.create(name="Adults and Health Committee", slug="adults-and-health")


def test_a_commissioner_decides_on_the_carers_hub(page, live_server, users, register):
    page.goto("/healthz", timeout=60_000)
    as_user(page, users[Role.COMMISSIONER])
    # The dashboard lists it among the contracts needing a decision.
    visit(page, "/")
    expect(page.locator("main")).to_contain_text("Contracts needing a decision")
    follow(page, page.get_by_role("link", name="Contracts register"))
    page.get_by_label("Search").fill("carers hub")
    follow(page, page.get_by_role("button", name="Apply filters"))
    follow(page, page.get_by_role("link", name="All-Age Carers Hub", exact=True))
    main = page.locator("main")
    expect(main).to_contain_text("Decision needed")
    expect(main).to_contain_text("the term ends on 31 December 2026")
    expect(main).to_contain_text("2 × 12 months; 0 taken")
    expect(main).to_contain_text("£3,755,000")

    # One step onto the committee's work programme; the programme links back.
    follow(page, page.get_by_role("link", name="Add to a committee's work programme"))
    page.get_by_label("Committee").select_option(label="Adults and Health Committee")
    fill_date(page, "id_meeting_date", datetime.date(2027, 1, 23))
    submit(page, "Add to the work programme")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Adults and Health Committee work programme"
    )
    follow(page, page.get_by_role("link", name="Adults and Health Committee work programme"))
    hub = Contract.objects.get(title="All-Age Carers Hub")
    expect(page.locator("main")).to_contain_text(f"Contract {hub.reference}")
    assert WorkProgrammeItem.objects.get().contracts.get() == hub

    # An extension longer than the option is a GOV.UK error; then 12 months, checked, then recorded.
    visit(page, hub.get_absolute_url())
    follow(page, page.get_by_role("link", name="Record a decision"))
    pick(page, "Take an extension")
    page.get_by_label("Length of the extension in months").fill("18")
    fill_date(page, "id_decided_on", datetime.date(2026, 12, 1))
    page.get_by_label("Approved by").fill("Adults and Health Committee")
    page.get_by_label("Reason for the decision").fill("The hub meets its outcomes; the market is not ready.")
    submit(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("An extension can be at most 12 months")
    page.get_by_label("Length of the extension in months").fill("12")
    submit(page, "Continue")
    expect(page.locator("main")).to_contain_text("Extended by 12 months, to 31 December 2027")
    submit(page, "Record the decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The decision is recorded")
    main = page.locator("main")
    expect(main).to_contain_text("In extension")
    expect(main).to_contain_text("2 × 12 months; 1 taken")
    expect(main).to_contain_text("Extended by 12 months to 31 December 2027")
    hub.refresh_from_db()
    assert hub.end_date == datetime.date(2027, 12, 31) and hub.status == ContractStatus.EXTENDED


def test_the_public_register_is_anonymous(page, live_server, register):
    page.goto("/healthz", timeout=60_000)
    visit(page, "/contracts/public/")
    page.get_by_label("Search").fill("domestic abuse")
    follow(page, page.get_by_role("button", name="Apply filters"))
    follow(page, page.get_by_role("link", name="Whole Family Domestic Abuse Service"))
    main = page.locator("main")
    expect(main).to_contain_text("My CWA (Cheshire Without Abuse)")
    expect(main).to_contain_text("Not given in the source documents")  # its value
    expect(main).not_to_contain_text("Interpreted")  # the notes on the sources are internal
