"""A care provider registers its organisation and first user online."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from commissioning.providers.models import Provider, ProviderMembership, Registration
from portal.permissions import Role
from tests.factories import ProviderFactory, UserFactory
from tests.signin import authenticator

pytestmark = pytest.mark.django_db

URL = "/providers/register/"


def valid_data(**overrides) -> dict:
    data = {
        "org-name": "Riverside Day Centre Ltd",
        "org-companies_house_number": "1234567",
        "org-charity_number": "",
        "org-cqc_provider_id": "1-123456789",
        "org-address_line_1": "1 Market Street",
        "org-address_line_2": "",
        "org-town": "Crewe",
        "org-postcode": "cw1 2bj",
        "org-areas_served": ["crewe", "nantwich"],
        "org-services": ["day-opportunities"],
        "org-contact_name": "Jo Bloggs",
        "org-contact_email": "jo@riverside.example.org",
        "org-contact_phone": "01632 960 123",
        "account-first_name": "Jo",
        "account-last_name": "Bloggs",
        "account-email": "Jo@Riverside.example.org",
        "account-password1": "a-long-enough-passphrase",
        "account-password2": "a-long-enough-passphrase",
    }
    data.update(overrides)
    return data


def register(client, capture, **overrides):
    """Post the form; return the response and the emails it sent."""
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(URL, valid_data(**overrides))
    return response, mail.outbox[before:]


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/providers/register/confirm/\S+/)", message.body).group(1)


def test_register_confirms_the_email_then_creates_organisation_user_and_signs_in(
    django_capture_on_commit_callbacks,
):
    client = Client()
    response, sent = register(client, django_capture_on_commit_callbacks)
    # Nothing is made until the emailed link is followed.
    assert response.status_code == 302
    assert response["Location"] == "/providers/register/sent/"
    assert Provider.objects.count() == 0
    assert not get_user_model().objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page
    assert "jo@riverside.example.org" in page
    (message,) = sent
    assert message.to == ["jo@riverside.example.org"]
    assert message.subject == "Confirm your email address to finish registering"
    link = confirm_link(message)
    assert "a-long-enough-passphrase" not in Registration.objects.get().account.values()  # only its hash

    assert "Riverside Day Centre Ltd" in client.get(link).content.decode()  # a button, not an action
    assert Provider.objects.count() == 0
    response = client.post(link)
    provider = Provider.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/providers/{provider.slug}/"
    assert provider.slug == "riverside-day-centre-ltd"
    assert provider.companies_house_number == "01234567"  # padded to 8 characters
    assert provider.postcode == "CW1 2BJ"  # normalised
    assert provider.areas_served == ["crewe", "nantwich"]
    user = get_user_model().objects.get(username="jo@riverside.example.org")
    assert user.check_password("a-long-enough-passphrase")
    assert user.groups.filter(name=Role.PROVIDER_USER.label).exists()
    assert ProviderMembership.objects.get(user=user).provider == provider
    assert provider.history.get().history_change_reason == "Registered online"
    # A provider user's first step is to set up two-step sign-in (docs/adr/023), then the page opens.
    assert client.get(response["Location"])["Location"].startswith("/account/authenticator-app/")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Riverside Day Centre Ltd is registered" in page.content.decode()
    # The link works once.
    client.logout()
    used = Client().post(link)
    assert used.status_code == 404
    assert "This link has expired or has already been used" in used.content.decode()
    assert Provider.objects.count() == 1


def test_an_address_with_an_account_is_not_revealed_by_the_form(django_capture_on_commit_callbacks):
    """Issue 13: the page is the same whether the address has an account; only its owner's inbox says."""
    new_page = Client()
    response, _ = register(new_page, django_capture_on_commit_callbacks)
    first = new_page.get(response["Location"]).content.decode()
    UserFactory(username="sam@riverside.example.org", email="sam@riverside.example.org")
    existing = Client()
    response, sent = register(
        existing, django_capture_on_commit_callbacks, **{"account-email": "sam@riverside.example.org"}
    )
    assert response["Location"] == "/providers/register/sent/"
    second = existing.get(response["Location"]).content.decode()

    def same(page):  # but for the per-response script nonce and CSRF token
        return re.sub(r'(nonce|value)="[^"]*"', "", page.replace("sam@", "jo@"))

    assert same(second) == same(first)
    (message,) = sent
    assert message.subject == "You already have an account"
    assert "/providers/register/confirm/" not in message.body
    assert "/password-reset/" in message.body
    assert Provider.objects.count() == 0


def test_an_account_made_meanwhile_stops_the_link(django_capture_on_commit_callbacks):
    client = Client()
    _, (message,) = register(client, django_capture_on_commit_callbacks)
    UserFactory(username="jo@riverside.example.org", email="jo@riverside.example.org")
    response = client.post(confirm_link(message))
    assert response.status_code == 400
    assert "An account with this email address was made after you registered" in response.content.decode()
    assert Provider.objects.count() == 0


def test_an_organisation_registered_meanwhile_is_refused_at_the_link(django_capture_on_commit_callbacks):
    client = Client()
    _, (message,) = register(client, django_capture_on_commit_callbacks)
    ProviderFactory(name="Riverside Day Centre Ltd", companies_house_number="07654321", cqc_provider_id="")
    response = client.post(confirm_link(message))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert Provider.objects.count() == 1
    assert not get_user_model().objects.filter(username="jo@riverside.example.org").exists()


def test_an_expired_or_made_up_link_is_404(django_capture_on_commit_callbacks):
    client = Client()
    _, (message,) = register(client, django_capture_on_commit_callbacks)
    Registration.objects.update(created_at=timezone.now() - datetime.timedelta(days=3, minutes=1))
    assert client.get(confirm_link(message)).status_code == 404
    assert client.post(confirm_link(message)).status_code == 404
    assert client.get("/providers/register/confirm/made-up/").status_code == 404
    assert client.get("/providers/register/confirm/" + "x%00" * 200 + "/").status_code in (400, 404)
    assert Provider.objects.count() == 0


def test_emails_to_one_address_are_limited_per_hour(django_capture_on_commit_callbacks):
    sent = []
    for _ in range(5):
        sent += register(Client(), django_capture_on_commit_callbacks)[1]
    assert len(sent) == 3


def test_the_sent_page_without_a_registration_goes_back_to_the_form():
    response = Client().get("/providers/register/sent/")
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"org-name": ""}, "org-name", "Enter the organisation&#x27;s name"),
        (
            {"org-companies_house_number": "", "org-charity_number": ""},
            "org-companies_house_number",
            "Enter a Companies House number, a charity number, or both",
        ),
        (
            {"org-companies_house_number": "ABC"},
            "org-companies_house_number",
            "Enter a Companies House number",
        ),
        ({"org-charity_number": "12"}, "org-charity_number", "Enter a charity number like"),
        ({"org-cqc_provider_id": "123"}, "org-cqc_provider_id", "Enter a CQC provider ID like"),
        ({"org-postcode": "NOT A POSTCODE"}, "org-postcode", "Enter a full UK postcode"),
        ({"org-areas_served": []}, "org-areas_served", "Select at least one area"),
        ({"org-services": []}, "org-services", "Select at least one service"),
        (
            {"org-contact_email": "not-an-email"},
            "org-contact_email",
            "Enter an email address in the correct format",
        ),
        ({"org-contact_phone": "call me"}, "org-contact_phone", "Enter a telephone number"),
        ({"account-password2": "something-else-entirely"}, "account-password2", "The passwords do not match"),
        (
            {"account-password1": "short", "account-password2": "short"},
            "account-password1",
            "Password must be 12 characters or more",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(overrides, field, message):
    response = Client().post(URL, valid_data(**overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert f'id="id_{field}-error"' in body
    assert "<title>Error: " in body
    assert Provider.objects.count() == 0
    assert not get_user_model().objects.filter(username="jo@riverside.example.org").exists()


def test_error_summary_links_to_the_field():
    body = Client().post(URL, valid_data(**{"org-postcode": "", "org-areas_served": []})).content.decode()
    assert 'href="#id_org-postcode"' in body
    assert 'href="#id_org-areas_served_0"' in body  # the first checkbox of the group
    assert 'aria-describedby="id_org-postcode-error"' in body


def test_duplicate_companies_house_number_is_refused():
    ProviderFactory(companies_house_number="01234567")
    response = Client().post(URL, valid_data(**{"org-companies_house_number": "1234567"}))
    body = response.content.decode()
    assert "An organisation with Companies House number 01234567 is already registered" in body
    assert Provider.objects.count() == 1


def test_duplicate_charity_number_is_refused():
    ProviderFactory(companies_house_number="", charity_number="1012345")
    response = Client().post(
        URL, valid_data(**{"org-companies_house_number": "", "org-charity_number": "1012345"})
    )
    assert "An organisation with charity number 1012345 is already registered" in response.content.decode()
    assert Provider.objects.count() == 1


def test_signed_in_users_are_sent_home(commissioner_client):
    response = commissioner_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_same_name_gets_a_distinct_slug(django_capture_on_commit_callbacks):
    # A different name (the same name is refused) whose slug is the same.
    ProviderFactory(name="Riversidé Day Centre Ltd", slug="riverside-day-centre-ltd")
    client = Client()
    _, (message,) = register(client, django_capture_on_commit_callbacks)
    client.post(confirm_link(message))
    assert Provider.objects.filter(slug="riverside-day-centre-ltd-2").exists()


def test_each_error_is_reported_once():
    body = Client().post(URL, valid_data(**{"org-areas_served": []})).content.decode()
    assert body.count("Select at least one area the organisation serves") == 2  # summary and field


def test_model_refuses_a_provider_without_areas_or_services():
    from django.core.exceptions import ValidationError

    provider = ProviderFactory.build(areas_served=[], services=[])
    with pytest.raises(ValidationError) as error:
        provider.full_clean()
    assert set(error.value.message_dict) >= {"areas_served", "services"}


@pytest.mark.parametrize(
    "existing", ["Riverside Day Centre Limited", "riverside day-centre ltd.", "RIVERSIDE  DAY CENTRE LTD"]
)
def test_a_second_organisation_with_an_existing_name_is_refused(existing):
    ProviderFactory(name=existing, companies_house_number="07654321", cqc_provider_id="1-999999999")
    response = Client().post(URL, valid_data())
    assert response.status_code == 200
    body = response.content.decode()
    assert "An organisation called Riverside Day Centre Ltd is already registered" in body
    assert Provider.objects.count() == 1


def test_a_second_organisation_with_an_existing_cqc_id_is_refused():
    ProviderFactory(name="Another Name Ltd", companies_house_number="07654321", cqc_provider_id="1-123456789")
    response = Client().post(URL, valid_data())
    assert response.status_code == 200
    body = response.content.decode()
    assert "An organisation with CQC provider ID 1-123456789 is already registered" in body
    assert Provider.objects.count() == 1


def test_registrations_older_than_their_link_are_purged(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    register(Client(), django_capture_on_commit_callbacks)
    register(Client(), django_capture_on_commit_callbacks, **{"account-email": "sam@riverside.example.org"})
    Registration.objects.filter(email="jo@riverside.example.org").update(
        created_at=timezone.now() - datetime.timedelta(days=3, minutes=1)
    )
    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert "1 registration(s) deleted" in out.getvalue()
    assert list(Registration.objects.values_list("email", flat=True)) == ["sam@riverside.example.org"]
