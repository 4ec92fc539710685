"""Django forms drawn as GOV.UK Design System form groups, through one form renderer, with GOV.UK's
error wording.

`{{ form }}` in any template renders every field as a GOV.UK form group: label (or legend), hint,
inline error and the right component for the widget (the date input for dates). Pages put
`{% error_summary form %}` at the top. No page writes field HTML by hand.

Every form subclasses `GovukForm` or `GovukModelForm` (or mixes `GovukFormMixin` into a form it takes
from a library): each field's messages come from its label and kind ("Enter the organisation name",
"Organisation name must be 200 characters or fewer") unless the form sets its own. Dates are
`uk_date_field(...)`, posted as `<name>-day`, `<name>-month` and `<name>-year`.
"""

from .base import GovukForm, GovukFormMixin, GovukModelForm, govuk_password_errors
from .dates import (
    FUTURE_DATE_HINT,
    TIME_INPUT_FORMATS,
    GovukDateField,
    GovukDateInput,
    UKTimeField,
    date_order_error,
    govuk_date_text,
    read_date,
    uk_date_field,
    uk_datetime,
    uk_time_field,
)
from .messages import apply_govuk_messages, derived_messages, label_of, subject
from .rendering import (
    INPUT_CLASSES,
    GOVUKFormRenderer,
    add_validation_errors,
    described_by,
    first_input_id,
    render_widget,
    widget_kind,
)

__all__ = [
    "FUTURE_DATE_HINT",
    "INPUT_CLASSES",
    "TIME_INPUT_FORMATS",
    "GOVUKFormRenderer",
    "GovukDateField",
    "GovukDateInput",
    "GovukForm",
    "GovukFormMixin",
    "GovukModelForm",
    "UKTimeField",
    "add_validation_errors",
    "apply_govuk_messages",
    "date_order_error",
    "derived_messages",
    "described_by",
    "first_input_id",
    "govuk_date_text",
    "govuk_password_errors",
    "label_of",
    "read_date",
    "render_widget",
    "subject",
    "uk_date_field",
    "uk_datetime",
    "uk_time_field",
    "widget_kind",
]
