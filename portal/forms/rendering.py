"""The GOV.UK form renderer: which component draws a field, its classes, aria-describedby, and the
error summary's links."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

from .dates import GovukDateInput, error_parts


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
    radios, date or hidden."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
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
    if kind == "date":
        return bound_field.as_widget(attrs={"error_parts": error_parts(bound_field)})
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
    kind = widget_kind(bound_field)
    if kind in {"checkboxes", "radios"}:
        subwidgets = bound_field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label
    if kind == "date":
        parts = error_parts(bound_field) or ("day",)
        return f"{bound_field.auto_id}-{parts[0]}"
    return bound_field.id_for_label or bound_field.auto_id


def add_validation_errors(form, error) -> None:
    """Put a service's ValidationError on the form that fed it: each field's messages on that field,
    the rest (and errors without fields) at the top, so the error summary lists them all."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
