"""The Day Opportunities FPS end to end in Chromium, as issue 4 tells the story: a provider registers,
applies to two lots, the commissioner asks a clarification, the provider answers, the commissioner
evaluates it on one page, a delegated officer admits it to one lot and rejects the other, the commissioner
publishes a package, two admitted providers bid, and the commissioner awards it. Every page visited is
axe-checked and screenshotted (tests/browser/helpers.py)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from commissioning.fps.models import Admission, Application, ApplicationLot, Bid, Package
from commissioning.providers.models import Area, Provider, Service
from portal.permissions import Role
from tests.browser.helpers import check_page, complete_second_step, fill_date, follow, sign_in, submit, visit
from tests.browser.test_provider_registration import PASSWORD, fill_account, fill_organisation, tick
from tests.commissioning.fps.factories import AdmissionFactory, fps_setup
from tests.factories import ProviderMembershipFactory

pytestmark = pytest.mark.browser


def pick(page, label: str) -> None:
    """Choose a GOV.UK radio or checkbox by its label, as a person would (the input itself is hidden)."""
    page.locator("label.govuk-radios__label, label.govuk-checkboxes__label").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")
    ).first.click()


def as_user(page, user, password=None) -> None:
    page.context.clear_cookies()
    if password:
        sign_in(page, user, password)
    else:
        sign_in(page, user)


def small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_whole_fps_story(page, live_server, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    system, lots, window = fps_setup(lots=2)
    lot1, lot2 = lots
    rival = ProviderMembershipFactory(
        provider__name="Bollin Pathways CIC", user__username="bollin", user__role=Role.PROVIDER_USER
    ).user
    AdmissionFactory(lot=lot1, provider=rival.provider_membership.provider)
    commissioner = users[Role.COMMISSIONER]
    # A cold live server can take a while to answer its first request on a busy machine.
    page.goto("/healthz", timeout=60_000)

    # A provider registers its organisation; registering signs it in.
    visit(page, "/providers/register/")
    fill_organisation(page)
    tick(page, "Areas served", [Area.NANTWICH.label, Area.CREWE.label])
    tick(page, "Services", [Service.DAY_OPPORTUNITIES.label])
    fill_account(page)
    submit(page, "Register")
    # Nothing is registered until the emailed link is followed (issue 13).
    (message,) = [m for m in mail.outbox if m.to == ["priya.shah@weaver-valley.example.org"]]
    visit(page, re.search(r"https?://[^/\s]+(/providers/register/confirm/\S+/)", message.body).group(1))
    submit(page, "Finish registering")
    provider = Provider.objects.get(name="Weaver Valley Care Ltd")
    applicant = provider.memberships.get().user
    complete_second_step(page, applicant)  # a provider user sets up an authenticator app first

    # It finds the FPS and applies to both lots.
    visit(page, "/fps/")
    follow(page, page.get_by_role("link", name=system.name))
    expect(page.locator("main")).to_contain_text("Lot 1: Building Based Services")
    follow(page, page.get_by_role("link", name=re.compile(r"^Apply")).first)
    pick(page, str(lot1))
    pick(page, str(lot2))
    submit(page, "Start the application")
    application = Application.objects.get(provider=provider)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Application {application.reference}")

    # Section 1: a pass/fail question, a declaration, a document and an optional text.
    questions = {q.number: q for q in system.sections.get(number=1).questions.all()}
    follow(page, page.get_by_role("link", name="1. Organisation and declarations"))
    page.get_by_role("group", name=re.compile(r"^1\.1 ")).locator("label").filter(has_text="Yes").click()
    page.get_by_role("group", name=re.compile(r"^1\.2 ")).locator("label").filter(has_text="Yes").click()
    page.locator(f"#id_q{questions['1.3'].pk}").set_input_files(
        files=[{"name": "safeguarding.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}]
    )
    submit(page, "Save and come back later")
    # One service description per lot.
    for lot in lots:
        section = system.sections.get(lot=lot)
        visit(page, f"/fps/applications/{application.reference}/sections/{section.number}/")
        question = section.questions.get()
        page.locator(f"#id_q{question.pk}").fill(f"Our day service in Nantwich offers {lot.title.lower()}.")
        submit(page, "Save and come back later")

    # Check the answers and submit with the declaration.
    visit(page, f"/fps/applications/{application.reference}/check/")
    page.locator("#id_declaration_name").fill("Priya Shah")
    page.locator("#id_declaration_role").fill("Director")
    page.locator("label.govuk-checkboxes__label").first.click()
    submit(page, "Accept and submit")
    expect(page.locator(".govuk-panel")).to_contain_text(application.reference)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED

    # The commissioner finds it in the queue and asks a clarification question.
    as_user(page, commissioner)
    visit(page, "/fps/evaluation/")
    follow(page, page.get_by_role("link", name=application.reference))
    visit(page, f"/fps/evaluation/{application.reference}/clarify/")
    page.locator("#id_question").fill("Which days is the Nantwich service open?")
    submit(page, "Send the question")
    application.refresh_from_db()
    assert application.status == Application.Status.CLARIFICATION
    assert any("clarification" in message.subject.lower() for message in mail.outbox)

    # The provider reads the message and answers.
    as_user(page, applicant, PASSWORD)
    visit(page, "/fps/messages/")
    visit(page, f"/fps/applications/{application.reference}/")
    follow(page, page.get_by_role("link", name=re.compile(r"^Answer")))
    page.locator("#id_answer").fill("Monday to Friday, 9am to 4pm, all year round.")
    submit(page, "Send your answer")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED

    # The commissioner evaluates on one page, by keyboard: lot 2's section fails (arrow key from Pass to
    # Fail, Tab to the notes, Tab to its button, Enter); then the rest pass at once after a confirmation.
    as_user(page, commissioner)
    visit(page, f"/fps/evaluation/{application.reference}/")
    failing = system.sections.get(lot=lot2).number
    page.locator(f"#section-{failing}-result_0").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#section-{failing}-result_1")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("No evidence of community-based activities.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Section {failing}")
    follow(page, page.get_by_role("link", name="Pass all sections not yet evaluated"))
    expect(page.locator("main")).to_contain_text("Organisation and declarations")
    submit(page, "Pass 2 sections")
    assert sorted(application.evaluations.values_list("section__number", "result")) == [
        (1, "pass"),
        (11, "pass"),
        (12, "fail"),
    ]

    # A delegated officer, who evaluated none of it, admits it to lot 1 and rejects lot 2.
    as_user(page, users[Role.DELEGATED_OFFICER])
    visit(page, "/fps/evaluation/")
    follow(page, page.get_by_role("link", name=application.reference))
    pick(page, "Admit to lot 1")
    submit(page, "Record the decision on lot 1")
    pick(page, "Do not admit to lot 2")
    submit(page, "Record the decision on lot 2")  # no reasons: refused, with the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.locator("#id_lot-2-reasons").fill("Section 12 failed: no evidence of community-based activities.")
    submit(page, "Record the decision")
    decisions = dict(ApplicationLot.objects.filter(application=application).values_list("lot", "decision"))
    assert decisions == {lot1.pk: "admitted", lot2.pk: "rejected"}
    assert Admission.objects.current().filter(provider=provider, lot=lot1).exists()
    visit(page, f"/fps/{system.slug}/register/")
    expect(page.locator("main")).to_contain_text("Weaver Valley Care Ltd")
    as_user(page, commissioner)

    # It publishes an anonymised package to lot 1's admitted providers.
    visit(page, "/fps/packages/new/")
    page.locator("#id_lot").select_option(label=str(lot1))
    page.locator("#id_title").fill("Three days a week of building-based support")
    page.locator("#id_area").select_option(value=Area.NANTWICH)
    page.locator("#id_people_count").fill("1")
    page.locator("#id_days_and_hours").fill("Monday, Wednesday and Friday, 9:30am to 3:30pm")
    page.locator("#id_needs").fill("Support with personal care and eating; enjoys music and gardening.")
    page.locator("#id_outcomes").fill("To make friends and to travel more independently.")
    today = timezone.localdate()
    fill_date(page, "id_start_date", today + datetime.timedelta(days=30))
    fill_date(page, "id_deadline_date", today + datetime.timedelta(days=7))
    page.locator("#id_deadline_time").fill("17:00")
    submit(page, "Save as a draft")
    package = Package.objects.get()
    submit(page, "Publish to providers")
    package.refresh_from_db()
    assert package.status == Package.Status.PUBLISHED

    # Both admitted providers bid.
    for user, password, price in [(applicant, PASSWORD, "465.00"), (rival, None, "510.00")]:
        as_user(page, user, password)
        visit(page, "/fps/packages/")
        follow(page, page.get_by_role("link", name=re.compile(re.escape(package.reference))).first)
        visit(page, f"/fps/packages/{package.reference}/bid/")
        page.locator("#id_weekly_price").fill(price)
        page.locator("#id_price_breakdown").fill("3 days at a daily rate, staffing at 1:3, activities")
        page.locator("#id_outcomes_response").fill("A named key worker and travel training in 12 weeks.")
        fill_date(page, "id_start_date", today + datetime.timedelta(days=30))
        submit(page, "Make your bid")
    assert Bid.objects.filter(package=package).count() == 2

    # The deadline passes (moved back here rather than waited for); the commissioner scores and awards.
    Package.objects.filter(pk=package.pk).update(bid_deadline=timezone.now() - datetime.timedelta(minutes=1))
    as_user(page, commissioner)
    visit(page, f"/fps/packages/{package.reference}/bids/")
    for bid, quality in [
        (Bid.objects.get(provider=provider), "80"),
        (Bid.objects.get(provider__name="Bollin Pathways CIC"), "70"),
    ]:
        visit(page, f"/fps/bids/{bid.pk}/score/")
        page.locator("#id_quality_score").fill(quality)
        page.locator("#id_social_value_score").fill("60")
        submit(page, "Save scores")
    visit(page, f"/fps/packages/{package.reference}/award/")
    page.locator("label.govuk-radios__label").filter(has_text="Weaver Valley Care Ltd").click()
    page.locator("#id_reason").fill("Highest total score: best quality at a lower weekly price.")
    submit(page, "Award the package")
    package.refresh_from_db()
    assert package.status == Package.Status.AWARDED
    assert package.awarded_bid.provider == provider
    expect(page.locator("main")).to_contain_text("Weaver Valley Care Ltd")
