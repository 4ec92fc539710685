"""Forms for the service catalogue (Levels of Need): a service's details, and the reason for retiring or
reinstating it."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm

from ..models import Need


def reason_field(label: str = "Reason for the change") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="This is kept in the history",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason: it is kept in the history",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class CatalogueServiceForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="As staff choose it when allocating support",
        error_messages={
            "required": "Enter the service's name",
            "max_length": "The service's name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the service offers a carer",
        error_messages={"max_length": "The description must be 2000 characters or fewer"},
    )
    tier = forms.ChoiceField(
        label="Level of need",
        choices=Need.choices,
        widget=forms.RadioSelect,
        help_text="Moderate and high need services are allocated by a social care assessor",
        error_messages={
            "required": "Select the level of need",
            "invalid_choice": "Select the level of need",
        },
    )
    reason = reason_field()


class CatalogueReasonForm(GovukForm):
    reason = reason_field("Reason")
