"""Forms for a committee's ending (abolished or merged) and its reinstatement."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm, uk_date_field


def reason_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason: it is kept in the history",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class EndCommitteeForm(GovukForm):
    ended_on = uk_date_field(
        "Date the committee ended",
        required_message="Enter the date the committee ended",
        help_text="For example, 17 5 2023. Its meetings after this date must be cancelled or moved first",
    )
    reason = reason_field(
        "Why did it end?",
        "For example, merged into the Adults and Health Committee by Council on 17 May 2023",
    )


class ReinstateCommitteeForm(GovukForm):
    reason = reason_field("Why is it reinstated?", "This is kept in the history")
