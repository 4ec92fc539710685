"""Minutes and the actions arising from them."""

from __future__ import annotations

import datetime

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .meetings import Meeting
from .people import SEARCH_CONFIG, Person


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


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.exclude(status=Action.Status.DONE)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.open().filter(due__lt=today)

    def visible_to(self, user) -> ActionQuerySet:
        """Democratic services see every action; anyone else only the ones they own."""
        from portal import permissions as perms

        if user.is_authenticated and user.has_perm(perms.MANAGE_COMMITTEES):
            return self.all()
        return self.owned_by(user)

    def owned_by(self, user) -> ActionQuerySet:
        """The actions whose owner is the person linked to the user's portal account."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner__user=user)

    def matters_arising_for(self, meeting: Meeting) -> ActionQuerySet:
        """What the meeting's "Matters arising" item reports: the committee's actions from its earlier
        meetings that are still open, and those closed since its previous meeting (all closed ones when it
        has none)."""
        earlier = Meeting.objects.filter(committee_id=meeting.committee_id, date__lt=meeting.date)
        previous = earlier.exclude(status=Meeting.Status.CANCELLED).order_by("-date", "-time").first()
        recent = Q(status=Action.Status.DONE)
        if previous is not None:
            recent &= Q(closed_on__gte=previous.date)
        return self.filter(meeting__in=earlier).filter(~Q(status=Action.Status.DONE) | recent)


class Action(models.Model):
    """Something to be done after a meeting: arising from a minute's resolution, or recorded on its own
    against the meeting where it arose."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"

    STATUS_COLOURS = {Status.OPEN: "blue", Status.IN_PROGRESS: "yellow", Status.DONE: "green"}

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    minute = models.ForeignKey(
        Minute,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name="minute",
    )
    text = models.TextField("action", max_length=2000)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="actions", verbose_name="owner"
    )
    due = models.DateField("due date", null=True, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("closed on", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        indexes = [
            models.Index(fields=["status", "due"], name="cttee_action_status_due_idx"),
            models.Index(fields=["owner", "status", "due"], name="cttee_action_owner_idx"),
            models.Index(fields=["meeting", "status"], name="cttee_action_meeting_idx"),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.meeting_id is None and self.minute_id is not None:
            self.meeting_id = self.minute.meeting_id
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if (
            self.minute_id is not None
            and self.meeting_id is not None
            and self.minute.meeting_id != self.meeting_id
        ):
            errors["minute"] = "Select a minute of this meeting"
        if self.owner_id is None:
            errors["owner"] = "Select the action's owner"
        if self.due is None:
            errors["due"] = "Enter the due date"
        elif self.meeting_id is not None and self.due < self.meeting.date:
            errors["due"] = f"Due date must be on or after the meeting ({self.meeting.date:%-d %B %Y})"
        if errors:
            raise ValidationError(errors)

    @property
    def done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.done and self.due is not None and self.due < (today or timezone.localdate())
