"""Signing in, and what each kind of user sees once signed in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from portal.permissions import Role
from tests.browser.helpers import focused_element, follow, sign_in, submit, visit
from tests.factories import ProviderFactory, ProviderMembershipFactory, UserFactory


def menu(page):
    return page.get_by_role("navigation", name="Menu")


def test_commissioner_signs_in_and_opens_the_provider_register(page, live_server):
    user = UserFactory(
        username="c.commissioner", first_name="Cara", last_name="Smith", role=Role.COMMISSIONER
    )
    ProviderFactory(name="Dane Valley Care Ltd", slug="dane-valley-care")

    sign_in(page, user)

    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Cara Smith")
    expect(page).to_have_title(re.compile(r"^Home – Commissioning Portal"))
    expect(menu(page).get_by_role("link", name="Home", exact=True)).to_have_attribute("aria-current", "true")
    expect(menu(page).get_by_role("button", name=re.compile(r"^Sign out"))).to_be_visible()

    follow(page, menu(page).get_by_role("link", name="Providers", exact=True))

    assert page.url == f"{live_server.url}/providers/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Provider register")
    expect(menu(page).get_by_role("link", name="Providers", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("link", name="Dane Valley Care Ltd")).to_be_visible()


def test_provider_user_sees_their_organisation_not_the_register(page, live_server):
    membership = ProviderMembershipFactory(
        provider__name="Weaver Homecare Ltd",
        provider__slug="weaver-homecare",
        user__username="p.provider",
    )

    sign_in(page, membership.user)

    assert page.url == f"{live_server.url}/"
    expect(menu(page).get_by_role("link", name="Your organisation", exact=True)).to_be_visible()
    expect(menu(page).get_by_role("link", name="Providers", exact=True)).to_have_count(0)

    follow(page, menu(page).get_by_role("link", name="Your organisation", exact=True))

    assert page.url == f"{live_server.url}/providers/weaver-homecare/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Weaver Homecare Ltd")


def test_wrong_password_shows_the_error_summary_and_focuses_it(page, live_server):
    user = UserFactory(username="c.commissioner", role=Role.COMMISSIONER)

    visit(page, "/sign-in/")
    expect(page).to_have_title(re.compile(r"^Sign in – "))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("not-the-password")
    submit(page, "Sign in")

    assert page.url == f"{live_server.url}/sign-in/"
    expect(page).to_have_title(re.compile(r"^Error: Sign in – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    # GOV.UK Frontend's error summary moves focus to itself when the page loads.
    assert focused_element(page)["inErrorSummary"], focused_element(page)
    # Not signed in: the username is kept, the password is not.
    expect(page.locator("#id_username")).to_have_value(user.username)
    expect(page.locator("#id_password")).to_have_value("")
    expect(menu(page).get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)
