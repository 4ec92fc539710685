"""Forms for evaluating applications, deciding lots, changing admissions and running the system.

Dates come through the GOV.UK date input, like the rest of the portal; times are UK time on a 24-hour clock
(or 9:30am) and become aware datetimes in Europe/London here, so the service compares like with like.
"""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm, uk_date_field, uk_time_field

from ..models import ApplicationLot, QuestionSection, SectionEvaluation

date_field = uk_date_field
time_field = uk_time_field


def reason_field(label: str, help_text: str = "This is kept in the history.", required: bool = True):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the reason: it is kept in the history",
            "max_length": "Keep it to 4,000 characters or fewer",
        },
    )


class SectionEvaluationForm(GovukForm):
    result = forms.ChoiceField(
        label="Does the application pass this section?",
        choices=SectionEvaluation.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select pass or fail"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=4000,
        help_text="Required for a fail: why the section fails. The provider may be told these reasons.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Keep the notes to 4,000 characters or fewer"},
    )

    def __init__(self, *args, section=None, **kwargs):
        # On the one-page evaluation every section has its own form: ids unique per section, the field
        # names the same (so each form posts `result` and `notes` to its section's address).
        if section is not None:
            kwargs.setdefault("auto_id", f"section-{section.number}-%s")
        super().__init__(*args, **kwargs)
        if section is not None:
            self.fields["result"].label = f"Does section {section.number} pass?"
            self.fields["notes"].label = f"Notes on section {section.number}"
            self.fields["notes"].widget.attrs["rows"] = 3
            self.fields["result"].widget.attrs["inline"] = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") == SectionEvaluation.Result.FAIL and not cleaned.get("notes", "").strip():
            self.add_error("notes", "Enter notes saying why the section fails")
        return cleaned


class ClarificationForm(GovukForm):
    section = forms.ModelChoiceField(
        label="Which section is it about?",
        queryset=QuestionSection.objects.none(),
        required=False,
        empty_label="The application as a whole",
    )
    question = forms.CharField(
        label="Clarification question",
        max_length=4000,
        help_text="The provider sees this exactly as you write it.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter the clarification question",
            "max_length": "Keep the question to 4,000 characters or fewer",
        },
    )
    respond_by = date_field(
        "Date to respond by",
        required=False,
        must_be="today_or_future",
        error_messages={"today_or_future": "The date to respond by must be today or in the future"},
    )

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sections is not None:
            self.fields["section"].queryset = sections
        self.fields["section"].label_from_instance = lambda s: f"{s.number}. {s.title}"


class PassRemainingForm(GovukForm):
    """The sections listed on the confirmation page, so the service passes exactly those."""

    sections = forms.CharField(
        widget=forms.HiddenInput,
        max_length=1000,
        error_messages={
            "required": "The list of sections is not valid: check the list again",
            "max_length": "The list of sections is not valid: check the list again",
        },
    )

    def clean_sections(self):
        numbers = self.cleaned_data["sections"].split(",")
        if not all(n.strip().isdigit() for n in numbers):
            raise forms.ValidationError("The list of sections is not valid: check the list again")
        return [int(n) for n in numbers]


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Select admit or do not admit"},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        required=False,
        max_length=4000,
        help_text="Required when not admitting. The provider is sent these reasons.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Keep the reasons to 4,000 characters or fewer"},
    )
    # The lot's decision as the decider saw it: if someone decided it since, the service refuses.
    expected = forms.CharField(widget=forms.HiddenInput, initial=ApplicationLot.Decision.PENDING)

    def __init__(self, *args, lot=None, **kwargs):
        super().__init__(*args, **kwargs)
        label = f"lot {lot.number}" if lot else "this lot"
        self.fields["decision"].choices = [
            (ApplicationLot.Decision.ADMITTED, f"Admit to {label}"),
            (ApplicationLot.Decision.REJECTED, f"Do not admit to {label}"),
        ]
        if lot is not None:
            self.prefix = f"lot-{lot.number}"
            self.fields["decision"].label = f"Decision on lot {lot.number}: {lot.title}"

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ApplicationLot.Decision.REJECTED
            and not cleaned.get("reasons", "").strip()
        ):
            self.add_error("reasons", "Enter the reasons for not admitting the provider")
        return cleaned


class AdmissionChangeForm(GovukForm):
    reason = reason_field("Reason")
    excluded = forms.BooleanField(
        label="The provider is an excluded supplier",
        required=False,
        help_text=(
            "Under the Procurement Act 2023 a dynamic market must remove a supplier that is or becomes an "
            "excluded supplier. The register records why it was removed."
        ),
    )

    def __init__(self, *args, label: str = "Reason", removal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        if not removal:
            del self.fields["excluded"]
