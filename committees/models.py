"""Committee business: committees, people, meetings, agendas, reports, minutes and the work programme.

What the public may see is decided here, in the querysets' `visible_to(user)`: published part 1 reports,
agendas once published, minutes once approved. Drafts and part 2 (exempt) reports never reach the public.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

SEARCH_CONFIG = "english"


def municipal_year(day: datetime.date) -> str:
    """The council's year runs from May to May: 18 January 2022 is in 2021-22, 30 May 2022 in 2022-23."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


MUNICIPAL_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")
municipal_year_validator = RegexValidator(
    MUNICIPAL_YEAR_RE, "Enter a municipal year like 2021-22", code="municipal_year"
)
# AH/39/2021-22 (the template's form) or AH/41/21-22 (as some of the council's reports write it).
REFERENCE_RE = re.compile(r"^(?P<code>[A-Z]{1,6})/(?P<sequence>\d{1,4})/(?P<year>\d{4}-\d{2}|\d{2}-\d{2})$")
reference_validator = RegexValidator(
    REFERENCE_RE, "Enter a reference like AH/39/2021-22: committee code, number and municipal year"
)
code_validator = RegexValidator(r"^[A-Z]{1,6}$", "Enter a code of 1 to 6 capital letters, like AH")


class ExemptParagraph(models.TextChoices):
    """Schedule 12A to the Local Government Act 1972, Part 1: the reasons information may be exempt."""

    P1 = "1", "1: information relating to any individual"
    P2 = "2", "2: information likely to reveal the identity of an individual"
    P3 = "3", "3: financial or business affairs of any particular person (including the authority)"
    P4 = "4", "4: consultations or negotiations on labour relations"
    P5 = "5", "5: legal professional privilege"
    P6 = "6", "6: notices, orders or directions the authority proposes to give or make"
    P7 = "7", "7: the prevention, investigation or prosecution of crime"


class Committee(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Committee"
        SUB_COMMITTEE = "sub-committee", "Sub-committee"
        BOARD = "board", "Board"

    code = models.CharField(
        "code",
        max_length=6,
        unique=True,
        validators=[code_validator],
        help_text="Starts each report reference, like AH for Adults and Health.",
        error_messages={"unique": "Another committee already uses this code"},
    )
    name = models.CharField("name", max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    description = models.TextField("description", blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name="reports to",
        help_text="The committee a board or sub-committee reports to.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [("manage_committees", "Can manage committees, meetings, agendas and minutes")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:committee", args=[self.slug])


class Person(models.Model):
    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Officer"
        OTHER = "other", "Other"

    name = models.CharField("name", max_length=200, unique=True)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices)
    job_title = models.CharField("job title", max_length=300, blank=True)
    organisation = models.CharField("organisation", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-Chair"
        MEMBER = "member", "Member"

    class Voting(models.TextChoices):
        VOTING = "voting", "Voting"
        NON_VOTING = "non-voting", "Non-voting"
        ASSOCIATE = "associate", "Associate"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("role", max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.CharField("voting", max_length=20, choices=Voting.choices, default=Voting.VOTING)
    start = models.DateField("from")
    end = models.DateField("until", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "start"],
                name="membership_unique_start",
                violation_error_message="This person's membership from this date is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.committee})"


ROLE_ORDER = {Membership.Role.CHAIR: 0, Membership.Role.VICE_CHAIR: 1, Membership.Role.MEMBER: 2}


class MeetingQuerySet(DeepPageQuerySet):
    def agenda_public(self) -> MeetingQuerySet:
        return self.filter(status__in=Meeting.AGENDA_PUBLIC_STATUSES)

    def upcoming(self, today: datetime.date) -> MeetingQuerySet:
        return self.filter(date__gte=today).order_by("date", "time", "pk")

    def past(self, today: datetime.date) -> MeetingQuerySet:
        return self.filter(date__lt=today).order_by("-date", "-time", "-pk")


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda-published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes-approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    AGENDA_PUBLIC_STATUSES = (Status.AGENDA_PUBLISHED, Status.HELD, Status.MINUTES_APPROVED)

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField("date")
    time = models.TimeField("time")
    venue = models.CharField("venue", max_length=300)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    municipal_year = models.CharField(
        "municipal year", max_length=7, editable=False, validators=[municipal_year_validator]
    )
    ended = models.TimeField("ended", null=True, blank=True)
    notices = models.JSONField("notices", default=list, blank=True)
    contact_name = models.CharField("democratic services contact", max_length=200, blank=True)
    contact_email = models.EmailField("contact's email", blank=True)
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_approved_here",
        verbose_name="minutes approved at the meeting of",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        indexes = [
            models.Index(fields=["date", "time", "id"], name="meeting_date_idx"),
            models.Index(fields=["committee", "date", "time", "id"], name="meeting_committee_date_idx"),
            models.Index(fields=["municipal_year", "date"], name="meeting_year_date_idx"),
        ]

    def __str__(self):
        return f"{self.committee.name}, {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.date:
            self.municipal_year = municipal_year(self.date)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("committees:meeting", args=[self.pk])

    @property
    def agenda_is_public(self) -> bool:
        return self.status in self.AGENDA_PUBLIC_STATUSES

    @property
    def minutes_are_public(self) -> bool:
        return self.status == self.Status.MINUTES_APPROVED

    @property
    def starts_at(self) -> datetime.datetime:
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(self.date, self.time))


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

    def scorecard_pdf(self) -> bytes | None:
        from scorecard.exports import published_appendix_pdf

        return published_appendix_pdf(start_year=self.scorecard_year, quarter=self.scorecard_quarter)


def scorecard_appendix_title(position: int, start_year: int, quarter: int) -> str:
    """ "Appendix 1 – Adult Services Scorecard – Quarter 3 2021/2022"."""
    return f"Appendix {position} – Adult Services Scorecard – Quarter {quarter} {start_year}/{start_year + 1}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField("number", max_length=10)
    title = models.CharField("title", max_length=300)
    description = models.TextField("description", blank=True)
    part = models.PositiveSmallIntegerField(
        "part", choices=[(1, "Part 1 (public)"), (2, "Part 2 (exempt)")], default=1
    )
    exempt_paragraph = models.CharField(
        "exempt paragraph", max_length=2, choices=ExemptParagraph.choices, blank=True
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    minutes_of = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="minutes of the meeting",
    )
    work_programme = models.BooleanField(
        "the committee's work programme", default=False, help_text="The item considers the work programme."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(part=1) & Q(exempt_paragraph="")) | (Q(part=2) & ~Q(exempt_paragraph="")),
                name="agenda_item_exempt_paragraph_with_part_2",
                violation_error_message="A part 2 item needs its exempt paragraph; a part 1 item has none.",
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.part == 2 and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Select the paragraph of Schedule 12A for a part 2 item"}
            )
        if self.part == 1 and self.exempt_paragraph:
            raise ValidationError({"exempt_paragraph": "A part 1 item is public: select Not exempt"})


class Attendance(models.Model):
    class Kind(models.TextChoices):
        CHAIR = "chair", "In the chair"
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Substitute"
        OFFICER = "officer", "Officer in attendance"
        ALSO_PRESENT = "also-present", "Also present"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("note", max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind"],
                name="attendance_unique",
                violation_error_message="This person is already recorded so at this meeting.",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"


class Declaration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    item = models.CharField("agenda item", max_length=20, blank=True)
    kind = models.CharField("kind of interest", max_length=100, blank=True)
    text = models.TextField("declaration")
    minute_number = models.PositiveIntegerField("minute", null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.person}: {self.text[:50]}"


class Minute(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveIntegerField("minute number")
    title = models.CharField("title", max_length=300)
    paragraphs = models.JSONField(default=list, blank=True)
    questions = models.JSONField(default=list, blank=True)
    text_after_questions = models.JSONField(default=list, blank=True)
    text_after_resolution = models.JSONField(default=list, blank=True)
    has_resolution = models.BooleanField(default=False)
    unanimous = models.BooleanField("carried unanimously", default=False)
    resolution_preamble = models.CharField(max_length=300, blank=True)
    # [{"label": "1", "text": "...", "parts": [{"label": "a", "text": "..."}]}]
    resolution = models.JSONField(default=list, blank=True)
    body_text = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_vector", "body_text"])

    class Meta:
        ordering = ["meeting", "number"]
        indexes = [GinIndex(fields=["search_vector"], name="minute_search_gin")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="minute_unique_number",
                violation_error_message="This meeting already has a minute with this number.",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.body_text = minute_text(self)
        super().save(*args, **kwargs)


def resolution_lines(parts, depth=0):
    for part in parts or []:
        yield depth, part.get("label", ""), part.get("text", "")
        yield from resolution_lines(part.get("parts"), depth + 1)


def minute_text(minute: Minute) -> str:
    lines = [*minute.paragraphs, *minute.questions, *minute.text_after_questions]
    if minute.has_resolution:
        lines.append(minute.resolution_preamble)
        lines.extend(text for _, _, text in resolution_lines(minute.resolution))
    lines.extend(minute.text_after_resolution)
    return "\n".join(line for line in lines if line)


class Action(models.Model):
    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("action")
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due = models.DateField("due", null=True, blank=True)
    done = models.BooleanField("done", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["done", "due"], name="action_open_idx")]

    def __str__(self):
        return self.text[:80]


class WorkProgrammeItem(models.Model):
    class For(models.TextChoices):
        DECISION = "decision", "Decision"
        NOTE = "note", "To note"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="work_programme")
    reference = models.CharField("reference", max_length=30, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_programme_items"
    )
    meeting_date = models.DateField("target meeting", null=True, blank=True)
    municipal_year = models.CharField(max_length=7, blank=True)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField("title", max_length=300)
    purpose = models.TextField("purpose of report", blank=True)
    decision_or_note = models.CharField("for decision or to note", max_length=10, choices=For.choices)
    lead_officer = models.CharField("lead officer", max_length=300, blank=True)
    consultation = models.CharField("consultation", max_length=300, blank=True)
    equality_impact_assessment = models.CharField("equality impact assessment", max_length=50, blank=True)
    budget_and_policy_framework = models.CharField(
        "part of budget and policy framework", max_length=50, blank=True
    )
    corporate_priority = models.CharField("corporate plan priority", max_length=300, blank=True)
    exempt_paragraph = models.CharField("exempt item and paragraph number", max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "meeting_date", "position", "pk"]

    def __str__(self):
        return self.title


def pack_path(instance, filename):
    return f"committees/packs/{instance.meeting_id}/{filename}"


def pack_timeout() -> datetime.timedelta:
    """How long a running pack may go without reporting progress before it is taken to have died with its
    worker and may be prepared again (`COMMITTEES_PACK_TIMEOUT_MINUTES`, 10 by default)."""
    return datetime.timedelta(minutes=getattr(settings, "COMMITTEES_PACK_TIMEOUT_MINUTES", 10))


class AgendaPackQuerySet(models.QuerySet):
    def latest_for(self, meeting: Meeting) -> AgendaPack | None:
        return self.filter(meeting=meeting, public=True).order_by("-created_at", "-pk").first()

    def latest_done_for(self, meeting: Meeting) -> AgendaPack | None:
        done = self.filter(meeting=meeting, public=True, status=AgendaPack.Status.DONE)
        return done.order_by("-created_at", "-pk").first()


class AgendaPack(models.Model):
    """A meeting's agenda pack, built by a background task (committees/tasks.py, docs/adr/007).

    `fingerprint` summarises the documents the pack was built from: when the meeting's documents change,
    the fingerprint computed now differs and the pack is stale (it can be prepared again)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_packs")
    # The public pack (part 1 only). A pack with part 2 papers for members would say public=False.
    public = models.BooleanField("public", default=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_message = models.CharField("progress", max_length=300, blank=True)
    progress_percent = models.PositiveSmallIntegerField("progress (%)", default=0)
    file = models.FileField(upload_to=pack_path, blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    task_id = models.CharField("task id", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the build last reported progress: a running pack silent for longer than
    # `pack_timeout()` is taken to have died with its worker (docs/adr/007).
    progress_at = models.DateTimeField("last progress", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField("error", blank=True)

    objects = AgendaPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-created_at", "-pk"]
        indexes = [models.Index(fields=["meeting", "public", "created_at"], name="agenda_pack_meeting_idx")]

    def __str__(self):
        return f"Agenda pack of {self.meeting} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def last_progress_at(self) -> datetime.datetime | None:
        return self.progress_at or self.started_at

    def timed_out(self, now: datetime.datetime | None = None) -> bool:
        """Running, but silent for longer than `pack_timeout()`: its worker is taken to have died."""
        from django.utils import timezone

        last = self.last_progress_at
        return (
            self.status == self.Status.RUNNING
            and last is not None
            and last < (now or timezone.now()) - pack_timeout()
        )

    @property
    def filename(self) -> str:
        meeting = self.meeting
        return f"agenda-pack-{meeting.committee.code}-{meeting.date:%Y-%m-%d}.pdf"
