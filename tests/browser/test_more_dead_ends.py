"""Issue 14's later dead ends in Chromium, with axe and the 320 px reflow check on every page: a finance
officer adds a section 75 agreement and a service in scope; democratic services end a committee, which
then shows under "Former committees"; a hub worker retires a service of the catalogue."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from commissioning.carers.models import CatalogueService
from funding.models import Section75Agreement, ServiceInScope
from portal.permissions import Role
from tests.browser.helpers import fill_date, follow, sign_in, submit, visit
from tests.committees.factories import CommitteeFactory
from tests.factories import UserFactory


def test_agreements_a_committees_end_and_the_catalogue(page):
    officer = UserFactory(username="f.officer", first_name="Fran", last_name="Ng", role=Role.FINANCE_OFFICER)
    sign_in(page, officer)
    visit(page, "/funding/bcf/")
    follow(page, page.get_by_role("link", name="Add a section 75 agreement"))
    page.get_by_label("Name").fill("Better Care Fund section 75 agreement 2022/23")
    page.get_by_label("Parties").fill("Cheshire East Council\nNHS Cheshire CCG")
    fill_date(page, "id_starts_on", datetime.date(2022, 4, 1))
    fill_date(page, "id_ends_on", datetime.date(2022, 3, 1))
    page.get_by_label("Reason").fill("Agreed by Cabinet")
    submit(page, "Add agreement")
    expect(page.locator(".govuk-error-summary")).to_contain_text("the date the agreement starts")
    assert not Section75Agreement.objects.exists()
    fill_date(page, "id_ends_on", datetime.date(2023, 3, 31))
    submit(page, "Add agreement")
    agreement = Section75Agreement.objects.get()
    follow(page, page.get_by_role("link", name=f"Add a service in scope of {agreement.name}"))
    page.get_by_role("textbox", name="Service", exact=True).fill("Community equipment")
    page.get_by_label("Reason").fill("Appendix 2")
    submit(page, "Add service")
    assert ServiceInScope.objects.get().name == "Community equipment"

    page.context.clear_cookies()
    committee = CommitteeFactory(code="HW", name="Health and Wellbeing Board", slug="health-and-wellbeing")
    clerk = UserFactory(username="ds.clerk", role=Role.DEMOCRATIC_SERVICES)
    sign_in(page, clerk)
    visit(page, committee.get_absolute_url())
    follow(page, page.get_by_role("link", name="End the committee"))
    fill_date(page, "id_ended_on", datetime.date(2023, 5, 17))
    page.get_by_label("Why did it end?").fill("Merged into the Adults and Health Committee")
    submit(page, "End the committee")
    expect(page.locator(".govuk-inset-text")).to_contain_text("This committee ended on 17 May 2023")
    visit(page, "/committees/")
    expect(page.get_by_role("heading", name="Former committees")).to_be_visible()

    page.context.clear_cookies()
    worker = UserFactory(username="hub.worker", role=Role.CARERS_HUB_WORKER)
    sign_in(page, worker)
    visit(page, "/carers-hub/services/")
    service = CatalogueService.objects.order_by("position").first()
    follow(page, page.get_by_role("link", name=f"Retire {service.name}"))
    page.get_by_label("Reason").fill("No longer commissioned")
    submit(page, "Retire service")
    assert CatalogueService.objects.get(pk=service.pk).is_retired
