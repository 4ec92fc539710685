"""The pathway's steps: first contact, assessment, level of need, the assessor's review, plan, review,
closure; allocating support and logging contacts."""

from django import forms

from portal.forms import GovukForm

from ..models import OUTCOME_MEASURES, CatalogueService, ClosureReason, ContactMethodUsed, Need
from ..models import OutcomeScore as Score
from .fields import date_field, not_in_future


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
