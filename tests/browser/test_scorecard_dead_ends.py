"""Issue 14's scorecard dead end in Chromium, with axe and the 320 px reflow check on every page: an analyst
changes a measure's definition (a too-long ASCOF code and a missing reason are GOV.UK errors that change
nothing), retires the measure after a confirmation that asks why, and brings it back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from portal.permissions import Role
from scorecard import demo
from scorecard.models import Measure
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.factories import UserFactory


def test_an_analyst_changes_retires_and_brings_back_a_measure(page, live_server):
    demo.load()
    measure = Measure.objects.get(title="Number of new case contacts in period")
    sign_in(page, UserFactory(username="a.analyst", role=Role.PERFORMANCE_ANALYST))
    visit(page, measure.get_absolute_url())
    # The Title row's "Change" link and the button both read "Change the definition" and go to one page.
    follow(page, page.get_by_role("link", name="Change the definition").first)
    page.get_by_label("ASCOF code").fill("ASCOF-2A-NEW")
    submit(page, "Save the definition")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("ASCOF code must be 10 characters or fewer")
    expect(summary).to_contain_text("Enter why the definition is changed")
    assert Measure.objects.get(pk=measure.pk).ascof_code == measure.ascof_code
    page.get_by_label("ASCOF code").fill("2A")
    page.get_by_label("Why is the definition changed?").fill("ASCOF 2023-24 numbering")
    submit(page, "Save the definition")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The measure's definition is changed")
    assert Measure.objects.get(pk=measure.pk).ascof_code == "2A"

    follow(page, page.get_by_role("link", name="Retire the measure"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Retire .+\?$"))
    submit(page, "Retire the measure")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the measure is retired")
    assert not Measure.objects.get(pk=measure.pk).is_retired
    page.get_by_label("Why is the measure retired?").fill("Replaced by the ASCOF 2023-24 measure")
    submit(page, "Retire the measure")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is retired")
    assert Measure.objects.get(pk=measure.pk).is_retired

    follow(page, page.get_by_role("link", name="Bring the measure back"))
    page.get_by_label("Why is the measure brought back?").fill("Retired by mistake")
    submit(page, "Bring the measure back")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is back in the scorecard")
    assert not Measure.objects.get(pk=measure.pk).is_retired
