"""The filter panel beside a list page (django-filter), drawn the same way on every list."""

from __future__ import annotations

import django_filters
from django import forms

from portal.forms import GovukForm


class GovukFilterSet(django_filters.FilterSet):
    """A FilterSet whose form is a GovukForm: a filter's errors (a choice that is not offered, a number
    that is not one) read like every other form's."""

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        base = GovukForm if self._meta.form is forms.Form else self._meta.form
        return type(f"{type(self).__name__}Form", (base,), fields)


class SidePanelFilterSet(GovukFilterSet):
    """Every control full width in the grey side panel, a search box for `q`, and no "(optional)" on each
    label (every filter is optional: saying so on each would be noise). `defaults` fill the filters a
    request leaves empty, e.g. {"status": "active"} so a list opens on what people usually want."""

    defaults: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and any(not data.get(name) for name in self.defaults):
            data = data.copy()
            for name, value in self.defaults.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, *args, **kwargs)
        if "q" in self.form.fields:
            self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "govuk-!-width-full"
        self.form.hide_optional = True
