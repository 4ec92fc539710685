"""The Market Position Statement as live records: one page per market the statement covers (its sections 7-9),
each with the statement's text in sections, figures with their source and date, commissioning intentions and
the commissioners' assessment; and the statement's population tables (Table 1 and Table 2).

Everything here is public once a market is published; commissioners change it through `services.py`, and
every change is audited (django-simple-history). The live supply figures are not stored: `supply.py`
computes them from the provider register, the FPS, the contracts register and the carers hub (its referrals
per quarter from CarersReferralDay, a per-day count the database keeps with triggers).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.contracts.models import SERVICE_TYPE_CHOICES, SERVICE_TYPE_LABELS
from commissioning.providers.models import Service
from portal import permissions as perms


class Chapter(models.IntegerChoices):
    """The statement's three chapters of messages to providers, by their numbers in the statement."""

    CHILDREN = 7, "Messages to providers of children and young people’s services"
    PUBLIC_HEALTH = 8, "Messages for providers of public health, early intervention and community services"
    ADULTS = 9, "Messages for providers of care and support to adults"


class DatePrecision(models.TextChoices):
    """How much of a date the statement gives: '31 March 2020', 'April 2021' or just '2020'."""

    DAY = "day", "Day, month and year"
    MONTH = "month", "Month and year"
    YEAR = "year", "Year only"


class MarketQuerySet(models.QuerySet):
    def visible_to(self, user) -> MarketQuerySet:
        """Published markets are public; commissioners also see the ones not yet published."""
        if user.is_authenticated and user.has_perm(perms.MANAGE_MARKET):
            return self
        return self.filter(is_published=True)


class Market(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField("title", max_length=120)
    chapter = models.PositiveSmallIntegerField("chapter of the statement", choices=Chapter.choices)
    position = models.PositiveSmallIntegerField("order within the chapter", default=0)
    summary = models.TextField(
        "summary", max_length=600, help_text="One or two sentences for the list of markets."
    )
    service_types = ArrayField(
        models.CharField(max_length=30, choices=SERVICE_TYPE_CHOICES),
        verbose_name="service types",
        blank=True,
        default=list,
        help_text=(
            "Registered providers offering these services, and live contracts of these types, are counted "
            "as this market's supply."
        ),
    )
    purchasing_system = models.ForeignKey(
        "fps.PurchasingSystem",
        verbose_name="flexible purchasing system",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="markets",
    )
    shows_carers_referrals = models.BooleanField("show the carers hub's referrals per quarter", default=False)
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MarketQuerySet.as_manager()

    class Meta:
        ordering = ["chapter", "position", "title"]
        permissions = [("manage_market", "Can change the market position statement's pages")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("market:market", args=[self.slug])

    def service_type_labels(self) -> list[str]:
        return [SERVICE_TYPE_LABELS.get(value, value) for value in self.service_types]

    @property
    def provider_service_types(self) -> list[str]:
        """The types providers in the register can offer (the others are contract types only)."""
        return [value for value in self.service_types if value in Service.values]


class MarketSection(models.Model):
    """A part of the statement's text for a market, written in the committees' light markup
    (committees/markup.py) and stored as that module reads it: a list of paragraph dicts."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField("heading", max_length=200)
    paragraphs = models.JSONField("text", default=list, blank=True)
    last_reviewed = models.DateField("last reviewed")
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["market", "position", "pk"]
        indexes = [models.Index(fields=["market", "position"], name="market_section_order_idx")]

    def __str__(self):
        return self.heading


class Figure(models.Model):
    """A number about a market's supply or demand, with where it comes from and the date it refers to."""

    class Kind(models.TextChoices):
        SUPPLY = "supply", "Supply"
        DEMAND = "demand", "Demand"

    class Unit(models.TextChoices):
        COUNT = "count", "A count (people, places, providers)"
        PERCENT = "percent", "A percentage"
        MONEY = "money", "An amount of money (£)"
        RATE = "rate", "A rate per 10,000 people"

    class Qualifier(models.TextChoices):
        """How the source gives the figure: '8,300' or 'around 8,300', 'over 3,000', 'at least 3,000'."""

        EXACT = "", "As it is"
        AROUND = "around", "Around"
        OVER = "over", "Over"
        AT_LEAST = "at-least", "At least"
        JUST_UNDER = "just-under", "Just under"
        UP_TO = "up-to", "Up to"

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField("supply or demand", max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)
    label = models.CharField("what the figure counts", max_length=300)
    unit = models.CharField("unit", max_length=10, choices=Unit.choices, default=Unit.COUNT)
    value = models.DecimalField("figure", max_digits=14, decimal_places=2)
    value_to = models.DecimalField(
        "upper figure of a range", max_digits=14, decimal_places=2, null=True, blank=True
    )
    qualifier = models.CharField(
        "how the source gives it", max_length=10, choices=Qualifier.choices, default="", blank=True
    )
    as_of = models.DateField("date the figure refers to")
    as_of_precision = models.CharField(
        "show the date as", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.CharField("source", max_length=300)
    note = models.CharField("note", max_length=500, blank=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["market", "kind", "position", "pk"]
        indexes = [models.Index(fields=["market", "kind", "position"], name="market_figure_order_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="market_figure_not_negative"),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value__lte=100), name="market_figure_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(value_to__isnull=True) | Q(value_to__gt=models.F("value")),
                name="market_figure_range_upwards",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value_to__isnull=True) | Q(value_to__lte=100),
                name="market_figure_range_percent_at_most_100",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        bounds = {"value": self.value, "value_to": self.value_to}
        for field, number in bounds.items():
            if number is None:
                continue
            if self.unit == self.Unit.PERCENT and not 0 <= number <= 100:
                errors[field] = "A percentage must be between 0 and 100"
            elif number < 0:
                errors[field] = {
                    self.Unit.COUNT: "A count cannot be below 0",
                    self.Unit.MONEY: "An amount of money cannot be below £0",
                }.get(self.unit, "A rate cannot be below 0")
        ordered = self.value is not None and self.value_to is not None and self.value_to > self.value
        if not errors and self.value_to is not None and not ordered:
            errors["value_to"] = "The upper figure of a range must be more than the figure"
        if errors:
            raise ValidationError(errors)


class Intention(models.Model):
    """A dated commissioning intention ("we will recommission care at home: contract start 31 August 2023"),
    linked to the committee report, work programme item or contract behind it where there is one."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="intentions")
    text = models.TextField("intention", max_length=1000)
    due = models.DateField("date")
    due_precision = models.CharField(
        "show the date as", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    report = models.ForeignKey(
        "committees.Report",
        verbose_name="committee report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    work_programme_item = models.ForeignKey(
        "committees.WorkProgrammeItem",
        verbose_name="work programme item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name="contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("source", max_length=300, blank=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["market", "due", "pk"]
        indexes = [models.Index(fields=["market", "due"], name="market_intention_due_idx")]

    def __str__(self):
        return self.text[:80]


class Dimension(models.TextChoices):
    QUALITY = "quality", "Quality"
    SUPPLY = "supply", "Supply"
    DEMAND = "demand", "Demand"
    WORKFORCE = "workforce", "Workforce"


# Each dimension's ratings, in order from the best news to the worst, with the colour of its tag. The words
# carry the meaning; the colour only repeats it.
RATINGS: dict[str, list[tuple[str, str, str]]] = {
    Dimension.QUALITY: [
        ("good", "Good", "green"),
        ("adequate", "Adequate", "yellow"),
        ("requires-improvement", "Requires improvement", "orange"),
        ("poor", "Poor", "red"),
    ],
    Dimension.SUPPLY: [
        ("sufficient", "Sufficient", "green"),
        ("some-gaps", "Some gaps", "yellow"),
        ("oversupplied-in-places", "Oversupplied in places", "orange"),
        ("insufficient", "Insufficient", "red"),
    ],
    Dimension.DEMAND: [
        ("falling", "Falling", "blue"),
        ("stable", "Stable", "green"),
        ("rising", "Rising", "yellow"),
        ("rising-fast", "Rising fast", "red"),
    ],
    Dimension.WORKFORCE: [
        ("stable", "Stable", "green"),
        ("some-pressure", "Some pressure", "yellow"),
        ("under-pressure", "Under pressure", "orange"),
        ("critical", "Critical", "red"),
    ],
}
RATING_CHOICES = sorted({(value, label) for ratings in RATINGS.values() for value, label, _c in ratings})


class Assessment(models.Model):
    """The commissioners' rating of one dimension of a market, with a sentence saying why, and its date."""

    # The tag colour of each rating (portal.components: one map per field shown as a tag).
    RATING_COLOURS = {value: colour for ratings in RATINGS.values() for value, _label, colour in ratings}

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="assessments")
    dimension = models.CharField("dimension", max_length=10, choices=Dimension.choices)
    rating = models.CharField("rating", max_length=30, choices=RATING_CHOICES)
    sentence = models.TextField("why", max_length=500)
    assessed_on = models.DateField("date of the assessment")
    is_demo = models.BooleanField("demo data", default=False, help_text="Invented for demonstrations.")
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["market", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "dimension"],
                name="market_one_assessment_per_dimension",
                violation_error_message="This market already has an assessment of this dimension.",
            )
        ]

    def __str__(self):
        return f"{self.market}: {self.get_dimension_display()}"

    def clean(self):
        allowed = {value for value, _label, _colour in RATINGS.get(self.dimension, [])}
        if self.rating and self.dimension and self.rating not in allowed:
            raise ValidationError({"rating": f"Select a rating of the market's {self.dimension}"})

    @property
    def rating_label(self) -> str:
        return {value: label for value, label, _c in RATINGS.get(self.dimension, [])}.get(self.rating, "")


class Band(models.TextChoices):
    """The age bands of the statement's population tables."""

    TOTAL = "total", "Total"
    AGED_0_14 = "0-14", "0-14"
    AGED_15_64 = "15-64", "15-64"
    AGED_65_PLUS = "65+", "65 plus"
    AGED_70_PLUS = "70+", "70 plus"
    AGED_85_PLUS = "85+", "85 plus"


class PopulationFigure(models.Model):
    """A printed cell of the statement's Table 1 (projections for three areas, with each band's printed share
    of the total) or Table 2 (Cheshire East, with the printed change since 2018 and its percentage).
    The statement's figures as printed: the pages compute what can be computed and compare."""

    class Table(models.IntegerChoices):
        TABLE_1 = 1, "Table 1"
        TABLE_2 = 2, "Table 2"

    table = models.PositiveSmallIntegerField(choices=Table.choices)
    area = models.CharField(max_length=50)
    year = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=6, choices=Band.choices)
    count = models.PositiveIntegerField("people (printed)")
    # Table 1: the band's printed share of the area's total (%). Table 2: the printed change since 2018 (%).
    printed_percent = models.SmallIntegerField(null=True, blank=True)
    # Table 2 only: the printed change in people since 2018.
    printed_change = models.IntegerField(null=True, blank=True)
    source = models.CharField(max_length=200)

    class Meta:
        ordering = ["table", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "area", "year", "band"], name="market_population_figure_unique"
            )
        ]

    def __str__(self):
        return f"Table {self.table}: {self.area} {self.year} {self.band}"


def statement_pdf_path(instance, filename):
    return f"market/statement/{filename}"


class StatementPdfQuerySet(models.QuerySet):
    def latest_done(self) -> StatementPdf | None:
        return self.filter(status=StatementPdf.Status.DONE).order_by("-generated_at", "-pk").first()

    def latest(self) -> StatementPdf | None:
        return self.order_by("-requested_at", "-pk").first()


class StatementPdf(models.Model):
    """The whole statement as a PDF, built in the background from the live pages and stored under MEDIA_ROOT,
    so that no request renders it (tasks.py). `content_stamp` says which edits it includes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        BUILDING = "building", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    content_stamp = models.CharField(max_length=100)
    requested_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField("last progress", null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=statement_pdf_path, blank=True, max_length=200)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = StatementPdfQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "generated_at"], name="market_pdf_status_idx")]
        constraints = [
            # One build at a time for the same content: two visitors asking at once start one build.
            models.UniqueConstraint(
                fields=["content_stamp"],
                condition=Q(status__in=["pending", "building"]),
                name="market_pdf_one_build_per_content",
            )
        ]

    def __str__(self):
        return f"Statement PDF {self.pk} ({self.get_status_display()})"


class CarersReferralDay(models.Model):
    """How many carers hub referrals were received on each day (the day in the portal's time zone): the
    summary the carers market page reads its referrals per quarter from, instead of counting a million
    referrals on every view. Never written by Python: triggers on the referrals table (migration 0002) add
    and take away as referrals are inserted, moved to another day, deleted or truncated, in the same
    transaction, so it is never stale, whichever way the rows change (the ORM, bulk inserts, raw SQL)."""

    day = models.DateField(primary_key=True)
    referrals = models.IntegerField()

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.day}: {self.referrals}"
