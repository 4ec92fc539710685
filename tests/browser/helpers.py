"""What browser tests do to a page: visit it, submit a form, sign in. Each page that loads is checked.

`check_page(page)` runs after every navigation (so tests cannot forget it): it takes a full-page
screenshot into screenshots/browser/<test>-<n>.png, fails on JavaScript errors (CSP violations included),
failed requests and missing styles, then runs axe (tests/browser/axe.py), then checks reflow (WCAG 1.4.10): at
320 px wide the document may not scroll sideways. Content inside a box that scrolls itself (the shared table
container, `.portal-table-scroll`, or any element with its own `overflow-x`) is allowed to be wider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.axe import assert_accessible
from tests.factories import TEST_PASSWORD

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "screenshots" / "browser"


@dataclass
class PageLog:
    """What the `page` fixture records about one test's page."""

    test_name: str
    screenshots: int = 0
    errors: list[str] = field(default_factory=list)


_logs: dict[object, PageLog] = {}


def safe_name(test_name: str) -> str:
    """A test's name as a file name: test_public_page[/cookies/] -> test_public_page-cookies."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", test_name).strip("-")


def start_log(page, test_name: str) -> PageLog:
    """Called by the `page` fixture: listen for errors and clear this test's old screenshots."""
    log = PageLog(safe_name(test_name))
    _logs[page] = log
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOT_DIR.glob(f"{log.test_name}-*.png"):
        if re.fullmatch(rf"{re.escape(log.test_name)}-\d+\.png", old.name):
            old.unlink()

    def on_console(message):
        # A failed load is reported, with its URL, by on_response or requestfailed below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            log.errors.append(f"console error: {message.text}")

    def on_response(response):
        # The page itself may be an error page on purpose (the 404 test); what it loads may not fail.
        if response.status >= 400 and response.request.resource_type != "document":
            log.errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.errors.append(f"JavaScript error: {error}"))
    page.on("requestfailed", lambda request: log.errors.append(f"request failed: {request.url}"))
    page.on("response", on_response)
    return log


def end_log(page) -> None:
    _logs.pop(page, None)


def check_page(page) -> None:
    """Screenshot the page, then fail on errors so far, on missing styles, and on axe violations."""
    log = _logs[page]
    log.screenshots += 1
    page.screenshot(path=SCREENSHOT_DIR / f"{log.test_name}-{log.screenshots}.png", full_page=True)
    if log.errors:
        errors, log.errors[:] = list(log.errors), []
        pytest.fail(f"Errors loading {page.url}:\n" + "\n".join(errors), pytrace=False)
    # GOV.UK Frontend's and the portal's style sheets both loaded (static files are served).
    loaded = page.evaluate(
        "Array.from(document.styleSheets).filter(sheet => sheet.cssRules.length > 0).length"
    )
    assert loaded >= 2, f"{page.url}: only {loaded} style sheet(s) loaded"
    # GOV.UK Frontend's JavaScript ran (it marks each component it starts).
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert_accessible(page)
    assert_reflows(page)


REFLOW_WIDTH = 320

# What sticks out past the viewport's right edge (or overflows its own box, like an unbreakable word),
# outside any box that scrolls or clips sideways itself: the innermost such elements, where a fix goes.
_WIDE_ELEMENTS = """() => {
    const limit = document.documentElement.clientWidth + 1;
    const scrollsItself = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const x = getComputedStyle(p).overflowX;
            if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') return true;
        }
        return false;
    };
    const overflows = el => el.getBoundingClientRect().right > limit
        || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'
            && el.getBoundingClientRect().left + el.scrollWidth > limit);
    const found = Array.from(document.querySelectorAll('body *'))
        .filter(el => el.getClientRects().length > 0 && overflows(el) && !scrollsItself(el));
    return found.filter(el => !found.some(other => other !== el && el.contains(other)))
        .slice(0, 8)
        .map(el => {
            const r = el.getBoundingClientRect();
            const names = typeof el.className === 'string' ? el.className.trim() : '';
            const cls = names ? '.' + names.split(/\\s+/).join('.') : '';
            const text = (el.innerText || '').trim().slice(0, 60).replace(/\\s+/g, ' ');
            return `${el.tagName.toLowerCase()}${cls} (${Math.round(r.left + el.scrollWidth)} px): ${text}`;
        });
}"""


def assert_reflows(page) -> None:
    """Fail if the page, at 320 px wide, scrolls sideways (WCAG 1.4.10 Reflow); then restore the width."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"] if size else 800})
    try:
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            wide = page.evaluate(_WIDE_ELEMENTS)
            log = _logs.get(page)
            name = f"{log.test_name}-{log.screenshots}-320px.png" if log else "reflow-320px.png"
            page.screenshot(path=SCREENSHOT_DIR / name, full_page=True)
            pytest.fail(
                f"{page.url} ({page.title()!r}) scrolls sideways at {REFLOW_WIDTH} px: the document is "
                f"{scroll_width} px wide. Sticking out:\n" + "\n".join(f"- {line}" for line in wide),
                pytrace=False,
            )
    finally:
        if size:
            page.set_viewport_size(size)


def visit(page, path: str, *, status: int = 200):
    """Go to `path` (relative to the live server), check the status, and check the page."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: expected {status}, got {response.status}"
    check_page(page)
    return response


def follow(page, locator):
    """Click something that loads a new page (a link or a submit button), then check the new page."""
    with page.expect_navigation():
        locator.click()
    check_page(page)


def submit(page, button_name: str) -> None:
    follow(page, page.get_by_role("button", name=button_name, exact=True))


def sign_in(page, user, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real sign-in page, as a person would, then the second step if it is asked
    for (`complete_second_step`)."""
    visit(page, "/sign-in/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    submit(page, "Sign in")
    complete_second_step(page, user)


def totp_code_from_secret(secret: str) -> str:
    """What an authenticator app shows for the secret a person types in (base32, spaces allowed)."""
    import base64

    from django_otp.oath import totp

    compact = secret.replace(" ", "").upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def complete_second_step(page, user) -> None:
    """After the password: enter the security code (computed as the user's app would), or, at first
    sign-in for a role that must, set up the app from the secret the page shows, then save the recovery
    codes. Does nothing when no second step is asked for."""
    from tests.signin import security_code

    path = page.url.split("?")[0]
    if path.endswith("/sign-in/security-code/"):
        page.get_by_label("Security code").fill(security_code(user))
        submit(page, "Continue")
    elif path.endswith("/account/authenticator-app/"):
        page.get_by_text("I cannot scan the QR code").click()
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Security code").fill(totp_code_from_secret(secret))
        submit(page, "Continue")
        follow(page, page.get_by_role("link", name="I have saved my recovery codes"))


def service_navigation(page) -> list[str]:
    """The service navigation's items, as text ("Sign out" included when signed in)."""
    return [text.strip() for text in page.locator(".govuk-service-navigation__item").all_inner_texts()]


def focused_element(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {id: el.id, tag: el.tagName.toLowerCase(),
                    inErrorSummary: !!el.closest('.govuk-error-summary')};
        }"""
    )


def fill_date(page, field_id: str, value) -> None:
    """Type a date into a GOV.UK date input: `field_id` is the field's id (like "id_start_date"), `value` a
    date or a UK string such as "12/08/2008"."""
    from tests.forms import date_parts

    for part, text in zip(("day", "month", "year"), date_parts(value), strict=True):
        page.locator(f"#{field_id}-{part}").fill(text)
