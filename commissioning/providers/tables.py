import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from commissioning.contracts.standing import name_with_flag
from portal.components import status_tag
from portal.tables import Table, stable_order
from portal.templatetags.govuk import govuk_date

from .models import AREA_SHORT_NAMES, Area, Provider


class ProviderTable(tables.Table):
    name = tables.Column(verbose_name="Organisation")
    town = tables.Column(verbose_name="Town")
    cqc_provider_id = tables.Column(
        verbose_name="CQC provider ID",
        empty_values=("",),
        default="Not registered",
        attrs={"td": {"class": "portal-nowrap"}},
    )
    services = tables.Column(verbose_name="Services", orderable=False)
    areas_served = tables.Column(verbose_name="Areas served", orderable=False)
    created_at = tables.Column(verbose_name="Registered")
    is_active = tables.Column(verbose_name="Status")

    class Meta:
        model = Provider
        fields = ["name", "town", "cqc_provider_id", "services", "areas_served", "created_at", "is_active"]
        order_by = "name"
        per_page = 25
        empty_text = "No providers match these filters."

    def __init__(self, *args, show_standing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_standing = show_standing

    def render_name(self, record, value):
        link = format_html('<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), value)
        if not self.show_standing:
            return link
        # Quality staff see a provider of concern or suspended flagged beside its name (issue 12, part 7): the
        # queryset joins its quality record, so the flag costs no query per row.
        return name_with_flag(record, link)

    def render_services(self, record):
        return ", ".join(record.service_labels())

    def render_areas_served(self, record):
        if len(record.areas_served) == len(Area):
            return "All of Cheshire East"
        return ", ".join(AREA_SHORT_NAMES[area] for area in record.areas_served)

    def render_created_at(self, value):
        return govuk_date(value)

    def render_is_active(self, record):
        return status_tag(record)

    order_name = stable_order("name")
    order_town = stable_order("town")
    order_cqc_provider_id = stable_order("cqc_provider_id")
    order_created_at = stable_order("created_at")
    order_is_active = stable_order("is_active")


class MemberTable(Table):
    """The people who use the portal for an organisation, on its page."""

    caption_hidden = True
    name = tables.Column("Name", accessor="user", orderable=False)
    email = tables.Column("Email", accessor="user__email", orderable=False)
    account = tables.Column("Account", accessor="created_at", orderable=False)
    remove = tables.Column("", accessor="pk", orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "Nobody uses the portal for this organisation yet."

    def __init__(self, *args, provider=None, can_remove=False, **kwargs):
        if not can_remove:
            kwargs["exclude"] = ["remove"]
        super().__init__(*args, **kwargs)
        self.provider = provider

    def render_remove(self, value, record):
        name = record.user.get_full_name() or record.user.username
        url = reverse("providers:member-remove", args=[self.provider.slug, value])
        return format_html(
            '<a class="govuk-link" href="{}">Remove<span class="govuk-visually-hidden"> {}</span></a>',
            url,
            name,
        )

    def render_name(self, value):
        return value.get_full_name() or value.username

    def render_account(self, value, record):
        if record.user.has_usable_password():
            return f"Joined {govuk_date(value)}"
        invited = f"Invited {govuk_date(value)}"
        return f"{invited} by {record.invited_by}" if record.invited_by else invited
