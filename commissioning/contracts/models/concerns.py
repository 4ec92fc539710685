"""Providers of concern: concerns (opened by officers, or automatically by the daily eligibility check), the
monthly governance meeting with key partners that discusses them, and its decisions, of which a suspension
of new placements lasts until a recorded decision lifts it once the provider's action plan is complete.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider
from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

User = settings.AUTH_USER_MODEL


class QualityStaffQuerySet(DeepPageQuerySet):
    """Concerns and the governance meeting's records are internal: quality staff only (providers are told of
    decisions by email and see their action plans)."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.has_perm(perms.VIEW_QUALITY):
            return self.none()
        return self


class Concern(models.Model):
    class Source(models.TextChoices):
        OFFICER = "officer", "Raised by an officer"
        VISIT = "visit", "Quality visit"
        PARTNER = "partner", "Partner (CCG, CQC, safeguarding, Healthwatch)"
        INSURANCE = "insurance", "Insurance expired (automatic)"
        CQC = "cqc", "CQC rating Inadequate (automatic)"
        PERFORMANCE = "performance", "Performance returns"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="concerns")
    opened_on = models.DateField("opened")
    source = models.CharField("raised by", max_length=20, choices=Source.choices)
    summary = models.CharField("summary", max_length=300)
    details = models.TextField("details", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField("why it is closed", blank=True)
    # The daily check's key for a concern it opened ("insurance:<policy id>:<expiry>"), so it opens one once.
    auto_key = models.CharField(max_length=100, blank=True, editable=False)
    is_demo = models.BooleanField("demo data", default=False)

    objects = QualityStaffQuerySet.as_manager()
    history = HistoricalRecords()

    STATUS_COLOURS = {Status.OPEN: "orange", Status.CLOSED: "grey"}

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["auto_key"], condition=~Q(auto_key=""), name="concern_auto_key_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-opened_on", "-id"], name="concern_status_opened_idx"),
            models.Index(fields=["provider", "status"], name="concern_provider_status_idx"),
        ]

    def __str__(self):
        return f"{self.provider}: {self.summary}"

    def get_absolute_url(self):
        return reverse("contracts:concern", args=[self.pk])


class GovernanceMeeting(models.Model):
    """The monthly governance meeting with key partners where providers of concern are discussed."""

    meeting_date = models.DateField("date of the meeting")
    chair = models.CharField("chair", max_length=200)
    attendees = models.TextField("attending", help_text="Names and organisations, one a line.")
    notes = models.TextField("notes", blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField("demo data", default=False)

    objects = QualityStaffQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        indexes = [models.Index(fields=["-meeting_date", "-id"], name="governance_date_idx")]

    def __str__(self):
        return f"Providers of concern meeting, {self.meeting_date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("contracts:meeting", args=[self.pk])


class Decision(models.TextChoices):
    MONITOR = "monitor", "Continue to monitor"
    ACTION_PLAN = "action-plan", "Action plan required"
    SUSPEND = "suspend", "Suspend new placements"
    LIFT = "lift", "Lift the suspension of new placements"
    CLOSE = "close", "Close the concerns: no further action"


class GovernanceItem(models.Model):
    """A provider discussed at a governance meeting: the discussion, the decision and the actions agreed."""

    meeting = models.ForeignKey(GovernanceMeeting, on_delete=models.CASCADE, related_name="items")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="governance_items")
    concerns = models.ManyToManyField(Concern, blank=True, related_name="governance_items")
    discussion = models.TextField("discussion")
    decision = models.CharField("decision", max_length=20, choices=Decision.choices)
    reason = models.TextField("reason for the decision")
    actions_agreed = models.TextField("actions agreed", blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = QualityStaffQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[concerns])

    class Meta:
        ordering = ["meeting", "pk"]
        indexes = [models.Index(fields=["provider", "meeting"], name="governance_item_provider_idx")]

    def __str__(self):
        return f"{self.provider} at {self.meeting}"


class PlacementSuspension(models.Model):
    """New placements with a provider suspended by a governance decision, until another lifts it. While it
    lasts the provider's FPS admissions are suspended (through the FPS's own service) and it is flagged
    wherever work or money is placed."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="placement_suspensions")
    suspended_by = models.OneToOneField(GovernanceItem, on_delete=models.PROTECT, related_name="suspension")
    suspended_on = models.DateField("suspended from")
    reason = models.TextField("reason")
    # The FPS admissions this suspension suspended, and so reinstates when it is lifted (not any the FPS
    # suspended for its own reasons).
    fps_admissions = models.ManyToManyField("fps.Admission", blank=True, related_name="+")
    lifted_by = models.OneToOneField(
        GovernanceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="lifted_suspension"
    )
    lifted_on = models.DateField(null=True, blank=True)

    objects = QualityStaffQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-suspended_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(lifted_on__isnull=True),
                name="one_current_suspension_per_provider",
                violation_error_message="New placements with this provider are already suspended",
            )
        ]

    def __str__(self):
        return f"{self.provider}: new placements suspended from {self.suspended_on:%-d %B %Y}"

    @property
    def is_current(self) -> bool:
        return self.lifted_on is None
