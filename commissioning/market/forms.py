"""The commissioners' forms for the market pages. Each form only reads and checks what was typed; the service
it feeds validates the record again (full_clean) and its errors come back onto the form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from commissioning.contracts.models import SERVICE_TYPE_CHOICES, Contract
from commissioning.fps.models import PurchasingSystem
from committees.models import Report, WorkProgrammeItem
from portal.forms import GovukForm, uk_date_field

from .models import RATINGS, Chapter, DatePrecision, Dimension, Figure

NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


class MarketForm(GovukForm):
    title = forms.CharField(
        label="Title", max_length=120, error_messages={"required": "Enter the market's title"}
    )
    chapter = forms.TypedChoiceField(
        label="Chapter of the statement",
        choices=Chapter.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the chapter of the statement the market belongs to"},
    )
    position = forms.IntegerField(
        label="Order within the chapter",
        min_value=0,
        max_value=999,
        initial=0,
        help_text="Markets are listed by this number, lowest first.",
        error_messages={
            "required": "Enter the market's order within the chapter",
            "invalid": "Enter the order as a whole number, like 3",
            "min_value": "The order must be 0 or more",
            "max_value": "The order must be 999 or less",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    summary = forms.CharField(
        label="Summary",
        max_length=600,
        help_text="One or two sentences for the list of markets.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a summary of the market"},
    )
    service_types = forms.MultipleChoiceField(
        label="Service types",
        choices=SERVICE_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Registered providers offering these services, and live contracts of these types, are counted "
            "as the market's supply."
        ),
    )
    purchasing_system = forms.ModelChoiceField(
        label="Flexible purchasing system",
        queryset=PurchasingSystem.objects.order_by("name"),
        required=False,
        empty_label="None",
        help_text="Its admitted providers and placements are shown on the page.",
    )
    shows_carers_referrals = forms.BooleanField(
        label="Show the carers hub's referrals per quarter", required=False
    )
    is_published = forms.BooleanField(
        label="Published", required=False, help_text="Anyone can read a published market's page."
    )


class SectionForm(GovukForm):
    heading = forms.CharField(
        label="Heading", max_length=200, error_messages={"required": "Enter the section's heading"}
    )
    text = forms.CharField(
        label="Text",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "Enter the text of the section"},
    )
    last_reviewed = uk_date_field("Date last reviewed")


def parse_number(value: str, label: str) -> Decimal:
    """'8,300', '£36,000,000', '37.5%' or '272.5' as a number; anything else is a form error."""
    cleaned = re.sub(r"[\s,£%]", "", value or "")
    if not NUMBER_RE.match(cleaned):
        raise forms.ValidationError(f"Enter the {label} as a number, like 8,300 or 37.5")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise forms.ValidationError(f"Enter the {label} as a number, like 8,300 or 37.5") from error
    if number.as_tuple().exponent < -2:
        raise forms.ValidationError(f"The {label} can have at most 2 decimal places")
    if abs(number) >= Decimal("1e12"):
        raise forms.ValidationError(f"The {label} must be less than 1,000,000,000,000")
    return number


class FigureForm(GovukForm):
    kind = forms.ChoiceField(
        label="Is this a figure about supply or demand?",
        choices=Figure.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the figure is about supply or demand"},
    )
    label = forms.CharField(
        label="What the figure counts",
        max_length=300,
        help_text="For example, Carers who need support to cope in their caring role.",
        error_messages={"required": "Enter what the figure counts"},
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=Figure.Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the figure's unit"},
    )
    value = forms.CharField(
        label="Figure",
        max_length=30,
        help_text="A number, like 8,300, 37.5 or 16,000,000.",
        error_messages={"required": "Enter the figure"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    value_to = forms.CharField(
        label="Upper figure of a range (optional)",
        max_length=30,
        required=False,
        help_text="Only for a range, like 5,400 to 6,000.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    qualifier = forms.ChoiceField(
        label="How the source gives it", choices=Figure.Qualifier.choices, required=False
    )
    as_of = uk_date_field("Date the figure refers to")
    as_of_precision = forms.ChoiceField(
        label="Show the date as",
        choices=DatePrecision.choices,
        widget=forms.RadioSelect,
        initial=DatePrecision.DAY,
        error_messages={"required": "Select how to show the date"},
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the figure comes from, for example Market Position Statement 2021-25, section 8.",
        error_messages={"required": "Enter the source of the figure"},
    )
    note = forms.CharField(label="Note (optional)", max_length=500, required=False)

    def clean_value(self):
        return parse_number(self.cleaned_data["value"], "figure")

    def clean_value_to(self):
        value = self.cleaned_data["value_to"]
        return parse_number(value, "upper figure") if value.strip() else None


def report_choices():
    """Published, public committee reports, newest first, named by their references."""
    reports = (
        Report.objects.published_public().prefetch_related("references").order_by("-published_at", "-pk")
    )
    return [
        (
            report.pk,
            " / ".join(r.reference for r in report.references.all() if r.reference) + f" {report.title}",
        )
        for report in reports
    ]


class IntentionForm(GovukForm):
    text = forms.CharField(
        label="Intention",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, We will recommission care at home: contract start 31 August 2023.",
        error_messages={"required": "Enter the intention"},
    )
    due = uk_date_field("Date")
    due_precision = forms.ChoiceField(
        label="Show the date as",
        choices=DatePrecision.choices,
        widget=forms.RadioSelect,
        initial=DatePrecision.DAY,
        error_messages={"required": "Select how to show the date"},
    )
    report = forms.TypedChoiceField(
        label="Committee report (optional)", required=False, coerce=int, empty_value=None
    )
    work_programme_item = forms.ModelChoiceField(
        label="Work programme item (optional)",
        queryset=WorkProgrammeItem.objects.select_related("committee").order_by("meeting_date", "position"),
        required=False,
        empty_label="None",
    )
    contract = forms.CharField(
        label="Contract reference (optional)",
        max_length=20,
        required=False,
        help_text="The contract's reference in the contracts register.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    source = forms.CharField(label="Source (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [("", "None"), *report_choices()]

    def clean_contract(self):
        reference = self.cleaned_data["contract"].strip().upper()
        if not reference:
            return None
        contract = Contract.objects.filter(reference__iexact=reference).first()
        if contract is None:
            raise forms.ValidationError("There is no contract with this reference in the contracts register")
        return contract

    def clean_report(self):
        pk = self.cleaned_data["report"]
        if pk is None:
            return None
        report = Report.objects.published_public().filter(pk=pk).first()
        if report is None:
            raise forms.ValidationError("Select a published committee report")
        return report


class AssessmentForm(GovukForm):
    rating = forms.ChoiceField(label="Rating", widget=forms.RadioSelect)
    sentence = forms.CharField(
        label="Why",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One sentence that a provider can act on.",
        error_messages={"required": "Enter a sentence saying why"},
    )
    assessed_on = uk_date_field("Date of the assessment")

    def __init__(self, *args, dimension: str, **kwargs):
        super().__init__(*args, **kwargs)
        label = Dimension(dimension).label.lower()
        self.fields["rating"].choices = [(value, text) for value, text, _colour in RATINGS[dimension]]
        self.fields["rating"].label = f"Rating of the market's {label}"
        self.fields["rating"].error_messages["required"] = f"Select a rating of the market's {label}"
