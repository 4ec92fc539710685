"""Case work on a referral: documents, tasks with an owner and a due date, and the reminders sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .referrals import Referral


def document_path(instance, filename: str) -> str:
    """A random name: the uploaded name is kept in `original_name` and used only in the download."""
    return f"carers/documents/{uuid.uuid4().hex}"


class CaseDocument(models.Model):
    KINDS = {
        "pdf": "PDF",
        "docx": "Word document",
        "xlsx": "Excel spreadsheet",
        "jpeg": "JPEG image",
        "png": "PNG image",
    }

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("title", max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("carers:document", args=[self.referral.reference, self.pk])

    def get_kind_display(self) -> str:
        return self.KINDS.get(self.kind, self.kind)


class CaseTaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseTaskQuerySet:
        """Tasks on the referrals this user may see."""
        return self.filter(referral__in=Referral.objects.visible_to(user))

    def open(self) -> CaseTaskQuerySet:
        return self.filter(done_at__isnull=True)

    def due_by(self, day) -> CaseTaskQuerySet:
        return self.open().filter(due_on__lte=day)


class CaseTask(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("task", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="carers_tasks", verbose_name="owner"
    )
    due_on = models.DateField("due")
    notes = models.TextField("notes", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = CaseTaskQuerySet.as_manager()

    STATUS_COLOURS = {"open": "blue", "overdue": "red", "done": "green"}

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # The owner's open tasks by due date (the dashboard, the tasks list, the reminders).
            models.Index(
                fields=["owner", "due_on", "id"], name="casetask_owner_due_idx", condition=Q(done_at=None)
            ),
            models.Index(fields=["due_on", "id"], name="casetask_due_idx", condition=Q(done_at=None)),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("carers:task-edit", args=[self.pk])

    @property
    def status(self) -> str:
        if self.done_at:
            return "done"
        return "overdue" if self.due_on < timezone.localdate() else "open"

    def get_status_display(self) -> str:
        return {"done": "Done", "overdue": "Overdue", "open": "Open"}[self.status]


class ReminderKind(models.TextChoices):
    TASK_DUE = "task-due", "Task due (to its owner)"
    REVIEW_DUE = "review-due", "Annual review due (to the case worker)"
    REVIEW_INVITATION = "review-invitation", "Annual review coming up (to the carer)"


class ReminderSent(models.Model):
    """One reminder about one thing falling due on one date: the unique key makes the daily run
    idempotent (run it twice, or in two workers, and each reminder goes once)."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent = models.BooleanField(default=True, help_text="False: due, but not sent (no consent, no address).")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "due_on"], name="reminder_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.due_on}"
