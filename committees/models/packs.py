"""The agenda pack's record: what was built, when, and from what (committees/agenda_pack.py builds it)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from .meetings import Meeting


def pack_path(instance, filename):
    return f"committees/packs/{instance.meeting_id}/{filename}"


def pack_timeout() -> datetime.timedelta:
    """How long a running pack may go without reporting progress before it is taken to have died with its
    worker and may be prepared again (`COMMITTEES_PACK_TIMEOUT_MINUTES`, 10 by default)."""
    return datetime.timedelta(minutes=getattr(settings, "COMMITTEES_PACK_TIMEOUT_MINUTES", 10))


class AgendaPackQuerySet(models.QuerySet):
    def latest_for(self, meeting: Meeting) -> AgendaPack | None:
        return self.filter(meeting=meeting, public=True).order_by("-created_at", "-pk").first()

    def latest_done_for(self, meeting: Meeting) -> AgendaPack | None:
        done = self.filter(meeting=meeting, public=True, status=AgendaPack.Status.DONE)
        return done.order_by("-created_at", "-pk").first()


class AgendaPack(models.Model):
    """A meeting's agenda pack, built by a background task (committees/agenda_pack.py, docs/adr/007).

    `fingerprint` digests the rows the pack was built from, and `sources` the reads that returned them:
    when any of those rows change, running the sources again gives another digest and the pack is stale
    (it can be prepared again)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    STATUS_COLOURS = {
        Status.QUEUED: "blue",
        Status.RUNNING: "blue",
        Status.DONE: "green",
        Status.FAILED: "red",
    }

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_packs")
    # The public pack (part 1 only). A pack with part 2 papers for members would say public=False.
    public = models.BooleanField("public", default=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_message = models.CharField("progress", max_length=300, blank=True)
    progress_percent = models.PositiveSmallIntegerField("progress (%)", default=0)
    file = models.FileField(upload_to=pack_path, blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    # The reads the pack was made from, as one statement hashing their rows (committees/agenda_pack.py):
    # running it again gives `fingerprint` while the pack is current.
    sources = models.TextField("sources", blank=True, editable=False)
    task_id = models.CharField("task id", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the build last reported progress: a running pack silent for longer than
    # `pack_timeout()` is taken to have died with its worker (docs/adr/007).
    progress_at = models.DateTimeField("last progress", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField("error", blank=True)

    objects = AgendaPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-created_at", "-pk"]
        indexes = [models.Index(fields=["meeting", "public", "created_at"], name="agenda_pack_meeting_idx")]

    def __str__(self):
        return f"Agenda pack of {self.meeting} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def last_progress_at(self) -> datetime.datetime | None:
        return self.progress_at or self.started_at

    def timed_out(self, now: datetime.datetime | None = None) -> bool:
        """Running, but silent for longer than `pack_timeout()`: its worker is taken to have died."""
        from django.utils import timezone

        last = self.last_progress_at
        return (
            self.status == self.Status.RUNNING
            and last is not None
            and last < (now or timezone.now()) - pack_timeout()
        )

    @property
    def filename(self) -> str:
        meeting = self.meeting
        return f"agenda-pack-{meeting.committee.code}-{meeting.date:%Y-%m-%d}.pdf"
