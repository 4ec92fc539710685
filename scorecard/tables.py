"""The scorecard's tables (django-tables2, drawn by templates/components/table.html) and its RAG tag.

The RAG tag's colours come from one map, `models.RAG_COLOURS`, whoever reads the page; the PDF and the
spreadsheet fill their RAG cells from `models.RAG_FILLS`.
"""

from __future__ import annotations

from decimal import Decimal

import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.components import tag
from portal.tables import NUMERIC, Table
from portal.timefmt import govuk_date, govuk_datetime

from .models import RAG_COLOURS, Rag

RAG_LABELS = {**dict(Rag.choices), "": "Not rated"}
NO_TARGET = mark_safe('<span class="govuk-visually-hidden">No target</span>')  # noqa: S308 (a constant)


def rag_tag(rag: str | None):
    """A GOV.UK tag whose text says the RAG: colour is never the only sign."""
    rag = rag or ""
    return tag(RAG_LABELS.get(rag, "Not rated"), RAG_COLOURS.get(rag, "grey"))


def figure(value) -> str:
    """A computed value or difference: 1,038 or 34.5."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def signed(value) -> str:
    if value is None:
        return ""
    text = figure(value)
    return f"+{text}" if Decimal(value) > 0 else text


def small(text, *args):
    return format_html('<br><span class="govuk-body-s">' + text + "</span>", *args)


class QuarterTable(Table):
    """One section of a quarter: the published layout's columns, each measure's notes under its title.

    `internal` adds what only staff read (the analyst's reason for a RAG they set, the portal's computed
    figure); `edit_url` (analysts, on a draft) links each measure's edit page."""

    title = tables.Column(verbose_name="Measure", orderable=False)
    polarity = tables.Column(verbose_name="Polarity", orderable=False, default="Not stated")
    target = tables.Column(verbose_name="Target", orderable=False, empty_values=())
    outturn = tables.Column(verbose_name="Year end", orderable=False, attrs=NUMERIC, default="")
    q1 = tables.Column(verbose_name="Q1", orderable=False, attrs=NUMERIC, default="")
    q2 = tables.Column(verbose_name="Q2", orderable=False, attrs=NUMERIC, default="")
    q3 = tables.Column(verbose_name="Q3", orderable=False, attrs=NUMERIC, default="")
    q4 = tables.Column(verbose_name="Q4", orderable=False, attrs=NUMERIC, default="")
    ytd = tables.Column(verbose_name="Year to date", orderable=False, attrs=NUMERIC, empty_values=())
    rag = tables.Column(verbose_name="RAG", orderable=False, empty_values=())
    comments = tables.Column(
        verbose_name="Comments", orderable=False, empty_values=(), attrs={"td": {"class": "govuk-body-s"}}
    )

    class Meta(Table.Meta):
        empty_text = "No measures."

    def __init__(self, rows, *, caption: str, year_end_heading: str, internal: bool, edit_url: str = ""):
        super().__init__(rows)
        self.caption = caption
        self.caption_hidden = True
        self.columns["outturn"].column.verbose_name = year_end_heading
        self.internal = internal
        self.edit_url = edit_url
        self.measure_url = reverse("scorecard:measure", args=[0])[: -len("0/")]

    def render_title(self, record):
        notes = []
        if record.get("ascof_code"):
            notes.append(small("ASCOF {}", record["ascof_code"]))
        if record.get("nw") or record.get("national"):
            notes.append(
                small(
                    "NW average {}; national average {}",
                    record.get("nw") or "none",
                    record.get("national") or "none",
                )
            )
        if self.edit_url:
            notes.append(
                format_html(
                    '<br><a class="govuk-link govuk-body-s" href="{}{}/">Change figures, RAG and comments'
                    '<span class="govuk-visually-hidden"> for {}</span></a>',
                    self.edit_url,
                    record["measure"],
                    record["title"],
                )
            )
        return format_html(
            '<a class="govuk-link" href="{}{}/">{}</a>{}',
            self.measure_url,
            record["measure"],
            linebreaksbr(record["title"], autoescape=True),
            format_html_join("", "{}", ((note,) for note in notes)),
        )

    def render_target(self, value):
        return value or NO_TARGET

    def render_ytd(self, value, record):
        value = value or ""
        computed = record.get("computed") if self.internal else None
        if computed is None:
            return value
        if computed.unavailable:
            return format_html("{}{}", value, small("Computed value unavailable: {}", computed.unavailable))
        difference = computed.difference
        return format_html(
            "{}{}",
            value,
            small(
                "Computed from the portal: {}{}",
                figure(computed.value),
                f" (difference {signed(difference)})" if difference is not None else "",
            ),
        )

    def render_rag(self, value, record):
        if self.internal and record.get("rag_override"):
            return format_html(
                "{}{}", rag_tag(value), small("Set by the analyst: {}", record.get("override_reason", ""))
            )
        return rag_tag(value)

    def render_comments(self, value):
        return value or "No comments."


class QuarterIndexTable(Table):
    """The quarters a reader may read, each saying what they read of it."""

    quarter = tables.Column(verbose_name="Quarter", orderable=False, empty_values=())
    reading = tables.Column(verbose_name="What you read", orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "No quarter has been published yet."

    def __init__(self, entries, *, analyst: bool):
        super().__init__(entries)
        self.analyst = analyst
        self.caption = "Scorecard quarters, newest first"
        self.caption_hidden = True
        if analyst:
            self.columns["reading"].column.verbose_name = "Status"

    def render_quarter(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            record.scorecard_quarter.get_absolute_url(),
            record.label,
        )

    def render_reading(self, record):
        latest, scorecard_quarter = record.latest, record.scorecard_quarter
        published = (
            format_html("version {}, published {}", latest.number, govuk_date(latest.published_at))
            if latest
            else ""
        )
        if not self.analyst:
            return format_html("{} {}", tag("Published", "blue"), published)
        if scorecard_quarter.is_published:
            return format_html("{} {}", tag("Published", "blue"), published)
        if latest:
            return format_html("{} a new version, while readers read {}", tag("Draft", "grey"), published)
        return format_html("{} not published", tag("Draft", "grey"))


class ImportsTable(Table):
    applied_at = tables.Column(verbose_name="When", orderable=False)
    imported_by = tables.Column(verbose_name="Who", orderable=False, default="The portal")
    filename = tables.Column(verbose_name="File", orderable=False)
    quarter = tables.Column(verbose_name="Quarter", orderable=False, empty_values=())
    changes = tables.Column(verbose_name="Changes", orderable=False, attrs=NUMERIC)

    class Meta(Table.Meta):
        empty_text = "No spreadsheet has been imported."

    caption = "Recent imports, newest first"
    caption_hidden = True

    def render_applied_at(self, value):
        return govuk_datetime(value)

    def render_quarter(self, record):
        return f"Quarter {record.quarter} {record.year.label}"


class ChangesTable(Table):
    """What an import will change: one row per cell, comment, polarity or RAG."""

    row = tables.Column(verbose_name="Row", orderable=False)
    measure = tables.Column(verbose_name="Measure", orderable=False)
    what = tables.Column(verbose_name="Column", orderable=False)
    old = tables.Column(verbose_name="Now", orderable=False, empty_values=())
    new = tables.Column(verbose_name="After the import", orderable=False, empty_values=())

    class Meta(Table.Meta):
        empty_text = "Nothing changes."

    caption = "Changes the import will make"
    caption_hidden = True

    def render_old(self, value):
        return (value or "(empty)")[:200]

    def render_new(self, value):
        return (value or "(empty)")[:200]


class PointsTable(Table):
    """A measure's every value, oldest first: the chart's figures as a table."""

    label = tables.Column(verbose_name="Period", orderable=False)
    text = tables.Column(verbose_name="Value", orderable=False, attrs=NUMERIC)
    ytd = tables.Column(verbose_name="Year to date", orderable=False, attrs=NUMERIC, default="")
    target = tables.Column(verbose_name="Target", orderable=False, empty_values=())
    rag = tables.Column(verbose_name="RAG", orderable=False, empty_values=())
    comments = tables.Column(
        verbose_name="Comments", orderable=False, default="", attrs={"td": {"class": "govuk-body-s"}}
    )

    class Meta(Table.Meta):
        empty_text = "No values have been published for this measure yet."

    def __init__(self, points, *, caption: str):
        super().__init__(points)
        self.caption = caption

    def render_target(self, value):
        return value or NO_TARGET

    def render_rag(self, value, record):
        return rag_tag(value) if record["kind"] == "quarter" else ""
