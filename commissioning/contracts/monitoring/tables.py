"""The monitoring lists: performance returns (and the late ones to chase), quality visits, providers due a
visit, action plans, concerns and governance meetings; their filters."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from portal import components
from portal.filters import SidePanelFilterSet
from portal.tables import DateColumn, StatusColumn, Table, stable_order
from portal.timefmt import govuk_date

from ..models import (
    Concern,
    PerformanceReturn,
    ProviderQuality,
    QualityVisit,
    Rag,
    ReturnStatus,
)
from ..models.performance import RAG_COLOURS, RAG_SHORT

LINK = {"a": {"class": "govuk-link"}}


def rag_tag(rag: str):
    """A RAG as a GOV.UK tag, its word in the text so it never depends on colour."""
    return components.tag(RAG_SHORT[Rag(rag)], RAG_COLOURS[Rag(rag)]) if rag else "Not submitted"


def standing_tag(record: ProviderQuality | None):
    if record is None:
        return components.tag("No concerns", "green")
    return components.status_tag(record)


# Performance returns ---------------------------------------------------------------------------------------

RETURN_VIEWS = [
    ("late", "Late: to chase"),
    ("open", "Due or returned"),
    ("submitted", "Submitted: to review"),
]


class ReturnFilter(SidePanelFilterSet):
    show = django_filters.ChoiceFilter(
        label="Show", choices=RETURN_VIEWS, empty_label="All returns", method="filter_show"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ReturnStatus.choices, empty_label="Any status"
    )
    rag = django_filters.ChoiceFilter(label="RAG", choices=Rag.choices, empty_label="Any RAG")
    year = django_filters.NumberFilter(label="Financial year starting", min_value=2000, max_value=2100)

    class Meta:
        model = PerformanceReturn
        fields: list[str] = []

    def __init__(self, *args, today=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def filter_show(self, queryset, name, value):
        if value == "late":
            return queryset.late(self.today)
        if value == "open":
            return queryset.filter(status__in=[ReturnStatus.DUE, ReturnStatus.RETURNED])
        if value == "submitted":
            return queryset.filter(status=ReturnStatus.SUBMITTED)
        return queryset


class ReturnTable(Table):
    caption = "Performance returns"
    caption_hidden = True  # the page heads it
    period = tables.Column(
        verbose_name="Quarter",
        accessor="pk",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("year", "quarter"),
        attrs={**LINK, "td": {"class": "portal-nowrap"}},
    )
    contract = tables.Column(
        verbose_name="Contract", accessor="contract__title", order_by=("contract__title",)
    )
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    due_on = DateColumn(verbose_name="Due")
    status = StatusColumn(verbose_name="Status")
    rag = tables.Column(verbose_name="RAG", empty_values=())

    order_due_on = stable_order("due_on")
    order_status = stable_order("status")
    order_rag = stable_order("rag")

    def order_period(self, queryset, is_descending):
        """Newest quarter first by default, through the index on (-year, -quarter, id)."""
        if is_descending:
            return queryset.order_by("-year", "-quarter", "id"), True
        return queryset.order_by("year", "quarter", "-id"), True

    def render_period(self, record):
        return str(record.period)

    def render_status(self, value, record):
        late = format_html(" {}", components.tag("Late", "orange")) if record.is_late else ""
        return format_html("{}{}", components.status_tag(record), late)

    def render_rag(self, record):
        return rag_tag(record.rag)


# Quality visits --------------------------------------------------------------------------------------------


class VisitFilter(SidePanelFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=QualityVisit.Status.choices, empty_label="Any status"
    )
    announced = django_filters.ChoiceFilter(
        label="Announced",
        choices=[("yes", "Announced"), ("no", "Unannounced")],
        empty_label="Either",
        method="filter_announced",
    )

    class Meta:
        model = QualityVisit
        fields: list[str] = []

    def filter_announced(self, queryset, name, value):
        return queryset.filter(announced=value == "yes") if value in {"yes", "no"} else queryset


class VisitTable(Table):
    caption = "Quality visits"
    caption_hidden = True  # the page heads it
    visit_date = DateColumn(verbose_name="Date", linkify=lambda record: record.get_absolute_url(), attrs=LINK)
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    announced = tables.Column(verbose_name="Announced")
    officer = tables.Column(verbose_name="Officer", orderable=False)
    status = StatusColumn(verbose_name="Status")

    order_status = stable_order("status")

    def render_announced(self, value):
        return "Announced" if value else "Unannounced"

    def render_officer(self, value):
        return value.get_full_name() or value.username


class DueTable(Table):
    """Providers due (or overdue) a quality visit."""

    caption = "Providers due a quality visit"
    caption_hidden = True  # the page heads it
    name = tables.Column(
        verbose_name="Provider",
        linkify=lambda record: reverse("contracts:quality", args=[record.slug]),
        attrs=LINK,
    )
    risk = tables.Column(
        verbose_name="Risk", accessor="quality__risk_level", order_by=("quality__risk_level",)
    )
    last_visit = tables.Column(
        verbose_name="Last visit",
        accessor="quality__last_visit_on",
        order_by=("quality__last_visit_on",),
        default="Never visited",
    )
    next_visit = tables.Column(
        verbose_name="Due",
        accessor="quality__next_visit_due",
        order_by=("quality__next_visit_due",),
        empty_values=(),
    )

    def __init__(self, *args, today=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def render_next_visit(self, value):
        if value is None:
            return components.tag("Never visited: due now", "red")
        if self.today and value < self.today:
            return format_html("{} {}", govuk_date(value), components.tag("Overdue", "red"))
        return govuk_date(value)

    def render_risk(self, value):
        return value.capitalize() if value else "Low"

    def render_last_visit(self, value):
        return govuk_date(value)


# Action plans ----------------------------------------------------------------------------------------------


class ActionTable(Table):
    caption = "Action plan"
    caption_hidden = True  # the page heads it
    action = tables.Column(
        verbose_name="Action", linkify=lambda record: record.get_absolute_url(), attrs=LINK
    )
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    owner = tables.Column(verbose_name="Owner")
    due_on = DateColumn(verbose_name="Due by")
    status = StatusColumn(verbose_name="Status")

    order_due_on = stable_order("due_on")
    order_status = stable_order("status")

    def __init__(self, *args, show_provider: bool = True, **kwargs):
        super().__init__(*args, exclude=() if show_provider else ("provider",), **kwargs)

    def render_action(self, value):
        return value if len(value) <= 120 else value[:117] + "..."


# Concerns and the governance meeting ------------------------------------------------------------------------


class ConcernFilter(SidePanelFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Concern.Status.choices, empty_label="Open and closed"
    )
    source = django_filters.ChoiceFilter(
        label="Raised by", choices=Concern.Source.choices, empty_label="Anyone"
    )
    defaults = {"status": Concern.Status.OPEN}

    class Meta:
        model = Concern
        fields: list[str] = []


class ConcernTable(Table):
    caption = "Concerns"
    caption_hidden = True  # the page heads it
    summary = tables.Column(
        verbose_name="Concern", linkify=lambda record: record.get_absolute_url(), attrs=LINK
    )
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    opened_on = DateColumn(verbose_name="Opened")
    source = tables.Column(verbose_name="Raised by")
    status = StatusColumn(verbose_name="Status")

    order_opened_on = stable_order("opened_on")
    order_status = stable_order("status")


class MeetingTable(Table):
    caption = "Governance meetings"
    caption_hidden = True  # the page heads it
    meeting_date = DateColumn(
        verbose_name="Date", linkify=lambda record: record.get_absolute_url(), attrs=LINK
    )
    chair = tables.Column(verbose_name="Chair")
    discussed = tables.Column(verbose_name="Providers discussed", orderable=False, empty_values=())

    order_meeting_date = stable_order("meeting_date")

    def render_discussed(self, record):
        return getattr(record, "discussed_count", 0)
