import django_filters
from django.utils import timezone

from portal.filters import SidePanelFilterSet

from .models import Action, Committee, Decision, Meeting, Person


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


class ActionFilter(SidePanelFilterSet):
    """The actions list: open ones by default, overdue ones, done ones or all; by committee."""

    show = django_filters.ChoiceFilter(
        label="Show",
        choices=[
            ("open", "Open actions"),
            ("overdue", "Overdue actions"),
            ("done", "Done actions"),
            ("all", "All"),
        ],
        empty_label=None,
        method="filter_show",
    )
    committee = django_filters.ModelChoiceFilter(
        label="Committee",
        field_name="meeting__committee",
        queryset=Committee.objects.all(),
        empty_label="All committees",
    )

    defaults = {"show": "open"}

    class Meta:
        model = Action
        fields: list[str] = []

    def filter_show(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "done":
            return queryset.filter(status=Action.Status.DONE)
        if value == "all":
            return queryset
        return queryset.open()


class DecisionFilter(SidePanelFilterSet):
    """Search the decisions register; narrow by committee, decision maker and key decisions."""

    q = django_filters.CharFilter(label="Search decisions", method="filter_q", max_length=200)
    committee = django_filters.ModelChoiceFilter(
        label="Committee", queryset=Committee.objects.all(), empty_label="All committees"
    )
    maker = django_filters.ChoiceFilter(
        label="Decision maker", choices=Decision.Maker.choices, empty_label="Anyone"
    )
    key_decision = django_filters.ChoiceFilter(
        label="Key decisions",
        choices=[("yes", "Key decisions only"), ("no", "Not key decisions")],
        empty_label="All decisions",
        method="filter_key",
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        from django.contrib.postgres.search import SearchQuery

        from .models import SEARCH_CONFIG

        words = " ".join(value.split())
        if not words:
            return queryset
        return queryset.filter(
            search_vector=SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
        )

    def filter_key(self, queryset, name, value):
        return queryset.filter(key_decision=(value == "yes"))
