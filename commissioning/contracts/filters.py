"""The filter panels of the contracts register (staff) and the public contracts register. Each filter reads
an index (see Contract.Meta.indexes): status, service type, procurement route, the decisions due (a partial
index on the end date of live contracts with no decision yet) and the title search (a GIN index)."""

from __future__ import annotations

import django_filters
from django.utils import timezone

from portal.filters import SidePanelFilterSet

from .models import SERVICE_TYPE_CHOICES, Contract, ContractStatus, ProcurementRoute

SERVICE_CHOICES = sorted(SERVICE_TYPE_CHOICES, key=lambda choice: choice[1])


class ContractFilter(SidePanelFilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_search", help_text="Title or reference")
    status = django_filters.ChoiceFilter(
        label="Status", choices=ContractStatus.choices, empty_label="Any status", method="filter_status"
    )
    service = django_filters.ChoiceFilter(
        label="Service type", choices=SERVICE_CHOICES, empty_label="Any service", method="filter_service"
    )
    route = django_filters.ChoiceFilter(
        label="Procurement route",
        choices=ProcurementRoute.choices,
        empty_label="Any route",
        method="filter_route",
    )
    decision = django_filters.ChoiceFilter(
        label="Decision",
        choices=[("needed", "Needs a decision on its term")],
        empty_label="Any",
        method="filter_decision",
    )

    class Meta:
        model = Contract
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_service(self, queryset, name, value):
        return queryset.filter(service_type=value)

    def filter_route(self, queryset, name, value):
        return queryset.filter(procurement_route=value)

    def filter_decision(self, queryset, name, value):
        return queryset.needing_decision(timezone.localdate()) if value == "needed" else queryset


class PublicContractFilter(SidePanelFilterSet):
    """The public register: nothing here reads a private field."""

    q = django_filters.CharFilter(label="Search", method="filter_search", help_text="Title or reference")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(ContractStatus.LIVE, "Live (including extensions)"), (ContractStatus.ENDED, "Ended")],
        empty_label="Any status",
        method="filter_status",
    )
    service = django_filters.ChoiceFilter(
        label="Service type", choices=SERVICE_CHOICES, empty_label="Any service", method="filter_service"
    )

    class Meta:
        model = Contract
        fields: list[str] = []

    filter_search = ContractFilter.filter_search
    filter_service = ContractFilter.filter_service

    def filter_status(self, queryset, name, value):
        if value == ContractStatus.LIVE:
            return queryset.live()
        return queryset.filter(status=value)
