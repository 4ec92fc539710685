"""An online self-referral through triage, moderate need, the assessor's review, allocation, plan, review
and closure, in Chromium; every page visited is axe-checked and screenshotted (tests/browser/helpers.py)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.carers.models import RecordView, Referral, Status
from portal.permissions import Role
from tests.browser.helpers import fill_date, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def choose(page, legend: str, label: str) -> None:
    """GOV.UK radios and checkboxes: click the label, as a person would."""
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}"))
    group.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(label)}")).first.click()


def tick(page, label: str) -> None:
    page.locator("label.govuk-checkboxes__label").filter(has_text=label).click()


def switch_user(page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


def test_online_self_referral_to_closure(page, live_server, users):
    today = timezone.localdate()
    visit(page, "/carers-hub/refer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a carer to the Carers Hub")
    # Sent empty first: the error summary lists what is missing.
    submit(page, "Send referral")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the carer's first name")
    choose(page, "Who is filling in this form?", "I am the carer")
    page.locator("#id_first_name").fill("Robin")
    page.locator("#id_last_name").fill("Demo-Browser")
    fill_date(page, "id_date_of_birth", "12/08/2008")
    page.locator("#id_phone").fill("07700 900456")
    choose(page, "How should we contact the carer?", "Telephone")
    page.locator("#id_relationship").select_option("parent")
    choose(page, "How old is the person they look after?", "18 to 64")
    choose(page, "What is the main reason they need care?", "Mental health")
    page.locator("#id_reason").fill("I look after my dad and I am finding it hard alongside college.")
    choose(page, "Does the carer need help urgently?", "No")
    tick(page, "The carer agrees to the Carers Hub keeping these details")
    tick(page, "The carer agrees to the Carers Hub contacting them")
    submit(page, "Send referral")
    referral = Referral.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(referral.reference)
    assert referral.carer_type == "young-adult"

    # The hub: caseload, first contact, assessment, moderate need.
    switch_user(page, users[str(Role.CARERS_HUB_WORKER)])
    visit(page, "/carers-hub/")
    follow(page, page.get_by_role("link", name=referral.reference))
    expect(page.get_by_role("heading", level=1)).to_have_text("Robin Demo-Browser")
    submit(page, "Record first contact")
    follow(page, page.get_by_role("link", name="Record the assessment"))
    choose(page, "Outcome", "Statutory carer's assessment completed")
    fill_date(page, "id_assessed_on", today)
    submit(page, "Save")
    submit(page, "Moderate need: to an assessor")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("With social care assessor")

    # The assessor reviews it and allocates a moderate service.
    switch_user(page, users[str(Role.SOCIAL_CARE_ASSESSOR)])
    visit(page, "/carers-hub/assessor/")
    follow(page, page.get_by_role("link", name=referral.reference))
    follow(page, page.get_by_role("link", name="Record the assessor's review"))
    choose(page, "Level of need after review", "Moderate")
    submit(page, "Save")
    follow(page, page.get_by_role("link", name="Allocate support"))
    page.locator("#id_service").select_option(label="Take a Break (moderate)")
    submit(page, "Allocate")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Take a Break is allocated")

    # The hub adds the Wellbeing Fund, the plan, the annual review, and closes with outcomes.
    switch_user(page, users[str(Role.CARERS_HUB_WORKER)])
    visit(page, referral.get_absolute_url())
    follow(page, page.get_by_role("link", name="Allocate support"))
    page.locator("#id_service").select_option(label="Wellbeing Fund (low)")
    submit(page, "Allocate")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the amount from the Wellbeing Fund")
    page.locator("#id_amount").fill("200")
    submit(page, "Allocate")
    follow(page, page.get_by_role("link", name="Record the support plan"))
    fill_date(page, "id_plan_agreed_on", today)
    submit(page, "Save")
    follow(page, page.get_by_role("link", name="Record the annual review"))
    fill_date(page, "id_reviewed_on", today)
    submit(page, "Save")
    follow(page, page.get_by_role("link", name="Close the referral"))
    submit(page, "Close referral")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for closing")
    page.locator("#id_reason").select_option("outcomes-met")
    choose(page, "Wellbeing", "Improved")
    choose(page, "Ability to keep caring", "Stayed the same")
    choose(page, "Having a life of their own", "Improved")
    submit(page, "Close referral")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Status: Closed")
    expect(page.locator("main")).to_contain_text("£200")

    referral.refresh_from_db()
    assert referral.status == Status.CLOSED and referral.outcome_wellbeing == "improved"
    assert referral.allocations.count() == 2
    # The carer's record and who looked at it.
    follow(page, page.get_by_role("link", name="Robin Demo-Browser"))
    follow(page, page.get_by_role("link", name="Who has viewed this record"))
    expect(page.locator("main")).to_contain_text("social-care-assessor")
    assert RecordView.objects.filter(carer=referral.carer).count() >= 8

    # The commissioner sees the numbers, not the person.
    switch_user(page, users[str(Role.COMMISSIONER)])
    visit(page, "/carers-hub/statistics/")
    expect(page.locator("main")).not_to_contain_text("Robin")
