import django_filters
from django.utils import timezone

from portal.filters import SidePanelFilterSet

from .models import CLOSED_STATUSES, CarerType, CaseTask, Need, Referral, Route, Status

STATUS_CHOICES = [
    ("open", "Open referrals"),
    *Status.choices,
    ("all", "All referrals"),
]


class CaseloadFilter(SidePanelFilterSet):
    """The caseload's filters; open referrals unless the user asks otherwise."""

    defaults = {"status": "open"}

    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, empty_label=None, method="filter_status"
    )
    level_of_need = django_filters.ChoiceFilter(
        label="Level of need", choices=Need.choices, empty_label="Any"
    )
    carer_type = django_filters.ChoiceFilter(label="Carer type", choices=CarerType.choices, empty_label="Any")
    route = django_filters.ChoiceFilter(label="Route", choices=Route.choices, empty_label="Any")
    review_overdue = django_filters.BooleanFilter(
        label="Review overdue",
        method="filter_review_overdue",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    crisis = django_filters.BooleanFilter(
        label="Crisis only", method="filter_crisis", widget=django_filters.widgets.forms.CheckboxInput
    )

    class Meta:
        model = Referral
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(status__in=CLOSED_STATUSES)
        if value == "all":
            return queryset
        return queryset.filter(status=value)

    def filter_review_overdue(self, queryset, name, value):
        return queryset.review_overdue(timezone.localdate()) if value else queryset

    def filter_crisis(self, queryset, name, value):
        return queryset.filter(is_crisis=True) if value else queryset


class TaskFilter(SidePanelFilterSet):
    """Tasks: the user's own open ones unless they ask otherwise."""

    defaults = {"owner": "mine", "status": "open"}

    owner = django_filters.ChoiceFilter(
        label="Whose",
        choices=[("mine", "My tasks"), ("all", "Everyone's")],
        empty_label=None,
        method="filter_owner",
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("open", "Open"), ("overdue", "Overdue"), ("done", "Done"), ("all", "All tasks")],
        empty_label=None,
        method="filter_status",
    )

    class Meta:
        model = CaseTask
        fields: list[str] = []

    def filter_owner(self, queryset, name, value):
        if value != "mine":
            return queryset
        user = getattr(self.request, "user", None)  # no request (a filter built in a test): nobody's tasks
        return queryset.filter(owner=user) if user else queryset.none()

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.open().filter(due_on__lt=timezone.localdate())
        if value == "done":
            return queryset.exclude(done_at=None)
        return queryset
