"""The filters of the funding list pages (the side panel, portal.filters.SidePanelFilterSet)."""

from __future__ import annotations

import django_filters

from portal.filters import SidePanelFilterSet

from .models import AllocationStatus, ProviderAllocation


class AllocationFilter(SidePanelFilterSet):
    """A stream's allocations by round and status. A value that is not one of the choices is shown as an
    error and filters nothing, so an old or edited link still shows the list."""

    round = django_filters.ChoiceFilter(label="Round", empty_label="All rounds", field_name="round_id")
    status = django_filters.ChoiceFilter(
        label="Status", choices=AllocationStatus.choices, empty_label="Any status"
    )

    class Meta:
        model = ProviderAllocation
        fields = ["round", "status"]

    def __init__(self, data=None, *args, rounds=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        choices = [(str(r.pk), r.name) for r in rounds]
        self.filters["round"].extra["choices"] = choices
        self.form.fields["round"].choices = [("", "All rounds"), *choices]
