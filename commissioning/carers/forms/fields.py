"""What the carers hub's forms share: dates (the GOV.UK date input), "yes or no", and the contact route
check."""

from django import forms
from django.utils import timezone

from portal.forms import uk_date_field

YES_NO = [("yes", "Yes"), ("no", "No")]


def date_field(label: str, *, required=True, **kwargs):
    return uk_date_field(label, required=required, **kwargs)


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
