"""Meetings and their agendas, attendance, declarations of interest, and the work programme."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal.querysets import DeepPageQuerySet

from .people import Committee, ExemptParagraph, Person, municipal_year, municipal_year_validator

# A webcast or recording link is shown to the public: only secure web addresses.
HTTPS_ONLY = URLValidator(schemes=["https"], message="Enter a web address that starts with https://")


class HttpsURLField(models.URLField):
    """A link the public will follow: its form field (the admin's too) assumes https:// when none is typed."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


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
    STATUS_COLOURS = {
        Status.SCHEDULED: "grey",
        Status.AGENDA_PUBLISHED: "blue",
        Status.HELD: "purple",
        Status.MINUTES_APPROVED: "green",
        Status.CANCELLED: "red",
    }

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
    # Meeting media (issue 19): shown on the public meeting page and in the iCalendar event.
    is_hybrid = models.BooleanField(
        "hybrid meeting",
        default=False,
        help_text="Some members or speakers take part online. The public still attend at the venue.",
    )
    webcast_url = HttpsURLField(
        "webcast link",
        max_length=500,
        blank=True,
        validators=[HTTPS_ONLY],
        help_text="Where the public can watch it live, such as the council's YouTube channel. Starts with https://",
    )
    recording_url = HttpsURLField(
        "recording link",
        max_length=500,
        blank=True,
        validators=[HTTPS_ONLY],
        help_text="Where the recording can be watched after the meeting.",
    )
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
        "committees.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
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
    matters_arising = models.BooleanField(
        "matters arising",
        default=False,
        editable=False,
        help_text="Generated: the open and recently closed actions (committees.services.actions).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(part=1) & Q(exempt_paragraph="")) | (Q(part=2) & ~Q(exempt_paragraph="")),
                name="agenda_item_exempt_paragraph_with_part_2",
                violation_error_message="A part 2 item needs its exempt paragraph; a part 1 item has none.",
            ),
            # Deferred to the end of the transaction, so that renumbering the agenda may swap numbers.
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_unique_number",
                deferrable=models.Deferrable.DEFERRED,
                violation_error_message="Another item on this agenda already has this number.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        number = (self.number or "").strip()
        if number and self.meeting_id:
            taken = AgendaItem.objects.filter(meeting_id=self.meeting_id, number=number).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError(
                    {"number": f"Item {number} is already on this agenda: enter a number no other item has"}
                )
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
