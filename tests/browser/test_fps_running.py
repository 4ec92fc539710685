"""Issue 14's FPS dead ends in Chromium, with axe on every page: a commissioner adds an "If so" question
in the questionnaire editor, corrects an application window and is told why another cannot be removed; a
provider sees the question revealed only by the answer that asks it (and shown without JavaScript); a
placement is corrected. Screenshots at 1280 px and at 320 px, where no page scrolls sideways."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from commissioning.fps.models import Package, Question
from commissioning.fps.services import calloffs as calloff_services
from portal.permissions import Role
from tests.browser.helpers import check_page, follow, submit, visit
from tests.browser.test_fps import as_user, pick
from tests.commissioning.fps.factories import ApplicationFactory, WindowFactory, fps_setup
from tests.commissioning.fps.factories_calloffs import closed_package, scored_bid
from tests.factories import ProviderMembershipFactory

pytestmark = pytest.mark.browser


def no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    check_page(page)
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(e => !e.closest('.portal-table-scroll'))
            .slice(0, 5)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), wide
    page.set_viewport_size({"width": 1280, "height": 900})


def test_questionnaire_editor_windows_and_placement(page, live_server, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    system, lots, window = fps_setup(lots=1)
    commissioner = users[Role.COMMISSIONER]
    applicant = ProviderMembershipFactory(user__username="applicant", user__role=Role.PROVIDER_USER).user
    spare = WindowFactory(
        system=system,
        name="2026 window",
        opens_at=datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2027, 3, 1, 17, tzinfo=datetime.UTC),
    )

    # A cold live server can take a while to answer its first request on a busy machine.
    page.goto("/healthz", timeout=60_000)

    # The commissioner adds an "If so" question after 1.2 (a yes or no declaration).
    as_user(page, commissioner)
    visit(page, "/fps/evaluation/")
    follow(page, page.get_by_role("link", name=re.compile("^Selection questionnaire")))
    no_sideways_scroll(page)
    follow(page, page.get_by_role("link", name="Add a question to section 1", exact=True))
    page.locator("#id_text").fill("If so: which exclusion ground applies, and what have you done about it?")
    pick(page, "Free text")
    page.locator("#id_condition_question").select_option(
        label="1.2 None of the mandatory grounds for exclusion apply to the organisation."
    )
    page.locator("#id_condition_answer").select_option("no")
    submit(page, "Add the question")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Question 1.5 is added")
    added = Question.objects.get(number="1.5", section__system=system)
    assert added.condition_question.number == "1.2" and added.condition_answer == "no"
    expect(page.locator("main")).to_contain_text("Asked only if the answer to 1.2 is No")

    # Windows: one is corrected; the open one, with an application, cannot be removed and says why.
    ApplicationFactory(window=window, provider=applicant.provider_membership.provider, lots=lots)
    visit(page, f"/fps/{system.slug}/windows/")
    no_sideways_scroll(page)
    follow(page, page.get_by_role("link", name="Change 2026 window"))
    page.locator("#id_name").fill("2026 application window")
    submit(page, "Save the window")
    spare.refresh_from_db()
    assert spare.name == "2026 application window"
    visit(page, f"/fps/{system.slug}/windows/{window.pk}/remove/")
    expect(page.locator("main")).to_contain_text("1 application has been made in it")
    expect(page.get_by_role("button", name="Remove the window")).to_have_count(0)

    # The provider's section: the "If so" question is revealed by "No" only.
    as_user(page, applicant)
    application = applicant.provider_membership.provider.fps_applications.get()
    visit(page, f"/fps/applications/{application.reference}/sections/1/")
    question = page.locator(f"#id_q{added.pk}")
    expect(question).to_be_hidden()
    page.get_by_role("group", name=re.compile(r"^1\.2 ")).locator("label").filter(has_text="No").click()
    expect(question).to_be_visible()
    page.get_by_role("group", name=re.compile(r"^1\.2 ")).locator("label").filter(has_text="Yes").click()
    expect(question).to_be_hidden()
    no_sideways_scroll(page)

    # Without JavaScript the revealed question is shown (the server decides what is asked).
    context = page.context.browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        plain = context.new_page()
        context.add_cookies(page.context.cookies())
        plain.goto(f"/fps/applications/{application.reference}/sections/1/")
        expect(plain.locator(f"#id_q{added.pk}")).to_be_visible()
    finally:
        context.close()

    # A placement is corrected.
    package = closed_package(lots[0], start_date=datetime.date(2026, 1, 5))
    bid = scored_bid(
        package, applicant.provider_membership.provider, price="400", quality=70, social_value=50
    )
    calloff_services.package_award(package=package, bid=bid, reason="Only bid", by=commissioner)
    calloff_services.package_placement(
        package=package,
        brokerage_reference="CBT-1",
        placement_start=datetime.date(2026, 1, 5),
        by=commissioner,
    )
    as_user(page, commissioner)
    visit(page, f"/fps/packages/{package.reference}/")
    follow(page, page.get_by_role("link", name="Correct the placement"))
    page.locator("#id_brokerage_reference").fill("CBT-10")
    page.locator("#id_reason").fill("The team's reference was mistyped.")
    submit(page, "Save the correction")
    package.refresh_from_db()
    assert package.brokerage_reference == "CBT-10" and package.status == Package.Status.PLACED
