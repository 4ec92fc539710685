"""GOV.UK error wording, derived from each field's label and kind.

The GOV.UK Design System's templates (text input, radios, checkboxes, file upload, date input, email
address): "Enter the payment date", "Select the committee", "Name must be 200 characters or fewer",
"Amount must be a number", "Beds must be 0 or more", "The selected file is empty". A form keeps any
message it sets itself; every message still equal to Django's default is replaced, so no Django wording
reaches a user.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from django import forms
from django.core import validators
from django.forms.utils import pretty_name

# Codes whose ValidationError carries params (Django formats the message with them): a "%" in a derived
# message must be doubled there, and only there.
PARAM_CODES = {
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "step_size",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "invalid_choice",
    "invalid_pk_value",
    "null_characters_not_allowed",
    "unique",
    "unique_for_date",
}

# Words that already make a noun phrase: "Enter how many…", "Select who declared…", "Enter your name".
DETERMINERS = (
    "the ",
    "a ",
    "an ",
    "your ",
    "their ",
    "its ",
    "this ",
    "these ",
    "any ",
    "each ",
    "every ",
    "how ",
    "what ",
    "who ",
    "whom ",
    "why ",
    "when ",
    "where ",
    "which ",
    "whether ",
    "if ",
)


def label_of(field: forms.Field, name: str = "") -> str:
    """The field's label as a name for messages: "Amount (£)" is "Amount", "What has happened?" is
    "What has happened"."""
    label = field.label if field.label is not None else pretty_name(name)
    label = " ".join(str(label).split())
    label = re.sub(r"\s*\([^()]*\)$", "", label)
    label = label.rstrip(":?.").strip()
    return label or "This"


def lower_first(text: str) -> str:
    """Lower-case a label's first letter unless it starts a proper name or an acronym ("Companies House
    number", "CQC provider ID", "I declare")."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    if first == "I" or any(c.isupper() or c.isdigit() for c in first[1:]):
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return first[:1].lower() + text[len(first[:1]) :]


def subject(label: str) -> str:
    """ "Payment date" -> "the payment date"; "How many hours…" stays as it is."""
    text = lower_first(label)
    if text.lower().startswith(DETERMINERS):
        return text
    return f"the {text}"


def is_question(field: forms.Field) -> bool:
    """A label that asks a question ("How should we contact the carer?") makes no phrase after "Enter" or
    "Select": such a field says what it wants in its own required message."""
    return str(field.label or "").strip().endswith("?")


def field_kind(field: forms.Field) -> str:
    """What GOV.UK's templates call the field: text, number, whole-number, choice, multiple-choice,
    boolean, file, email, url, date or time."""
    if getattr(field, "govuk_kind", None) == "date":  # GovukDateField (dates.py imports this module)
        return "date"
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return "boolean"
    if isinstance(field, forms.FileField):
        return "file"
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return "multiple-choice"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "choice"
    if isinstance(field, forms.DecimalField | forms.FloatField):  # both subclass IntegerField
        return "number"
    if isinstance(field, forms.IntegerField):
        return "whole-number"
    if isinstance(field, forms.EmailField):
        return "email"
    if isinstance(field, forms.URLField):
        return "url"
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return "date"
    if isinstance(field, forms.TimeField):
        return "time"
    return "text"


def number(value) -> str:
    """1000000 -> "1,000,000"; Decimal("0.01") -> "0.01"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) >= 1000:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def validator_limit(field: forms.Field, kind: type, attribute: str):
    for validator in field.validators:
        if isinstance(validator, kind):
            limit = validator.limit_value
            return limit() if callable(limit) else limit
    return getattr(field, attribute, None)


def derived_messages(field: forms.Field, name: str = "") -> dict[str, str]:
    """GOV.UK messages for every error this field can raise, from its label and kind."""
    label = label_of(field, name)
    the = subject(label)
    kind = field_kind(field)
    is_select = isinstance(field.widget, forms.Select) and not isinstance(
        field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
    )
    from_where = "from the list" if is_select else "from the options"

    messages: dict[str, str] = {}
    if kind in {"choice", "multiple-choice"}:
        messages["required"] = f"Select {the}"
        messages["invalid_choice"] = f"Select {the} {from_where}"
        messages["invalid_pk_value"] = f"Select {the} {from_where}"
        messages["invalid_list"] = f"Select {the} {from_where}"
        messages["list"] = f"Select {the}"
    elif kind == "boolean":
        messages["required"] = f"Select “{label}” to continue"
    elif kind == "file":
        messages["required"] = f"Select {the}"
        messages["empty"] = "The selected file is empty"
        messages["missing"] = "The selected file could not be uploaded – try again"
        messages["invalid"] = "The selected file could not be uploaded – try again"
        messages["contradiction"] = f"Select a new file for {the} or remove the old one, not both"
        messages["invalid_image"] = "The selected file must be a picture, like a JPG or PNG file"
        if getattr(field, "max_length", None):
            messages["max_length"] = (
                f"The selected file’s name must be {number(field.max_length)} characters or fewer"
            )
    else:
        messages["required"] = f"Enter {the}"
    question = str(field.label or "").strip().endswith("?")
    if question and kind != "boolean":
        # "Select how should we contact the carer" would not be English: name the question instead.
        # Forms give such fields their own message (the portal-wide form test checks that they do).
        quoted = f"“{label}?”"
        verb = "Enter" if kind not in {"choice", "multiple-choice", "file"} else "Select"
        messages["required"] = f"{verb} an answer to {quoted}"
        for code in ("invalid_choice", "invalid_pk_value", "invalid_list"):
            if code in messages:
                messages[code] = f"Select one of the options for {quoted}"

    if kind == "whole-number":
        messages["invalid"] = f"{label} must be a whole number"
    elif kind == "number":
        messages["invalid"] = f"{label} must be a number"
    elif kind == "email":
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif kind == "url":
        messages["invalid"] = "Enter a web address in the correct format, like https://www.example.com"
    elif kind == "date":
        messages["invalid"] = f"{label} must be a real date"
    elif kind == "time":
        messages["invalid"] = f"{label} must be a real time, like 09:00 or 5:30pm"
    elif kind == "text":
        messages["invalid"] = f"Enter {the} in the correct format"

    if kind not in {"file"}:
        longest = validator_limit(field, validators.MaxLengthValidator, "max_length")
        shortest = validator_limit(field, validators.MinLengthValidator, "min_length")
        if longest is not None and shortest:
            between = f"{label} must be between {number(shortest)} and {number(longest)} characters"
            messages["max_length"] = messages["min_length"] = between
        else:
            if longest is not None:
                messages["max_length"] = f"{label} must be {number(longest)} characters or fewer"
            if shortest:
                messages["min_length"] = f"{label} must be {number(shortest)} characters or more"

    if kind in {"number", "whole-number"}:
        highest = validator_limit(field, validators.MaxValueValidator, "max_value")
        lowest = validator_limit(field, validators.MinValueValidator, "min_value")
        fewer = "fewer" if kind == "whole-number" else "less"
        if highest is not None and lowest is not None:
            messages["max_value"] = messages["min_value"] = (
                f"{label} must be between {number(lowest)} and {number(highest)}"
            )
        else:
            if highest is not None:
                messages["max_value"] = f"{label} must be {number(highest)} or {fewer}"
            if lowest is not None:
                messages["min_value"] = f"{label} must be {number(lowest)} or more"
        step = getattr(field, "step_size", None)
        messages["step_size"] = f"{label} must be a multiple of {number(step) if step else 1}"
        digits, places = getattr(field, "max_digits", None), getattr(field, "decimal_places", None)
        if digits is not None:
            whole = digits - (places or 0)
            messages["max_digits"] = messages["max_whole_digits"] = (
                f"{label} must be less than {number(10**whole)}"
            )
        if places is not None:
            messages["max_decimal_places"] = (
                f"{label} must be a whole number"
                if places == 0
                else f"{label} must have {places} decimal place{'s' if places != 1 else ''} or fewer"
            )
    # Limits the form field does not know (a model field's own validators, such as the largest integer
    # PostgreSQL stores): the limit comes from the error's params.
    escaped = label.replace("%", "%%")
    generic = {
        "max_value": f"{escaped} must be %(limit_value)s or {'fewer' if kind == 'whole-number' else 'less'}",
        "min_value": f"{escaped} must be %(limit_value)s or more",
        "max_length": f"{escaped} must be %(limit_value)s characters or fewer",
        "min_length": f"{escaped} must be %(limit_value)s characters or more",
    }
    for code, message in generic.items():
        if code not in messages:
            messages[code] = RAW + message
    messages["null_characters_not_allowed"] = f"{label} must not include null characters"
    return {code: params_safe(code, message) for code, message in messages.items()}


RAW = "\x00raw:"  # marks a message that already has its params placeholders (and "%%" for "%")


def params_safe(code: str, message: str) -> str:
    if message.startswith(RAW):
        return message[len(RAW) :]
    return message.replace("%", "%%") if code in PARAM_CODES else message


def django_default(field: forms.Field, code: str) -> str | None:
    """Django's own message for `code` on this field's class (as Field.__init__ gathers them)."""
    for cls in type(field).__mro__:
        defaults = getattr(cls, "default_error_messages", None) or {}
        if code in defaults:
            return str(defaults[code])
    return None


def apply_govuk_messages(field: forms.Field, name: str = "") -> None:
    """Put GOV.UK wording in place of every message of the field's own class that the form did not set.
    Messages that validators raise (too long, too big, NUL bytes) are reworded after validation by
    `reword_default_error`, and only when the validator's message is Django's, so a validator with its
    own message (a Companies House number's format) keeps it. Fields that word their own errors (the
    date input, the provider picker) are left alone."""
    if getattr(field, "words_its_own_errors", False):
        return
    derived = None
    for code, current in list(field.error_messages.items()):
        if str(current) == django_default(field, code):
            derived = derived or derived_messages(field, name)
            if code in derived:
                field.error_messages[code] = derived[code]


def reword_default_error(field: forms.Field, name: str, error) -> None:
    """Give an error raised with Django's default message (by a validator, a model check or a lookup)
    the field's GOV.UK message for its code."""
    if getattr(field, "words_its_own_errors", False) or not is_django_default(error.message):
        return
    derived = derived_messages(field, name)
    message = derived.get(error.code) or derived["invalid" if "invalid" in derived else "required"]
    if not error.params:
        message = message.replace("%%", "%")
    error.message = message


@functools.cache
def django_default_messages() -> tuple[list, frozenset[str]]:
    """Django's default messages: the objects (a plural message is a lazy object whose text is empty
    until formatted, so it is known by identity) and the texts."""
    import django.db.models.fields
    import django.forms.fields
    import django.forms.models

    objects = []
    for obj in vars(validators).values():
        if isinstance(obj, type):
            if hasattr(obj, "message"):
                objects.append(obj.message)
            if isinstance(getattr(obj, "messages", None), dict):
                objects.extend(obj.messages.values())  # DecimalValidator
    for module in (django.forms.fields, django.forms.models, django.db.models.fields):
        for obj in vars(module).values():
            if isinstance(obj, type):
                objects.extend(getattr(obj, "default_error_messages", {}).values())
    texts = frozenset(text for text in (str(o) for o in objects) if text)
    return objects, texts


def is_django_default(message) -> bool:
    objects, texts = django_default_messages()
    if any(message is default for default in objects):
        return True
    text = str(message)
    return bool(text) and text in texts
