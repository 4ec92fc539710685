"""The call-off packages list: the commissioners' table and filters, and the providers' table."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from commissioning.contracts.standing import name_with_flag
from commissioning.providers.models import AREA_SHORT_NAMES, Area
from portal import components
from portal.filters import SidePanelFilterSet
from portal.tables import MoneyColumn, NumericColumn, Table, stable_order
from portal.templatetags.govuk import govuk_date, govuk_datetime, money

from ..models import Lot, Package
from .public import deadline_cell


def status_tag(package: Package):
    """The package's tag: its status, or "Bids closed" once an open package's deadline has passed (the
    colours are the model's map, the same for every audience)."""
    return components.status_tag(package, "stage")


class PackageFilter(SidePanelFilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_search", help_text="Reference or title")
    status = django_filters.ChoiceFilter(
        label="Status", choices=Package.Status.choices, empty_label="Any status"
    )
    lot = django_filters.ModelChoiceFilter(
        label="Lot",
        queryset=Lot.objects.select_related("system").order_by("system__name", "number"),
        empty_label="Any lot",
    )
    area = django_filters.ChoiceFilter(label="Area", choices=Area.choices, empty_label="Any area")

    class Meta:
        model = Package
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))


class PackageColumns(tables.Table):
    """The columns both package tables show, drawn and ordered the same way."""

    reference = tables.Column(
        verbose_name="Reference",
        linkify=True,
        attrs={"a": {"class": "govuk-link"}, "td": {"class": "portal-nowrap"}},
    )
    title = tables.Column(verbose_name="Title")
    lot = tables.Column(verbose_name="Lot", order_by=("lot__number",))
    area = tables.Column(verbose_name="Area")
    start_date = tables.Column(verbose_name="Start")
    bid_deadline = tables.Column(verbose_name="Bids close")

    def render_lot(self, record):
        return f"Lot {record.lot.number}"

    def render_area(self, record):
        return AREA_SHORT_NAMES.get(record.area, record.get_area_display())

    def render_start_date(self, value):
        return govuk_date(value)

    def render_bid_deadline(self, record, value):
        if record.status != Package.Status.PUBLISHED:
            return govuk_datetime(value)
        return deadline_cell(value)

    order_reference = stable_order("reference")
    order_title = stable_order("title")
    order_lot = stable_order("lot__number")
    order_area = stable_order("area")
    order_start_date = stable_order("start_date")
    order_bid_deadline = stable_order("bid_deadline")


class PackageTable(PackageColumns):
    """Commissioners: every package, with how many bids it has (a count only: bids are sealed)."""

    bid_count = NumericColumn(verbose_name="Bids")
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = Package
        fields = ["reference", "title", "lot", "area", "start_date", "bid_deadline", "bid_count", "status"]
        per_page = 25
        empty_text = "No packages match these filters."

    def render_status(self, record):
        return status_tag(record)

    order_bid_count = stable_order("bid_count")
    order_status = stable_order("status")


class ProviderPackageTable(PackageColumns):
    """A provider's view: packages published to its lots, its own bid on each, and the action while open."""

    own_price = tables.Column(verbose_name="Your bid", empty_values=(), orderable=False)
    action = tables.Column(verbose_name="Action", empty_values=(), orderable=False)

    class Meta:
        model = Package
        fields = ["reference", "title", "lot", "area", "start_date", "bid_deadline", "own_price", "action"]
        per_page = 25
        empty_text = "No packages have been published to your organisation's lots yet."

    def render_own_price(self, record):
        if record.own_price is None:
            return "No bid"
        return f"{money(record.own_price)} a week"

    def render_action(self, record):
        if record.is_open_for_bids():
            text = "Change your bid" if record.own_price is not None else "Bid"
            return format_html(
                '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> for {}</span></a>',
                reverse("fps:bid", args=[record.reference]),
                text,
                record.reference,
            )
        if record.status == Package.Status.PUBLISHED:
            return "Bids closed"
        return record.get_status_display()


class BidRankingTable(Table):
    """A package's bids after the deadline, highest total first, with the scores that rank them."""

    rank = tables.Column(verbose_name="Rank", empty_values=())
    provider = tables.Column(verbose_name="Provider", empty_values=())
    weekly_price = MoneyColumn(verbose_name="Weekly price", accessor="bid__weekly_price")
    quality = NumericColumn(verbose_name="Quality", accessor="bid__quality_score", default="–")
    social_value = NumericColumn(verbose_name="Social value", accessor="bid__social_value_score", default="–")
    price_score = NumericColumn(verbose_name="Price score")
    total = NumericColumn(verbose_name="Total", default="–")
    action = tables.Column(verbose_name="Action", empty_values=())

    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False

    def __init__(self, ranking, *, package: Package, can_score: bool, **kwargs):
        self.package = package
        self.can_score = can_score
        self.caption = f"Bids for package {package.reference}, highest total first"
        super().__init__(ranking, **kwargs)
        if not can_score:
            self.columns.hide("action")

    def render_rank(self, record):
        return record.rank or "Not scored"

    def render_provider(self, record):
        # A provider of concern or suspended is flagged where the award is made (issue 12).
        name = name_with_flag(record.bid.provider)
        if self.package.awarded_bid_id == record.bid.pk:
            return format_html("{} {}", name, components.tag("Awarded", "green"))
        return name

    def render_action(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}'
            '<span class="govuk-visually-hidden"> the bid from {}</span></a>',
            reverse("fps:bid-score", args=[record.bid.pk]),
            "Change scores" if record.is_scored else "Score",
            record.bid.provider.name,
        )
