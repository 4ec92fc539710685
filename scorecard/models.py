"""The quarterly Adult Social Care scorecard: sections, measures, financial years, the cells of the
published table (text as published and the number in it), RAG, commentary, and published versions.

One cell per measure, financial year and column (`Cell.Column`): the quarters, the year to date as at
each quarter, the year-end outturn, the target and the North West and national averages. A quarter
(`ScorecardQuarter`) is drafted, then published: publishing stores the table as it stands
(`ScorecardVersion.rows`), so a published version is reproduced from that record, never recomputed.
See docs/adr/018-scorecard-cells-and-versions.md.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal import permissions as perms


class Polarity(models.TextChoices):
    HIGH = "high", "High is good"
    LOW = "low", "Low is good"
    NOT_APPLICABLE = "n/a", "n/a"
    NOT_STATED = "", "Not stated"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE_100K = "rate-100k", "Rate per 100,000 population"
    RATE_10K = "rate-10k", "Rate per 10,000 population"
    DAYS = "days", "Days"


class YearToDate(models.TextChoices):
    SUM = "sum", "Sum of the quarters"
    CUMULATIVE = "cumulative", "Cumulative (each quarter is the year so far)"
    SNAPSHOT = "snapshot", "Snapshot at the end of the quarter"
    AVERAGE = "average", "Average of the quarters"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# The one RAG-to-colour map: GOV.UK tag colours on pages ("" is "Not rated"), and the fills of the
# published appendix for the PDF and the spreadsheet (text colour, background).
RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green", "": "grey"}
RAG_FILLS = {Rag.RED: ("ffffff", "d4351c"), Rag.AMBER: ("0b0c0c", "f47738"), Rag.GREEN: ("ffffff", "00703c")}


def is_analyst(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perms.MANAGE_SCORECARD))


def is_staff_reader(user) -> bool:
    """Analysts, and the staff who read published quarters with their internal notes (override reasons,
    computed comparisons). Everyone else, signed in or not, reads what the public reads."""
    return bool(
        user
        and user.is_authenticated
        and (user.has_perm(perms.MANAGE_SCORECARD) or user.has_perm(perms.VIEW_PUBLISHED_SCORECARD))
    )


QUARTERS = [1, 2, 3, 4]
# "12,345", "85.0%", "-3", optionally followed by a note in brackets: "50% (89%)", "40 (Average over year)".
NUMBER = re.compile(
    r"^(?P<number>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<percent>%?)(?:\s*\((?P<note>[^()]*)\))?$"
)
NO_VALUE = {"n/a", "na", "-"}
TARGET = re.compile(r"^(?P<op><=|>=|<|>|≤|≥)?\s*(?P<rest>.+)$")


def parse_number(text: str) -> tuple[bool, Decimal | None]:
    """(ok, number) for a published cell. Blank and "N/A" are fine and have no number."""
    compact = " ".join((text or "").split())
    if not compact or compact.lower() in NO_VALUE:
        return True, None
    match = NUMBER.match(compact)
    if not match:
        return False, None
    try:
        return True, Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return False, None


UNIT_NOUNS = {
    Unit.COUNT: "a count",
    Unit.RATE_100K: "a rate per 100,000 population",
    Unit.RATE_10K: "a rate per 10,000 population",
    Unit.DAYS: "a number of days",
}


def unit_problem(text: str, unit: str, *, whole: bool = False) -> str:
    """Why `text` cannot be a value of a measure in `unit` ("" when it can): a percentage needs its %
    sign, a count has none, and (with `whole`, for a quarter's count) has no fraction, so a proportion
    like 0.55 typed for a count is refused rather than published."""
    compact = " ".join((text or "").split())
    match = NUMBER.match(compact) if compact and compact.lower() not in NO_VALUE else None
    if match is None:
        return ""
    percent = bool(match["percent"])
    if unit == Unit.PERCENTAGE and not percent:
        return f"'{compact}' has no % sign, and this measure is a percentage: write it like 55%"
    if unit != Unit.PERCENTAGE and percent:
        return f"'{compact}' is a percentage, but this measure is {UNIT_NOUNS.get(unit, 'not a percentage')}"
    if unit == Unit.COUNT and whole and "." in match["number"]:
        return f"'{compact}' is not a whole number, and this measure is a count: write it like 1,038"
    return ""


def parse_target(text: str) -> tuple[bool, str, Decimal | None]:
    """(ok, comparison, number) for a target cell: "<530" is ("<", 530); "87%" is ("", 87)."""
    compact = " ".join((text or "").split())
    if not compact:
        return True, "", None
    match = TARGET.match(compact)
    op = {"≤": "<=", "≥": ">="}.get(match["op"], match["op"] or "")
    ok, number = parse_number(match["rest"])
    if not ok or number is None:
        return False, "", None
    return True, op, number


class FinancialYear(models.Model):
    """April to March, named by its first year: 2021 is "2021-22"."""

    start_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def short_label(self) -> str:
        """As the published column headings write it: "21-22"."""
        return f"{self.start_year % 100:02d}-{(self.start_year + 1) % 100:02d}"

    @staticmethod
    def parse(label: str) -> int | None:
        """'2021-22' or '2021/22' -> 2021; None when it is not a financial year."""
        match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*", label or "")
        if not match:
            return None
        start, end = int(match[1]), int(match[2]) % 100
        return start if (start + 1) % 100 == end else None


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class MeasureQuerySet(models.QuerySet):
    def in_order(self) -> MeasureQuerySet:
        return self.select_related("section").order_by("section__order", "order", "pk")

    def current(self) -> MeasureQuerySet:
        """Measures not retired: the ones a new quarter's table and an import have."""
        return self.filter(retired_at__isnull=True)

    def published(self) -> MeasureQuerySet:
        """Measures in at least one published version."""
        return self.filter(
            models.Exists(ScorecardVersion.measures.through.objects.filter(measure=models.OuterRef("pk")))
        )

    def visible_to(self, user) -> MeasureQuerySet:
        """Analysts see every measure, retired or not; everyone else the measures of published quarters."""
        return self if is_analyst(user) else self.published()


class Measure(models.Model):
    title = models.TextField("title as published", unique=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="measures")
    order = models.PositiveSmallIntegerField(default=0)
    ascof_code = models.CharField("ASCOF code", max_length=10, blank=True)
    polarity = models.CharField(max_length=4, choices=Polarity.choices, blank=True)
    unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.COUNT)
    year_to_date = models.CharField(
        "how the year to date is formed", max_length=12, choices=YearToDate.choices, default=YearToDate.SUM
    )
    owner = models.CharField(max_length=200, blank=True)
    computation = models.CharField(
        "computed from portal data",
        max_length=50,
        blank=True,
        help_text="A key of scorecard.computed.REGISTRY. Imported values stay the record.",
    )
    retired_at = models.DateTimeField("retired", null=True, blank=True)
    retired_reason = models.TextField("why it was retired", blank=True)

    history = HistoricalRecords()
    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "pk"]
        indexes = [models.Index(fields=["section", "order"])]

    def __str__(self) -> str:
        return " ".join(self.title.split())

    def get_absolute_url(self) -> str:
        return reverse("scorecard:measure", args=[self.pk])

    @property
    def source(self) -> str:
        return (
            "Computed from portal data (imported values are the record)" if self.computation else "Imported"
        )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class AnalystOnlyQuerySet(models.QuerySet):
    """Live figures and notes: drafts in the making, override reasons. Readers read published versions."""

    def visible_to(self, user):
        return self if is_analyst(user) else self.none()


class Cell(models.Model):
    """One cell of the scorecard: the text as published and the number in it (None for "N/A", blanks)."""

    class Column(models.TextChoices):
        NW_AVERAGE = "nw", "NW Av"
        NATIONAL_AVERAGE = "national", "National Av"
        TARGET = "target", "Target"
        Q1 = "q1", "Quarter 1"
        Q2 = "q2", "Quarter 2"
        Q3 = "q3", "Quarter 3"
        Q4 = "q4", "Quarter 4"
        YTD_Q1 = "ytd1", "Year to date at quarter 1"
        YTD_Q2 = "ytd2", "Year to date at quarter 2"
        YTD_Q3 = "ytd3", "Year to date at quarter 3"
        YTD_Q4 = "ytd4", "Year to date at quarter 4"
        OUTTURN = "outturn", "Year-end outturn"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="cells")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="cells")
    column = models.CharField(max_length=8, choices=Column.choices)
    text = models.CharField("as published", max_length=200, blank=True)
    number = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)

    history = HistoricalRecords()
    objects = AnalystOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "year", "column"], name="scorecard_cell_unique"),
        ]
        indexes = [models.Index(fields=["year", "column"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.year} {self.get_column_display()}: {self.text}"


def quarter_column(quarter: int) -> str:
    return f"q{quarter}"


def ytd_column(quarter: int) -> str:
    return f"ytd{quarter}"


class MeasureQuarter(models.Model):
    """What a quarter says about a measure beyond its figures: the analyst's RAG override and commentary."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="quarters")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="measure_quarters")
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Quarter {q}") for q in QUARTERS])
    rag_override = models.CharField("RAG set by the analyst", max_length=5, choices=Rag.choices, blank=True)
    override_reason = models.TextField("reason for setting the RAG", blank=True)
    commentary = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = AnalystOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "quarter"], name="scorecard_measurequarter_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rag_override="") | ~models.Q(override_reason=""),
                name="scorecard_override_needs_reason",
                violation_error_message="Give a reason for setting the RAG yourself.",
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.measure}, quarter {self.quarter} {self.year}"


class ScorecardQuarterQuerySet(models.QuerySet):
    def ever_published(self) -> ScorecardQuarterQuerySet:
        """Quarters with a published version (a quarter being revised is a draft with one)."""
        return self.filter(
            models.Exists(ScorecardVersion.objects.filter(scorecard_quarter=models.OuterRef("pk")))
        )

    def visible_to(self, user) -> ScorecardQuarterQuerySet:
        """Analysts see every quarter, drafts included; everyone else (staff, providers and the public,
        signed in or not) the quarters with a published version, and only that version."""
        return self if is_analyst(user) else self.ever_published()


class ScorecardQuarter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.PUBLISHED: "blue"}

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="scorecard_quarters")
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Quarter {q}") for q in QUARTERS])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    new_version_reason = models.TextField(
        "why a new version is being made", blank=True, help_text="Required to change a published quarter."
    )

    history = HistoricalRecords()
    objects = ScorecardQuarterQuerySet.as_manager()

    class Meta:
        ordering = ["-year__start_year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="scorecard_quarter_unique"),
        ]
        permissions = [
            ("manage_scorecard", "Can import, edit and publish the scorecard"),
            ("view_published_scorecard", "Can read published scorecard quarters"),
        ]

    def __str__(self) -> str:
        return f"Quarter {self.quarter} {self.year.label}"

    def get_absolute_url(self) -> str:
        return reverse("scorecard:quarter", args=[self.year.label, self.quarter])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ScorecardVersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScorecardVersionQuerySet:
        """Every version is published, and published quarters are public (issue 19): all of them."""
        return self

    def latest_per_quarter(self) -> ScorecardVersionQuerySet:
        """The latest version of each quarter (what a reader reads), newest quarter first."""
        later = ScorecardVersion.objects.filter(
            scorecard_quarter=models.OuterRef("scorecard_quarter"), number__gt=models.OuterRef("number")
        )
        return self.filter(~models.Exists(later)).order_by(
            "-scorecard_quarter__year__start_year", "-scorecard_quarter__quarter"
        )


class ScorecardVersion(models.Model):
    """A published quarter as it was published: the rows of the table, kept as they were."""

    scorecard_quarter = models.ForeignKey(ScorecardQuarter, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {"m<measure pk>": row}, each row as scorecard.table.build_rows() makes it, with its "position". The
    # key is not a bare number: Django's key lookups would take a number for an array index.
    rows = models.JSONField()
    # The measures in `rows`, so that "is this measure published?" is a join, not a scan of the JSON.
    measures = models.ManyToManyField(Measure, related_name="versions", blank=True)

    objects = ScorecardVersionQuerySet.as_manager()

    class Meta:
        ordering = ["scorecard_quarter", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard_quarter", "number"], name="scorecard_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard_quarter}, version {self.number}"

    @property
    def published_label(self) -> str:
        return f"Published: version {self.number}"


class ImportRecord(models.Model):
    """An uploaded sheet awaiting its preview's confirmation, then the record of its import: who, when,
    which file, and how many changes it made (the cells' own history says which)."""

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="imports")
    quarter = models.PositiveSmallIntegerField()
    filename = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changes = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)
    # The uploaded file until it is applied (then emptied: the cells' history keeps what changed).
    content = models.BinaryField(default=bytes, blank=True)

    objects = AnalystOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} (quarter {self.quarter} {self.year})"
