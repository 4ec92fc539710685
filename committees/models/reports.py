"""Reports: their references, sections, paragraphs and appendices. What the public may see of them is
decided here, in `Report.objects.visible_to(user)`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

from .meetings import Meeting
from .people import SEARCH_CONFIG, Committee, ExemptParagraph, municipal_year_validator, reference_validator


class ReportQuerySet(DeepPageQuerySet):
    def published_public(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.PUBLISHED, part=1)

    def visible_to(self, user) -> ReportQuerySet:
        """The public sees published part 1 reports. Democratic services see all; report authors see
        their own drafts and every published report; staff who may see exempt papers see part 2 ones."""
        if not user.is_authenticated:
            return self.published_public()
        if user.has_perm(perms.MANAGE_COMMITTEES):
            return self
        visible = Q(status=Report.Status.PUBLISHED, part=1)
        if user.has_perm(perms.VIEW_EXEMPT_REPORTS):
            visible |= Q(status=Report.Status.PUBLISHED)
        if user.has_perm(perms.DRAFT_REPORT):
            visible |= Q(author=user)
        return self.filter(visible)

    def editable_by(self, user) -> ReportQuerySet:
        """Democratic services edit any report; an author edits their own while it is a draft."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.MANAGE_COMMITTEES):
            return self
        if user.has_perm(perms.DRAFT_REPORT):
            return self.filter(author=user, status=Report.Status.DRAFT)
        return self.none()


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.SUBMITTED: "blue", Status.PUBLISHED: "green"}
    PART_COLOURS = {1: "green", 2: "red"}

    class ReportType(models.TextChoices):
        FOR_DECISION = "for-decision", "For decision"
        BRIEFING = "briefing", "Briefing"
        TO_NOTE = "to-note", "To note"

    title = models.CharField("title", max_length=300)
    report_of = models.CharField("report of", max_length=300, blank=True)
    report_type = models.CharField(
        "report type", max_length=20, choices=ReportType.choices, default=ReportType.FOR_DECISION
    )
    wards_affected = models.CharField("wards affected", max_length=300, default="All", blank=True)
    corporate_plan_priorities = models.JSONField("corporate plan priorities", default=list, blank=True)
    key_decision = models.BooleanField("key decision", default=False)
    part = models.PositiveSmallIntegerField(
        "part", choices=[(1, "Part 1 (public)"), (2, "Part 2 (exempt)")], default=1
    )
    exempt_paragraph = models.CharField(
        "exempt paragraph", max_length=2, choices=ExemptParagraph.choices, blank=True
    )
    contact_name = models.CharField("contact officer", max_length=200, blank=True)
    contact_job_title = models.CharField("contact officer's job title", max_length=300, blank=True)
    contact_email = models.EmailField("contact officer's email", blank=True)
    contact_phone = models.CharField("contact officer's telephone", max_length=50, blank=True)
    contact_note = models.CharField("contact officer note", max_length=300, blank=True)
    # Further contacts: [{"name", "job_title", "email", "phone", "note"}]
    other_contacts = models.JSONField("other contact officers", default=list, blank=True)
    background_papers = models.JSONField("background papers", default=list, blank=True)
    access_to_information = models.TextField("access to information", blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Every paragraph's text, kept up to date by the services that change sections: what search reads.
    body_text = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_vector", "body_text"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("publish_report", "Can publish committee reports"),
            ("view_exempt_report", "Can see part 2 (exempt) reports"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="report_search_gin"),
            models.Index(fields=["status", "part"], name="report_status_part_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(part=1) & Q(exempt_paragraph="")) | (Q(part=2) & ~Q(exempt_paragraph="")),
                name="report_exempt_paragraph_with_part_2",
                violation_error_message="A part 2 report needs its exempt paragraph; part 1 has none.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committees:report", args=[self.pk])

    def clean(self):
        if self.part == 2 and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Select the paragraph of Schedule 12A for a part 2 report"}
            )
        if self.part == 1 and self.exempt_paragraph:
            raise ValidationError({"exempt_paragraph": "A part 1 report is public: select Not exempt"})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReferenceCounter(models.Model):
    """The last sequence issued per committee and municipal year: numbers go up and are never reused."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    municipal_year = models.CharField(max_length=7, validators=[municipal_year_validator])
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "municipal_year"], name="reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.committee_id} {self.municipal_year}: {self.last_sequence}"


class ReportReference(models.Model):
    """A report's reference for one committee (a report to two committees has two)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="references")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="report_references")
    reference = models.CharField(
        "reference",
        max_length=30,
        unique=True,
        validators=[reference_validator],
        error_messages={"unique": "This reference is already used by another report"},
    )
    sequence = models.PositiveIntegerField()
    municipal_year = models.CharField(max_length=7, validators=[municipal_year_validator])
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_references"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "municipal_year", "sequence"],
                name="report_reference_unique_sequence",
                violation_error_message="This committee has already used this number this municipal year.",
            ),
            models.UniqueConstraint(
                fields=["report", "committee"],
                name="report_reference_one_per_committee",
                violation_error_message="The report already has a reference for this committee.",
            ),
        ]

    def __str__(self):
        return self.reference


class ReportSection(models.Model):
    """A numbered section ("1", "Purpose of the Report"), or a sub-heading within one (level 2)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField("number", max_length=10, blank=True)
    heading = models.CharField("heading", max_length=300)
    level = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["report", "position", "pk"]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()


class Paragraph(models.Model):
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField("number", max_length=20, blank=True)
    text = models.TextField("text", blank=True)
    # {"header": [...], "rows": [[...], ...]} for a table in the report.
    table = models.JSONField(null=True, blank=True)
    bullets = models.JSONField("bullet points", default=list, blank=True)
    numbered_list = models.BooleanField("bullet points are numbered", default=False)
    kind = models.CharField(
        max_length=20,
        blank=True,
        choices=[("", "Paragraph"), ("heading", "Sub-heading"), ("figure-caption", "Figure caption")],
    )

    class Meta:
        ordering = ["section", "position", "pk"]

    def __str__(self):
        return self.number


def appendix_path(instance, filename):
    return f"committees/appendices/{instance.report_id}/{filename}"


class Appendix(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded PDF"
        NOT_TRANSCRIBED = "not-transcribed", "Not transcribed (listed only)"
        SCORECARD = "scorecard", "The published scorecard of a quarter (live)"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField("title", max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.UPLOAD)
    file = models.FileField(upload_to=appendix_path, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    # A live portal output (docs/adr/006): the scorecard of a quarter, shown and merged once published.
    scorecard_year = models.PositiveSmallIntegerField(
        "scorecard year", null=True, blank=True, help_text="The year the financial year starts, like 2021."
    )
    scorecard_quarter = models.PositiveSmallIntegerField(
        "scorecard quarter", null=True, blank=True, choices=[(q, f"Quarter {q}") for q in range(1, 5)]
    )

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name_plural = "appendices"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source="scorecard", scorecard_year__isnull=False, scorecard_quarter__isnull=False)
                    | (
                        ~Q(source="scorecard")
                        & Q(scorecard_year__isnull=True, scorecard_quarter__isnull=True)
                    )
                ),
                name="appendix_scorecard_year_and_quarter",
                violation_error_message="A scorecard appendix needs its year and quarter; no other has them.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def has_file(self) -> bool:
        return self.source == self.Source.UPLOAD and bool(self.file)

    @property
    def is_scorecard(self) -> bool:
        return self.source == self.Source.SCORECARD

    @property
    def scorecard_year_label(self) -> str:
        """As the scorecard's URLs write the year: "2021-22"."""
        return f"{self.scorecard_year}-{(self.scorecard_year + 1) % 100:02d}" if self.is_scorecard else ""

    @cached_property
    def scorecard_published(self) -> bool:
        """Whether the quarter has a published version: the appendix is shown and merged only then."""
        if not self.is_scorecard:
            return False
        from scorecard.models import ScorecardVersion

        return ScorecardVersion.objects.filter(
            scorecard_quarter__year__start_year=self.scorecard_year,
            scorecard_quarter__quarter=self.scorecard_quarter,
        ).exists()

    def scorecard_html(self) -> str | None:
        """The published quarter as HTML, for the agenda pack to lay out with its own page numbers."""
        from scorecard.exports import published_appendix_html

        return published_appendix_html(start_year=self.scorecard_year, quarter=self.scorecard_quarter)

    def scorecard_pdf(self) -> bytes | None:
        from scorecard.exports import published_appendix_pdf

        return published_appendix_pdf(start_year=self.scorecard_year, quarter=self.scorecard_quarter)


def scorecard_appendix_title(position: int, start_year: int, quarter: int) -> str:
    """ "Appendix 1 – Adult Services Scorecard – Quarter 3 2021/2022"."""
    return f"Appendix {position} – Adult Services Scorecard – Quarter {quarter} {start_year}/{start_year + 1}"
