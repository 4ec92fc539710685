"""Email subscriptions to a committee's business (issue 19, point 4). A row exists only once its address
has confirmed (double opt-in: the confirmation link carries the request, signed, so nothing is kept for an
address that never confirms), and is deleted when it unsubscribes. No page lists subscribers."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from .people import Committee


class Subscription(models.Model):
    class Event(models.TextChoices):
        AGENDA = "agenda", "Agenda published"
        MINUTES = "minutes", "Minutes approved"
        DECISION = "decision", "Decision published"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField("email address")
    events = ArrayField(models.CharField(max_length=10, choices=Event.choices), verbose_name="emails about")
    confirmed_at = models.DateTimeField("confirmed")

    class Meta:
        ordering = ["committee", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "email"], name="subscription_once_per_address")
        ]

    def __str__(self):
        return f"{self.committee}: {', '.join(self.events)}"
