"""The shared form pieces in Chromium: the GOV.UK date input with its errors, and the provider picker
enhanced by accessible-autocomplete (under the portal's Content-Security-Policy). Every page visited is
axe-checked and screenshotted."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F
from playwright.sync_api import expect

from funding.models import AllocationStatus, ProviderAllocation, Round
from portal.permissions import Role
from tests.browser.helpers import check_page, fill_date, sign_in, submit, visit
from tests.factories import ProviderFactory, UserFactory


def load_demo():
    from commissioning.providers import demo as providers_demo
    from funding import demo as funding_demo

    providers_demo.load(make_users=False, password="")
    funding_demo.load()


def test_a_date_input_with_an_error_and_the_summary_link(page):
    load_demo()
    officer = UserFactory(username="f.dates", role=Role.FINANCE_OFFICER)
    allocation = ProviderAllocation.objects.filter(status=AllocationStatus.OFFERED).first() or (
        ProviderAllocation.objects.exclude(status=AllocationStatus.PAID).first()
    )
    sign_in(page, officer)
    visit(page, f"/funding/allocations/{allocation.pk}/status/")
    page.get_by_label("The money has been paid").check()
    fill_date(page, "id_paid_on", ("28", "", "2022"))
    page.get_by_label("Reason for the change").fill("BACS run")
    submit(page, "Update allocation")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Payment date must include a month")
    # Only the month is marked; the summary's link takes the user to it.
    expect(page.locator("#id_paid_on-month")).to_have_class(
        "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"
    )
    expect(page.locator("#id_paid_on-day")).not_to_have_class("govuk-input--error")
    expect(page.locator("#id_paid_on-day")).to_have_value("28")
    summary.get_by_role("link", name="Payment date must include a month").click()
    expect(page.locator("#id_paid_on-month")).to_be_focused()
    fill_date(page, "id_paid_on", "28/3/2022")
    submit(page, "Update allocation")
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.PAID and str(allocation.paid_on) == "2022-03-28"


def test_the_provider_picker_suggests_and_the_server_takes_the_choice(page):
    load_demo()
    officer = UserFactory(username="f.picker", role=Role.FINANCE_OFFICER)
    ProviderFactory(name="Quarry Bank Care Ltd", companies_house_number="09990001")
    ProviderFactory(name="Quarry Bank Homes", companies_house_number="SC999002")
    round_ = Round.objects.get(stream__slug="adult-social-care-omicron-support-fund")
    Round.objects.filter(pk=round_.pk).update(allocation=F("allocation") + 1000)  # room for this offer
    sign_in(page, officer)
    visit(page, f"/funding/rounds/{round_.pk}/allocate/")
    picker = page.locator("#id_provider")
    expect(picker).to_have_attribute("aria-autocomplete", "list")  # enhanced
    picker.fill("quarry ba")
    options = page.locator("#id_provider__listbox li")
    expect(options).to_have_count(2)
    check_page(page)  # the open list of suggestions passes axe too
    options.filter(has_text="Quarry Bank Homes").click()
    expect(picker).to_have_value("Quarry Bank Homes (Companies House SC999002)")
    page.get_by_label("Amount").fill("500")
    page.get_by_label("Reason").fill("Urgent decision of 1 February 2022")
    submit(page, "Offer allocation")
    allocation = ProviderAllocation.objects.get(provider__name="Quarry Bank Homes", round=round_)
    assert allocation.amount == Decimal("500")


def test_the_provider_picker_without_a_choice_lists_the_matches(page):
    load_demo()
    officer = UserFactory(username="f.several", role=Role.FINANCE_OFFICER)
    ProviderFactory(name="Quarry Bank Care Ltd", companies_house_number="09990001")
    ProviderFactory(name="Quarry Bank Homes", companies_house_number="SC999002")
    round_ = Round.objects.get(stream__slug="adult-social-care-omicron-support-fund")
    sign_in(page, officer)
    visit(page, f"/funding/rounds/{round_.pk}/allocate/")
    page.locator("#id_provider").fill("quarry bank")
    page.keyboard.press("Escape")
    page.get_by_label("Amount").fill("500")
    page.get_by_label("Reason").fill("Urgent decision")
    submit(page, "Offer allocation")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "More than one provider matches “quarry bank” (Quarry Bank Care Ltd (Companies House 09990001); "
        "Quarry Bank Homes (Companies House SC999002))"
    )
    expect(page.locator("#id_provider")).to_have_value("quarry bank")
