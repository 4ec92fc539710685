"""Dates through the GOV.UK date input (day, month and year fields) and times as one text input.

`uk_date_field("Payment date")` posts as `paid_on-day`, `paid_on-month`, `paid_on-year` and is drawn as a
GOV.UK fieldset: legend, hint ("For example, 27 3 2007"), error message, and `govuk-input--error` only on
the part at fault. Its messages are the Design System's ("Enter the payment date", "Payment date must
include a month", "Payment date must be a real date", "Payment date must be in the past"). A date and a time
(a bid deadline, a window's opening) are this field plus `uk_time_field`, combined with `uk_datetime`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy

from .messages import label_of, subject

PARTS = ("day", "month", "year")
MONTH_NAMES = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$", re.IGNORECASE)

# The caller's rules about when the date may be, in GOV.UK's words.
MUST_BE = {
    "past": ("must be in the past", lambda value, today: value < today),
    "today_or_past": ("must be today or in the past", lambda value, today: value <= today),
    "future": ("must be in the future", lambda value, today: value > today),
    "today_or_future": ("must be today or in the future", lambda value, today: value >= today),
}


@dataclass(frozen=True)
class DateReading:
    """What the three fields say: a date, or the problem and the parts at fault."""

    value: datetime.date | None
    problem: str | None = None  # "required", "incomplete", "year_digits" or "invalid"
    parts: tuple[str, ...] = ()


def read_date(day, month, year) -> DateReading:
    """Read the day, month and year as typed (GOV.UK: accept "03", "3rd", "March" or "mar")."""
    typed = {
        "day": str(day or "").strip(),
        "month": str(month or "").strip(),
        "year": str(year or "").strip(),
    }
    missing = tuple(part for part in PARTS if not typed[part])
    if len(missing) == len(PARTS):
        return DateReading(None, "required", PARTS)
    if missing:
        return DateReading(None, "incomplete", missing)
    wrong = []
    day_match = DAY.match(typed["day"])
    day_number = int(day_match[1]) if day_match else None
    if day_number is None or not 1 <= day_number <= 31:
        wrong.append("day")
    month_text = typed["month"].lower().rstrip(".")
    month_number = int(month_text) if month_text.isdigit() else MONTH_NAMES.get(month_text)
    if month_number is None or not 1 <= month_number <= 12:
        wrong.append("month")
    if not typed["year"].isdigit():
        wrong.append("year")
    if wrong:
        return DateReading(None, "invalid", tuple(wrong))
    if len(typed["year"]) != 4:
        return DateReading(None, "year_digits", ("year",))
    try:
        return DateReading(datetime.date(int(typed["year"]), month_number, day_number))
    except ValueError:
        # 31 February: not clear which part is wrong, so the whole date is.
        return DateReading(None, "invalid", PARTS)


def and_list(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class GovukDateInput(forms.Widget):
    """Three text inputs named <name>-day, <name>-month and <name>-year (see forms/govuk/date_input.html).
    The renderer passes `error_parts` (the parts to mark as wrong) in attrs."""

    template_name = "forms/govuk/date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None, *, autocomplete: str | None = None):
        super().__init__(attrs)
        self.autocomplete = autocomplete  # "bday" for a date of birth

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}-{part}" not in data for part in PARTS)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_

    def format_value(self, value):
        return date_parts(value)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        error_parts = attrs.pop("error_parts", ())
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id") or f"id_{name}"
        values = self.format_value(value)
        context["widget"]["id"] = id_
        context["widget"]["parts"] = [
            {
                "part": part,
                "label": part.capitalize(),
                "name": f"{name}-{part}",
                "id": f"{id_}-{part}",
                "value": values[index],
                "width": 4 if part == "year" else 2,
                "error": part in error_parts,
                "autocomplete": f"{self.autocomplete}-{part}" if self.autocomplete else "",
            }
            for index, part in enumerate(PARTS)
        ]
        return context


def date_parts(value) -> list[str]:
    """A date, or the three texts as typed, as the three inputs' values."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, list | tuple) and len(value) == 3:
        return ["" if v is None else str(v) for v in value]
    if isinstance(value, str) and value:
        try:
            return date_parts(datetime.date.fromisoformat(value))
        except ValueError:
            pass
    return ["", "", ""]


def example_hint(must_be: str | None) -> str:
    """ "For example, 27 3 2007", or a date next year for a date that must be in the future (GOV.UK: the
    example must be a valid answer)."""
    if must_be in {"future", "today_or_future"}:
        return f"For example, 27 3 {timezone.localdate().year + 1}"
    return "For example, 27 3 2007"


# The hint for a date that the form requires to be in the future (a deadline, a start date).
FUTURE_DATE_HINT = lazy(example_hint, str)("future")


class GovukDateField(forms.Field):
    widget = GovukDateInput
    govuk_kind = "date"  # what messages.field_kind reads, without importing this module
    default_error_messages = {}
    words_its_own_errors = True  # see message()

    def __init__(self, *, must_be: str | None = None, autocomplete: str | None = None, **kwargs):
        if must_be is not None and must_be not in MUST_BE:
            raise ValueError(f"must_be is one of {', '.join(MUST_BE)}")
        self.must_be = must_be
        kwargs.setdefault("help_text", lazy(example_hint, str)(must_be))
        kwargs.setdefault("widget", GovukDateInput(autocomplete=autocomplete))
        super().__init__(**kwargs)

    def message(self, code: str, reading: DateReading | None = None) -> str:
        """The caller's message for `code` if it set one, else GOV.UK's."""
        own = self.error_messages.get(code)
        if own and str(own) != str(forms.Field.default_error_messages.get(code)):
            return str(own)
        label = label_of(self, "")
        if code == "required":
            return f"Enter {subject(label)}"
        if code == "incomplete":
            return f"{label} must include a {and_list(reading.parts)}"
        if code == "year_digits":
            return f"{label} must include a year with 4 numbers"
        if code in MUST_BE:
            return f"{label} {MUST_BE[code][0]}"
        return f"{label} must be a real date"

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            value = date_parts(value) if value else None
        if not value or not any(str(v or "").strip() for v in value):
            return None
        if not isinstance(value, list | tuple) or len(value) != 3:
            raise ValidationError(self.message("invalid"), code="invalid")
        reading = read_date(*value)
        if reading.problem:
            raise ValidationError(self.message(reading.problem, reading), code=reading.problem)
        return reading.value

    def validate(self, value):
        if value is None:
            if self.required:
                raise ValidationError(self.message("required"), code="required")
            return
        if self.must_be:
            _, allowed = MUST_BE[self.must_be]
            if not allowed(value, timezone.localdate()):
                raise ValidationError(self.message(self.must_be), code=self.must_be)

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        initial = initial.date() if isinstance(initial, datetime.datetime) else initial
        return initial != data


def error_parts(bound_field) -> tuple[str, ...]:
    """The parts to mark as wrong: the ones the reading blames, or the whole date for any other error
    (a rule such as "must be in the past", or a form's own check)."""
    if not bound_field.errors:
        return ()
    if bound_field.form.is_bound:
        reading = read_date(*date_parts(bound_field.value()))
        if reading.problem and reading.problem != "required":
            return reading.parts
    return PARTS


def uk_date_field(
    label: str,
    *,
    required: bool = True,
    required_message: str | None = None,
    must_be: str | None = None,
    autocomplete: str | None = None,
    **kwargs,
) -> GovukDateField:
    """A date through the GOV.UK date input. `must_be` is "past", "today_or_past", "future" or
    "today_or_future"; `autocomplete="bday"` for a date of birth. Other rules go in the form's clean()
    with GOV.UK's wording (see `date_order_error`)."""
    error_messages = kwargs.pop("error_messages", {})
    if required_message:
        error_messages["required"] = required_message
    return GovukDateField(
        label=label,
        required=required,
        must_be=must_be,
        autocomplete=autocomplete,
        error_messages=error_messages,
        **kwargs,
    )


def govuk_date_text(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def date_order_error(
    form, later: str, earlier: str, *, allow_same: bool = True, description: str | None = None
) -> bool:
    """Add GOV.UK's error to `later` when it comes before the date in `earlier` ("End date must be the
    same as or after 1 April 2022, the start date"); True when it did."""
    first, second = form.cleaned_data.get(earlier), form.cleaned_data.get(later)
    if not first or not second or later in form.errors:
        return False
    if second > first or (allow_same and second == first):
        return False
    relation = "the same as or after" if allow_same else "after"
    what = description or subject(label_of(form.fields[earlier], earlier))
    label = label_of(form.fields[later], later)
    form.add_error(later, f"{label} must be {relation} {govuk_date_text(first)}, {what}")
    return True


# Times ------------------------------------------------------------------------------------------------

TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H%M", "%I:%M%p", "%I.%M%p", "%I%p"]


class UKTimeField(forms.TimeField):
    """A time typed as 14:30, 9.30, 9:30am, 5pm, noon or midnight (UK time: the caller adds the date)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").upper()
            if value in {"MIDNIGHT", "12AM"}:
                value = "00:00"
            elif value in {"MIDDAY", "NOON", "12PM"}:
                value = "12:00"
        return super().to_python(value)


def uk_time_field(label: str, *, required_message: str | None = None, **kwargs) -> UKTimeField:
    error_messages = {
        "required": required_message or f"Enter the {label.lower()}",
        "invalid": f"Enter the {label.lower()} as a time, like 09:00 or 17:30",
        **kwargs.pop("error_messages", {}),
    }
    return UKTimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        help_text=kwargs.pop("help_text", "UK time, for example 09:00, 17:00 or 5pm"),
        error_messages=error_messages,
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        **kwargs,
    )


def uk_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time typed in UK time, as an aware datetime (BST or GMT as that day has it)."""
    return timezone.make_aware(datetime.datetime.combine(day, time), timezone.get_default_timezone())
