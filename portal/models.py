from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. Roles are Django groups (portal/permissions.py)."""

    email = models.EmailField("email address", blank=True, db_index=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.get_full_name() or self.username

    def has_role(self, role) -> bool:
        from portal.permissions import Role

        return any(group.name == Role(role).label for group in self.groups.all())


class RateLimitHit(models.Model):
    """One counted attempt at something limited per sender (portal/ratelimit.py). The key is a keyed hash
    of the address or email address, never the value itself. Rows older than a day are deleted as new
    ones are counted."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="ratelimit_scope_key_idx")]

    def __str__(self):
        return f"{self.scope} at {self.created_at:%Y-%m-%d %H:%M}"


def stored_document_path(document, filename: str) -> str:
    return f"documents/{document.kind}/{filename}"


class StoredDocument(models.Model):
    """A generated document (a PDF) as built from its sources (portal/documents.py, ADR 026): built by the
    task worker, served from storage while running `sources` again gives `version`."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    # The digest of what the document was made from (its sources' rows and the print templates), set when
    # it is built.
    version = models.CharField(max_length=64, blank=True)
    # The reads it was made from, as one statement hashing their rows (portal/sources.py).
    sources = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=stored_document_path, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key"], name="stored_document_key_idx")]
        constraints = [
            # One build at a time per document: requests at once share it.
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="stored_document_one_build",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.key} ({self.get_status_display()})"

    def stale(self) -> bool:
        """Queued or running for longer than a build may take: its worker is taken to have died."""
        from django.utils import timezone

        since = self.started_at or self.created_at
        return self.status in self.IN_PROGRESS and since < timezone.now() - stale_after()


def stale_after():
    """A build silent for this long is taken to have died with its worker and may be queued again."""
    from datetime import timedelta

    from django.conf import settings

    return timedelta(seconds=getattr(settings, "DOCUMENT_BUILD_TIMEOUT_SECONDS", 300))
