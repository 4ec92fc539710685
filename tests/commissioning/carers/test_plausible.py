"""Plausible data with GOV.UK messages (date of birth 5 to 110 years before the referral, UK telephone,
postcode and email formats), the online form's conditional reveal (no JavaScript needed) and the
confirmation with the reference and nothing about health."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.carers.models import Referral
from commissioning.carers.validation import date_of_birth_problem, years_before
from tests.forms import date_fields, with_dates

pytestmark = pytest.mark.django_db
URL = reverse("carers:refer")


def fresh_token(client) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', client.get(URL).content.decode()).group(1)


def test_date_of_birth_bounds():
    on = date(2026, 3, 28)
    assert date_of_birth_problem(years_before(on, 5), on) is None  # 5 today
    assert date_of_birth_problem(years_before(on, 5) + timedelta(days=1), on) == (
        "Date of birth must be the same as or before 28 March 2021: a carer is 5 or older"
    )
    assert date_of_birth_problem(years_before(on, 110), on) is None
    assert date_of_birth_problem(years_before(on, 110) - timedelta(days=1), on) == (
        "Date of birth must be the same as or after 28 March 1916: a carer is 110 or younger"
    )
    assert date_of_birth_problem(on + timedelta(days=1), on) == "Date of birth must be today or in the past"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_birth": "2"}, "Date of birth must be"),
        ({"date_of_birth": "1/1/1900"}, "a carer is 110 or younger"),
        (
            {"phone": "12345"},
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        ({"phone": "call me after 6"}, "Enter a telephone number, like 01632 960 001"),
        ({"email": "not an email"}, "Enter an email address in the correct format, like name@example.com"),
        ({"postcode": "CW1", "address_line_1": "1 High St", "phone": ""}, "Enter a full UK postcode"),
        (
            {
                "on_behalf": "other",
                "referrer_type": "gp",
                "referrer_name": "Dr Example",
                "referrer_contact": "ring",
            },
            "Enter a telephone number, like 01632 960 001, or an email address, like name@example.com",
        ),
    ],
)
def test_implausible_details_are_refused(client, online_form_data, changes, message):
    if changes.get("date_of_birth") == "2":
        changes = {"date_of_birth": timezone.localdate() - timedelta(days=2 * 365)}
    data = with_dates({**online_form_data, **changes, "form_token": fresh_token(client)}, "date_of_birth")
    response = client.post(URL, {k: v for k, v in data.items() if v != ""})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert message in page
    assert not Referral.objects.exists()


def test_a_five_year_old_young_carer_is_accepted(client, online_form_data):
    born = years_before(timezone.localdate(), 5)
    data = {**online_form_data, **date_fields("date_of_birth", born), "form_token": fresh_token(client)}
    assert client.post(URL, data).status_code == 302
    assert Referral.objects.get().carer_type == "young"


def test_the_referrer_questions_are_revealed_by_their_option_without_javascript(client):
    page = client.get(URL).content.decode()
    option = re.search(r'<input class="govuk-radios__input"[^>]*value="other"[^>]*>', page).group(0)
    assert 'data-aria-controls="conditional-id_on_behalf"' in option
    start = page.index('id="conditional-id_on_behalf"')
    opening = page[page.rindex("<div", 0, start) : start]
    # Hidden only by GOV.UK Frontend's script (its CSS applies once the script runs): shown without it.
    assert "govuk-radios__conditional govuk-radios__conditional--hidden" in opening
    revealed = page[start : page.index('<h2 class="govuk-heading-m">The carer</h2>')]
    for name in ["referrer_type", "referrer_name", "referrer_organisation", "referrer_contact"]:
        assert f'name="{name}"' in revealed
    assert 'id="conditional-id_is_crisis"' in page  # the urgency's reason likewise


def test_a_self_referral_answering_referrer_questions_keeps_none_of_them(client, online_form_data):
    data = {
        **online_form_data,
        "referrer_name": "Someone Else",
        "referrer_contact": "someone@example.org",
        "form_token": fresh_token(client),
    }
    assert client.post(URL, data).status_code == 302
    referral = Referral.objects.get()
    assert (
        referral.referrer_type == "self" and referral.referrer_name == "" and referral.referrer_contact == ""
    )


HEALTH_WORDS = ["dementia", "mum", "memory", "85", "crisis", "urgent", "Testy", "Demo-Carer"]


def test_the_carer_is_sent_the_reference_and_nothing_about_health(
    client, online_form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**online_form_data, "form_token": fresh_token(client)})
    referral = Referral.objects.get()
    (email,) = [m for m in mail.outbox if m.to == ["testy@example.org"]]
    assert referral.reference in email.body and email.subject == "Your referral to the Carers Hub"
    for word in HEALTH_WORDS:
        assert word.lower() not in email.body.lower(), word


def test_a_mobile_only_carer_is_sent_a_text(
    client, online_form_data, empty_text_outbox, django_capture_on_commit_callbacks
):
    data = {**online_form_data, "email": "", "phone": "07700 900 982", "contact_by": ["text"]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**data, "form_token": fresh_token(client)})
    referral = Referral.objects.get()
    (text,) = empty_text_outbox
    assert text["to"] == "07700 900 982" and referral.reference in text["body"]
    for word in HEALTH_WORDS:
        assert word.lower() not in text["body"].lower(), word


def test_no_message_without_consent_to_that_contact(
    client, online_form_data, empty_text_outbox, django_capture_on_commit_callbacks
):
    data = {**online_form_data, "contact_by": ["post"]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**data, "form_token": fresh_token(client)})
    assert [m.to for m in mail.outbox] == [["carers-hub@example.gov.uk"]] and empty_text_outbox == []


def test_a_referrer_is_sent_the_reference(client, online_form_data, django_capture_on_commit_callbacks):
    data = {
        **online_form_data,
        "on_behalf": "other",
        "referrer_type": "professional",
        "referrer_name": "A Social Worker",
        "referrer_contact": "worker@example.gov.uk",
        "contact_by": [],
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**data, "form_token": fresh_token(client)})
    referral = Referral.objects.get()
    (email,) = [m for m in mail.outbox if m.to == ["worker@example.gov.uk"]]
    assert referral.reference in email.body and "Testy" not in email.body
