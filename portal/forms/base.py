"""The base classes every form in the portal derives from: GOV.UK wording for every error (see
messages.py), for fields added in __init__ too, and for the model's own checks in a ModelForm."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .messages import (
    apply_govuk_messages,
    derived_messages,
    django_default,
    label_of,
    reword_default_error,
)

# Django's model-level messages that no form field owns (unique together, constraints).
MODEL_DEFAULTS = {
    "unique_together": re.compile(r"^.+ with this .+ already exists\.$"),
    "constraint": re.compile(r"^Constraint “.+” is violated\.$"),
    "unique": re.compile(r"^.+ with this .+ already exists\.$"),
}


class GovukFormMixin:
    """Mix into any form (Django's own auth forms included) to give it GOV.UK error wording."""

    def full_clean(self):
        for name, field in self.fields.items():
            apply_govuk_messages(field, name)
        super().full_clean()
        self._govuk_reword_raised_errors()

    def _govuk_reword_raised_errors(self) -> None:
        """Errors raised with Django's default message (validators, the model's checks, a lookup that
        raises its own error such as a NUL byte in a choice) get the field's GOV.UK message."""
        for name, errors in (getattr(self, "_errors", None) or {}).items():
            field = self.fields.get(name)
            if field is None:
                continue
            for error in errors.as_data():
                reword_default_error(field, name, error)


def set_message(error: ValidationError, text: str) -> None:
    """Django formats a message with its params only when it has some: double "%" only then."""
    error.message = text.replace("%", "%%") if error.params else text


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    def _model_field(self, name: str):
        try:
            return self._meta.model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a form field that is not a model field
            return None

    def _update_errors(self, errors):
        error_dict = (
            errors.error_dict if hasattr(errors, "error_dict") else {NON_FIELD_ERRORS: errors.error_list}
        )
        for field, messages in error_dict.items():
            for message in messages:
                if isinstance(message, ValidationError):
                    self._govuk_model_message(field, message)
        super()._update_errors(errors)

    def _govuk_model_message(self, field: str, error: ValidationError) -> None:
        """Reword the model's own check when its message is still Django's (a model field's custom
        message, like "Select at least one area the organisation serves", is kept)."""
        text = str(error.message)
        if field in self.fields and error.code in {"blank", "null"}:
            model_field = self._model_field(field)
            if model_field is not None and text == django_default(model_field, error.code):
                set_message(error, derived_messages(self.fields[field], field)["required"])
            return
        if not any(pattern.match(text % (error.params or {})) for pattern in MODEL_DEFAULTS.values()):
            return
        model = self._meta.model._meta.verbose_name
        params = error.params or {}
        names = params.get("unique_check") or ()
        labels = [
            label_of(self.fields[name], name).lower() if name in self.fields else str(name) for name in names
        ]
        if error.code == "unique" and len(labels) <= 1 and field in self.fields:
            label = label_of(self.fields[field], field)
            set_message(error, f"There is already a {model} with this {label.lower()}")
            return
        if labels:
            joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
            set_message(error, f"There is already a {model} with this {joined}")
        else:
            set_message(error, f"These details are the same as another {model}’s: change them")


def govuk_password_errors(error: ValidationError, label: str = "Password") -> list[str]:
    """Django's password validators' messages in GOV.UK's words."""
    messages = []
    for item in error.error_list:
        params = item.params or {}
        if item.code == "password_too_short":
            messages.append(f"{label} must be {params.get('min_length', 12)} characters or more")
        elif item.code == "password_too_common":
            messages.append(f"{label} is too common: choose one that is harder to guess")
        elif item.code == "password_entirely_numeric":
            messages.append(f"{label} must include letters or symbols, not only numbers")
        elif item.code == "password_too_similar":
            messages.append(
                f"{label} is too like your {params.get('verbose_name', 'details')}: choose another one"
            )
        else:
            messages.append(" ".join(item.messages))
    return messages
