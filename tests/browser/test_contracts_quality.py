"""Issue 12's monitoring of providers in Chromium, with axe and the 320 px reflow check on every page: a
provider submits a quarterly return that misses its target (a value that is not a number first: a GOV.UK
error), and sees it red; an officer records a quality visit (dated in the future as done first: refused),
scores the nine domains and adds two actions, which the provider answers online; a governance meeting
suspends the provider after a confirmation, and the provider's next FPS bid is refused with the reason."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from commissioning.contracts.models import ActionItem, Domain, PerformanceReturn, PlacementSuspension, Rag
from commissioning.fps.models import Admission
from portal.permissions import Role
from tests.browser.helpers import SCREENSHOT_DIR, _logs, fill_date, follow, sign_in, submit, visit
from tests.commissioning.contracts.factories import ContractFactory, ContractPartyFactory, KpiFactory
from tests.commissioning.fps.factories import AdmissionFactory, BidFactory, PackageFactory
from tests.factories import ProviderMembershipFactory, UserFactory


def narrow_screenshot(page) -> None:
    """The page as it looks 320 px wide, beside check_page's 1280 px one (for people to look at)."""
    log = _logs[page]
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    page.screenshot(path=SCREENSHOT_DIR / f"{log.test_name}-{log.screenshots}-320px.png", full_page=True)
    page.set_viewport_size(size)


def test_return_visit_actions_and_a_suspension(page):
    today = timezone.localdate()
    membership = ProviderMembershipFactory(provider__name="Weaver Home Care Ltd", user__username="weaver")
    provider, provider_user = membership.provider, membership.user
    contract = ContractFactory(title="Care at Home: Crewe")
    ContractPartyFactory(contract=contract, provider=provider)
    KpiFactory(contract=contract, measure="Visits on time")  # 90%, higher is better
    due = PerformanceReturn.objects.create(
        contract=contract, provider=provider, year=2026, quarter=2, due_on=datetime.date(2026, 10, 30)
    )
    admission = AdmissionFactory(provider=provider)
    package = PackageFactory(lot=admission.lot)
    BidFactory(package=package, provider=provider)
    officer = UserFactory(
        username="qa.officer", first_name="Priya", last_name="Shah", role=Role.CONTRACTS_OFFICER
    )

    # The provider's return misses its target.
    sign_in(page, provider_user)
    follow(page, page.get_by_role("link", name="Your performance returns"))
    narrow_screenshot(page)
    follow(page, page.get_by_role("link", name="Q2 2026-27"))
    follow(page, page.get_by_role("link", name="Fill in and submit the return"))
    narrow_screenshot(page)
    page.get_by_label("Visits on time", exact=True).fill("most")
    submit(page, "Submit the return")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a number")
    page.get_by_label("Visits on time", exact=True).fill("72")
    page.get_by_label("Commentary on the quarter (optional)").fill("Staff sickness in August.")
    submit(page, "Submit the return")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("off target (red)")
    expect(page.get_by_role("table", name="Each KPI's value")).to_contain_text("Red")
    narrow_screenshot(page)
    due.refresh_from_db()
    assert due.rag == Rag.RED

    # The officer records a quality visit with two actions.
    page.context.clear_cookies()
    sign_in(page, officer)
    follow(page, page.get_by_role("link", name="Quality", exact=True))
    narrow_screenshot(page)
    follow(page, page.get_by_role("link", name="Record a quality visit"))
    page.get_by_label("Provider visited").fill("Weaver Home Care Ltd")
    fill_date(page, "id_visit_date", today + datetime.timedelta(days=2))
    page.get_by_label("Unannounced").check()
    page.get_by_label("Officer visiting").select_option(label="Priya Shah")
    page.get_by_label("It has happened: record what it found next").check()
    submit(page, "Save the visit")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be dated today or in the past")
    fill_date(page, "id_visit_date", today - datetime.timedelta(days=1))
    submit(page, "Save the visit")
    narrow_screenshot(page)
    for domain in Domain:
        page.locator(f"input[name='score_{domain.value}'][value='met']").check()
    page.locator("input[name='score_record-keeping'][value='partly-met']").check()
    page.get_by_label("Findings on record keeping (optional)").fill("Two care plans were out of date.")
    page.get_by_label("Report to the provider").fill("Kind, well-led care; care plans need updating.")
    page.get_by_label("Internal notes (optional)").fill("The manager is covering two services.")
    submit(page, "Save the record")
    narrow_screenshot(page)
    for text in ("Update the two care plans", "Audit every care plan"):
        follow(page, page.get_by_role("link", name="Add an action"))
        page.get_by_label("Action", exact=True).fill(text)
        page.get_by_label("Owner").fill("Registered manager")
        fill_date(page, "id_due_on", today + datetime.timedelta(days=30))
        submit(page, "Add the action")
    expect(page.get_by_role("table", name="Action plan")).to_contain_text("Audit every care plan")
    visit_url = page.url

    # The provider reads the report (no internal notes) and answers both actions.
    page.context.clear_cookies()
    sign_in(page, provider_user)
    visit(page, visit_url)
    expect(page.locator("main")).to_contain_text("Two care plans were out of date.")
    expect(page.locator("main")).not_to_contain_text("covering two services")
    narrow_screenshot(page)
    for text in ("Update the two care plans", "Audit every care plan"):
        follow(page, page.get_by_role("link", name=text))
        follow(page, page.get_by_role("link", name="Respond to the action"))
        page.get_by_label("What you have done about the action").fill("Done, and checked by the manager.")
        submit(page, "Send the response")
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Your response is sent")
        visit(page, visit_url)
    assert set(ActionItem.objects.values_list("status", flat=True)) == {ActionItem.Status.RESPONDED}

    # A governance meeting suspends new placements, after a confirmation.
    page.context.clear_cookies()
    sign_in(page, officer)
    visit(page, "/contracts/governance/meetings/")
    follow(page, page.get_by_role("link", name="Record a meeting"))
    fill_date(page, "id_meeting_date", today - datetime.timedelta(days=1))
    page.get_by_label("Chair").fill("Head of Commissioning")
    page.get_by_label("Attending").fill("Cheshire CCG\nCQC inspector\nSafeguarding lead")
    submit(page, "Save the meeting")
    page.get_by_label("Provider to discuss").fill("Weaver Home Care Ltd")
    submit(page, "Continue")
    page.get_by_label("Discussion").fill("A late return, missed visits and out of date care plans.")
    page.get_by_label("Suspend new placements").check()
    page.get_by_label("Reason for the decision").fill("Missed visits put people at risk.")
    submit(page, "Record the decision")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Suspend new placements with Weaver Home Care Ltd?"
    )
    assert not PlacementSuspension.objects.exists()
    narrow_screenshot(page)
    submit(page, "Suspend new placements")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "New placements with Weaver Home Care Ltd"
    )
    narrow_screenshot(page)
    admission.refresh_from_db()
    assert admission.status == Admission.Status.SUSPENDED

    # The provider's next bid is refused, with the reason.
    page.context.clear_cookies()
    sign_in(page, provider_user)
    visit(page, f"/fps/packages/{package.reference}/bid/")
    expect(page.locator("main")).to_contain_text("is suspended, so it cannot bid for this package")
    expect(page.locator("main")).to_contain_text("Missed visits put people at risk.")
    expect(page.get_by_role("button", name="Save your changed bid")).to_have_count(0)


def test_the_other_monitoring_pages_pass_axe_and_reflow(page):
    """The pages the journey does not pass through: a contract's KPI chart and table, providers due a visit,
    a quality record with its insurance, concerns, action plans, and the officers' forms."""
    from commissioning.contracts.models import Concern, InsurancePolicy, QualityVisit, ReturnValue

    provider = ProviderMembershipFactory(provider__name="Gritstone Care at Home Ltd").provider
    contract = ContractFactory(title="Care at Home: Macclesfield")
    ContractPartyFactory(contract=contract, provider=provider)
    kpi = KpiFactory(contract=contract, measure="Visits on time")
    for number, value, rag in ((1, 93, "green"), (2, 88, "amber"), (3, 71, "red")):
        performance_return = PerformanceReturn.objects.create(
            contract=contract,
            provider=provider,
            year=2025,
            quarter=number,
            due_on=datetime.date(2026, 1, 30),
            status="submitted",
            rag=rag,
        )
        ReturnValue.objects.create(
            performance_return=performance_return, kpi=kpi, value=value, target=90, polarity="higher", rag=rag
        )
    officer = UserFactory(username="qa.two", first_name="Ravi", last_name="Dass", role=Role.CONTRACTS_OFFICER)
    visit_ = QualityVisit.objects.create(
        provider=provider,
        visit_date=timezone.localdate(),
        officer=officer,
        status="completed",
        summary="Good.",
    )
    concern = Concern.objects.create(
        provider=provider, opened_on=timezone.localdate(), source="officer", summary="Late calls in Knutsford"
    )
    InsurancePolicy.objects.create(
        provider=provider, kind="public-liability", cover=5000000, expires_on=datetime.date(2026, 11, 1)
    )
    sign_in(page, officer)
    for path in (
        f"/contracts/performance/contracts/{contract.reference}/kpis/",
        f"/contracts/performance/contracts/{contract.reference}/kpis/add/",
        f"/contracts/performance/contracts/{contract.reference}/ask/",
        f"/contracts/performance/returns/{PerformanceReturn.objects.first().pk}/review/",
        "/contracts/performance/returns/?show=late",
        "/contracts/quality/visits/due/",
        f"/contracts/quality/providers/{provider.slug}/",
        f"/contracts/quality/providers/{provider.slug}/edit/",
        f"/contracts/quality/providers/{provider.slug}/insurance/public-liability/",
        "/contracts/quality/actions/",
        f"/contracts/quality/visits/{visit_.pk}/",
        "/contracts/governance/concerns/",
        concern.get_absolute_url(),
        f"/contracts/governance/concerns/{concern.pk}/close/",
        "/contracts/governance/concerns/add/",
        f"/contracts/providers/{provider.slug}/",
    ):
        visit(page, path)
        narrow_screenshot(page)
    visit(page, f"/contracts/performance/contracts/{contract.reference}/kpis/")
    expect(page.get_by_role("img", name="Line chart of Visits on time")).to_be_visible()
    expect(page.get_by_role("table", name="Visits on time: each quarter's value")).to_contain_text("71%")
