"""The referral form (online and hub staff), a carer's details and the people they look after."""

import copy

from django import forms
from django.utils import timezone

from portal.forms import GovukForm

from ..models import (
    CARER_FIELDS,
    PERSON_FIELDS,
    AgeBand,
    CaredForPerson,
    ContactMethod,
    CrisisReason,
    ReferrerType,
    Relationship,
    Route,
    SupportReason,
)
from ..normalise import is_uk_phone
from ..validation import date_of_birth_problem, is_email, phone_problem
from .fields import YES_NO, check_contact_route, date_field

CHANNELS = ["post", "phone", "text", "email"]


class ReferralForm(GovukForm):
    """The online referral (public) and the hub's own entry of a referral made by phone, visit or email."""

    on_behalf = forms.ChoiceField(
        label="Who is filling in this form?",
        choices=[("self", "I am the carer"), ("other", "I am referring a carer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are the carer or referring someone"},
    )
    # Asked only of a referrer: shown under "I am referring a carer" (GOV.UK conditional reveal; shown
    # to everyone without JavaScript, and ignored when "I am the carer" is chosen).
    referrer_type = forms.ChoiceField(
        label="Who are you?",
        choices=[c for c in ReferrerType.choices if c[0] != ReferrerType.SELF],
        widget=forms.RadioSelect,
        required=False,
    )
    referrer_name = forms.CharField(label="Your full name", max_length=200, required=False)
    referrer_organisation = forms.CharField(
        label="Your organisation", max_length=200, required=False, help_text="For example, the GP surgery."
    )
    referrer_contact = forms.CharField(
        label="Your telephone number or email address", max_length=200, required=False
    )

    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the carer's first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the carer's last name"}
    )
    date_of_birth = date_field("Date of birth", autocomplete="bday")
    phone = forms.CharField(
        label="Telephone number",
        max_length=30,
        required=False,
        help_text="For example, 01632 960 001 or 07700 900 982",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How should we contact the carer?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how we should contact the carer"},
    )
    gp_practice = forms.CharField(label="The carer's GP practice", max_length=200, required=False)
    school = forms.CharField(
        label="School or college", max_length=200, required=False, help_text="For carers under 18."
    )
    is_parent_carer = forms.BooleanField(label="The carer is a parent caring for their child", required=False)
    is_working_carer = forms.BooleanField(label="The carer also works (paid work)", required=False)
    caring_hours_per_week = forms.IntegerField(
        label="About how many hours a week does the carer spend caring?",
        required=False,
        min_value=0,
        max_value=168,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the hours as a whole number, like 20",
            "min_value": "Hours must be 0 or more",
            "max_value": "A week has 168 hours: enter 168 or fewer",
        },
    )

    cared_for_name = forms.CharField(
        label="Their name", max_length=200, required=False, help_text="If the carer is happy to tell us."
    )
    relationship = forms.ChoiceField(
        label="Who does the carer look after?",
        choices=[("", "Choose one"), *Relationship.choices],
        error_messages={"required": "Choose who the carer looks after"},
    )
    age_band = forms.ChoiceField(
        label="How old is the person they look after?",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the age of the person they look after"},
    )
    primary_support_reason = forms.ChoiceField(
        label="What is the main reason they need care?",
        choices=SupportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the main reason they need care"},
    )
    has_social_care_respite = forms.BooleanField(
        label="They already have respite arranged by social care", required=False
    )

    reason = forms.CharField(
        label="How can the Carers Hub help?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us how the Carers Hub can help"},
    )
    is_crisis = forms.ChoiceField(
        label="Does the carer need help urgently?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="For example, the carer is unwell, cannot carry on caring, or the person they care for is "
        "coming home from hospital.",
        error_messages={"required": "Say whether the carer needs help urgently"},
    )
    crisis_reason = forms.ChoiceField(
        label="Why is it urgent?",
        choices=CrisisReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    crisis_details = forms.CharField(
        label="Anything else we should know about the urgency",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    consent_to_store = forms.BooleanField(
        label="The carer agrees to the Carers Hub keeping these details to give them support",
        help_text="The hub cannot take a referral without this.",
        error_messages={"required": "The carer must agree to the Carers Hub keeping their details"},
    )
    contact_by = forms.MultipleChoiceField(
        label="How may the Carers Hub contact the carer?",
        help_text="Select all that apply. The carer can change this at any time.",
        choices=[("post", "Post"), ("phone", "Telephone"), ("text", "Text message"), ("email", "Email")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_to_share_with_gp = forms.BooleanField(
        label="The carer agrees to the Carers Hub telling their GP that they are a carer", required=False
    )
    consent_to_share_with_social_care = forms.BooleanField(
        label="The carer agrees to the Carers Hub sharing their details with social care if they need more "
        "support",
        required=False,
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        if staff:
            self.fields["route"] = forms.ChoiceField(
                label="How did the referral reach the hub?",
                choices=[c for c in Route.choices if c[0] != Route.ONLINE],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how the referral reached the hub"},
            )
            self.fields["on_behalf"].label = "Who made the referral?"
            self.fields["on_behalf"].choices = [("self", "The carer"), ("other", "Someone else")]

    @property
    def referrer_fields(self) -> list:
        """The questions "I am referring a carer" reveals."""
        return [
            self[name]
            for name in ["referrer_type", "referrer_name", "referrer_organisation", "referrer_contact"]
        ]

    @property
    def crisis_fields(self) -> list:
        """The questions "Yes, urgently" reveals."""
        return [self["crisis_reason"], self["crisis_details"]]

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        problem = date_of_birth_problem(value, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if phone_problem(value):
            raise forms.ValidationError(phone_problem(value))
        return value

    def clean_referrer_contact(self):
        value = self.cleaned_data["referrer_contact"].strip()
        if value and not (is_email(value) or is_uk_phone(value)):
            raise forms.ValidationError(
                "Enter a telephone number, like 01632 960 001, or an email address, like name@example.com"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on_behalf") == "other":
            if not cleaned.get("referrer_type"):
                self.add_error("referrer_type", "Choose who is referring the carer")
            if not cleaned.get("referrer_name", "").strip():
                self.add_error("referrer_name", "Enter the referrer's full name")
            if not cleaned.get("referrer_contact", "").strip():
                self.add_error("referrer_contact", "Enter the referrer's telephone number or email address")
        check_contact_route(self, cleaned)
        if cleaned.get("is_crisis") == "yes" and not cleaned.get("crisis_reason"):
            self.add_error("crisis_reason", "Say why the carer needs help urgently")
        return cleaned

    def service_arguments(self) -> dict:
        """The form's answers as referral_receive()'s arguments."""
        data = self.cleaned_data
        is_self = data["on_behalf"] == "self"
        channels = set(data.get("contact_by") or [])
        return {
            "carer": {
                **{field: data[field] for field in CARER_FIELDS},
                "email": data["email"].lower(),
                "consent_to_store": data["consent_to_store"],
                "consent_to_share_with_gp": data["consent_to_share_with_gp"],
                "consent_to_share_with_social_care": data["consent_to_share_with_social_care"],
                **{
                    f"contact_by_{channel}": channel in channels
                    for channel in ["post", "phone", "text", "email"]
                },
            },
            "cared_for": [
                {
                    "name": data["cared_for_name"],
                    **{
                        field: data[field] for field in ["relationship", "age_band", "primary_support_reason"]
                    },
                    "has_social_care_respite": data["has_social_care_respite"],
                }
            ],
            "referral": {
                "route": data.get("route", Route.ONLINE),
                "referrer_type": ReferrerType.SELF if is_self else data["referrer_type"],
                "referrer_name": "" if is_self else data["referrer_name"],
                "referrer_organisation": "" if is_self else data["referrer_organisation"],
                "referrer_contact": "" if is_self else data["referrer_contact"],
                "reason": data["reason"],
                "is_crisis": data["is_crisis"] == "yes",
                "crisis_reason": data["crisis_reason"] if data["is_crisis"] == "yes" else "",
                "crisis_details": data["crisis_details"] if data["is_crisis"] == "yes" else "",
            },
        }


# --- Keeping the carer's record up to date (hub staff) -------------------------------------------------
class CarerForm(GovukForm):
    """A carer's details, with the same fields and checks as the referral form (the fields are the
    referral form's own, so the two cannot drift apart). Consents are records of their own (the consent
    page), not fields here. The date of birth must fit every referral: 5 or older when the first was
    received, 110 or younger at the latest."""

    def __init__(self, *args, referral_dates: tuple | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral_dates = referral_dates
        self.fields = {name: copy.deepcopy(ReferralForm.base_fields[name]) for name in CARER_FIELDS}
        self.fields["caring_hours_per_week"].label = "Hours a week spent caring"

    @classmethod
    def initial_for(cls, carer) -> dict:
        return {name: getattr(carer, name) for name in CARER_FIELDS}

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        first, latest = self.referral_dates or (timezone.localdate(), timezone.localdate())
        problem = date_of_birth_problem(value, min(first, timezone.localdate()), latest_on=latest)
        if problem:
            raise forms.ValidationError(problem)
        return value

    clean_phone = ReferralForm.clean_phone

    def clean(self):
        cleaned = super().clean()
        check_contact_route(self, cleaned)
        return cleaned


class CaredForForm(GovukForm):
    """A person the carer looks after, with the referral form's fields, their name and other needs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        base = ReferralForm.base_fields
        self.fields = {
            "name": copy.deepcopy(base["cared_for_name"]),
            "relationship": copy.deepcopy(base["relationship"]),
            "age_band": copy.deepcopy(base["age_band"]),
            "primary_support_reason": copy.deepcopy(base["primary_support_reason"]),
            "other_needs": forms.MultipleChoiceField(
                label="Do they need support for anything else?",
                help_text="Select all that apply.",
                choices=SupportReason.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            ),
            "has_social_care_respite": copy.deepcopy(base["has_social_care_respite"]),
        }
        self.fields["relationship"].label = "Relationship to the carer"
        self.fields["age_band"].label = "How old are they?"
        self.fields["primary_support_reason"].label = "What is the main reason they need care?"

    @classmethod
    def initial_for(cls, person, link=None) -> dict:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["relationship"] = link.relationship if link else ""
        return initial


class LinkCaredForForm(GovukForm):
    """The carer looks after someone the hub already knows (another carer's record shares them)."""

    cared_for = forms.ModelChoiceField(
        label="Who do they look after?",
        queryset=CaredForPerson.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the person they look after", "invalid_choice": "Choose a person"},
    )
    relationship = copy.deepcopy(ReferralForm.base_fields["relationship"])

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cared_for"].queryset = people
        self.fields["cared_for"].label_from_instance = self.describe
        self.fields["relationship"].label = "Relationship to the carer"

    @staticmethod
    def describe(person) -> str:
        carers = ", ".join(carer.full_name for carer in person.carers.all())
        return f"{person} ({person.get_age_band_display().lower()}), looked after by {carers}"
