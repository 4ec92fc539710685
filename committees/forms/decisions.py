"""The decisions register's form: a committee's decision (often from a minute's resolution) or an
officer's delegated decision."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm, uk_date_field

from ..models import Committee, Decision, Meeting, Minute, Person, Report


class DecisionForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the title", "max_length": "Title must be 300 characters or fewer"},
    )
    decision = forms.CharField(
        label="Decision",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter the decision",
            "max_length": "Decision must be 5000 characters or fewer",
        },
    )
    maker = forms.ChoiceField(
        label="Decision maker",
        choices=Decision.Maker.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who made the decision",
            "invalid_choice": "Select who made the decision",
        },
    )
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.order_by("name"),
        required=False,
        empty_label="Select a committee",
        error_messages={"invalid_choice": "Select a committee from the list"},
    )
    officer_name = forms.CharField(
        label="Delegated officer",
        required=False,
        max_length=200,
        help_text="For an officer's decision: their name as the people register records it.",
        error_messages={"max_length": "Delegated officer must be 200 characters or fewer"},
    )
    report = forms.ModelChoiceField(
        label="Report",
        queryset=Report.objects.none(),
        required=False,
        empty_label="No report",
        help_text="The report the decision was made on (reports on this meeting's agenda).",
        error_messages={"invalid_choice": "Select a report from the list"},
    )
    decided_on = uk_date_field("Date of decision")
    key_decision = forms.BooleanField(label="This is a key decision", required=False)
    call_in = forms.BooleanField(
        label="Subject to call-in",
        required=False,
        initial=True,
        help_text="The call-in deadline is worked out when the decision is published.",
    )

    def __init__(self, *args, meeting: Meeting | None = None, minute: Minute | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting, self.minute = meeting, minute
        if meeting is not None:
            self.fields["report"].queryset = Report.objects.filter(agenda_items__meeting=meeting).distinct()
        else:
            del self.fields["report"]

    def clean_officer_name(self) -> Person | None:
        name = " ".join(self.cleaned_data["officer_name"].split())
        if not name:
            return None
        person = Person.objects.filter(name__iexact=name).first()
        if person is None:
            raise forms.ValidationError(f"No one called “{name}” is in the people register: check the name")
        return person

    def clean(self):
        cleaned = super().clean()
        maker = cleaned.get("maker")
        if (
            maker == Decision.Maker.COMMITTEE
            and not cleaned.get("committee")
            and "committee" not in self.errors
        ):
            self.add_error("committee", "Select the committee that made the decision")
        if (
            maker == Decision.Maker.OFFICER
            and not cleaned.get("officer_name")
            and "officer_name" not in self.errors
        ):
            self.add_error("officer_name", "Enter the name of the officer who made the decision")
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "decision": data["decision"],
            "maker": data["maker"],
            "committee": data.get("committee"),
            "officer": data.get("officer_name"),
            "meeting": self.meeting,
            "minute": self.minute,
            "report": data.get("report"),
            "decided_on": data["decided_on"],
            "key_decision": data["key_decision"],
            "call_in": data["call_in"],
        }
