"""The error pages a person can reach by following a wrong or forbidden link: "Page not found" and "You
cannot see this page", signed out and as a provider's user, through axe and the 320 px reflow check."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import visit
from tests.browser.test_fps import as_user

pytestmark = pytest.mark.browser


def test_not_found_signed_out_and_as_a_provider(page, live_server, users, other_provider):
    page.goto("/healthz", timeout=60_000)
    visit(page, "/no-such-page/", status=404)
    expect(page.locator("h1")).to_have_text("Page not found")
    as_user(page, users["provider"])
    # Another organisation's page in the contracts app: 404 for a provider's user, never its contents.
    visit(page, f"/contracts/providers/{other_provider.slug}/", status=404)
    expect(page.locator("h1")).to_have_text("Page not found")
    visit(page, "/no-such-page/", status=404)
