"""Funding in the browser: a provider makes its return; a finance officer approves the calculator's
allocations; the reading pages as a commissioner. Every page visited is axe-checked and screenshotted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from funding.models import AllocationStatus, ProviderAllocation, ProviderReturn, Round
from portal.permissions import Role
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.factories import ProviderFactory, ProviderMembershipFactory, UserFactory


def load_demo():
    from commissioning.providers import demo as providers_demo
    from funding import demo as funding_demo

    providers_demo.load(make_users=False, password="")
    funding_demo.load()


def test_provider_makes_its_return(page):
    load_demo()
    membership = ProviderMembershipFactory(provider__name="Fresh Start Care Ltd", user__username="fresh")
    round_ = Round.objects.get(stream__slug="adult-social-care-omicron-support-fund")
    allocation = ProviderAllocation.objects.create(
        round=round_,
        provider=membership.provider,
        amount=Decimal("1200"),
        basis="Discretionary",
        status=AllocationStatus.PAID,
        paid_on=date(2022, 2, 1),
    )
    # Room in the round for this test's allocation: take it from the largest demo allocation.
    largest = (
        ProviderAllocation.objects.filter(round=round_).exclude(pk=allocation.pk).order_by("-amount").first()
    )
    largest.amount -= 1200
    largest.save()

    sign_in(page, membership.user)
    follow(page, page.get_by_role("link", name="1 allocation from the council"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your funding")
    follow(page, page.get_by_role("link", name="Omicron support"))
    follow(page, page.get_by_role("link", name="Make your return"))

    page.get_by_label("Paying staff who must isolate their normal wages").fill("1000")
    page.get_by_label("PPE, ventilation and equipment").fill("£300")
    page.get_by_label("Unspent").fill("0")
    submit(page, "Send return")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The return accounts for £1,300 but £1,200 was paid"
    )
    assert not ProviderReturn.objects.filter(allocation=allocation).exists()

    page.get_by_label("PPE, ventilation and equipment").fill("150")
    page.get_by_label("Unspent").fill("50")
    submit(page, "Send return")
    expect(
        page.locator(".govuk-notification-banner, .govuk-panel, [role=alert], [role=status]").first
    ).to_be_visible()
    provider_return = ProviderReturn.objects.get(allocation=allocation)
    assert provider_return.unspent == Decimal("50")
    expect(page.get_by_role("cell", name="PPE, ventilation and equipment")).to_be_visible()


def test_finance_officer_approves_calculator_allocations(page):
    load_demo()
    officer = UserFactory(username="f.officer", first_name="Fran", last_name="Ng", role=Role.FINANCE_OFFICER)
    round_ = Round.objects.get(stream__slug="care-at-home-incentive-fund")
    from funding.models import ProviderBasis

    newcomer = ProviderFactory(name="Audlem Home Care Ltd")
    ProviderBasis.objects.create(round=round_, provider=newcomer, new_packages=12, hard_to_serve_packages=4)

    sign_in(page, officer)
    visit(page, f"/funding/rounds/{round_.pk}/")
    follow(page, page.get_by_role("link", name="Propose allocations with the calculator"))
    amount = page.get_by_label("Amount to offer Audlem Home Care Ltd, in pounds")
    expect(amount).to_have_value("18000")
    amount.fill("17500")
    page.get_by_label("Reason").fill("Incentive claims for January")
    submit(page, "Approve and offer these allocations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Incentive payments")
    expect(page.get_by_role("link", name="Audlem Home Care Ltd")).to_be_visible()
    allocation = ProviderAllocation.objects.get(provider=newcomer)
    assert allocation.amount == Decimal("17500")
    assert allocation.history.get().history_user == officer


def test_commissioner_reads_funding(page):
    load_demo()
    user = UserFactory(username="c.reader", role=Role.COMMISSIONER)
    sign_in(page, user)
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Funding", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding streams")
    follow(page, page.get_by_role("link", name="Infection Control Fund", exact=True))
    expect(page.get_by_text("£5,320,292").first).to_be_visible()
    follow(page, page.get_by_role("link", name="Back to funding streams"))
    follow(page, page.get_by_role("link", name="Summary of the headline figures"))
    expect(page.get_by_text("£19.14 million").first).to_be_visible()
    follow(page, page.get_by_role("link", name="Better Care Fund schemes"))
    expect(page.get_by_text("£39,145,857").first).to_be_visible()
    visit(page, "/funding/providers/mere-side/")
