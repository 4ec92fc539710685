"""Issue 14's dead ends for provider members and FPS set-up in Chromium, with axe and the 320 px reflow
check on every page (check_page): a provider removes a colleague after a confirmation that asks why; a
commissioner sets up a purchasing system (a bad code is a GOV.UK error), is refused a term that would
leave a window outside it, changes a lot and removes another."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from commissioning.fps.models import Lot, PurchasingSystem
from commissioning.providers.models import ProviderMembership
from portal.permissions import Role
from tests.browser.helpers import follow, submit, visit
from tests.browser.test_fps import as_user, pick
from tests.commissioning.fps.factories import fps_setup
from tests.factories import ProviderMembershipFactory

pytestmark = pytest.mark.browser


def test_a_provider_removes_a_colleague(page, live_server, users, own_provider):
    colleague = ProviderMembershipFactory(
        provider=own_provider, user__username="colleague", user__first_name="Cal", user__last_name="Lee"
    )
    page.goto("/healthz", timeout=60_000)
    as_user(page, users["provider"])
    visit(page, f"/providers/{own_provider.slug}/")
    follow(page, page.get_by_role("link", name="Remove Cal Lee"))
    submit(page, "Remove from organisation")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for removing them")
    page.locator("#id_reason").fill("Cal left the company in May.")
    submit(page, "Remove from organisation")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Cal Lee no longer uses the portal")
    expect(page.locator("main")).to_contain_text(
        "Removed from the organisation: Cal left the company in May."
    )
    assert not ProviderMembership.objects.filter(pk=colleague.pk).exists()


def fill_date(page, name: str, day: datetime.date) -> None:
    page.locator(f"#id_{name}-day").fill(str(day.day))
    page.locator(f"#id_{name}-month").fill(str(day.month))
    page.locator(f"#id_{name}-year").fill(str(day.year))


def test_a_commissioner_sets_up_a_purchasing_system_and_its_lots(page, live_server, users):
    system, lots, window = fps_setup(lots=2)
    page.goto("/healthz", timeout=60_000)
    as_user(page, users[Role.COMMISSIONER])

    visit(page, "/fps/")
    follow(page, page.get_by_role("link", name="Set up a purchasing system"))
    page.locator("#id_name").fill("Supported Living Dynamic Market")
    page.locator("#id_code").fill("SL-1")
    pick(page, "Dynamic market under the Procurement Act 2023")
    page.locator("#id_legal_basis").fill("Procurement Act 2023, section 39")
    page.locator("#id_delegated_decision_maker").fill("Director of Commissioning")
    fill_date(page, "go_live", datetime.date(2027, 4, 1))
    page.locator("#id_term_years").fill("4")
    submit(page, "Set up the system")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The reference code must be 2 to 10 letters")
    page.locator("#id_code").fill("SLDM")
    submit(page, "Set up the system")
    expect(page.locator("h1")).to_have_text("Supported Living Dynamic Market")
    expect(page.locator("main")).to_contain_text("1 April 2027 to 1 April 2031")

    visit(page, system.get_absolute_url())
    follow(page, page.get_by_role("link", name="Change the name, description or term"))
    page.locator("#id_term_years").fill("4")  # the open window (now) would lie after the term
    submit(page, "Save changes")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The Open window (open from")
    assert PurchasingSystem.objects.get(pk=system.pk).term_years == 5

    visit(page, system.get_absolute_url())
    follow(page, page.get_by_role("link", name="Change lot 1"))
    page.locator("#id_title").fill("Building Based Day Services")
    submit(page, "Save changes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lot 1: Building Based Day Services")
    follow(page, page.get_by_role("link", name="remove lot 2"))
    page.locator("#id_reason").fill("Added by mistake.")
    submit(page, "Remove the lot")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lot 2: Community Support is removed")
    assert list(Lot.objects.filter(system=system).values_list("number", flat=True)) == [1]
