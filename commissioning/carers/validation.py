"""Plausible data, checked the same way by the forms and the services, with GOV.UK messages.

- Date of birth: between 5 and 110 years before the referral date. The lower bound is 5 because that is
  the youngest age at which the Census counts unpaid carers (Census 2021 asked everyone aged 5 and over,
  ONS table TS039), and young carers of that age are real: the hub supports all ages, so a lower bound of
  18 or 16 would turn away the young carers the strategy names. The upper bound, 110, is above the oldest
  people alive in the UK with room to spare; older dates are typing mistakes (1926 for 1962).
- Telephone: a UK number (10 or 11 digits from 0, or +44), like 01632 960 001, 07700 900 982 or
  +44 808 157 0192; spaces, brackets and hyphens allowed.
- Postcode: a full UK postcode (commissioning.providers.models.normalise_postcode).
- Email: Django's email validator, with GOV.UK's message.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portal.timefmt import govuk_date

from .models.people import PHONE_MESSAGE
from .normalise import is_uk_phone, phone_key

YOUNGEST = 5
OLDEST = 110
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def date_of_birth_problem(value: date | None, on: date, *, latest_on: date | None = None) -> str | None:
    """What is wrong with a date of birth for a carer referred on `on` (and still with the hub on
    `latest_on`, when a record is corrected later), or None."""
    if value is None:
        return None
    if value > on:
        return "Date of birth must be today or in the past"
    youngest = years_before(on, YOUNGEST)
    if value > youngest:
        return f"Date of birth must be the same as or before {govuk_date(youngest)}: a carer is 5 or older"
    oldest = years_before(latest_on or on, OLDEST)
    if value < oldest:
        return f"Date of birth must be the same as or after {govuk_date(oldest)}: a carer is 110 or younger"
    return None


def check_date_of_birth(value: date | None, on: date, *, latest_on: date | None = None) -> None:
    problem = date_of_birth_problem(value, on, latest_on=latest_on)
    if problem:
        raise ValidationError({"date_of_birth": problem})


def phone_problem(value: str) -> str | None:
    return PHONE_MESSAGE if value and not is_uk_phone(value) else None


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def is_mobile(value: str) -> bool:
    """A UK mobile number (07...), which can be sent a text message."""
    return is_uk_phone(value) and phone_key(value).startswith("07")
