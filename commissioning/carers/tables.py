import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


# --- The statistics page: numbers only ----------------------------------------------------------------
CONFIDENTIAL = mark_safe('<abbr title="confidential">[c]</abbr>')  # noqa: S308 - a constant


class CountColumn(tables.Column):
    """A count, or [c] where it is hidden (fewer than 5, or hidden so that one cannot be worked out)."""

    def __init__(self, **kwargs):
        super().__init__(
            attrs={
                "th": {"class": "govuk-table__header--numeric"},
                "td": {"class": "govuk-table__cell--numeric"},
            },
            orderable=False,
            **kwargs,
        )

    def render(self, value):
        count, hidden = value
        return CONFIDENTIAL if hidden else f"{count:,}"


class StatisticsTable(tables.Table):
    """One published table of the statistics page: a row per category, a column per period."""

    label = tables.Column(verbose_name="Category", orderable=False)

    class Meta:
        orderable = False

    def __init__(self, table: dict, periods: list[str]):
        self.caption = table["caption"]
        rows = [
            {"label": row["label"], **{f"p{i}": cell for i, cell in enumerate(row["cells"])}}
            for row in table["rows"]
        ]
        super().__init__(
            rows,
            extra_columns=[(f"p{i}", CountColumn(verbose_name=label)) for i, label in enumerate(periods)],
        )
