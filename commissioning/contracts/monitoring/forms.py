"""Forms for performance returns and quality assurance: KPIs, asking for a return, a provider's return,
reviewing it, visits and their nine domain scores, action plans and the provider's answers, a provider's
risk level, CQC rating and insurance."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm, uk_date_field
from portal.forms.providers import ProviderPickerField

from ..models import (
    Concern,
    CqcRating,
    Decision,
    Domain,
    InsuranceKind,
    Polarity,
    RiskLevel,
    Score,
    Unit,
)
from ..periods import Quarter, financial_year_label

REASON_HINT = "It is kept in the record's history."


class KpiForm(GovukForm):
    measure = forms.CharField(label="Measure", max_length=200, help_text="For example, “Visits on time”")
    description = forms.CharField(
        label="How it is measured (optional)", required=False, max_length=2000, widget=forms.Textarea
    )
    unit = forms.ChoiceField(label="Unit", choices=Unit.choices, widget=forms.RadioSelect)
    target = forms.DecimalField(label="Target", max_digits=12, decimal_places=2, min_value=-(10**9))
    polarity = forms.ChoiceField(
        label="Which way is better?",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a higher or a lower value is better"},
    )
    reason = forms.CharField(
        label="What you changed and why", max_length=500, required=False, help_text=REASON_HINT
    )

    def __init__(self, *args, changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not changing:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if data.get("unit") == Unit.PERCENT and target is not None and not (0 <= target <= 100):
            self.add_error("target", "A percentage target must be between 0 and 100")
        return data


QUARTER_CHOICES = [
    ("1", "Q1: April to June"),
    ("2", "Q2: July to September"),
    ("3", "Q3: October to December"),
    ("4", "Q4: January to March"),
]


class ReturnAskForm(GovukForm):
    """An officer asks a provider party for the return of a quarter (one that has ended: the service says
    so otherwise)."""

    provider = forms.ChoiceField(label="Provider", choices=[])
    year = forms.IntegerField(
        label="Financial year starting in",
        min_value=2000,
        max_value=2100,
        help_text=f"For example, 2026 for {financial_year_label(2026)}",
    )
    number = forms.ChoiceField(label="Quarter", choices=QUARTER_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Choose a provider")] + [
            (str(p.pk), p.name) for p in providers
        ]

    def quarter(self) -> Quarter:
        return Quarter(self.cleaned_data["year"], int(self.cleaned_data["number"]))


class ReturnSubmitForm(GovukForm):
    """The provider's return: a value (and an optional comment) for each KPI the contract measures."""

    commentary = forms.CharField(
        label="Commentary on the quarter (optional)", required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = list(kpis)
        fields = {}
        for kpi in self.kpis:
            hint = f"{kpi.get_unit_display()}. Target {kpi.target:g} ({kpi.get_polarity_display().lower()})"
            fields[f"kpi_{kpi.pk}"] = forms.CharField(
                label=kpi.measure, max_length=20, help_text=hint, required=True
            )
            fields[f"comment_{kpi.pk}"] = forms.CharField(
                label=f"Comment on {kpi.measure} (optional)", required=False, max_length=2000
            )
        fields["commentary"] = self.fields.pop("commentary")
        self.fields.update(fields)

    def values(self) -> dict[int, dict]:
        return {
            kpi.pk: {
                "value": self.cleaned_data.get(f"kpi_{kpi.pk}"),
                "comment": self.cleaned_data.get(f"comment_{kpi.pk}", ""),
            }
            for kpi in self.kpis
        }


DECISION_CHOICES = [("accept", "Accept the return"), ("return", "Return it to the provider for correction")]


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(label="Your decision", choices=DECISION_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note to the provider",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="Needed when you return it: say what to correct.",
    )


# Quality ---------------------------------------------------------------------------------------------------

DONE_CHOICES = [("planned", "It is planned"), ("done", "It has happened: record what it found next")]


class VisitForm(GovukForm):
    provider = ProviderPickerField(label="Provider visited")
    visit_date = uk_date_field("Date of the visit")
    announced = forms.TypedChoiceField(
        label="Was the visit announced?",
        choices=[("yes", "Announced"), ("no", "Unannounced")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the visit was announced"},
    )
    officer = forms.ChoiceField(label="Officer visiting", choices=[])
    done = forms.ChoiceField(
        label="Has the visit happened?",
        choices=DONE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the visit has happened"},
    )

    def __init__(self, *args, officers=(), changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(o.pk): o for o in officers}
        self.fields["officer"].choices = [("", "Choose an officer")] + [
            (pk, o.get_full_name() or o.username) for pk, o in self.officers.items()
        ]
        if changing:
            del self.fields["provider"]

    def clean(self):
        data = super().clean()
        day = data.get("visit_date")
        from django.utils import timezone

        if data.get("done") == "done" and day and day > timezone.localdate():
            self.add_error(
                "visit_date",
                "A visit that has happened must be dated today or in the past: choose “It is planned”",
            )
        if data.get("officer"):
            data["officer"] = self.officers.get(data["officer"])
        return data


class VisitRecordForm(GovukForm):
    """What the visit found: a score and findings for each of the nine domains, the report, internal notes."""

    summary = forms.CharField(
        label="Report to the provider",
        max_length=10000,
        widget=forms.Textarea,
        help_text="The provider reads this online, with the scores and findings.",
    )
    internal_notes = forms.CharField(
        label="Internal notes (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea,
        help_text="Never shown to the provider.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for domain in Domain:
            fields[f"score_{domain.value}"] = forms.ChoiceField(
                label=domain.label,
                choices=Score.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select a score for {domain.label.lower()}"},
            )
            fields[f"findings_{domain.value}"] = forms.CharField(
                label=f"Findings on {domain.label.lower()} (optional)",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        fields["summary"] = self.fields.pop("summary")
        fields["internal_notes"] = self.fields.pop("internal_notes")
        self.fields.update(fields)

    def scores(self) -> dict[str, dict]:
        return {
            domain.value: {
                "score": self.cleaned_data.get(f"score_{domain.value}"),
                "findings": self.cleaned_data.get(f"findings_{domain.value}", ""),
            }
            for domain in Domain
        }


class ActionForm(GovukForm):
    action = forms.CharField(label="Action", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label="Owner", max_length=200, help_text="Who at the provider will do it")
    due_on = uk_date_field("Due by", must_be="today_or_future")
    domain = forms.ChoiceField(
        label="Domain (optional)", required=False, choices=[("", "No domain")] + Domain.choices
    )


class RespondForm(GovukForm):
    response = forms.CharField(
        label="What you have done about the action", max_length=5000, widget=forms.Textarea
    )


ACTION_DECISIONS = [("complete", "The action is completed"), ("more", "Ask the provider for more")]


class ActionReviewForm(GovukForm):
    decision = forms.ChoiceField(label="Your decision", choices=ACTION_DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note to the provider",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="Needed when you ask for more.",
    )


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Why?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 1000 characters or fewer",
        },
    )


class QualityRecordForm(GovukForm):
    risk_level = forms.ChoiceField(
        label="Risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        help_text="Low: visited every 12 months; medium: every 6; high: every 3.",
    )
    risk_reason = forms.CharField(
        label="Why this risk level (optional)", required=False, max_length=2000, widget=forms.Textarea
    )
    cqc_rating = forms.ChoiceField(
        label="CQC rating", required=False, choices=[("", "Not recorded")] + CqcRating.choices
    )
    cqc_rating_date = uk_date_field("Date of the CQC rating", required=False, must_be="today_or_past")
    internal_notes = forms.CharField(
        label="Internal notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="Never shown to the provider.",
    )


class InsuranceForm(GovukForm):
    insurer = forms.CharField(label="Insurer (optional)", required=False, max_length=200)
    cover = forms.DecimalField(
        label="Cover (£)", max_digits=14, decimal_places=2, min_value=1, max_value=10**12
    )
    expires_on = uk_date_field("Expiry date")

    def __init__(self, *args, kind: str = InsuranceKind.PUBLIC, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = InsuranceKind(kind)


# Providers of concern --------------------------------------------------------------------------------------


class ConcernForm(GovukForm):
    provider = ProviderPickerField(label="Provider")
    source = forms.ChoiceField(
        label="Raised by",
        choices=[
            (value, label)
            for value, label in Concern.Source.choices
            if value not in {Concern.Source.INSURANCE, Concern.Source.CQC}
        ],
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(label="Summary", max_length=300)
    details = forms.CharField(
        label="Details (optional)", required=False, max_length=10000, widget=forms.Textarea
    )
    opened_on = uk_date_field("Date the concern was raised", must_be="today_or_past")

    def __init__(self, *args, changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if changing:
            del self.fields["provider"]
            del self.fields["opened_on"]


class MeetingForm(GovukForm):
    meeting_date = uk_date_field("Date of the meeting")
    chair = forms.CharField(label="Chair", max_length=200)
    attendees = forms.CharField(
        label="Attending",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Names and organisations, one a line",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=10000, widget=forms.Textarea)


class ProviderChoiceForm(GovukForm):
    provider = ProviderPickerField(label="Provider to discuss")


class ItemForm(GovukForm):
    """A provider discussed at a governance meeting: the concerns discussed, the decision and its reason."""

    concerns = forms.MultipleChoiceField(
        label="Concerns discussed (optional)", required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    discussion = forms.CharField(label="Discussion", max_length=10000, widget=forms.Textarea)
    decision = forms.ChoiceField(label="Decision", choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason for the decision", max_length=5000, widget=forms.Textarea)
    actions_agreed = forms.CharField(
        label="Actions agreed (optional)", required=False, max_length=5000, widget=forms.Textarea
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, concerns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.concern_objects = {str(c.pk): c for c in concerns}
        self.fields["concerns"].choices = [
            (pk, f"{c.summary} (opened {c.opened_on:%-d %B %Y}, {c.get_status_display().lower()})")
            for pk, c in self.concern_objects.items()
        ]
        if not self.concern_objects:
            del self.fields["concerns"]

    def chosen_concerns(self) -> list:
        return [self.concern_objects[pk] for pk in self.cleaned_data.get("concerns") or []]
