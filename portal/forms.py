"""Django forms drawn as GOV.UK Design System form groups, through one form renderer.

`{{ form }}` in any template renders every field as a GOV.UK form group: label (or legend), hint,
inline error and the right component for the widget. Pages put `{% error_summary form %}` at the top.
No page writes field HTML by hand.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting


class GOVUKFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"


INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def widget_kind(bound_field) -> str:
    """Which GOV.UK component draws this field: input, textarea, select, file, checkbox, checkboxes,
    radios or hidden."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def described_by(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


def render_widget(bound_field):
    """The field's own control, with the GOV.UK classes and aria-describedby pointing at hint and error."""
    kind = widget_kind(bound_field)
    # GOV.UK: no maxlength attribute (it cuts typing off silently); the server says what is too long.
    bound_field.field.widget.attrs.pop("maxlength", None)
    attrs = {}
    css = INPUT_CLASSES.get(kind)
    if css:
        existing = bound_field.field.widget.attrs.get("class", "")
        classes = [css, existing]
        if bound_field.errors:
            classes.append(f"{css}--error")
        attrs["class"] = " ".join(c for c in classes if c)
    if described := described_by(bound_field):
        attrs["aria-describedby"] = described
    return bound_field.as_widget(attrs=attrs)


def first_input_id(bound_field) -> str:
    """The id the error summary links to: the field itself, or its first option for a group."""
    if widget_kind(bound_field) in {"checkboxes", "radios"}:
        subwidgets = bound_field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label
    return bound_field.id_for_label or bound_field.auto_id


def add_validation_errors(form, error) -> None:
    """Put a service's ValidationError on the form that fed it: each field's messages on that field,
    the rest (and errors without fields) at the top, so the error summary lists them all."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# Dates and times typed as text ----------------------------------------------------------------------------
# The renderer has no GOV.UK three-field date input yet, so every app takes dates as one text input in UK
# order. These two fields are the one place that says which spellings are accepted.

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H%M", "%I:%M%p", "%I.%M%p", "%I%p"]


def uk_date_field(
    label: str,
    *,
    required: bool = True,
    required_message: str | None = None,
    invalid_message: str | None = None,
    help_text: str = "For example, 28/3/2022",
    **kwargs,
) -> forms.DateField:
    """A date typed as 28/3/2022 (also 28 3 2022, 28-3-2022, 28.3.2022 or 2022-03-28)."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        error_messages={
            "required": required_message or f"Enter the {label.lower()}",
            "invalid": invalid_message or f"Enter the {label.lower()} as a real date, like 28/3/2022",
        },
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        **kwargs,
    )


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
    return UKTimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        help_text=kwargs.pop("help_text", "UK time, for example 09:00, 17:00 or 5pm"),
        error_messages={
            "required": required_message or f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a time, like 09:00 or 17:30",
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        **kwargs,
    )
