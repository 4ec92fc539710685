"""Procurement documents: the FPS agreement, the service specification, the questionnaire as a PDF and
guidance, for the whole system or for one lot. Each document keeps every version (date, change note, who
published it); providers are told of a new version, and an application records the versions its
declaration was made against."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .system import Lot, PurchasingSystem

User = settings.AUTH_USER_MODEL


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents with at least one version (the public list); withdrawn documents are not listed."""
        return self.filter(withdrawn_at__isnull=True, versions__isnull=False).distinct()

    def for_lots(self, system, lot_ids):
        """The system's documents for every lot, and those of these lots."""
        return self.filter(system=system).filter(Q(lot__isnull=True) | Q(lot__in=list(lot_ids)))


class ProcurementDocument(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement (terms and conditions)"
        SPECIFICATION = "specification", "Service specification"
        QUESTIONNAIRE = "questionnaire", "Selection questionnaire"
        GUIDANCE = "guidance", "Guidance"
        OTHER = "other", "Other"

    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="documents")
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name="lot"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "lot__number", "kind", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "title"],
                condition=Q(withdrawn_at__isnull=True),
                name="fps_document_unique_title",
                violation_error_message="The purchasing system already has a document with this title.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fps:document-versions", args=[self.system.slug, self.pk])


def version_upload_to(version: DocumentVersion, filename: str) -> str:
    # Never the uploaded name: it is kept in `file_name` and given back only in the download's header.
    return f"fps/documents/{version.document_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(ProcurementDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    file = models.FileField(upload_to=version_upload_to, max_length=200)
    file_name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=10, help_text="pdf, docx or xlsx")
    file_size = models.PositiveIntegerField()
    change_note = models.TextField("what changed", blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="fps_document_version_unique_number")
        ]
        indexes = [models.Index(fields=["document", "-number"], name="fps_docversion_latest_idx")]

    def __str__(self):
        return f"{self.document} version {self.number}"

    def get_absolute_url(self):
        return reverse("fps:document-download", args=[self.pk])
