"""Pages anyone may see without signing in: each is checked with axe like every other page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import visit

PUBLIC_PAGES = [
    ("/", 200, "Commissioning Portal"),
    ("/accessibility/", 200, None),
    ("/cookies/", 200, "Cookies"),
    ("/no-such-page/", 404, "Page not found"),
]


@pytest.mark.parametrize(
    ("path", "status", "heading"), PUBLIC_PAGES, ids=[p.strip("/") or "start" for p, _, _ in PUBLIC_PAGES]
)
def test_public_page(page, live_server, path, status, heading):
    visit(page, path, status=status)

    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    if heading:
        expect(h1).to_have_text(heading)
    # The page's title names the page, then the service and the council (the start page is the service).
    expect(page).to_have_title(re.compile(r"(.+ – )?Commissioning Portal – Cheshire East Council$"))
    expect(page).not_to_have_title(re.compile(r"Commissioning Portal – Commissioning Portal"))
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Register as a provider", exact=True)).to_be_visible()
