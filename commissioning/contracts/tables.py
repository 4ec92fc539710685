"""The contracts register's tables: the staff list, a contract's parties and decisions, a provider's
contracts and call-off placements, and the public register."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from portal.components import tag
from portal.tables import DateColumn, MoneyColumn, StatusColumn, Table, stable_order
from portal.templatetags.govuk import money
from portal.timefmt import govuk_date

NOT_GIVEN = "Not given"


def parties_text(contract) -> str:
    """The supplier parties' names, from the prefetched `current_parties` (or every party)."""
    parties = getattr(contract, "current_parties", None)
    if parties is None:
        parties = list(contract.parties.all())
    return ", ".join(party.name for party in parties) or "None recorded"


class ContractTable(Table):
    caption = "Contracts"
    caption_hidden = True
    reference = tables.Column("Reference", attrs={"td": {"class": "portal-nowrap"}})
    title = tables.Column("Title", linkify=True, attrs={"a": {"class": "govuk-link"}})
    providers = tables.Column("Providers", accessor="pk", orderable=False)
    service_type = tables.Column("Service type")
    end_date = DateColumn("Term ends", empty_values=(), attrs={"td": {"class": "portal-nowrap"}})
    total_value = MoneyColumn("Total value", empty_values=())
    status = StatusColumn("Status")

    class Meta(Table.Meta):
        order_by = "title"
        empty_text = "No contracts match these filters."

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def render_providers(self, record):
        return parties_text(record)

    def render_service_type(self, record):
        return record.service_type_label()

    def render_end_date(self, value, record):
        if value is None:
            return NOT_GIVEN
        if record.needs_decision(self.today):
            return format_html("{}<br>{}", govuk_date(value), tag("Decision needed", "orange"))
        return govuk_date(value)

    def render_total_value(self, value, record):
        if value is None:
            return NOT_GIVEN
        return money(value)

    order_reference = stable_order("reference")
    order_title = stable_order("title")
    order_service_type = stable_order("service_type")
    order_end_date = stable_order("end_date")
    order_total_value = stable_order("total_value")
    order_status = stable_order("status")


class PartyTable(Table):
    caption = "Suppliers"
    caption_hidden = True
    name = tables.Column("Supplier", accessor="pk", orderable=False)
    role = tables.Column("Role", accessor="get_role_display", orderable=False)
    lot = tables.Column("Lot or area", orderable=False, empty_values=(), default="")
    registration = tables.Column("Registration number", accessor="pk", orderable=False)
    sme = tables.Column("SME", orderable=False, empty_values=())
    vcse = tables.Column("VCSE", accessor="pk", orderable=False)
    dates = tables.Column("On the contract", accessor="pk", orderable=False)
    end = tables.Column("", accessor="pk", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No supplier is recorded yet."

    def __init__(self, *args, provider_links=True, can_manage=False, **kwargs):
        if not can_manage:
            kwargs["exclude"] = ["end"]
        super().__init__(*args, **kwargs)
        self.provider_links = provider_links

    def render_end(self, record):
        if record.left_on:
            return ""
        url = reverse("contracts:party-end", args=[record.contract.reference, record.pk])
        return format_html(
            '<a class="govuk-link" href="{}">Remove<span class="govuk-visually-hidden"> {}</span></a>',
            url,
            record.name,
        )

    def render_name(self, record):
        if record.provider_id and self.provider_links:
            url = reverse("contracts:provider", args=[record.provider.slug])
            return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.provider.name)
        return record.name

    def render_registration(self, record):
        return record.registration or NOT_GIVEN

    def render_sme(self, value):
        return known(value)

    def render_vcse(self, record):
        return known(record.is_vcse)

    def render_dates(self, record):
        if record.left_on:
            start = govuk_date(record.joined_on) if record.joined_on else "the start"
            return f"From {start} to {govuk_date(record.left_on)}"
        return f"Since {govuk_date(record.joined_on)}" if record.joined_on else "For the whole term"


def known(value) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


class DecisionTable(Table):
    caption = "Decisions on the contract's term"
    caption_hidden = True
    decided_on = DateColumn("Date", orderable=False)
    kind = tables.Column("Decision", accessor="get_kind_display", orderable=False)
    change = tables.Column("Effect on the term", accessor="pk", orderable=False)
    approver = tables.Column("Approved by", orderable=False)
    reason = tables.Column("Reason", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No decision on the term is recorded."

    def render_change(self, record):
        if record.new_end_date and record.extension_months:
            return f"Extended by {record.extension_months} months to {govuk_date(record.new_end_date)}"
        if record.new_end_date:
            return f"Ends on {govuk_date(record.new_end_date)}"
        if record.successor_id:
            return format_html(
                'Recommissioned: <a class="govuk-link" href="{}">{}</a>',
                record.successor.get_absolute_url(),
                record.successor.reference,
            )
        return "Recommissioned"


class PlacementTable(Table):
    """FPS call-off placements (fps.Package with a placement made), shown as contracts of their provider."""

    caption = "Call-off placements"
    caption_hidden = True
    reference = tables.Column(
        "Reference", linkify=True, orderable=False, attrs={"a": {"class": "govuk-link"}}
    )
    title = tables.Column("Package", orderable=False)
    lot = tables.Column("Lot", accessor="lot", orderable=False)
    provider = tables.Column("Provider", accessor="awarded_bid__provider__name", orderable=False)
    weekly_price = MoneyColumn("Weekly price", accessor="awarded_bid__weekly_price", orderable=False)
    placement_start = DateColumn("Placement from", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No placement has been made."


class PublicContractTable(Table):
    """The public register: the Transparency Code's fields only."""

    caption = "Contracts over £5,000"
    caption_hidden = True
    reference = tables.Column("Reference", attrs={"td": {"class": "portal-nowrap"}})
    title = tables.Column(
        "Title", linkify=lambda record: record.get_public_url(), attrs={"a": {"class": "govuk-link"}}
    )
    suppliers = tables.Column("Supplier", accessor="pk", orderable=False)
    start_date = DateColumn("Start", empty_values=(), attrs={"td": {"class": "portal-nowrap"}})
    end_date = DateColumn("End", empty_values=(), attrs={"td": {"class": "portal-nowrap"}})
    total_value = MoneyColumn("Value", empty_values=())

    class Meta(Table.Meta):
        order_by = "title"
        empty_text = "No contracts match these filters."

    def render_suppliers(self, record):
        return parties_text(record)

    def render_start_date(self, value):
        return govuk_date(value) if value else NOT_GIVEN

    def render_end_date(self, value):
        return govuk_date(value) if value else NOT_GIVEN

    def render_total_value(self, value):
        return money(value) if value is not None else NOT_GIVEN

    order_reference = stable_order("reference")
    order_title = stable_order("title")
    order_start_date = stable_order("start_date")
    order_end_date = stable_order("end_date")
    order_total_value = stable_order("total_value")


class AdmissionTable(Table):
    caption = "Admissions to the flexible purchasing systems"
    caption_hidden = True
    system = tables.Column("Purchasing system", accessor="lot__system__name", orderable=False)
    lot = tables.Column("Lot", orderable=False)
    admitted_at = DateColumn("Admitted", orderable=False)
    status = StatusColumn("Status", orderable=False)

    class Meta(Table.Meta):
        empty_text = "Not admitted to a flexible purchasing system."


class AllocationTable(Table):
    caption = "Funding allocations"
    caption_hidden = True
    round = tables.Column("Funding", orderable=False)
    amount = MoneyColumn("Amount", orderable=False)
    offered_on = DateColumn("Offered", orderable=False, empty_values=(), default="Not offered yet")
    status = StatusColumn("Status", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No funding allocations."
