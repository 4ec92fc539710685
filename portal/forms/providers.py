"""A searchable picker of an organisation on the provider register.

Without JavaScript it is a text input: the server matches what was typed against the register (a
Companies House or charity number exactly, else the name). One match is taken; several give a GOV.UK
error naming them so the user can type more; none says so. It works the same at 50,000 providers: numbers
are found through their unique indexes and names through the register's full-text index, a handful of
rows at most.

With JavaScript, static/portal.js turns the input into alphagov's accessible-autocomplete (vendored in
static/vendor/accessible-autocomplete/), fed by the providers app's JSON endpoint
(`providers:search`, for staff who may view the register). A suggestion's text is the provider's
label, "Name (Companies House 01234567)", which the server reads back exactly.

    provider = ProviderPickerField(label="Provider")                    # active providers
    to_provider = ProviderPickerField(label="...", required=False, queryset=Provider.objects.all())
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse

from .messages import label_of, subject

AUTOCOMPLETE_SCRIPT = "vendor/accessible-autocomplete/accessible-autocomplete.min.js"
AUTOCOMPLETE_STYLES = "vendor/accessible-autocomplete/accessible-autocomplete.min.css"
MAX_TYPED = 200
SHOWN_WHEN_SEVERAL = 5
LABELLED_NUMBER = re.compile(r"\((Companies House|charity) ([A-Z0-9]+)\)$", re.IGNORECASE)


def provider_label(provider) -> str:
    """ "Gawsworth House Care Ltd (Companies House 01234567)": the text a suggestion shows and posts."""
    if provider.companies_house_number:
        return f"{provider.name} (Companies House {provider.companies_house_number})"
    if provider.charity_number:
        return f"{provider.name} (charity {provider.charity_number})"
    return provider.name


def default_queryset():
    from commissioning.providers.models import Provider

    return Provider.objects.active()


def match_providers(queryset, text: str, *, limit: int = SHOWN_WHEN_SEVERAL + 1) -> list:
    """The providers `text` may mean, best first: one when it is a label, a number or an exact name;
    otherwise up to `limit` whose names match its words."""
    from commissioning.providers.models import normalise_companies_house_number

    text = " ".join(text.split())
    labelled = LABELLED_NUMBER.search(text)
    if labelled:
        kind, number = labelled[1].lower(), labelled[2].upper()
        field = "companies_house_number" if kind == "companies house" else "charity_number"
        found = list(queryset.filter(**{field: number})[:2])
        if len(found) == 1:
            return found
        text = text[: labelled.start()].strip() or number
    compact = text.replace(" ", "").upper()
    if looks_like_a_number(text):
        by_number = list(
            queryset.filter(companies_house_number=normalise_companies_house_number(compact))[:2]
        ) or list(queryset.filter(charity_number=compact)[:2])
        if by_number:
            return by_number
    exact = list(queryset.filter(name=text)[:2])
    if len(exact) == 1:
        return exact
    found = list(queryset.search(text).order_by("name", "pk")[:limit])
    same_name = [provider for provider in found if provider.name.casefold() == text.casefold()]
    return same_name if len(same_name) == 1 else found


def looks_like_a_number(text: str) -> bool:
    """A Companies House or charity number: 6 to 10 letters and digits, with a digit."""
    compact = text.replace(" ", "").upper()
    return bool(re.fullmatch(r"[A-Z0-9]{6,10}", compact)) and any(c.isdigit() for c in compact)


class ProviderPickerInput(forms.TextInput):
    """The text input, marked for static/portal.js to enhance."""

    def __init__(self, attrs=None):
        super().__init__({"spellcheck": "false", "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-module": "provider-picker",
                "data-source": reverse("providers:search"),
                "data-script": static(AUTOCOMPLETE_SCRIPT),
                "data-stylesheet": static(AUTOCOMPLETE_STYLES),
            }
        )
        return context

    def format_value(self, value):
        if hasattr(value, "companies_house_number"):
            return provider_label(value)
        return super().format_value(value)


class ProviderPickerField(forms.Field):
    widget = ProviderPickerInput
    default_error_messages = {}
    words_its_own_errors = True  # see message()

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", "Provider")
        kwargs.setdefault(
            "help_text",
            "Start typing the organisation's name, or enter its Companies House or charity number",
        )
        self._queryset = queryset
        super().__init__(**kwargs)

    @property
    def queryset(self):
        return self._queryset if self._queryset is not None else default_queryset()

    def message(self, code: str, **params) -> str:
        """The form's own message for `code` (with %(text)s for what was typed), else GOV.UK's."""
        own = self.error_messages.get(code)
        if own and str(own) != str(forms.Field.default_error_messages.get(code)):
            return str(own) % {"text": params.get("text", "")}
        label = label_of(self, "")
        the = subject(label)
        if code == "required":
            return f"Enter {the}'s name, Companies House number or charity number"
        if code == "max_length":
            return f"{label} must be {MAX_TYPED} characters or fewer"
        if code == "null_characters_not_allowed":
            return f"{label} must not include null characters"
        if code == "none_number":
            return (
                f"No provider on the register has the number {params['text']}: check the number, or enter "
                "the organisation's name"
            )
        if code == "none":
            return (
                f"No provider on the register matches “{params['text']}”: check the name, or enter the "
                "Companies House or charity number"
            )
        names = "; ".join(provider_label(p) for p in params["matches"][:SHOWN_WHEN_SEVERAL])
        more = " and others" if len(params["matches"]) > SHOWN_WHEN_SEVERAL else ""
        return (
            f"More than one provider matches “{params['text']}” ({names}{more}): enter more of the name, or "
            "the Companies House or charity number"
        )

    def to_python(self, value):
        if value is None or hasattr(value, "companies_house_number"):
            return value
        text = " ".join(str(value).split())
        if not text:
            return None
        if len(text) > MAX_TYPED:
            raise ValidationError(self.message("max_length"), code="max_length")
        if "\x00" in text:
            raise ValidationError(
                self.message("null_characters_not_allowed"), code="null_characters_not_allowed"
            )
        matches = match_providers(self.queryset, text)
        if not matches:
            code = "none_number" if looks_like_a_number(text) else "none"
            raise ValidationError(self.message(code, text=text), code=code)
        if len(matches) > 1:
            raise ValidationError(self.message("several", text=text, matches=matches), code="several")
        return matches[0]

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.message("required"), code="required")

    def prepare_value(self, value):
        if isinstance(value, int):
            provider = self.queryset.filter(pk=value).first()
            return provider_label(provider) if provider else ""
        return value

    def has_changed(self, initial, data):
        initial_text = provider_label(initial) if hasattr(initial, "companies_house_number") else initial
        return (initial_text or "") != " ".join(str(data or "").split())
