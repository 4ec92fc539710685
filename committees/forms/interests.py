"""Forms for the register of members' interests: an entry (added or corrected) and its ending."""

from __future__ import annotations

from django import forms

from commissioning.providers.models import normalise_companies_house_number
from portal.forms import GovukForm, GovukModelForm, govuk_date_text, uk_date_field

from ..models import RegisteredInterest


class InterestForm(GovukModelForm):
    registered_from = uk_date_field(
        "Registered from",
        required_message="Enter the date the interest was registered from",
        help_text="For example, 1 4 2021",
    )
    registered_to = uk_date_field(
        "Until", required=False, help_text="Leave empty while the interest continues."
    )

    class Meta:
        model = RegisteredInterest
        fields = [
            "kind",
            "organisation",
            "companies_house_number",
            "details",
            "registered_from",
            "registered_to",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3}),
            "companies_house_number": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        error_messages = {
            "kind": {
                "required": "Select the kind of interest",
                "invalid_choice": "Select the kind of interest",
            },
            "details": {
                "required": "Enter the details of the interest",
                "max_length": "Details must be 1000 characters or fewer",
            },
            "organisation": {"max_length": "Organisation must be 200 characters or fewer"},
            "companies_house_number": {"max_length": "Enter a Companies House number of 8 characters"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RegisteredInterest.Kind.choices  # radios: no blank "---------" one

    def clean_companies_house_number(self):
        return normalise_companies_house_number(self.cleaned_data["companies_house_number"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("registered_from"), cleaned.get("registered_to")
        if start and end and end < start:
            self.add_error("registered_to", f"Until must be the same as or after {govuk_date_text(start)}")
        return cleaned


class EndInterestForm(GovukForm):
    registered_to = uk_date_field(
        "Last day of the interest",
        required_message="Enter the last day of the interest",
        help_text="For example, 31 3 2023",
    )

    def __init__(self, *args, interest: RegisteredInterest, **kwargs):
        super().__init__(*args, **kwargs)
        self.interest = interest

    def clean_registered_to(self):
        end = self.cleaned_data["registered_to"]
        if end < self.interest.registered_from:
            raise forms.ValidationError(
                "Last day of the interest must be the same as or after "
                f"{govuk_date_text(self.interest.registered_from)}, when it was registered from"
            )
        return end
