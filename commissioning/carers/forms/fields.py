"""What the carers hub's forms share: dates typed as text, "yes or no", and the contact route check."""

from django import forms
from django.utils import timezone

DATE_HINT = "For example, 27/3/2007"
YES_NO = [("yes", "Yes"), ("no", "No")]


def date_field(
    label: str, *, required=True, help_text=DATE_HINT, past_only=True, **kwargs
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date, like 27/3/2007",
        },
        **kwargs,
    )


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
