"""The public online referral form: reference, consent, double submission, honeypot, rate limit."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from commissioning.carers.models import Carer, FormAttempt, Referral, Route
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
URL = reverse("carers:refer")


def fresh_token(client) -> str:
    page = client.get(URL).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def test_form_renders_accessible_fields_and_consent_wording(client):
    page = client.get(URL).content.decode()
    assert "Refer a carer to the Carers Hub" in page
    assert "The carer agrees to the Carers Hub keeping these details" in page
    assert 'name="website"' in page and 'tabindex="-1"' in page  # the honeypot, hidden from people


def test_self_referral_gives_a_reference_and_reaches_the_caseload(
    client, online_form_data, hub_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**online_form_data, "form_token": fresh_token(client)}, follow=True)
    referral = Referral.objects.get()
    assert referral.route == Route.ONLINE and referral.referrer_type == "self"
    assert referral.carer.email == "testy@example.org"
    assert referral.carer_type == "adult"
    assert referral.reference in response.content.decode()
    assert referral.history.get().history_user is None
    assert referral.reference in hub_client.get(reverse("carers:caseload")).content.decode()
    # The hub is told a referral needs attention, with a link and nothing about the carer.
    (email,) = [message for message in mail.outbox if message.to == [settings.CARERS_HUB_EMAIL]]
    assert email.subject == "A referral needs attention"
    assert referral.get_absolute_url() in email.body
    for personal in ["Testy", "Demo-Carer", "07700", "dementia", "example.org"]:
        assert personal not in email.body and personal not in email.subject


def test_double_submission_makes_one_referral(client, online_form_data):
    data = {**online_form_data, "form_token": fresh_token(client)}
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert Referral.objects.count() == 1
    assert Carer.objects.count() == 1
    assert Referral.objects.get().reference in client.get(reverse("carers:refer-done")).content.decode()


def test_honeypot_keeps_nothing(client, online_form_data):
    response = client.post(
        URL, {**online_form_data, "form_token": fresh_token(client), "website": "spam.biz"}
    )
    assert response.status_code == 302
    assert not Referral.objects.exists() and not Carer.objects.exists()


def test_forged_or_missing_token_is_refused(client, online_form_data):
    response = client.post(URL, {**online_form_data, "form_token": "forged"})
    assert response.status_code == 200
    assert "This form has expired" in response.content.decode()
    assert not Referral.objects.exists()


def test_rate_limit_is_counted_in_the_database(online_form_data, settings):
    settings.CARERS_FORM_RATE_LIMIT = 2
    # Two separate clients stand for two web processes: nothing is shared but the database.
    for _ in range(2):
        client = Client(REMOTE_ADDR="203.0.113.9")
        assert client.post(URL, {**online_form_data, "form_token": fresh_token(client)}).status_code == 302
    client = Client(REMOTE_ADDR="203.0.113.9")
    response = client.post(URL, {**online_form_data, "form_token": fresh_token(client)})
    assert response.status_code == 429
    assert "Too many referrals sent" in response.content.decode()
    assert Referral.objects.count() == 2
    # The address itself is never stored.
    assert not FormAttempt.objects.filter(key__contains="203.0.113.9").exists()
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(URL, {**online_form_data, "form_token": fresh_token(other)}).status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {**date_fields("date_of_birth", "1/1/2099")},
            "date_of_birth",
            "Date of birth must be today or in the past",
        ),
        ({**date_fields("date_of_birth", "31/2/1970")}, "date_of_birth", "Date of birth must be a real date"),
        (
            {"phone": "", "email": ""},
            "phone",
            "Enter a telephone number, an email address or a postal address",
        ),
        ({"consent_to_store": ""}, "consent_to_store", "The carer must agree"),
        ({"is_crisis": "yes"}, "crisis_reason", "Say why the carer needs help urgently"),
        ({"on_behalf": "other"}, "referrer_type", "Choose who is referring the carer"),
        ({"first_name": ""}, "first_name", "Enter the carer&#x27;s first name"),
        (
            {"postcode": "NOT A CODE", "address_line_1": "1 High St", "phone": ""},
            "postcode",
            "Enter a full UK postcode",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_nothing(
    client, online_form_data, changes, field, message
):
    data = {**online_form_data, **changes, "form_token": fresh_token(client)}
    response = client.post(URL, {k: v for k, v in data.items() if v != ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<title>Error: " in page
    assert not Referral.objects.exists() and not Carer.objects.exists()


def test_referral_on_behalf_of_a_carer_by_a_gp(client, online_form_data):
    data = {
        **online_form_data,
        "on_behalf": "other",
        "referrer_type": "gp",
        "referrer_name": "Dr Example",
        "referrer_organisation": "Example Surgery",
        "referrer_contact": "01632 960 000",
        "is_crisis": "yes",
        "crisis_reason": "ill-health",
        "form_token": fresh_token(client),
    }
    assert client.post(URL, data).status_code == 302
    referral = Referral.objects.get()
    assert referral.referrer_type == "gp" and referral.referrer_name == "Dr Example"
    assert referral.is_crisis and referral.crisis_reason == "ill-health"


def test_done_page_without_a_referral_goes_back_to_the_form(client):
    assert client.get(reverse("carers:refer-done"))["Location"] == URL
