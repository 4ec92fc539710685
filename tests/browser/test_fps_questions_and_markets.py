"""Issue 17's "Done when" in Chromium, with axe and the 320 px reflow check on every page: a provider
downloads the specification and asks a question that the commissioner publishes, reworded, and another
provider reads (the asker never named); a reminder for a closing window is sent once although the daily job
runs twice (with the clock moved to a week before the window closes); a delegated officer admits an
application that a commissioner evaluated on one page; a dynamic market is set up, a notice dated before
its event is refused, and its notices are releases of its OCDS export, which validates."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.fps import ocds
from commissioning.fps.models import Admission, ApplicationLot, Notice, PublicQuestion, PurchasingSystem
from commissioning.fps.services import documents as document_services
from commissioning.fps.services.reminders import send_due_reminders
from portal.permissions import Role
from tests.browser.helpers import fill_date, follow, submit, visit
from tests.browser.test_fps import as_user, pick, small_pdf
from tests.browser.test_fps_running import no_sideways_scroll
from tests.commissioning.fps.factories import (
    ApplicationFactory,
    PackageFactory,
    PurchasingSystemFactory,
    answer_all,
    fps_setup,
)
from tests.commissioning.fps.factories_calloffs import admit
from tests.commissioning.fps.factories_provider import upload

pytestmark = pytest.mark.browser

ASKED = "Own Organisation Ltd has a minibus: may we charge for transport?"
PUBLISHED = "May a provider charge for transport?"


def test_questions_reminders_delegated_decision_and_a_dynamic_market(
    page, live_server, users, settings, tmp_path, own_provider, other_provider
):
    settings.MEDIA_ROOT = tmp_path
    system, lots, window = fps_setup(lots=1)
    window.closes_at = timezone.now() + datetime.timedelta(days=10)
    window.save()
    commissioner = users[Role.COMMISSIONER]
    document = document_services.document_add(
        system=system, kind="specification", title="Core service specification", by=commissioner
    )
    document_services.version_publish(
        document=document, upload=upload("specification.pdf", small_pdf()), by=commissioner
    )
    draft = ApplicationFactory(window=window, provider=own_provider, lots=lots)
    page.goto("/healthz", timeout=60_000)

    # The provider downloads the specification, then asks about the open window (an empty question is a
    # GOV.UK error).
    as_user(page, users["provider"])
    visit(page, system.get_absolute_url())
    expect(page.locator("main")).to_contain_text("The Open window closes in 10 days")
    follow(page, page.get_by_role("link", name="Procurement documents"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Core service specification version 1").click()
    assert download.value.suggested_filename == "specification.pdf"
    assert Path(download.value.path()).read_bytes() == small_pdf()
    visit(page, system.get_absolute_url())
    follow(page, page.get_by_role("link", name="Questions and answers about applying in the Open window"))
    no_sideways_scroll(page)
    follow(page, page.get_by_role("link", name="Ask a question"))
    submit(page, "Send the question")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your question")
    page.get_by_label("Your question").fill(ASKED)
    no_sideways_scroll(page)
    submit(page, "Send the question")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your question is sent")
    expect(page.locator("main")).to_contain_text("Waiting for an answer")

    # The commissioner finds it from the home panel and publishes it reworded.
    as_user(page, commissioner)
    visit(page, "/")
    follow(page, page.get_by_role("link", name="1 question from providers waiting for an answer"))
    expect(page.locator("main")).to_contain_text("Own Organisation Ltd")
    no_sideways_scroll(page)
    follow(page, page.get_by_role("link", name="Answer question"))
    pick(page, "Everyone who can see it: publish the question, reworded, and the answer")
    page.get_by_label("The question as it will be published").fill("")
    page.get_by_label("Answer", exact=True).fill("Yes: show transport as its own line in the price.")
    submit(page, "Send the answer")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the question as it will be published")
    page.get_by_label("The question as it will be published").fill(PUBLISHED)
    no_sideways_scroll(page)
    submit(page, "Send the answer")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    assert PublicQuestion.objects.get().status == "published"

    # Another provider reads it; the asker is not named anywhere.
    as_user(page, users["other-provider"])
    visit(page, f"/fps/{system.slug}/windows/{window.pk}/questions/")
    main = page.locator("main")
    expect(main).to_contain_text(PUBLISHED)
    expect(main).to_contain_text("show transport as its own line")
    expect(main).not_to_contain_text("Own Organisation")
    expect(main).not_to_contain_text("minibus")

    # A reminder for the closing window: the daily job runs twice with the clock a week before it closes.
    mail.outbox.clear()
    moved = window.closes_at - datetime.timedelta(days=7) + datetime.timedelta(hours=1)
    assert send_due_reminders(moved) == {"windows": 1, "bids": 0}
    assert send_due_reminders(moved) == {"windows": 0, "bids": 0}
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert len(reminders) == 1 and draft.reference in reminders[0].subject
    assert reminders[0].to == [users["provider"].email]
    as_user(page, users["provider"])
    visit(page, "/fps/messages/")
    expect(page.locator("main")).to_contain_text("Reminder: the Open window closes in 7 days")

    # A commissioner evaluates an application on one page; a delegated officer admits it.
    submitted = ApplicationFactory(
        window=window, provider=other_provider, lots=lots, status="submitted", submitted_at=timezone.now()
    )
    answer_all(submitted)
    as_user(page, commissioner)
    visit(page, f"/fps/evaluation/{submitted.reference}/")
    follow(page, page.get_by_role("link", name="Pass all sections not yet evaluated"))
    submit(page, "Pass 2 sections")
    assert set(submitted.evaluations.values_list("result", flat=True)) == {"pass"}
    as_user(page, users[Role.DELEGATED_OFFICER])
    visit(page, f"/fps/evaluation/{submitted.reference}/")
    pick(page, "Admit to lot 1")
    submit(page, "Record the decision on lot 1")
    assert ApplicationLot.objects.get(application=submitted).decision == "admitted"
    assert Admission.objects.current().filter(provider=other_provider, lot=lots[0]).exists()

    # A dynamic market is set up, and its notices recorded (one dated before its event is refused).
    market = PurchasingSystemFactory(
        name="Social Value Dynamic Market", slug="social-value", code="SV", status="in-development"
    )
    today = timezone.localdate()
    as_user(page, commissioner)
    visit(page, f"/fps/{market.slug}/")
    follow(page, page.get_by_role("link", name="Rules and notices"))
    follow(page, page.get_by_role("link", name="Change the rules"))
    pick(page, "Dynamic market under the Procurement Act 2023")
    no_sideways_scroll(page)
    submit(page, "Save")
    follow(page, page.get_by_role("link", name="Record a notice"))
    page.get_by_label("Kind of notice").select_option("UK13")
    fill_date(page, "id_event_on", today - datetime.timedelta(days=5))
    fill_date(page, "id_published_on", today - datetime.timedelta(days=40))
    page.get_by_label("Find a Tender notice reference").fill("000111-2026")
    no_sideways_scroll(page)
    submit(page, "Record the notice")
    follow(page, page.get_by_role("link", name="Change the rules"))
    fill_date(page, "id_established_on", today - datetime.timedelta(days=5))
    submit(page, "Save")
    market.refresh_from_db()
    assert market.established_on == today - datetime.timedelta(days=5)
    follow(page, page.get_by_role("link", name="Record a notice"))
    page.get_by_label("Kind of notice").select_option("UK14")
    fill_date(page, "id_published_on", today - datetime.timedelta(days=6))
    submit(page, "Record the notice")
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be published before it")
    fill_date(page, "id_published_on", today - datetime.timedelta(days=4))
    page.get_by_label("Web address of the notice").fill(
        "https://www.find-tender.service.gov.uk/Notice/000222-2026"
    )
    submit(page, "Record the notice")
    expect(page.locator("main")).to_contain_text("UK14 Dynamic market establishment notice")
    no_sideways_scroll(page)
    assert list(Notice.objects.filter(system=market).values_list("kind", flat=True)) == ["UK13", "UK14"]

    # Its OCDS export carries each notice as a release and validates (schema with its extensions).
    link = page.get_by_role("link", name="open contracting data (OCDS JSON)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    exported = json.loads(response.body())
    notices = [r for r in exported["releases"] if "-notice-" in r["id"]]
    assert [r["tag"] for r in notices] == [["planning"], ["tender"]]
    assert ocds.validation_errors(exported) == []
    assert PurchasingSystem.objects.get(pk=market.pk).is_dynamic_market


def test_package_questions_reach_the_providers_admitted_to_its_lot(
    page, live_server, users, own_provider, other_provider
):
    system, lots, _window = fps_setup(lots=2)
    admit(own_provider, lots[0])
    admit(other_provider, lots[0])
    in_two_days = timezone.localdate() + datetime.timedelta(days=2)
    deadline = timezone.make_aware(datetime.datetime.combine(in_two_days, datetime.time(17)))
    package = PackageFactory(lot=lots[0], bid_deadline=deadline)
    page.goto("/healthz", timeout=60_000)

    as_user(page, users["provider"])
    visit(page, package.get_absolute_url())
    expect(page.locator("main")).to_contain_text("bidding closes in 2 days")
    follow(page, page.get_by_role("link", name="Questions and answers about this package"))
    no_sideways_scroll(page)
    follow(page, page.get_by_role("link", name="Ask a question"))
    page.get_by_label("Your question").fill("Own Organisation Ltd asks: is lunch provided on site?")
    no_sideways_scroll(page)
    submit(page, "Send the question")
    expect(page.locator("main")).to_contain_text("Waiting for an answer")

    as_user(page, users[Role.COMMISSIONER])
    visit(page, "/fps/questions/")
    follow(page, page.get_by_role("link", name="Answer question"))
    pick(page, "Everyone who can see it: publish the question, reworded, and the answer")
    page.get_by_label("The question as it will be published").fill("Is lunch provided on site?")
    page.get_by_label("Answer", exact=True).fill("No: people bring a packed lunch.")
    submit(page, "Send the answer")

    as_user(page, users["other-provider"])
    visit(page, f"/fps/packages/{package.reference}/questions/")
    main = page.locator("main")
    expect(main).to_contain_text("Is lunch provided on site?")
    expect(main).to_contain_text("people bring a packed lunch")
    expect(main).not_to_contain_text("Own Organisation")
