"""The funding pages' tables (django-tables2 through templates/components/table.html). Statuses are tags
in the colours of their model's one map (`ProviderAllocation.STATUS_COLOURS` and the others), the same for
finance officers, commissioners and providers."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from commissioning.contracts.standing import name_with_flag
from portal.components import status_tag, tag
from portal.tables import NUMERIC, DateColumn, MoneyColumn, StatusColumn, Table, stable_order
from portal.templatetags.govuk import money
from portal.timefmt import govuk_date

from .models import AllocationStatus, FundingStream, ProviderAllocation, ProviderBasis, ProviderReturn


def link(url, text):
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


class StreamTable(Table):
    name = tables.Column(verbose_name="Funding stream", linkify=True, attrs={"a": {"class": "govuk-link"}})
    funder = tables.Column(verbose_name="Source", accessor="funder__short_name")
    category = tables.Column(verbose_name="Category")
    confirmed_total = MoneyColumn(verbose_name="Allocation to the council")
    estimated_total = tables.Column(verbose_name="Estimated, not confirmed", attrs=NUMERIC)

    caption = "Funding streams"
    caption_hidden = True

    class Meta(Table.Meta):
        model = FundingStream
        fields = ["name", "funder", "category", "confirmed_total", "estimated_total"]
        order_by = "position"
        per_page = 25
        empty_text = "No funding streams are recorded."

    def render_estimated_total(self, value):
        return money(value) if value else "None"

    order_name = stable_order("name")
    order_category = stable_order("category")
    order_funder = stable_order("funder__short_name")
    order_confirmed_total = stable_order("confirmed_total")
    order_estimated_total = stable_order("estimated_total")


class AllocationTable(Table):
    """A stream's or a round's allocations."""

    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    round = tables.Column(verbose_name="Round", accessor="round__name", order_by=("round__position",))
    amount = MoneyColumn(verbose_name="Amount")
    basis = tables.Column(verbose_name="Basis", orderable=False)
    status = StatusColumn(verbose_name="Status")
    paid_on = DateColumn(verbose_name="Paid", default="Not paid")

    caption = "Allocations to providers"
    caption_hidden = True

    class Meta(Table.Meta):
        model = ProviderAllocation
        fields = ["provider", "round", "amount", "basis", "status", "paid_on"]
        per_page = 25
        empty_text = "No allocations match."

    def render_provider(self, record):
        # Flagged when the provider is of concern or suspended (issue 12): the list joins its quality record.
        return name_with_flag(record.provider, link(record.get_absolute_url(), record.provider.name))

    order_provider = stable_order("provider__name")
    order_round = stable_order("round__position")
    order_amount = stable_order("amount")
    order_status = stable_order("status")
    order_paid_on = stable_order("paid_on")


class LedgerTable(Table):
    """A provider's allocations across streams."""

    stream = tables.Column(verbose_name="Funding stream", accessor="round__stream__name", orderable=False)
    round = tables.Column(verbose_name="Round", accessor="round__name", orderable=False)
    amount = MoneyColumn(verbose_name="Amount", orderable=False)
    status = StatusColumn(verbose_name="Status", orderable=False)
    paid_on = DateColumn(verbose_name="Paid", default="Not paid", orderable=False)
    provider_return = tables.Column(verbose_name="Return", empty_values=(), orderable=False)

    caption = "Allocations, newest round first"
    caption_hidden = True

    class Meta(Table.Meta):
        model = ProviderAllocation
        fields = ["stream", "round", "amount", "status", "paid_on", "provider_return"]
        per_page = 25
        empty_text = "No funding has been allocated to this provider."

    def render_round(self, record):
        return link(record.get_absolute_url(), record.round.name)

    def render_provider_return(self, record):
        provider_return = getattr(record, "provider_return", None)
        if provider_return is None:
            if record.status == AllocationStatus.PAID:
                due = record.round.returns_due
                return f"Due {govuk_date(due)}" if due else "Not yet made"
            if record.status == AllocationStatus.OFFERED:
                return "Accept or refuse the offer first"
            return "Not needed"
        late = " (late)" if provider_return.is_late else ""
        return f"Made {govuk_date(provider_return.submitted_on)}{late}"


class ReturnTable(Table):
    provider = tables.Column(verbose_name="Provider", accessor="allocation__provider__name", orderable=False)
    round = tables.Column(verbose_name="Round", accessor="allocation__round__name", orderable=False)
    paid = MoneyColumn(verbose_name="Paid", accessor="allocation__amount", orderable=False)
    unspent = MoneyColumn(verbose_name="Unspent", orderable=False)
    submitted_on = tables.Column(verbose_name="Submitted", orderable=False)
    status = StatusColumn(verbose_name="Status", orderable=False)

    caption = "Provider returns, newest first"
    caption_hidden = True

    class Meta(Table.Meta):
        model = ProviderReturn
        fields = ["provider", "round", "paid", "unspent", "submitted_on", "status"]
        per_page = 25
        empty_text = "No returns have been made."

    def render_provider(self, record):
        return link(record.allocation.get_absolute_url(), record.allocation.provider.name)

    def render_submitted_on(self, record):
        text = govuk_date(record.submitted_on)
        if record.is_late:
            return format_html("{} {}", text, tag("Late", "orange"))
        return text


class BasisTable(Table):
    """A round's providers' figures for the calculator."""

    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    number = tables.Column(
        verbose_name="Number", accessor="provider__companies_house_number", orderable=False, empty_values=()
    )
    beds = tables.Column(verbose_name="Beds", attrs=NUMERIC)
    service_users = tables.Column(verbose_name="Service users", attrs=NUMERIC)
    new_packages = tables.Column(verbose_name="New packages", attrs=NUMERIC)
    hard_to_serve_packages = tables.Column(verbose_name="In hard to serve areas", attrs=NUMERIC)
    change = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    caption = "Providers' figures"
    caption_hidden = True

    class Meta(Table.Meta):
        model = ProviderBasis
        fields = ["provider", "number", "beds", "service_users", "new_packages", "hard_to_serve_packages"]
        sequence = [
            "provider",
            "number",
            "beds",
            "service_users",
            "new_packages",
            "hard_to_serve_packages",
            "change",
        ]
        per_page = 25
        empty_text = "No figures are recorded for this round."

    def __init__(self, *args, can_manage=False, **kwargs):
        super().__init__(*args, exclude=None if can_manage else ["change"], **kwargs)

    def render_number(self, record):
        return record.provider.companies_house_number or record.provider.charity_number or "Not recorded"

    def render_change(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">Correct'
            '<span class="govuk-visually-hidden"> {}&#39;s figures</span></a> '
            '<a class="govuk-link" href="{}">Remove'
            '<span class="govuk-visually-hidden"> {}&#39;s figures</span></a>',
            reverse("funding:basis-edit", args=[record.pk]),
            record.provider.name,
            reverse("funding:basis-delete", args=[record.pk]),
            record.provider.name,
        )

    order_provider = stable_order("provider__name")
    order_beds = stable_order("beds")
    order_service_users = stable_order("service_users")
    order_new_packages = stable_order("new_packages")
    order_hard_to_serve_packages = stable_order("hard_to_serve_packages")


class DueTable(Table):
    """Rounds due to be spent or passported soon."""

    name = tables.Column(verbose_name="Round", orderable=False, empty_values=())
    passport_by = DateColumn(verbose_name="Passport by", orderable=False, default="None")
    spend_by = DateColumn(verbose_name="Spend by", orderable=False, default="None")
    allocation = MoneyColumn(verbose_name="Allocation", orderable=False)

    class Meta(Table.Meta):
        empty_text = "Nothing is due to be spent or passported in the next 30 days."

    def __init__(self, data, *, caption: str):
        super().__init__(data)
        self.caption = caption

    def render_name(self, record):
        return link(record.get_absolute_url(), f"{record.stream.name}: {record.name}")


class RoundsTable(Table):
    """A stream's rounds and what their money has become."""

    name = tables.Column(verbose_name="Round", orderable=False, empty_values=())
    period = tables.Column(verbose_name="Period", orderable=False)
    status = StatusColumn(verbose_name="Status", orderable=False)
    allocation = tables.Column(verbose_name="Allocation", orderable=False, attrs=NUMERIC)
    allocated = MoneyColumn(verbose_name="To providers", orderable=False, default=money(0))
    retained = MoneyColumn(verbose_name="Retained", orderable=False, default=money(0))
    returned_total = MoneyColumn(verbose_name="Returned to funder", orderable=False)
    left = MoneyColumn(verbose_name="Left to allocate", orderable=False)

    caption = "Rounds"

    class Meta(Table.Meta):
        empty_text = "No rounds are recorded for this stream."

    def render_name(self, record):
        return link(record.get_absolute_url(), record.name)

    def render_allocation(self, record):
        return f"Estimated {money(record.allocation)}" if record.is_estimate else money(record.allocation)


class LedgerEntryTable(Table):
    """Where money went that did not stay with the provider it was offered to."""

    kind = tables.Column(verbose_name="What happened", orderable=False)
    source = tables.Column(verbose_name="From", orderable=False, empty_values=())
    to = tables.Column(verbose_name="To", orderable=False, empty_values=())
    amount = MoneyColumn(verbose_name="Amount", orderable=False)
    note = tables.Column(verbose_name="Note", orderable=False, empty_values=())

    caption = "Ledger entries"
    caption_hidden = True

    class Meta(Table.Meta):
        empty_text = "Nothing has been retained, refused, redistributed or returned."

    def __init__(self, data, *, council_name: str):
        super().__init__(data)
        self.council_name = council_name

    def render_kind(self, record):
        return record.get_kind_display()

    def render_source(self, record):
        return record.from_allocation.provider.name if record.from_allocation else "The round"

    def render_to(self, record):
        if record.to_allocation:
            return record.to_allocation.provider.name
        return self.council_name if record.kind == "retained" else "The funder"

    def render_note(self, record):
        if record.recorded_by:
            return format_html(
                '{}<br><span class="govuk-body-s">Recorded by {}</span>', record.note, record.recorded_by
            )
        return record.note


class ReturnLinesTable(Table):
    """How a provider spent an allocation: one row per category, then what is unspent."""

    label = tables.Column(verbose_name="Spent on", orderable=False)
    amount = MoneyColumn(verbose_name="Amount", orderable=False)

    caption = "How the money was spent"
    caption_hidden = True

    class Meta(Table.Meta):
        empty_text = "Nothing was spent."


class SchemesTable(Table):
    """One source's BCF schemes, with its total as the last row."""

    scheme_id = tables.Column(verbose_name="Scheme ID", orderable=False)
    name = tables.Column(verbose_name="Scheme name", orderable=False)
    year = tables.Column(verbose_name="Year", orderable=False)
    expenditure = MoneyColumn(verbose_name="Expenditure", orderable=False)
    actions = tables.Column(verbose_name="Actions", orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "No schemes from this source."

    def __init__(self, schemes, *, caption: str, can_manage: bool):
        super().__init__(schemes, exclude=None if can_manage else ["actions"])
        self.caption = caption

    def render_actions(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> scheme {}</span></a> '
            '<a class="govuk-link" href="{}">Remove<span class="govuk-visually-hidden"> scheme {}</span></a>',
            reverse("funding:bcf-scheme-edit", args=[record.pk]),
            record.scheme_id,
            reverse("funding:bcf-scheme-delete", args=[record.pk]),
            record.scheme_id,
        )


class FigureTable(Table):
    """The briefing's headline figures, as it states them and exactly."""

    figure = tables.Column(verbose_name="Figure", orderable=False)
    stated = tables.Column(verbose_name="As the briefing states it", orderable=False, attrs=NUMERIC)
    exact = MoneyColumn(verbose_name="Exactly", orderable=False)

    caption = "Headline figures"


class FunderTable(Table):
    name = tables.Column(verbose_name="Funder", orderable=False)
    short_name = tables.Column(verbose_name="Short name", orderable=False)
    kind = tables.Column(verbose_name="Kind", orderable=False)
    stream_count = tables.Column(verbose_name="Streams", orderable=False, attrs=NUMERIC)
    actions = tables.Column(verbose_name="Actions", orderable=False, empty_values=())

    caption = "Funders"
    caption_hidden = True

    class Meta(Table.Meta):
        empty_text = "No funders are recorded."

    def __init__(self, funders, *, can_manage: bool):
        super().__init__(funders, exclude=None if can_manage else ["actions"])

    def render_kind(self, record):
        return record.get_kind_display()

    def render_actions(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> {}</span></a> '
            '<a class="govuk-link" href="{}">Remove<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("funding:funder-edit", args=[record.pk]),
            record.name,
            reverse("funding:funder-delete", args=[record.pk]),
            record.name,
        )


def allocation_status_tag(allocation):
    """The allocation's status tag for Python callers (panels, messages)."""
    return status_tag(allocation)


class CalculatorTable(Table):
    """The calculator's proposals, each with the amount to offer as a form field."""

    provider = tables.Column(verbose_name="Provider", accessor="proposal__provider__name", orderable=False)
    units = tables.Column(verbose_name="Basis", accessor="proposal__units", orderable=False)
    proposed = MoneyColumn(verbose_name="Proposed", accessor="proposal__amount", orderable=False)
    field = tables.TemplateColumn(
        template_name="funding/_calculator_amount.html", verbose_name="Amount to offer", orderable=False
    )

    caption = "Proposed allocations"
    caption_hidden = True
