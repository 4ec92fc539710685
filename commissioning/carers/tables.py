import django_tables2 as tables
from django.utils.html import format_html

from portal.templatetags.govuk import govuk_date

from .models import Referral, Status

STATUS_COLOURS = {
    Status.RECEIVED: "blue",
    Status.CONTACTED: "light-blue",
    Status.ASSESSED: "turquoise",
    Status.ASSESSOR_REVIEW: "purple",
    Status.SOCIAL_CARE: "pink",
    Status.AWAITING_SUPPORT: "yellow",
    Status.SUPPORT_ALLOCATED: "green",
    Status.PLAN_IN_PLACE: "green",
}


def status_tag(referral: Referral) -> str:
    colour = STATUS_COLOURS.get(referral.status, "grey")
    tags = format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, referral.get_status_display()
    )
    if referral.review_is_due:
        tags = format_html('{} <strong class="govuk-tag govuk-tag--orange">Review due</strong>', tags)
    return tags


class CaseloadTable(tables.Table):
    """Crisis first, then newest: one order, served by the referral indexes (no column sorting)."""

    reference = tables.Column(verbose_name="Reference")
    carer = tables.Column(verbose_name="Carer", accessor="carer__full_name")
    carer_type = tables.Column(verbose_name="Carer type")
    received_at = tables.Column(verbose_name="Received")
    route = tables.Column(verbose_name="Route")
    level_of_need = tables.Column(verbose_name="Need", empty_values=("",), default="Not assessed")
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = Referral
        fields = ["reference", "carer", "carer_type", "received_at", "route", "level_of_need", "status"]
        orderable = False
        per_page = 25
        empty_text = "No referrals match these filters."

    def render_reference(self, record, value):
        link = format_html('<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), value)
        if record.is_crisis:
            link = format_html('{}<br><strong class="govuk-tag govuk-tag--red">Crisis</strong>', link)
        return link

    def render_received_at(self, value):
        return govuk_date(value)

    def render_level_of_need(self, record):
        return record.get_level_of_need_display()

    def render_status(self, record):
        return status_tag(record)
