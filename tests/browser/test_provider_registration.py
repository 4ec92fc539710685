"""A care provider registers its organisation, as an anonymous visitor, through the browser."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from commissioning.providers.models import Area, Provider, ProviderMembership, Service
from tests.browser.helpers import complete_second_step, focused_element, follow, submit, visit

PASSWORD = "Weaver-valley-2025-secure"

ORGANISATION = {
    "name": "Weaver Valley Care Ltd",
    "companies_house_number": "01234567",
    "charity_number": "1012345",
    "cqc_provider_id": "1-101641285",
    "address_line_1": "12 Hospital Street",
    "address_line_2": "Unit 4",
    "town": "Nantwich",
    "postcode": "cw5 5rh",
    "contact_name": "Priya Shah",
    "contact_email": "priya.shah@weaver-valley.example.org",
    "contact_phone": "01632 960 123",
}
AREAS = [Area.NANTWICH, Area.CREWE]
SERVICES = [Service.CARE_AT_HOME, Service.SUPPORTED_LIVING]
ACCOUNT = {
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "Priya.Shah@weaver-valley.example.org",
}


def fill_organisation(page, **changes) -> None:
    for name, value in {**ORGANISATION, **changes}.items():
        page.locator(f"#id_org-{name}").fill(value)


def tick(page, field: str, labels: list[str]) -> None:
    """GOV.UK checkboxes: the input is visually replaced, so click the label as a person would."""
    group = page.get_by_role("group", name=re.compile(rf"^{field}"))
    for label in labels:
        group.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()
        expect(group.get_by_role("checkbox", name=label, exact=True)).to_be_checked()


def fill_account(page, password: str = PASSWORD, confirm: str = PASSWORD) -> None:
    for name, value in ACCOUNT.items():
        page.locator(f"#id_account-{name}").fill(value)
    page.locator("#id_account-password1").fill(password)
    page.locator("#id_account-password2").fill(confirm)


def error_summary_links(page) -> list[str]:
    return page.locator(".govuk-error-summary__list a").all_inner_texts()


def test_register_a_provider_end_to_end(page, live_server):
    visit(page, "/")
    follow(page, page.get_by_role("button", name="Register your organisation"))
    assert page.url == f"{live_server.url}/providers/register/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Register your organisation")
    expect(page).to_have_title(re.compile(r"^Register your organisation – "))

    fill_organisation(page)
    tick(page, "Areas served", [area.label for area in AREAS])
    tick(page, "Services", [service.label for service in SERVICES])
    fill_account(page)
    submit(page, "Register")
    # Nothing is registered until the emailed link is followed (issue 13: the form does not say which
    # addresses have accounts).
    assert page.url == f"{live_server.url}/providers/register/sent/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert not Provider.objects.filter(name="Weaver Valley Care Ltd").exists()
    (message,) = [m for m in mail.outbox if m.to == ["priya.shah@weaver-valley.example.org"]]
    link = re.search(r"https?://[^/\s]+(/providers/register/confirm/\S+/)", message.body).group(1)
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish registering")
    expect(page.locator("main")).to_contain_text("Weaver Valley Care Ltd")
    submit(page, "Finish registering")
    # Finishing signs the new provider user in; their first step is to set up an authenticator app.
    assert "/account/authenticator-app/" in page.url
    complete_second_step(page, get_user_model().objects.get(email="priya.shah@weaver-valley.example.org"))

    provider = Provider.objects.get(name="Weaver Valley Care Ltd")
    assert page.url == f"{live_server.url}/providers/{provider.slug}/"
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(
        "Weaver Valley Care Ltd is registered. You are signed in as priya.shah@weaver-valley.example.org."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Weaver Valley Care Ltd")
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Your organisation", exact=True)).to_be_visible()
    expect(menu.get_by_role("button", name=re.compile(r"^Sign out"))).to_be_visible()

    assert provider.postcode == "CW5 5RH"
    assert provider.companies_house_number == "01234567"
    assert provider.cqc_provider_id == "1-101641285"
    assert sorted(provider.areas_served) == sorted(AREAS)
    assert sorted(provider.services) == sorted(SERVICES)
    assert provider.is_active
    user = get_user_model().objects.get(email="priya.shah@weaver-valley.example.org")
    assert (user.first_name, user.last_name) == ("Priya", "Shah")
    assert user.check_password(PASSWORD)
    assert ProviderMembership.objects.filter(user=user, provider=provider).exists()


def test_bad_registration_shows_errors_and_saves_nothing(page, live_server):
    providers_before = Provider.objects.count()
    users_before = get_user_model().objects.count()

    visit(page, "/providers/register/")
    submit(page, "Register")

    expect(page).to_have_title(re.compile(r"^Error: Register your organisation – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    assert focused_element(page)["inErrorSummary"], focused_element(page)
    links = error_summary_links(page)
    for message in [
        "Enter the organisation's name",
        "Enter a Companies House number, a charity number, or both",
        "Select at least one area the organisation serves",
        "Select at least one service the organisation provides",
        "Enter your email address",
        "Enter a password",
    ]:
        assert message in links, links
    # Each message is also shown next to its field.
    expect(page.locator("#id_org-name-error")).to_contain_text("Enter the organisation's name")

    # An error summary link moves focus to its field (for a group of checkboxes, the first one).
    summary.get_by_role("link", name="Enter the organisation's name").click()
    assert focused_element(page)["id"] == "id_org-name"
    summary.get_by_role("link", name="Select at least one service the organisation provides").click()
    assert focused_element(page)["id"] == page.locator("input[name='org-services']").first.get_attribute("id")

    # Fixed, except for the postcode and the password confirmation.
    fill_organisation(page, postcode="NOT VALID")
    tick(page, "Areas served", [Area.CREWE.label])
    tick(page, "Services", [Service.ADVOCACY.label])
    fill_account(page, confirm="Something-else-entirely-42")
    submit(page, "Register")

    assert page.url == f"{live_server.url}/providers/register/"
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert focused_element(page)["inErrorSummary"], focused_element(page)
    assert error_summary_links(page) == [
        "Enter a full UK postcode, like CW11 1HZ",
        "The passwords do not match",
    ]
    # What the visitor typed is kept, apart from the passwords.
    expect(page.locator("#id_org-name")).to_have_value("Weaver Valley Care Ltd")
    expect(page.locator("#id_org-postcode")).to_have_value("NOT VALID")
    expect(page.locator("#id_account-password1")).to_have_value("")

    summary.get_by_role("link", name="The passwords do not match").click()
    assert focused_element(page)["id"] == "id_account-password2"
    summary.get_by_role("link", name="Enter a full UK postcode, like CW11 1HZ").click()
    assert focused_element(page)["id"] == "id_org-postcode"

    assert Provider.objects.count() == providers_before
    assert get_user_model().objects.count() == users_before
