"""GOV.UK error wording derived from each field's label and kind (portal/forms/messages.py, base.py)."""

from decimal import Decimal

import pytest
from django import forms

from portal.accounts import NewPasswordForm
from portal.forms import GovukForm, GovukModelForm
from portal.forms.messages import lower_first, subject
from tests.factories import UserFactory


class OrganisationForm(GovukForm):
    name = forms.CharField(label="Organisation name", max_length=200)
    code = forms.CharField(label="Code", min_length=2, max_length=5)
    number = forms.CharField(label="Companies House number", max_length=8, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    committee = forms.ChoiceField(label="Committee", choices=[("", "Choose"), ("ah", "AH")])
    areas = forms.MultipleChoiceField(
        label="Areas served", choices=[("n", "North")], widget=forms.CheckboxSelectMultiple
    )
    beds = forms.IntegerField(label="Beds", min_value=0)
    people = forms.IntegerField(label="Number of people", min_value=1, max_value=50)
    amount = forms.DecimalField(label="Amount (£)", max_digits=9, decimal_places=2, max_value=Decimal("5000"))
    email = forms.EmailField(label="Email address")
    agree = forms.BooleanField(label="I agree", error_messages={"required": "Confirm that you agree"})
    own = forms.CharField(label="Notes", max_length=10, error_messages={"max_length": "Keep the notes short"})


def errors_for(data: dict) -> dict:
    form = OrganisationForm(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_empty_fields_say_what_to_enter_or_select():
    assert errors_for({}) == {
        "name": ["Enter the organisation name"],
        "code": ["Enter the code"],
        "kind": ["Select the kind"],
        "committee": ["Select the committee"],
        "areas": ["Select the areas served"],
        "beds": ["Enter the beds"],
        "people": ["Enter the number of people"],
        "amount": ["Enter the amount"],
        "email": ["Enter the email address"],
        "agree": ["Confirm that you agree"],
        "own": ["Enter the notes"],
    }


def test_wrong_values_in_gov_uk_words():
    errors = errors_for(
        {
            "name": "x" * 425,
            "code": "x",
            "number": "123456789",
            "kind": "c",
            "committee": "zz",
            "areas": ["s"],
            "beds": "1.5",
            "people": "51",
            "amount": "12.345",
            "email": "not-an-email",
            "agree": "on",
            "own": "x" * 11,
        }
    )
    assert errors == {
        "name": ["Organisation name must be 200 characters or fewer"],
        "code": ["Code must be between 2 and 5 characters"],
        "number": ["Companies House number must be 8 characters or fewer"],
        "kind": ["Select the kind from the options"],
        "committee": ["Select the committee from the list"],
        "areas": ["Select the areas served from the options"],
        "beds": ["Beds must be a whole number"],
        "people": ["Number of people must be between 1 and 50"],
        "amount": ["Amount must have 2 decimal places or fewer"],
        "email": ["Enter an email address in the correct format, like name@example.com"],
        "own": ["Keep the notes short"],
    }
    errors = errors_for({"beds": "-1", "amount": "99999999", "people": "0", "name": "a\x00b"})
    assert errors["beds"] == ["Beds must be 0 or more"]
    assert errors["amount"] == ["Amount must be 5,000 or less", "Amount must be less than 10,000,000"]
    assert errors["people"] == ["Number of people must be between 1 and 50"]
    assert errors["name"] == ["Organisation name must not include null characters"]
    assert errors_for({"amount": "6000"})["amount"] == ["Amount must be 5,000 or less"]
    assert errors_for({"amount": "lots"})["amount"] == ["Amount must be a number"]


def test_fields_added_in_init_get_the_wording_too():
    class LaterForm(GovukForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["later"] = forms.CharField(label="Spent on staff", max_length=5)

    form = LaterForm({"later": "x" * 6})
    assert not form.is_valid()
    assert form.errors["later"] == ["Spent on staff must be 5 characters or fewer"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Payment date", "the payment date"),
        ("Companies House number", "the Companies House number"),
        ("CQC provider ID", "the CQC provider ID"),
        ("How many hours a week", "how many hours a week"),
        ("Your full name", "your full name"),
        ("Who declared the interest", "who declared the interest"),
    ],
)
def test_the_subject_of_a_message(label, expected):
    assert subject(label) == expected


def test_lower_first_keeps_proper_names():
    assert lower_first("Name in the appendix") == "name in the appendix"
    assert lower_first("BCF scheme") == "BCF scheme"
    assert lower_first("I agree") == "I agree"


def test_a_question_label_is_quoted_not_mangled():
    class QuestionForm(GovukForm):
        how = forms.ChoiceField(label="How should we contact the carer?", choices=[("p", "Phone")])

    form = QuestionForm({"how": "pigeon"})
    form.is_valid()
    assert form.errors["how"] == ["Select one of the options for “How should we contact the carer?”"]


@pytest.mark.django_db
def test_a_model_forms_unique_check_in_gov_uk_words():
    from committees.models import Committee
    from tests.committees.factories import CommitteeFactory

    class CommitteeForm(GovukModelForm):
        class Meta:
            model = Committee
            fields = ["name", "code", "kind"]

    existing = CommitteeFactory()
    form = CommitteeForm({"name": existing.name, "code": existing.code, "kind": existing.kind})
    assert not form.is_valid()
    for message in [m for messages in form.errors.values() for m in messages]:
        assert "already exists." not in message
        assert "already" in message


@pytest.mark.django_db
def test_new_passwords_in_gov_uk_words():
    form = NewPasswordForm(UserFactory(), {"new_password1": "1234", "new_password2": "1234"})
    assert not form.is_valid()
    assert form.errors["new_password2"] == [
        "Password must be 12 characters or more",
        "Password is too common: choose one that is harder to guess",
        "Password must include letters or symbols, not only numbers",
    ]
    form = NewPasswordForm(UserFactory(), {"new_password1": "a long passphrase", "new_password2": "another"})
    assert form.errors["new_password2"] == ["The passwords do not match"]


@pytest.mark.django_db
def test_sign_in_with_a_huge_username_is_a_message_not_a_failure(client):
    response = client.post("/sign-in/", {"username": "x" * 10_001, "password": "x" * 10_001})
    assert response.status_code == 200
    assert "Username must be 150 characters or fewer" in response.content.decode()
    response = client.post("/sign-in/", {"username": "", "password": ""})
    page = response.content.decode()
    assert "Enter your username" in page and "Enter your password" in page


@pytest.mark.django_db
def test_password_reset_pages_use_the_gov_uk_forms(client):
    response = client.post("/password-reset/", {"email": "not-an-email"})
    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.com" in response.content.decode()
