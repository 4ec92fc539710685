"""Reminders sent (so each is sent once) and the notices a dynamic market under the Procurement Act 2023
must publish, kept as records with their publication dates (see docs/adr/044-fps-procurement-act-2023-
dynamic-markets.md for what the Act and the Find a Tender guidance say, and what we could
not confirm)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider

from .calloffs import Package
from .system import ApplicationWindow, PurchasingSystem

User = settings.AUTH_USER_MODEL


class Reminder(models.Model):
    """One reminder email to one provider about one deadline. The unique constraints make each reminder
    happen once, however often (or however many workers at once) the daily job runs."""

    class Kind(models.TextChoices):
        WINDOW_CLOSING = "window-closing", "Application window closing"
        BID_DEADLINE = "bid-deadline", "Bid deadline"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="fps_reminders")
    window = models.ForeignKey(
        ApplicationWindow, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "provider", "days_before"],
                condition=Q(window__isnull=False),
                name="fps_reminder_once_per_window",
            ),
            models.UniqueConstraint(
                fields=["package", "provider", "days_before"],
                condition=Q(package__isnull=False),
                name="fps_reminder_once_per_package",
            ),
            models.CheckConstraint(
                condition=(Q(kind="window-closing") & Q(window__isnull=False) & Q(package__isnull=True))
                | (Q(kind="bid-deadline") & Q(package__isnull=False) & Q(window__isnull=True)),
                name="fps_reminder_about_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder to {self.provider}, {self.days_before} days before"


class Notice(models.Model):
    """A notice the council published (on Find a Tender) about a dynamic market or one of its call-offs.
    `event_on` is the day of what it reports (established, modified, ceased, competition opened, award,
    contract); a notice cannot be published before its event, except the intention notice, which must be
    published before the market is established."""

    class Kind(models.TextChoices):
        INTENTION = "UK13", "UK13 Dynamic market intention notice"
        ESTABLISHMENT = "UK14", "UK14 Dynamic market establishment notice"
        MODIFICATION = "UK15", "UK15 Dynamic market modification notice"
        CESSATION = "UK16", "UK16 Dynamic market cessation notice"
        TENDER = "UK4", "UK4 Tender notice"
        CONTRACT_AWARD = "UK6", "UK6 Contract award notice"
        CONTRACT_DETAILS = "UK7", "UK7 Contract details notice"

    MARKET_KINDS = (Kind.INTENTION, Kind.ESTABLISHMENT, Kind.MODIFICATION, Kind.CESSATION)
    CALL_OFF_KINDS = (Kind.TENDER, Kind.CONTRACT_AWARD, Kind.CONTRACT_DETAILS)
    # A contract details notice for a light touch contract: within 120 days of entering into the contract
    # (Procurement Act 2023, section 53; 30 days for other contracts).
    CONTRACT_DETAILS_DAYS = 120

    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="notices")
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    event_on = models.DateField("date of the event it reports")
    published_on = models.DateField("date published")
    reference = models.CharField(
        "Find a Tender notice reference", max_length=50, blank=True, help_text="For example, 012345-2025."
    )
    url = models.URLField("web address of the notice", max_length=300, blank=True)
    description = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="UK13") | Q(published_on__gte=F("event_on")),
                name="fps_notice_not_before_its_event",
                violation_error_message="A notice cannot be published before the event it reports.",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["UK4", "UK6", "UK7"]) & Q(package__isnull=False))
                | (Q(kind__in=["UK13", "UK14", "UK15", "UK16"]) & Q(package__isnull=True)),
                name="fps_notice_about_market_or_call_off",
                violation_error_message="Call-off notices are about a package; market notices are not.",
            ),
        ]
        indexes = [models.Index(fields=["system", "kind", "published_on"], name="fps_notice_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.reference or 'no reference'})"

    @property
    def code(self) -> str:
        return self.kind

    @property
    def due_by(self) -> datetime.date | None:
        """The last day a contract details notice may be published."""
        if self.kind == self.Kind.CONTRACT_DETAILS:
            return self.event_on + datetime.timedelta(days=self.CONTRACT_DETAILS_DAYS)
        return None
