"""Messages to provider organisations, shown in the portal and emailed."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from commissioning.providers.models import Provider


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """A provider organisation's messages are its own users' alone (staff read none here)."""
        from .applications import own_provider_id

        provider_id = own_provider_id(user)
        return self.none() if provider_id is None else self.filter(provider_id=provider_id)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to a provider organisation, shown in the portal; the same text is emailed to its users."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="fps_notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["provider", "-created_at"], name="fps_notification_provider_idx")]

    def __str__(self):
        return self.subject
