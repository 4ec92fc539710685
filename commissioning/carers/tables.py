import django_tables2 as tables
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from portal import components
from portal.tables import NUMERIC, DateColumn, MoneyColumn, StatusColumn, Table
from portal.timefmt import govuk_date, govuk_datetime

from .models import Referral, Status


def status_tags(referral: Referral) -> str:
    """The referral's status tag (its model's colour map), and "Review due" when the review is due."""
    tags = components.status_tag(referral)
    if referral.review_is_due:
        tags = format_html("{} {}", tags, components.tag("Review due", "orange"))
    return tags


class CaseloadTable(Table):
    """Crisis first, then newest: one order, served by the referral indexes (no column sorting)."""

    reference = tables.Column(verbose_name="Reference")
    carer = tables.Column(verbose_name="Carer", accessor="carer__full_name")
    carer_type = tables.Column(verbose_name="Carer type")
    received_at = DateColumn(verbose_name="Received")
    route = tables.Column(verbose_name="Route")
    level_of_need = tables.Column(verbose_name="Need", empty_values=("",), default="Not assessed")
    status = tables.Column(verbose_name="Status")

    class Meta(Table.Meta):
        model = Referral
        fields = ["reference", "carer", "carer_type", "received_at", "route", "level_of_need", "status"]
        orderable = False
        per_page = 25
        empty_text = "No referrals match these filters."

    def render_reference(self, record, value):
        link = format_html('<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), value)
        if record.is_crisis:
            link = format_html("{}<br>{}", link, components.tag("Crisis", "red"))
        return link

    def render_level_of_need(self, record):
        return record.get_level_of_need_display()

    def render_status(self, record):
        return status_tags(record)


# --- A referral's page and a carer's access log --------------------------------------------------------
def link(url: str, text) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def person(user) -> str:
    return (user.get_full_name() or user.username) if user else "The portal"


class AllocationTable(Table):
    """A referral's allocated support (a list: the page shows all of it, in allocation order)."""

    caption = "Support allocated"
    caption_hidden = True
    service = tables.Column(verbose_name="Service", orderable=False)
    tier = tables.Column(verbose_name="Tier", accessor="service__tier", orderable=False)
    amount = MoneyColumn(verbose_name="Amount", orderable=False)
    allocated_at = tables.Column(verbose_name="Allocated", orderable=False)

    def render_service(self, record):
        if record.notes:
            return format_html(
                '{}<br><span class="govuk-body-s">{}</span>', record.service.name, record.notes
            )
        return record.service.name

    def render_tier(self, record):
        return record.service.get_tier_display()

    def render_allocated_at(self, record):
        return f"{govuk_date(record.allocated_at)} by {person(record.allocated_by)}"


class ContactTable(Table):
    caption = "Contacts, newest first"
    caption_hidden = True
    contacted_on = DateColumn(verbose_name="Date", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    method = tables.Column(verbose_name="How", orderable=False)
    notes = tables.Column(verbose_name="Notes", orderable=False)
    by = tables.Column(verbose_name="By", orderable=False, default="The portal")

    def render_method(self, record):
        return record.get_method_display()

    def render_notes(self, value):
        return linebreaksbr(value)

    def render_by(self, value):
        return person(value)


class AccessLogTable(Table):
    caption = "Views of this carer's record, newest first"
    caption_hidden = True
    viewed_at = tables.Column(verbose_name="When", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    user = tables.Column(verbose_name="Who", orderable=False)
    what = tables.Column(verbose_name="What", orderable=False)

    def render_viewed_at(self, value):
        return govuk_datetime(value)

    def render_user(self, value):
        return f"{person(value)} ({value.username})"

    def render_what(self, record):
        what = capfirst(record.what)
        return f"{what} {record.referral.reference}" if record.referral_id else what


# --- Case work: search results, tasks, documents, consent, the hub's access log -------------------------
class SearchResultTable(Table):
    caption = "Carers found"
    caption_hidden = True
    name = tables.Column(verbose_name="Name", accessor="last_name", orderable=False)
    date_of_birth = DateColumn(verbose_name="Date of birth", orderable=False)
    postcode = tables.Column(verbose_name="Postcode", orderable=False, default="")
    latest_reference = tables.Column(verbose_name="Latest referral", orderable=False, default="None")

    class Meta(Table.Meta):
        empty_text = "No carers match. Check the spelling, or search by fewer details."
        per_page = 25

    def render_name(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.full_name
        )

    def render_latest_reference(self, record, value):
        status = Status(record.latest_status).label if record.latest_status else ""
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}</span>',
            reverse("carers:referral", args=[value]),
            value,
            status,
        )


class TaskTable(Table):
    caption = "Tasks"
    caption_hidden = True
    due_on = DateColumn(verbose_name="Due", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    title = tables.Column(verbose_name="Task", orderable=False)
    referral = tables.Column(verbose_name="Referral", accessor="referral__reference", orderable=False)
    owner = tables.Column(verbose_name="Owner", orderable=False)
    status = StatusColumn(verbose_name="Status", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No tasks."
        per_page = 25

    def render_title(self, record):
        return link(record.get_absolute_url(), record.title)

    def render_referral(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.referral.get_absolute_url(), value
        )

    def render_owner(self, value):
        return person(value)


class DocumentTable(Table):
    caption = "Documents"
    caption_hidden = True
    title = tables.Column(verbose_name="Document", orderable=False)
    kind = tables.Column(verbose_name="Type", orderable=False)
    uploaded_at = tables.Column(verbose_name="Added", orderable=False)
    remove = tables.Column(verbose_name="", accessor="pk", orderable=False)

    class Meta(Table.Meta):
        empty_text = "No documents."

    def render_title(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}, {}</span>',
            record.get_absolute_url(),
            record.title,
            record.original_name,
            filesizeformat(record.size),
        )

    def render_kind(self, record):
        return record.get_kind_display()

    def render_uploaded_at(self, record):
        return f"{govuk_date(record.uploaded_at)} by {person(record.uploaded_by)}"

    def render_remove(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">Remove<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("carers:document-remove", args=[record.referral.reference, record.pk]),
            record.title,
        )


class ConsentTable(Table):
    caption = "Every consent decision, newest first"
    caption_hidden = True
    kind = tables.Column(verbose_name="What", orderable=False)
    status = StatusColumn(verbose_name="Decision", orderable=False)
    on = DateColumn(verbose_name="Date", orderable=False)
    method = tables.Column(verbose_name="How", orderable=False)
    recorded_by = tables.Column(verbose_name="Recorded by", orderable=False, default="The carer, online")

    class Meta(Table.Meta):
        empty_text = "No consent recorded."

    def render_kind(self, record):
        return record.get_kind_display()

    def render_method(self, record):
        return record.get_method_display()

    def render_recorded_by(self, value):
        return person(value)


class HubAccessLogTable(AccessLogTable):
    caption = "Searches and exports, newest first"
    what = tables.Column(verbose_name="What", orderable=False)

    class Meta(AccessLogTable.Meta):
        per_page = 50

    def render_what(self, record):
        details = record.details or {}
        if record.what == "search":
            return f"Search by {', '.join(details.get('by', []))}: {details.get('shown', 0)} shown"
        rows = details.get("rows")
        return f"{capfirst(record.what)}: {rows:,} rows" if rows is not None else capfirst(record.what)


# --- The statistics page: numbers only ----------------------------------------------------------------
CONFIDENTIAL = mark_safe('<abbr title="confidential">[c]</abbr>')  # noqa: S308 - a constant


class CountColumn(tables.Column):
    """A count, or [c] where it is hidden (fewer than 5, or hidden so that one cannot be worked out)."""

    def __init__(self, **kwargs):
        super().__init__(
            attrs=NUMERIC,
            orderable=False,
            **kwargs,
        )

    def render(self, value):
        count, hidden = value
        return CONFIDENTIAL if hidden else f"{count:,}"


class StatisticsTable(Table):
    """One published table of the statistics page: a row per category, a column per period."""

    label = tables.Column(verbose_name="Category", orderable=False)

    class Meta(Table.Meta):
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
