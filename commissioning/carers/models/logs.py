"""The access log and the online form's rate limit: ids and keyed hashes only, no personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .people import Carer
from .referrals import Referral


class RecordViewQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecordViewQuerySet:
        """The access log is for the roles that may read it (the hub), nobody else."""
        from portal import permissions as perms

        return self if user.has_perm(perms.VIEW_CARERS_ACCESS_LOG) else self.none()


class RecordView(models.Model):
    """Who looked at a carer's record, and when. Holds ids only: no personal data."""

    # No carer for what touches many: a search (each carer it shows gets a row of their own) or an export
    # of the national returns.
    carer = models.ForeignKey(Carer, null=True, blank=True, on_delete=models.CASCADE, related_name="views")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=60)
    # What was asked for, never its values: the search's criteria names and result count, an export's
    # period and row count.
    details = models.JSONField(default=dict, blank=True)
    viewed_at = models.DateTimeField(default=timezone.now)

    objects = RecordViewQuerySet.as_manager()

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [
            models.Index(fields=["carer", "-viewed_at"], name="recordview_carer_idx"),
            models.Index(fields=["-viewed_at"], name="recordview_hub_idx", condition=models.Q(carer=None)),
        ]

    def __str__(self):
        return f"{self.user} viewed {self.what}"


class FormAttempt(models.Model):
    """An online referral form sent from one address (a keyed hash of it, never the address): the rate
    limit counts these in the database, so it holds across every web process."""

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Form sent at {self.created_at}"
