"""Public questions and answers: a provider asks about an application window (while it is open) or about
a package (before its bid deadline); the commissioners answer and publish the question, anonymised, with
the answer, to everyone who can see that window or package. The asker is never shown to anyone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider

from .applications import Admission, own_provider_id
from .calloffs import Package
from .system import ApplicationWindow, PurchasingSystem

User = settings.AUTH_USER_MODEL


class PublicQuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicQuestion.Status.PUBLISHED)

    def visible_to(self, user):
        """Commissioners see every question. Anyone sees the published questions about application windows
        (the public log). A provider user also sees the published questions about packages of the lots its
        organisation is admitted to (an active admission), and its own organisation's questions in any
        state. Nobody else sees who asked."""
        from portal import permissions as perms

        if user.is_authenticated and (
            user.has_perm(perms.MANAGE_FPS) or user.has_perm(perms.MANAGE_FPS_PACKAGES)
        ):
            return self
        public = Q(status=PublicQuestion.Status.PUBLISHED, package__isnull=True)
        provider_id = own_provider_id(user) if user.is_authenticated else None
        if provider_id is None:
            return self.filter(public)
        admitted_lots = Admission.objects.current().filter(provider_id=provider_id).values("lot_id")
        packages = Q(status=PublicQuestion.Status.PUBLISHED, package__lot_id__in=admitted_lots)
        return self.filter(public | packages | Q(asked_by_provider_id=provider_id))

    def own(self, user):
        """The questions the user's own organisation asked (none for staff)."""
        provider_id = own_provider_id(user) if user.is_authenticated else None
        return self.none() if provider_id is None else self.filter(asked_by_provider_id=provider_id)


class PublicQuestion(models.Model):
    class Status(models.TextChoices):
        ASKED = "asked", "Waiting for an answer"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not-published", "Answered privately"

    STATUS_COLOURS = {Status.ASKED: "blue", Status.PUBLISHED: "green", Status.NOT_PUBLISHED: "grey"}

    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="public_questions")
    window = models.ForeignKey(
        ApplicationWindow, on_delete=models.PROTECT, null=True, blank=True, related_name="public_questions"
    )
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, null=True, blank=True, related_name="public_questions"
    )
    # Who asked: kept for the commissioners (and the asker's own organisation), never published.
    asked_by_provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    question = models.TextField("question, as asked")
    published_question = models.TextField(
        "question as published", blank=True, help_text="Anonymised: no names of organisations or people."
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASKED)

    objects = PublicQuestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-answered_at", "-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(window__isnull=False) & Q(package__isnull=True))
                | (Q(window__isnull=True) & Q(package__isnull=False)),
                name="fps_question_about_window_or_package",
                violation_error_message="A question is about an application window or a package.",
            )
        ]
        indexes = [
            models.Index(fields=["status", "-asked_at"], name="fps_pubquestion_status_idx"),
            models.Index(fields=["window", "status"], name="fps_pubquestion_window_idx"),
            models.Index(fields=["package", "status"], name="fps_pubquestion_package_idx"),
        ]

    def __str__(self):
        return f"Question {self.pk} about {self.subject}"

    @property
    def subject(self) -> str:
        return f"package {self.package.reference}" if self.package_id else f"the {self.window.name}"

    @property
    def shown_question(self) -> str:
        return self.published_question or self.question
