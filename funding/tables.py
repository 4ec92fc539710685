import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from portal.tables import stable_order
from portal.templatetags.govuk import govuk_date, money

from .models import AllocationStatus, FundingStream, ProviderAllocation, ProviderBasis, ProviderReturn

STATUS_COLOURS = {
    AllocationStatus.OFFERED: "blue",
    AllocationStatus.ACCEPTED: "turquoise",
    AllocationStatus.REFUSED: "red",
    AllocationStatus.PAID: "green",
    AllocationStatus.RETURNED: "grey",
}
NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


def status_tag(allocation) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[allocation.status],
        allocation.get_status_display(),
    )


class StreamTable(tables.Table):
    name = tables.Column(verbose_name="Funding stream", linkify=True, attrs={"a": {"class": "govuk-link"}})
    funder = tables.Column(verbose_name="Source", accessor="funder__short_name")
    category = tables.Column(verbose_name="Category")
    confirmed_total = tables.Column(verbose_name="Allocation to the council", attrs=NUMERIC)
    estimated_total = tables.Column(verbose_name="Estimated, not confirmed", attrs=NUMERIC)

    class Meta:
        model = FundingStream
        fields = ["name", "funder", "category", "confirmed_total", "estimated_total"]
        order_by = "position"
        per_page = 25
        empty_text = "No funding streams are recorded."

    def render_confirmed_total(self, value):
        return money(value)

    def render_estimated_total(self, value):
        return money(value) if value else "None"

    order_name = stable_order("name")
    order_category = stable_order("category")
    order_funder = stable_order("funder__short_name")
    order_confirmed_total = stable_order("confirmed_total")
    order_estimated_total = stable_order("estimated_total")


class AllocationTable(tables.Table):
    """A stream's or a round's allocations."""

    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    round = tables.Column(verbose_name="Round", accessor="round__name", order_by=("round__position",))
    amount = tables.Column(verbose_name="Amount", attrs=NUMERIC)
    basis = tables.Column(verbose_name="Basis", orderable=False)
    status = tables.Column(verbose_name="Status")
    paid_on = tables.Column(verbose_name="Paid", default="Not paid")

    class Meta:
        model = ProviderAllocation
        fields = ["provider", "round", "amount", "basis", "status", "paid_on"]
        per_page = 25
        empty_text = "No allocations match."

    def render_provider(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.provider.name
        )

    def render_amount(self, value):
        return money(value)

    def render_status(self, record):
        return status_tag(record)

    def render_paid_on(self, value):
        return govuk_date(value)

    order_provider = stable_order("provider__name")
    order_round = stable_order("round__position")
    order_amount = stable_order("amount")
    order_status = stable_order("status")
    order_paid_on = stable_order("paid_on")


class LedgerTable(tables.Table):
    """A provider's allocations across streams."""

    stream = tables.Column(verbose_name="Funding stream", accessor="round__stream__name", orderable=False)
    round = tables.Column(verbose_name="Round", accessor="round__name", orderable=False)
    amount = tables.Column(verbose_name="Amount", attrs=NUMERIC, orderable=False)
    status = tables.Column(verbose_name="Status", orderable=False)
    paid_on = tables.Column(verbose_name="Paid", default="Not paid", orderable=False)
    provider_return = tables.Column(verbose_name="Return", empty_values=(), orderable=False)

    class Meta:
        model = ProviderAllocation
        fields = ["stream", "round", "amount", "status", "paid_on", "provider_return"]
        per_page = 25
        empty_text = "No funding has been allocated to this provider."

    def render_round(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.round.name
        )

    def render_amount(self, value):
        return money(value)

    def render_status(self, record):
        return status_tag(record)

    def render_paid_on(self, value):
        return govuk_date(value)

    def render_provider_return(self, record):
        provider_return = getattr(record, "provider_return", None)
        if provider_return is None:
            if record.status == AllocationStatus.PAID:
                due = record.round.returns_due
                return f"Due {govuk_date(due)}" if due else "Not yet made"
            return "Not needed"
        late = " (late)" if provider_return.is_late else ""
        return f"Made {govuk_date(provider_return.submitted_on)}{late}"


class ReturnTable(tables.Table):
    provider = tables.Column(verbose_name="Provider", accessor="allocation__provider__name", orderable=False)
    round = tables.Column(verbose_name="Round", accessor="allocation__round__name", orderable=False)
    paid = tables.Column(verbose_name="Paid", accessor="allocation__amount", attrs=NUMERIC, orderable=False)
    unspent = tables.Column(verbose_name="Unspent", attrs=NUMERIC, orderable=False)
    submitted_on = tables.Column(verbose_name="Submitted", orderable=False)
    status = tables.Column(verbose_name="Status", orderable=False)

    class Meta:
        model = ProviderReturn
        fields = ["provider", "round", "paid", "unspent", "submitted_on", "status"]
        per_page = 25
        empty_text = "No returns have been made."

    def render_provider(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            record.allocation.get_absolute_url(),
            record.allocation.provider.name,
        )

    def render_paid(self, value):
        return money(value)

    def render_unspent(self, value):
        return money(value)

    def render_submitted_on(self, record):
        text = govuk_date(record.submitted_on)
        if record.is_late:
            return format_html('{} <strong class="govuk-tag govuk-tag--orange">Late</strong>', text)
        return text

    def render_status(self, record):
        return record.get_status_display()


class BasisTable(tables.Table):
    """A round's providers' figures for the calculator."""

    provider = tables.Column(verbose_name="Provider", accessor="provider__name", order_by=("provider__name",))
    number = tables.Column(
        verbose_name="Number", accessor="provider__companies_house_number", orderable=False
    )
    beds = tables.Column(verbose_name="Beds", attrs=NUMERIC)
    service_users = tables.Column(verbose_name="Service users", attrs=NUMERIC)
    new_packages = tables.Column(verbose_name="New packages", attrs=NUMERIC)
    hard_to_serve_packages = tables.Column(verbose_name="In hard to serve areas", attrs=NUMERIC)
    change = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
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
        return record.provider.companies_house_number or record.provider.charity_number or "None"

    def render_change(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">Correct<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("funding:basis-edit", args=[record.pk]),
            record.provider.name,
        )

    order_provider = stable_order("provider__name")
    order_beds = stable_order("beds")
    order_service_users = stable_order("service_users")
    order_new_packages = stable_order("new_packages")
    order_hard_to_serve_packages = stable_order("hard_to_serve_packages")
