import django_filters
from django import forms

from .models import Area, Provider, Service


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Organisation name, town, or a Companies House, charity or CQC number",
    )
    service = django_filters.ChoiceFilter(
        label="Service", choices=Service.choices, empty_label="Any service", method="filter_service"
    )
    area = django_filters.ChoiceFilter(
        label="Area served", choices=Area.choices, empty_label="Any area", method="filter_area"
    )
    cqc = django_filters.ChoiceFilter(
        label="CQC registered",
        choices=[("yes", "Registered with CQC"), ("no", "Not registered with CQC")],
        empty_label="Either",
        method="filter_cqc",
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("active", "Active"), ("inactive", "Deactivated"), ("all", "Active and deactivated")],
        empty_label=None,
        method="filter_status",
    )

    class Meta:
        model = Provider
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Active providers unless the user asks otherwise.
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = "active"
        super().__init__(data, *args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "govuk-!-width-full"
        self.form.hide_optional = True  # every filter is optional: saying so on each would be noise

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_service(self, queryset, name, value):
        return queryset.filter(services__contains=[value])

    def filter_area(self, queryset, name, value):
        return queryset.filter(areas_served__contains=[value])

    def filter_cqc(self, queryset, name, value):
        return queryset.exclude(cqc_provider_id="") if value == "yes" else queryset.filter(cqc_provider_id="")

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "inactive":
            return queryset.filter(is_active=False)
        return queryset
