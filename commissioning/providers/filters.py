import django_filters

from portal.filters import SidePanelFilterSet

from .models import Area, Provider, Service


class ProviderFilter(SidePanelFilterSet):
    defaults = {"status": "active"}  # active providers unless the user asks otherwise

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
