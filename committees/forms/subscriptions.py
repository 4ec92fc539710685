"""The form to subscribe to a committee's emails."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm

from ..models import Subscription


class SubscribeForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link to confirm. Nothing is sent until you follow it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    events = forms.MultipleChoiceField(
        label="What do you want to be emailed about?",
        choices=Subscription.Event.choices,
        initial=[event for event, _ in Subscription.Event.choices],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select what you want to be emailed about",
            "invalid_choice": "Select what you want to be emailed about",
        },
    )
