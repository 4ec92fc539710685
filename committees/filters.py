import django_filters
from django.utils import timezone

from portal.filters import SidePanelFilterSet

from .models import Committee, Meeting, Person


def year_choices():
    years = Meeting.objects.order_by("-municipal_year").values_list("municipal_year", flat=True).distinct()
    return [(year, year) for year in years]


class MeetingFilter(SidePanelFilterSet):
    committee = django_filters.ModelChoiceFilter(
        label="Committee", queryset=Committee.objects.all(), empty_label="All committees"
    )
    year = django_filters.ChoiceFilter(
        label="Municipal year", field_name="municipal_year", choices=year_choices, empty_label="Any year"
    )
    when = django_filters.ChoiceFilter(
        label="When",
        choices=[("upcoming", "Upcoming meetings"), ("past", "Past meetings"), ("all", "All meetings")],
        empty_label=None,
        method="filter_when",
    )

    defaults = {"when": "all"}

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.upcoming(today)
        if value == "past":
            return queryset.past(today)
        return queryset.order_by("-date", "-time", "-pk")


class PersonFilter(SidePanelFilterSet):
    """Search the people register by name, job title or organisation; narrow by kind."""

    q = django_filters.CharFilter(label="Name, job title or organisation", method="filter_q", max_length=200)
    kind = django_filters.ChoiceFilter(label="Kind", choices=Person.Kind.choices, empty_label="Anyone")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(job_title__icontains=word) | Q(organisation__icontains=word)
            )
        return queryset
