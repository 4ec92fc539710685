"""Issue 19's "Done when", end to end in Chromium: the register of members' interests and its warning on a
demo provider's FPS application; subscriptions (confirmed by link, the "agenda published" email); actions
to "Matters arising" in the 28 March 2022 pack; the public scorecard signed out. Every page visited is
axe-checked and reflow-checked at 320 px (tests/browser/helpers.py); each new page is also shot at 320 px."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from committees import demo
from committees.models import Meeting, Person, RegisteredInterest, Subscription
from portal.pdf import page_texts
from portal.permissions import Role
from tests.browser.helpers import SCREENSHOT_DIR, fill_date, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def shot_320(page, name: str) -> None:
    """The page as a phone shows it (check_page already shot it at 1280 px and checked it reflows)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    page.screenshot(path=SCREENSHOT_DIR / f"beyond-{name}-320px.png", full_page=True)
    page.set_viewport_size(size)


def as_user(page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


@pytest.fixture
def demo_data(transactional_db):
    from commissioning.fps import demo as fps_demo
    from commissioning.providers import demo as providers_demo
    from scorecard import demo as scorecard_demo

    providers_demo.load(make_users=False, password="")
    scorecard_demo.load()
    demo.load(stdout=io.StringIO())
    fps_demo.load()
    return Meeting.objects.get(committee__code="AH", date="2022-03-28")


# Actions to matters arising -------------------------------------------------------------------------------

# A front sheet line: "3a. Matters arising (Pages 14 - 14)".
RANGE = re.compile(r"^(\w{1,4})\. (.+?) \(Pages (\d+) - (\d+)\)", re.MULTILINE)


def flat(text: str) -> str:
    return " ".join(text.split())


def front_sheet_ranges(texts: list[str]) -> list[tuple[str, str, int, int]]:
    """The ranges printed on the front sheet: the pages before the first "Minutes of a meeting"."""
    sheet = []
    for text in texts:
        if "Minutes of a meeting" in text:
            break
        sheet.append(text)
    found = RANGE.findall("\n".join(sheet))
    return [(number, title.strip(), int(first), int(last)) for number, title, first, last in found]


def an_action_comes_back_as_matters_arising(page, users, march) -> None:
    """Democratic services turn a resolution of 18 January 2022 into an action; the 28 March 2022 agenda
    and its pack list it under "Matters arising", whose page range the front sheet gives like any item's."""
    january = Meeting.objects.get(committee__code="AH", date="2022-01-18")
    as_user(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, f"/committees/meetings/{january.pk}/minutes/")
    follow(page, page.get_by_role("link", name="Record an action from minute 45"))
    expect(page.locator("#id_text")).to_have_value(re.compile(r"^RESOLVED"))
    page.locator("#id_text").fill("Report the progress of the recommissioned statutory advocacy service")
    page.locator("#id_owner").select_option(label="Councillor J Rhodes")
    fill_date(page, "id_due", "1/1/2022")  # before the meeting: refused
    submit(page, "Record the action")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Due date must be on or after the meeting")
    fill_date(page, "id_due", "21/3/2022")
    submit(page, "Record the action")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The action is recorded")
    visit(page, f"/committees/meetings/{march.pk}/")
    expect(page.locator("main")).to_contain_text("3a. Matters arising")
    expect(page.locator("main")).to_contain_text(
        "Report the progress of the recommissioned statutory advocacy"
    )
    page.set_default_timeout(300_000)  # the whole demo pack is laid out while the request waits (inline)
    submit(page, "Prepare the agenda pack")
    download = page.get_by_role("link", name=re.compile(r"^Download the agenda pack \(PDF"))
    expect(download).to_be_visible()
    page.set_default_timeout(30_000)
    response = page.request.get(download.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    texts = page_texts(response.body())
    for number, text in enumerate(texts, start=1):
        assert flat(text).endswith(f"Page {number}"), f"page {number} is numbered wrongly"
    ranges = front_sheet_ranges(texts)
    assert [r[0] for r in ranges] == ["3", "3a", "6", "7", "8", "9", "10", "11", "12", "14", "15"]
    for (_, title, first, last), following in zip(ranges, [*ranges[1:], None], strict=True):
        assert first <= last, title
        assert (following[2] if following else len(texts) + 1) == last + 1, title
    _, title, first, last = ranges[1]
    matters = flat(" ".join(texts[first - 1 : last]))
    assert title == "Matters arising" and matters.startswith("Adults and Health Committee Matters arising")
    assert "Report the progress of the recommissioned statutory advocacy service" in matters
    assert "Councillor J Rhodes" in matters


# Subscriptions --------------------------------------------------------------------------------------------


def a_subscriber_confirms_and_gets_the_agenda(page, users) -> None:
    """A resident subscribes (a bad address first), confirms by the emailed link, and is emailed when
    democratic services publish an agenda, with a one-click unsubscribe link that works."""
    page.context.clear_cookies()
    mail.outbox.clear()
    visit(page, "/committees/adults-and-health-committee/")
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    follow(page, page.get_by_role("link", name="Get emails when agendas, minutes or decisions are published"))
    page.get_by_label("Email address").fill("resident.at.example")
    submit(page, "Subscribe")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter an email address in the correct format"
    )
    shot_320(page, "subscribe-error")
    page.get_by_label("Email address").fill("resident@example.org")
    submit(page, "Subscribe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    shot_320(page, "subscribe-sent")
    [confirmation] = mail.outbox
    assert not Subscription.objects.exists()
    link = re.search(r"https?://\S+/subscriptions/confirm/\S+/", confirmation.body).group(0)
    visit(page, re.sub(r"^https?://[^/]+", "", link))
    shot_320(page, "subscription-confirm")
    visit(page, re.sub(r"^https?://[^/]+", "", link)[:-6] + "XXXXX/", status=404)  # an altered link
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    shot_320(page, "subscription-bad-link")
    visit(page, re.sub(r"^https?://[^/]+", "", link))
    submit(page, "Confirm the subscription")
    expect(page.locator(".govuk-panel")).to_contain_text("You are subscribed")
    shot_320(page, "subscription-confirmed")

    as_user(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, "/committees/meetings/new/")
    page.locator("#id_committee").select_option(label="Adults and Health Committee")
    fill_date(page, "id_date", "06/06/2030")
    page.locator("#id_time").fill("10:30")
    page.locator("#id_venue").fill("Committee Suite 1, 2 and 3, Westfields, Sandbach")
    submit(page, "Schedule")
    follow(page, page.get_by_role("link", name="Publish the agenda"))
    submit(page, "Publish the agenda")
    [email] = [m for m in mail.outbox if m.subject.startswith("Agenda published")]
    assert email.to == ["resident@example.org"]
    assert email.subject == "Agenda published: Adults and Health Committee, 6 June 2030"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in email.body

    page.context.clear_cookies()
    visit(page, re.sub(r"^https?://[^/]+", "", unsubscribe))
    shot_320(page, "unsubscribe")
    submit(page, "Unsubscribe")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert not Subscription.objects.exists()


# The public scorecard -------------------------------------------------------------------------------------


def the_public_opens_the_scorecard_from_the_agenda(page, march) -> None:
    page.context.clear_cookies()
    visit(page, f"/committees/meetings/{march.pk}/")
    follow(
        page,
        page.get_by_role(
            "link", name="Appendix 1 – Adult Services Scorecard – Quarter 3 2021/2022", exact=True
        ),
    )
    assert page.url.endswith("/scorecard/2021-22/q3/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2021-22")
    expect(page.locator("main")).not_to_contain_text("Sign in")


# Interests ------------------------------------------------------------------------------------------------


def application_reference(provider_name: str) -> str:
    from commissioning.fps.models import Application

    return (
        Application.objects.filter(provider__name=provider_name, status=Application.Status.SUBMITTED)
        .values_list("reference", flat=True)
        .get()
    )


def register_an_interest_and_see_the_warning(page, users) -> None:
    """Democratic services register a member's interest in a demo provider (a wrong date first); the
    commissioner evaluating that provider's FPS application is warned; the provider is not."""
    member = Person.objects.get(name="Councillor D Example (demo)")
    as_user(page, users[Role.DEMOCRATIC_SERVICES])
    visit(page, "/committees/")
    follow(page, page.get_by_role("link", name="Register of members' interests"))
    shot_320(page, "interests-index")
    follow(page, page.get_by_role("link", name="Councillor D Example (demo)"))
    expect(page.locator("main")).to_contain_text("Mere Side Residential Homes Limited")
    follow(page, page.get_by_role("link", name="Add an interest"))
    page.get_by_label("Contracts with the council").check()
    page.get_by_label("Organisation").fill("Holmes Chapel Extra Care Partnership Limited")
    page.get_by_label("Details").fill("Partner in a firm that supplies the provider (invented for the test)")
    fill_date(page, "id_registered_from", "1/6/2022")
    fill_date(page, "id_registered_to", "1/1/2022")
    submit(page, "Add")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Until must be the same as or after 1 June 2022"
    )
    assert not RegisteredInterest.objects.filter(organisation__startswith="Holmes Chapel").exists()
    shot_320(page, "interest-add-error")
    fill_date(page, "id_registered_to", "")
    submit(page, "Add")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is added to Councillor D Example")
    shot_320(page, "member-interests")
    follow(page, page.get_by_role("link", name=re.compile(r"^Correct.*contracts with the council")))
    page.get_by_label("Details").fill("")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the details of the interest")
    shot_320(page, "interest-correct-error")
    page.get_by_label("Details").fill("Partner in a firm that supplies the provider (invented for the test)")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is corrected")
    follow(page, page.get_by_role("link", name=re.compile(r"^End.*land and property")))
    shot_320(page, "interest-end")
    visit(page, page.url.replace("/end/", "/remove/"))
    shot_320(page, "interest-remove")

    as_user(page, users[Role.COMMISSIONER])
    visit(page, f"/fps/evaluation/{application_reference('Holmes Chapel Extra Care Partnership Ltd')}/")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(
        "Councillor D Example (demo) has registered an interest in Holmes Chapel Extra Care Partnership Ltd, "
        "an FPS applicant. Contracts with the council: Partner in a firm"
    )
    shot_320(page, "fps-warning")
    visit(page, f"/fps/evaluation/{application_reference('Mere Side Residential Homes Ltd')}/")
    expect(warning).to_contain_text("Matched by name (registered as “Mere Side Residential Homes Limited”).")
    # The public reads the register, never the warnings.
    page.context.clear_cookies()
    visit(page, f"/committees/interests/members/{member.pk}/")
    expect(page.locator("main")).to_contain_text("Holmes Chapel Extra Care Partnership Limited")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)


def test_issue_19_done_when(page, live_server, users, demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    the_public_opens_the_scorecard_from_the_agenda(page, demo_data)
    register_an_interest_and_see_the_warning(page, users)
    a_subscriber_confirms_and_gets_the_agenda(page, users)
    an_action_comes_back_as_matters_arising(page, users, demo_data)
