from django import forms
from django.contrib.auth import get_user_model, password_validation

from portal.forms import GovukForm, GovukModelForm, govuk_password_errors

from .models import (
    Area,
    Provider,
    Service,
    name_key,
    normalise_companies_house_number,
    normalise_postcode,
)
from .services import PROVIDER_FIELDS, email_in_use


class ProviderForm(GovukModelForm):
    # Longer than the stored 8 characters: "cw1  2bj " is normalised to "CW1 2BJ", not refused.
    postcode = forms.CharField(
        label="Postcode",
        max_length=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
        error_messages={
            "required": "Enter the postcode",
            "max_length": "Enter a full UK postcode, like CW11 1HZ",
        },
    )
    areas_served = forms.MultipleChoiceField(
        label="Areas served",
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every care community where the organisation provides services.",
        error_messages={"required": "Select at least one area the organisation serves"},
    )
    services = forms.MultipleChoiceField(
        label="Services",
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one service the organisation provides"},
    )

    class Meta:
        model = Provider
        fields = PROVIDER_FIELDS  # defined once, with the service that saves them
        help_texts = {
            "name": "The registered name, as on Companies House or the Charity Commission.",
            "companies_house_number": "8 characters, like 01234567 or SC123456. Leave blank if the "
            "organisation "
            "is not a company.",
            "charity_number": "Leave blank if the organisation is not a registered charity.",
            "cqc_provider_id": "Only if the organisation is registered with the Care Quality Commission, "
            "like 1-101641285.",
            "contact_phone": "For international numbers include the country code.",
        }
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "contact_name": {"required": "Enter the main contact's full name"},
            "contact_email": {
                "required": "Enter the main contact's email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
            "contact_phone": {"required": "Enter the main contact's telephone number"},
        }
        widgets = {
            "postcode": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
            ),
            "companies_house_number": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "charity_number": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "cqc_provider_id": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "tel"}),
            "address_line_1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_line_2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "town": forms.TextInput(
                attrs={"class": "govuk-!-width-two-thirds", "autocomplete": "address-level2"}
            ),
        }

    def clean_companies_house_number(self):
        number = normalise_companies_house_number(self.cleaned_data["companies_house_number"])
        if number and self._others().filter(companies_house_number=number).exists():
            raise forms.ValidationError(
                f"An organisation with Companies House number {number} is already registered. "
                "Ask a colleague "
                "who uses the portal to invite you, or contact the commissioning team."
            )
        return number

    def clean_cqc_provider_id(self):
        number = self.cleaned_data["cqc_provider_id"].replace(" ", "")
        if number and self._others().filter(cqc_provider_id=number).exists():
            raise forms.ValidationError(
                f"An organisation with CQC provider ID {number} is already registered. Ask a colleague "
                "who uses the portal to invite you, or contact the commissioning team."
            )
        return number

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name and self._others().with_name_key(name_key(name)).exists():
            raise forms.ValidationError(
                f"An organisation called {name} is already registered. Ask a colleague who uses the portal "
                "to invite you, or contact the commissioning team."
            )
        return name

    def clean_charity_number(self):
        number = self.cleaned_data["charity_number"].replace(" ", "").upper()
        if number and self._others().filter(charity_number=number).exists():
            raise forms.ValidationError(
                f"An organisation with charity number {number} is already registered. Ask a colleague "
                "who uses the portal to invite you, or contact the commissioning team."
            )
        return number

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from error

    def clean(self):
        cleaned = super().clean()
        if (
            "companies_house_number" in cleaned
            and "charity_number" in cleaned
            and not cleaned["companies_house_number"]
            and not cleaned["charity_number"]
        ):
            self.add_error(
                "companies_house_number", "Enter a Companies House number, a charity number, or both"
            )
        return cleaned

    def _others(self):
        return Provider.objects.exclude(pk=self.instance.pk) if self.instance.pk else Provider.objects.all()

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if len(digits) < 10 or len(digits) > 15 or any(c not in "0123456789 +()-" for c in phone):
            raise forms.ValidationError("Enter a telephone number, like 01632 960 001 or 07700 900 982")
        return phone


class AccountForm(GovukForm):
    """The first user account, made with the organisation's registration."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Enter your first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Enter your last name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="You will use this to sign in.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Do not use a password you use anywhere else.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def clean_email(self):
        # Whether the address has an account is never said here (issue 13): the email sent to it says so.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1:
            user = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", govuk_password_errors(error))
        return cleaned


class InviteForm(GovukForm):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will email them a link to set up their account. The link works for 3 days.",
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email):
            raise forms.ValidationError("Someone with this email address already has an account")
        return email


class DeactivateForm(GovukForm):
    reason = forms.CharField(
        label="Why is this provider being deactivated?",
        help_text="This is kept in the provider's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the reason for deactivating this provider"},
    )


class RemoveMemberForm(GovukForm):
    reason = forms.CharField(
        label="Why are they being removed?",
        help_text="This is kept in the organisation's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the reason for removing them"},
    )
