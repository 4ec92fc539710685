"""GOV.UK components drawn from Python: the same HTML the template tags give (`templates/components/`).

Tables (django-tables2 columns), services' messages and template tags all call these, so a component has
one definition. Colours of statuses come from the model: a model declares one map per field it shows as a
tag, named `<FIELD>_COLOURS` (`STATUS_COLOURS` for `status`), and every audience sees the same colour.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

# The GOV.UK Frontend tag colours (https://design-system.service.gov.uk/components/tag/).
TAG_COLOURS = frozenset(
    {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow"}
)


def tag(text, colour: str | None = None) -> SafeString:
    """<strong class="govuk-tag govuk-tag--green">Active</strong>; no colour is GOV.UK's default blue."""
    if colour is None or colour == "":
        return format_html('<strong class="govuk-tag">{}</strong>', text)
    if colour not in TAG_COLOURS:
        raise ValueError(f"{colour!r} is not a GOV.UK tag colour: use one of {sorted(TAG_COLOURS)}")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def colours_for(model, field: str = "status") -> dict:
    """The model's status-to-colour map for `field` (`STATUS_COLOURS` for "status")."""
    try:
        return getattr(model, f"{field.upper()}_COLOURS")
    except AttributeError:
        raise AttributeError(
            f"{model.__name__} has no {field.upper()}_COLOURS: declare its {field}-to-colour map on the model"
        ) from None


def status_colour(obj, field: str = "status") -> str:
    """The colour of `obj`'s current `field` value (grey when the map does not name it)."""
    return colours_for(type(obj), field).get(getattr(obj, field), "grey")


def status_tag(obj, field: str = "status") -> SafeString:
    """The tag for `obj`'s `field`: its display label in the colour the model's map gives it."""
    display = getattr(obj, f"get_{field}_display", None)
    label = display() if display else getattr(obj, field)
    return tag(label, status_colour(obj, field))


def warning_text(text) -> SafeString:
    return format_html(
        '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>'
        '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>{}'
        "</strong></div>",
        text,
    )
