"""Minutes and the actions arising from them."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
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
