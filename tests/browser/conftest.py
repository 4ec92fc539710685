"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked `browser`. Playwright's sync API runs an asyncio event loop in the test's
thread, so Django's "no ORM calls from async code" guard would refuse the factories and queries the
tests make; DJANGO_ALLOW_ASYNC_UNSAFE turns that guard off (for these tests only: the variable is
set when this folder is collected).

Chromium is not downloaded by Playwright: the tests use /usr/bin/chromium (`make chromium`). Without it
they skip on a developer's machine, and fail in CI (CI=true): in CI a skipped browser test would be
a missed one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import helpers

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"The browser tests need Debian's Chromium at {CHROMIUM} (make chromium installs it)."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} Browser tests never skip in CI.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) for each test, its URLs relative to the live server.

    Using `live_server` gives the test transactional database access: what the test creates is
    committed, so the server's threads see it, and the database is emptied after the test.
    """
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    # BROWSER_TIMEOUT_MS: longer than Playwright's 10 s on a busy machine.
    context.set_default_timeout(int(os.environ.get("BROWSER_TIMEOUT_MS", "10000")))
    page = context.new_page()
    helpers.start_log(page, request.node.name)
    yield page
    helpers.end_log(page)
    context.close()
