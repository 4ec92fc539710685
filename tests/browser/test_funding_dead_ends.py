"""Issue 14's funding dead ends in Chromium, with axe and the 320 px reflow check on every page: a provider
answers an offered allocation online (refusing without a reason is a GOV.UK error that changes nothing, then
accepting), and a finance officer removes a funder after a confirmation, while a funder of a stream is refused
with the reason on the page."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from funding.models import AllocationStatus, Funder, ProviderAllocation, Round
from portal.permissions import Role
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.browser.test_funding import load_demo
from tests.factories import ProviderMembershipFactory, UserFactory


def test_a_provider_answers_an_offer_and_finance_removes_a_funder(page):
    load_demo()
    membership = ProviderMembershipFactory(provider__name="Fresh Start Care Ltd", user__username="fresh")
    round_ = Round.objects.get(stream__slug="adult-social-care-omicron-support-fund")
    largest = ProviderAllocation.objects.filter(round=round_).order_by("-amount").first()
    largest.amount -= 1200  # room in the round for this test's offer
    largest.save()
    offer = ProviderAllocation.objects.create(
        round=round_,
        provider=membership.provider,
        amount=Decimal("1200"),
        basis="Discretionary",
        status=AllocationStatus.OFFERED,
    )

    sign_in(page, membership.user)
    visit(page, offer.get_absolute_url())
    follow(page, page.get_by_role("link", name="Accept or refuse the money"))
    page.get_by_label("No, we refuse it").check()
    submit(page, "Send your answer")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are refusing the money")
    assert ProviderAllocation.objects.get(pk=offer.pk).status == AllocationStatus.OFFERED
    page.get_by_label("Yes, we accept it and its conditions").check()
    submit(page, "Send your answer")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have accepted the money")
    assert ProviderAllocation.objects.get(pk=offer.pk).status == AllocationStatus.ACCEPTED

    page.context.clear_cookies()
    officer = UserFactory(username="f.officer", first_name="Fran", last_name="Ng", role=Role.FINANCE_OFFICER)
    spare = Funder.objects.create(
        name="Cheshire Community Foundation", short_name="CCF", kind=Funder.Kind.COUNCIL
    )
    in_use = round_.stream.funder
    sign_in(page, officer)
    visit(page, "/funding/funders/")
    follow(page, page.get_by_role("link", name=f"Remove {in_use.name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{in_use.name} cannot be removed")
    visit(page, "/funding/funders/")
    follow(page, page.get_by_role("link", name="Remove Cheshire Community Foundation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Cheshire Community Foundation?")
    submit(page, "Remove funder")  # no reason: a GOV.UK error, and the funder stays
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason")
    assert Funder.objects.filter(pk=spare.pk).exists()
    page.get_by_label("Reason for the change").fill("Recorded in error")
    submit(page, "Remove funder")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Cheshire Community Foundation is removed"
    )
    assert not Funder.objects.filter(pk=spare.pk).exists()
    assert Funder.objects.filter(pk=in_use.pk).exists()
