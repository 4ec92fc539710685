"""The filter panel beside a list page (django-filter), drawn the same way on every list."""

from __future__ import annotations

import django_filters
from django import forms


class SidePanelFilterSet(django_filters.FilterSet):
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
