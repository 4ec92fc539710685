import copy

from django import forms
from django.utils import timezone

from portal.forms import GovukForm, uk_date_field

from .models import (
    OUTCOME_MEASURES,
    AgeBand,
    CatalogueService,
    ClosureReason,
    ContactMethod,
    ContactMethodUsed,
    CrisisReason,
    Need,
    ReferrerType,
    Relationship,
    Route,
    SupportReason,
)
from .models import OutcomeScore as Score

YES_NO = [("yes", "Yes"), ("no", "No")]


def date_field(label: str, *, required=True, **kwargs):
    return uk_date_field(label, required=required, **kwargs)


def not_in_future(value, label="The date"):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past")
    return value


def check_contact_route(form: forms.Form, cleaned: dict) -> None:
    """At least one way to reach the carer: a telephone number, an email address or a postal address."""
    has_address = cleaned.get("address_line_1") and cleaned.get("postcode")
    if not (cleaned.get("phone") or cleaned.get("email") or has_address) and "email" not in form.errors:
        form.add_error(
            "phone", "Enter a telephone number, an email address or a postal address for the carer"
        )


class ReferralForm(GovukForm):
    """The online referral (public) and the hub's own entry of a referral made by phone, visit or email."""

    on_behalf = forms.ChoiceField(
        label="Who is filling in this form?",
        choices=[("self", "I am the carer"), ("other", "I am referring a carer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are the carer or referring someone"},
    )
    referrer_type = forms.ChoiceField(
        label="If you are referring a carer, who are you?",
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
    phone = forms.CharField(label="Telephone number", max_length=30, required=False)
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
        label="If it is urgent, why?",
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
    consent_to_contact = forms.BooleanField(
        label="The carer agrees to the Carers Hub contacting them", required=False
    )
    consent_to_share_with_gp = forms.BooleanField(
        label="The carer agrees to the Carers Hub telling their GP that they are a carer", required=False
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

    def clean_date_of_birth(self):
        return not_in_future(self.cleaned_data["date_of_birth"], "Date of birth")

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
        return {
            "carer": {
                **{
                    f: data[f]
                    for f in [
                        "first_name",
                        "last_name",
                        "date_of_birth",
                        "email",
                        "phone",
                        "address_line_1",
                        "address_line_2",
                        "town",
                        "postcode",
                        "gp_practice",
                        "preferred_contact",
                        "consent_to_store",
                        "consent_to_share_with_gp",
                        "consent_to_contact",
                        "is_parent_carer",
                        "is_working_carer",
                        "caring_hours_per_week",
                        "school",
                    ]
                },
                "email": data["email"].lower(),
            },
            "cared_for": [
                {
                    f: data[f]
                    for f in ["relationship", "age_band", "primary_support_reason", "has_social_care_respite"]
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
CARER_FORM_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "preferred_contact",
    "gp_practice",
    "school",
    "is_parent_carer",
    "is_working_carer",
    "caring_hours_per_week",
    "consent_to_store",
    "consent_to_contact",
    "consent_to_share_with_gp",
]
CARED_FOR_FORM_FIELDS = ["relationship", "age_band", "primary_support_reason", "has_social_care_respite"]


class CarerForm(GovukForm):
    """A carer's details, with the same fields and checks as the referral form (the fields are the
    referral form's own, so the two cannot drift apart)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {name: copy.deepcopy(ReferralForm.base_fields[name]) for name in CARER_FORM_FIELDS}
        self.fields["consent_to_store"].help_text = "The hub cannot keep a carer's record without this."
        self.fields["caring_hours_per_week"].label = "Hours a week spent caring"

    @classmethod
    def initial_for(cls, carer) -> dict:
        return {name: getattr(carer, name) for name in CARER_FORM_FIELDS}

    def clean_date_of_birth(self):
        return not_in_future(self.cleaned_data["date_of_birth"], "Date of birth")

    def clean(self):
        cleaned = super().clean()
        check_contact_route(self, cleaned)
        return cleaned


class CaredForForm(GovukForm):
    """A person the carer looks after, with the referral form's fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {name: copy.deepcopy(ReferralForm.base_fields[name]) for name in CARED_FOR_FORM_FIELDS}
        self.fields["relationship"].label = "Relationship to the carer"
        self.fields["age_band"].label = "How old are they?"
        self.fields["primary_support_reason"].label = "What is the main reason they need care?"

    @classmethod
    def initial_for(cls, person) -> dict:
        return {name: getattr(person, name) for name in CARED_FOR_FORM_FIELDS}


# --- The pathway's steps ------------------------------------------------------------------------------
class ContactedForm(GovukForm):
    notes = forms.CharField(
        label="Notes of the first contact",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added to the contacts log.",
    )


class AssessmentForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            ("completed", "Statutory carer's assessment completed"),
            ("declined", "Carer declines the assessment"),
            ("not-eligible", "Not eligible for an assessment"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the assessment"},
    )
    assessed_on = date_field("Date")
    mailing_list_opt_in = forms.BooleanField(
        label="The carer wants to be on the mailing list and social media sites",
        required=False,
        help_text="If they decline. They can ask for an assessment at a later stage.",
    )
    signposted_to = forms.CharField(
        label="Where was the carer signposted?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If they are not eligible: the advice, information and other support networks.",
    )

    def clean_assessed_on(self):
        return not_in_future(self.cleaned_data["assessed_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "not-eligible" and not cleaned.get("signposted_to", "").strip():
            self.add_error("signposted_to", "Say where the carer was signposted")
        return cleaned


class NeedForm(GovukForm):
    level = forms.ChoiceField(
        label="Level of need",
        choices=[
            (Need.LOW, "Low: the hub allocates early help services"),
            (Need.MODERATE, "Moderate: a social care assessor reviews the referral"),
            (Need.HIGH, "High: the assessment is sent to social care"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of need"},
    )


class AssessorReviewForm(NeedForm):
    notes = forms.CharField(
        label="Assessor's notes", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].label = "Level of need after review"
        self.fields["level"].choices = [
            (Need.LOW, "Low"),
            (Need.MODERATE, "Moderate: confirmed, moderate services can be allocated"),
            (Need.HIGH, "High: social care will assess the package of needs"),
        ]


class SocialCareAssessedForm(GovukForm):
    notes = forms.CharField(
        label="What social care arranged",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, respite allocated to the cared-for person.",
    )


class PlanForm(GovukForm):
    plan_agreed_on = date_field(
        "Date the plan was agreed", help_text="For example, 27 3 2025. The review will be due a year later."
    )

    def clean_plan_agreed_on(self):
        return not_in_future(self.cleaned_data["plan_agreed_on"])


class ReviewForm(GovukForm):
    reviewed_on = date_field(
        "Date of the review", help_text="For example, 27 3 2025. The next review will be due a year later."
    )

    def clean_reviewed_on(self):
        return not_in_future(self.cleaned_data["reviewed_on"])


class CloseForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is the referral being closed?",
        choices=[("", "Choose a reason")]
        + [
            c
            for c in ClosureReason.choices
            if c[0] not in {ClosureReason.DECLINED, ClosureReason.NOT_ELIGIBLE}
        ],
        error_messages={"required": "Give the reason for closing"},
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in OUTCOME_MEASURES.items():
            self.fields[field] = forms.ChoiceField(
                label=f"{label}: since the hub's support, has it…",
                choices=Score.choices,
                widget=forms.RadioSelect,
                required=False,
            )


STEP_FORMS = {
    "contacted": ContactedForm,
    "assessment": AssessmentForm,
    "need": NeedForm,
    "assessor-review": AssessorReviewForm,
    "social-care-assessed": SocialCareAssessedForm,
    "plan": PlanForm,
    "review": ReviewForm,
    "close": CloseForm,
}


class AllocationForm(GovukForm):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=CatalogueService.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service to allocate", "invalid_choice": "Choose a service"},
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        required=False,
        min_value=1,
        max_digits=8,
        decimal_places=2,
        help_text="Wellbeing Fund only.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the amount in pounds, like 150", "min_value": "Enter £1 or more"},
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service")
        if (
            service
            and service.records_amount
            and cleaned.get("amount") is None
            and "amount" not in self.errors
        ):
            self.add_error("amount", f"Enter the amount from the {service.name}")
        return cleaned


class ContactForm(GovukForm):
    contacted_on = date_field("Date of contact")
    method = forms.ChoiceField(
        label="How",
        choices=ContactMethodUsed.choices,
        error_messages={"required": "Choose how you made contact"},
    )
    notes = forms.CharField(
        label="Notes",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the notes"},
    )

    def clean_contacted_on(self):
        return not_in_future(self.cleaned_data["contacted_on"])
