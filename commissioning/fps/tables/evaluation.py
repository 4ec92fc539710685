"""Tables and filters for the evaluation queue and the admitted-provider register."""

from __future__ import annotations

import re

import django_filters
import django_tables2 as tables
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commissioning.contracts.standing import name_with_flag
from commissioning.providers.models import AREA_SHORT_NAMES, Area, Provider
from portal import components
from portal.filters import SidePanelFilterSet
from portal.tables import NUMERIC, Table, stable_order
from portal.templatetags.govuk import govuk_date
from portal.timefmt import govuk_datetime

from ..models import Admission, Application, ApplicationLot, ApplicationWindow, Clarification, Lot

# "DO-", "do-2022", "DO-2022-0007": what may be the start of an application reference (a code, a hyphen).
REFERENCE_START = re.compile(r"^[A-Za-z]{1,10}-\S*$")


def providers_matching(text: str):
    """Providers whose name or town has words starting with each word typed ('dane val' finds Dane Valley
    Care), through the register's full-text index alone (Provider.objects.search also matches registration
    numbers, which makes PostgreSQL read every provider)."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return Provider.objects.none().values("pk")
    query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")
    return Provider.objects.filter(search_vector=query).values("pk")


def status_tag(application: Application):
    """The application's status tag, in the model's colour (the same for commissioners and providers)."""
    return components.status_tag(application)


# The evaluation queue --------------------------------------------------------------------------------------


def queue_queryset():
    """Submitted applications (never drafts, nor drafts withdrawn unsubmitted) with what the queue shows,
    in one query per page."""
    lot_numbers = ArraySubquery(
        ApplicationLot.objects.filter(application=OuterRef("pk"))
        .order_by("lot__number")
        .values("lot__number")
    )
    open_clarifications = Coalesce(
        Subquery(
            Clarification.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return (
        Application.objects.exclude(status=Application.Status.DRAFT)
        .exclude(status=Application.Status.WITHDRAWN, submitted_at__isnull=True)
        .only("pk", "reference", "status", "submitted_at", "decided_at", "withdrawn_at", "provider_id")
        # The page's providers in one more query: joining them before the sort and limit costs more.
        .prefetch_related(Prefetch("provider", queryset=Provider.objects.only("pk", "name")))
        .annotate(lot_numbers=lot_numbers, open_clarifications=open_clarifications)
        .order_by("submitted_at", "pk")
    )


class QueueFilter(SidePanelFilterSet):
    AWAITING = "awaiting"
    READY = "ready"
    defaults = {"status": AWAITING}  # applications awaiting evaluation unless the user asks otherwise
    ALL = "all"

    q = django_filters.CharFilter(
        label="Search", method="filter_search", help_text="Provider name or application reference"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[
            (AWAITING, "Awaiting evaluation"),
            (READY, "Ready for a decision"),
            (Application.Status.SUBMITTED, "Submitted"),
            (Application.Status.CLARIFICATION, "Clarification requested"),
            (Application.Status.DECIDED, "Decided"),
            (Application.Status.WITHDRAWN, "Withdrawn"),
            (ALL, "Any status"),
        ],
        empty_label=None,
        method="filter_status",
    )
    lot = django_filters.ModelChoiceFilter(
        label="Lot", queryset=Lot.objects.none(), empty_label="Any lot", method="filter_lot"
    )
    window = django_filters.ModelChoiceFilter(
        label="Application window", queryset=ApplicationWindow.objects.none(), empty_label="Any window"
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, data=None, *args, defaults=None, **kwargs):
        if defaults is not None:
            self.defaults = defaults
        super().__init__(data, *args, **kwargs)
        self.filters["lot"].queryset = Lot.objects.select_related("system").order_by("system__name", "number")
        self.filters["window"].queryset = ApplicationWindow.objects.order_by("-opens_at", "pk")
        self.form.fields["lot"].queryset = self.filters["lot"].queryset
        self.form.fields["window"].queryset = self.filters["window"].queryset
        self.form.fields["lot"].label_from_instance = lambda lot: f"Lot {lot.number}: {lot.title}"

    def filter_search(self, queryset, name, value):
        """A reference (DO-2022-0007, or its start), or words starting words of the provider's name or
        town ('dane val'), through the providers' full-text index."""
        value = value.strip()
        if not value:
            return queryset
        if REFERENCE_START.match(value):
            return queryset.filter(
                Q(reference__startswith=value.upper()) | Q(provider__in=providers_matching(value))
            )
        return queryset.filter(provider__in=providers_matching(value))

    def filter_status(self, queryset, name, value):
        if value == self.AWAITING:
            return queryset.awaiting_evaluation()
        if value == self.READY:
            return queryset.ready_for_decision()
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)

    def filter_lot(self, queryset, name, value):
        return queryset.filter(Exists(ApplicationLot.objects.filter(application=OuterRef("pk"), lot=value)))


class QueueTable(tables.Table):
    reference = tables.Column(verbose_name="Reference", attrs={"td": {"class": "portal-nowrap"}})
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    lots = tables.Column(verbose_name="Lots", accessor="lot_numbers", orderable=False)
    submitted = tables.Column(
        verbose_name="Submitted", accessor="submitted_at", attrs={"td": {"class": "portal-nowrap"}}
    )
    status = tables.Column(verbose_name="Status")
    open_clarifications = tables.Column(verbose_name="Open clarifications", attrs=NUMERIC)
    days_waiting = tables.Column(verbose_name="Days waiting", empty_values=(), attrs=NUMERIC)

    class Meta:
        model = Application
        fields = [
            "reference",
            "provider",
            "lots",
            "submitted",
            "status",
            "open_clarifications",
            "days_waiting",
        ]
        sequence = fields
        order_by = "submitted"
        per_page = 25
        empty_text = "No applications match these filters."

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def render_reference(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("fps:evaluate", args=[record.reference]), value
        )

    def render_lots(self, value):
        return ", ".join(str(n) for n in value or [])

    def render_submitted(self, value):
        return govuk_date(timezone.localtime(value)) if value else "—"

    def render_status(self, record):
        return status_tag(record)

    def render_days_waiting(self, record):
        """Days since submission until now, or until the decision; blank once withdrawn."""
        if not record.submitted_at or record.status == Application.Status.WITHDRAWN:
            return "—"
        end = (
            record.decided_at
            if record.status == Application.Status.DECIDED and record.decided_at
            else self.now
        )
        return (timezone.localdate(end) - timezone.localdate(record.submitted_at)).days

    order_reference = stable_order("reference")
    order_provider = stable_order("provider__name")
    order_submitted = stable_order("submitted_at")
    order_status = stable_order("status")
    order_open_clarifications = stable_order("open_clarifications")

    def order_days_waiting(self, queryset, is_descending):
        # Waiting longest means submitted earliest.
        prefix = "" if is_descending else "-"
        return queryset.order_by(f"{prefix}submitted_at", f"{prefix}pk"), True


# The admitted-provider register ----------------------------------------------------------------------------


def register_queryset(system, *, with_standing=False):
    """Providers on the FPS (admitted or suspended; removed ones leave the published register).

    `with_standing` joins each provider's quality record, for commissioners, who see a provider of concern or
    suspended flagged (issue 12, part 7); the published register never shows it."""
    standing = ["provider__quality__standing"] if with_standing else []
    return (
        Admission.objects.filter(lot__system=system)
        .exclude(status=Admission.Status.REMOVED)
        .select_related("provider", "lot", *(["provider__quality"] if with_standing else []))
        .only(
            *standing,
            "pk",
            "status",
            "admitted_at",
            "lot__id",
            "lot__number",
            "lot__title",
            "provider__id",
            "provider__name",
            "provider__town",
            "provider__areas_served",
            "provider__companies_house_number",
            "provider__charity_number",
            "provider__cqc_provider_id",
            "provider__postcode",
        )
        .order_by("lot__number", "provider__name", "pk")
    )


class RegisterFilter(SidePanelFilterSet):
    q = django_filters.CharFilter(label="Provider name", method="filter_search", help_text="Or its town")
    area = django_filters.ChoiceFilter(
        label="Area served", choices=Area.choices, empty_label="Any area", method="filter_area"
    )

    class Meta:
        model = Admission
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(provider__in=providers_matching(value))

    def filter_area(self, queryset, name, value):
        return queryset.filter(provider__areas_served__contains=[value])


def areas_text(areas) -> str:
    if len(areas) == len(Area):
        return "All of Cheshire East"
    return ", ".join(AREA_SHORT_NAMES.get(area, area) for area in areas)


class RegisterTable(tables.Table):
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    town = tables.Column(verbose_name="Town", accessor="provider__town")
    areas = tables.Column(verbose_name="Areas served", accessor="provider__areas_served", orderable=False)
    admitted_at = tables.Column(verbose_name="Admitted", attrs={"td": {"class": "portal-nowrap"}})
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = Admission
        fields = ["provider", "town", "areas", "admitted_at", "status"]
        sequence = fields
        order_by = "provider"
        per_page = 25
        empty_text = "No providers are on this lot yet."

    def __init__(self, *args, can_manage=False, **kwargs):
        extra = []
        if can_manage:
            extra = [("actions", tables.Column(verbose_name="Actions", empty_values=(), orderable=False))]
        super().__init__(*args, extra_columns=extra, **kwargs)
        self.can_manage = can_manage

    def render_provider(self, record, value):
        # Commissioners, who place work, see a provider of concern or suspended flagged beside its name.
        return name_with_flag(record.provider) if self.can_manage else value

    def render_areas(self, value):
        return areas_text(value or [])

    def render_admitted_at(self, value):
        return govuk_date(timezone.localtime(value))

    def render_status(self, record):
        return components.status_tag(record)

    def render_actions(self, record):
        name = record.provider.name
        links = []
        if record.status == Admission.Status.ACTIVE:
            links.append((reverse("fps:admission-suspend", args=[record.pk]), "Suspend"))
        if record.status == Admission.Status.SUSPENDED:
            links.append((reverse("fps:admission-reinstate", args=[record.pk]), "Reinstate"))
        links.append((reverse("fps:admission-remove", args=[record.pk]), "Remove"))
        items = format_html_join(
            "",
            '<li><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a></li>',
            ((url, label, name) for url, label in links),
        )
        return format_html('<ul class="govuk-list govuk-!-margin-bottom-0">{}</ul>', items)

    order_provider = stable_order("provider__name")
    order_town = stable_order("provider__town")
    order_admitted_at = stable_order("admitted_at")
    order_status = stable_order("status")


# One application's pages ----------------------------------------------------------------------------------


def section_result_tag(evaluation):
    if evaluation is None:
        return components.tag("Not evaluated", "grey")
    return components.status_tag(evaluation, "outcome")


class SectionSummaryTable(Table):
    """Each section the application's lots ask: its evaluation and what is flagged in it."""

    section = tables.Column(verbose_name="Section", empty_values=())
    evaluation = tables.Column(verbose_name="Evaluation", empty_values=())
    flags = tables.Column(verbose_name="Flags", empty_values=())

    caption = "Each section's evaluation and flags"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False

    def render_section(self, record):
        section = record["section"]
        return format_html(
            '<a class="govuk-link" href="#section-{}">{}. {}</a>',
            section.number,
            section.number,
            section.title,
        )

    def render_evaluation(self, record):
        return section_result_tag(record["evaluation"])

    def render_flags(self, record):
        parts = []
        if record["failing"]:
            parts.append(f"{record['failing']} failing answer{'s' if record['failing'] != 1 else ''}")
        if record["missing"]:
            parts.append(f"{record['missing']} unanswered")
        if record["clarifications"]:
            count = len(record["clarifications"])
            parts.append(f"{count} clarification{'s' if count != 1 else ''}")
        return "; ".join(parts) or "None"


class ClarificationTable(Table):
    """Clarification questions, oldest first, with how long each took to answer."""

    question = tables.Column(verbose_name="Question", empty_values=())
    asked = tables.Column(verbose_name="Asked", empty_values=())
    answer = tables.Column(verbose_name="Answer", empty_values=())
    time_taken = tables.Column(verbose_name="Time taken", empty_values=())

    caption = "Clarification questions, oldest first, with how long each took to answer"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "No clarification questions have been asked."

    def render_question(self, record):
        about = ""
        if record.section:
            about = format_html(
                '<span class="govuk-body-s">Section {}: {}</span><br>',
                record.section.number,
                record.section.title,
            )
        return format_html("{}{}", about, linebreaksbr(record.question))

    def render_asked(self, record):
        by = f"by {record.asked_by or 'someone'}"
        if record.respond_by:
            by += f"; answer by {govuk_date(record.respond_by)}"
        return format_html('{}<br><span class="govuk-body-s">{}</span>', govuk_datetime(record.asked_at), by)

    def render_answer(self, record):
        if record.answered_at:
            by = f" by {record.answered_by}" if record.answered_by else ""
            return format_html(
                '{}<br><span class="govuk-body-s">{}{}</span>',
                linebreaksbr(record.answer),
                govuk_datetime(record.answered_at),
                by,
            )
        overdue = getattr(record, "overdue", False)
        return components.tag("Overdue" if overdue else "Waiting", "red" if overdue else "yellow")

    def render_time_taken(self, record):
        if record.answered_at:
            return getattr(record, "time_taken", "")
        return f"{getattr(record, 'waiting', '')} so far"
