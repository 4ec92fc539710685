"""The decisions register (docs/adr/033): committee resolutions that are decisions, and officers'
delegated decisions, public once published, with the call-in deadline computed in clear working days."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

from .meetings import Meeting
from .minutes import Minute
from .people import SEARCH_CONFIG, Committee, Person
from .reports import Report


def call_in_working_days() -> int:
    """Clear working days after publication during which a decision may be called in (the constitution's
    rule, a setting: `COMMITTEES_CALL_IN_WORKING_DAYS`, 5 by default)."""
    return int(getattr(settings, "COMMITTEES_CALL_IN_WORKING_DAYS", 5))


class DecisionQuerySet(DeepPageQuerySet):
    def published(self) -> DecisionQuerySet:
        return self.filter(published_at__isnull=False)

    def visible_to(self, user) -> DecisionQuerySet:
        """Democratic services see drafts too; everyone else (signed out included) the published ones."""
        if user.is_authenticated and user.has_perm(perms.MANAGE_COMMITTEES):
            return self.all()
        return self.published()


class Decision(models.Model):
    class Maker(models.TextChoices):
        COMMITTEE = "committee", "Committee"
        OFFICER = "officer", "Officer (delegated decision)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.PUBLISHED: "green"}

    title = models.CharField("title", max_length=300)
    decision = models.TextField("decision", max_length=5000)
    maker = models.CharField("decision maker", max_length=20, choices=Maker.choices, default=Maker.COMMITTEE)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    officer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="delegated officer",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    minute = models.ForeignKey(
        Minute, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    decided_on = models.DateField("date of decision")
    key_decision = models.BooleanField("key decision", default=False)
    call_in = models.BooleanField("subject to call-in", default=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("published", null=True, blank=True, editable=False)
    call_in_deadline = models.DateField("call-in deadline", null=True, blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("decision", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="decision_search_gin"),
            models.Index(fields=["published_at", "decided_on", "id"], name="decision_published_idx"),
            models.Index(fields=["committee", "decided_on"], name="decision_committee_idx"),
            models.Index(fields=["maker", "decided_on"], name="decision_maker_idx"),
            models.Index(fields=["key_decision", "decided_on"], name="decision_key_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True, status="draft")
                | Q(published_at__isnull=False, status="published"),
                name="decision_published_status",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committees:decision", args=[self.pk])

    def clean(self):
        errors = {}
        if self.maker == self.Maker.COMMITTEE and self.committee_id is None:
            errors["committee"] = "Select the committee that made the decision"
        if self.maker == self.Maker.OFFICER and self.officer_id is None:
            errors["officer"] = "Select the officer who made the decision"
        if (
            self.minute_id is not None
            and self.meeting_id is not None
            and self.minute.meeting_id != self.meeting_id
        ):
            errors["minute"] = "Select a minute of this meeting"
        if (
            self.meeting_id is not None
            and self.committee_id
            and self.meeting.committee_id != self.committee_id
        ):
            errors["meeting"] = "Select a meeting of the committee that made the decision"
        if errors:
            raise ValidationError(errors)

    @property
    def maker_name(self) -> str:
        if self.maker == self.Maker.OFFICER:
            return self.officer.name if self.officer_id else ""
        return self.committee.name if self.committee_id else ""

    def call_in_open(self, today: datetime.date) -> bool:
        return self.call_in_deadline is not None and today <= self.call_in_deadline
