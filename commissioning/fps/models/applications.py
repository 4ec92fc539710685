"""Stage 1: applications, their lots and answers, section evaluations, clarifications and admissions (the
register)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider
from portal.querysets import DeepPageQuerySet

from .system import ApplicationWindow, Lot, Question, QuestionSection

User = settings.AUTH_USER_MODEL


def own_provider_id(user) -> int | None:
    """The provider organisation a user belongs to, or None (staff, anonymous)."""
    from commissioning.providers.models import ProviderMembership

    membership = ProviderMembership.for_user(user)
    return membership.provider_id if membership is not None else None


class ApplicationQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Commissioners and delegated officers see every application; a provider user its own
        organisation's only; others none."""
        from portal import permissions as perms

        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_FPS_APPLICATIONS):
            return self
        return self.own(user)

    def own(self, user) -> ApplicationQuerySet:
        """The user's own organisation's applications (none for staff): a provider's lists."""
        provider_id = own_provider_id(user)
        return self.none() if provider_id is None else self.filter(provider_id=provider_id)

    def awaiting_evaluation(self) -> ApplicationQuerySet:
        return self.filter(status__in=[Application.Status.SUBMITTED, Application.Status.CLARIFICATION])

    def ready_for_decision(self) -> ApplicationQuerySet:
        """Applications awaiting evaluation with a lot still to decide whose every section (those for all
        lots and the lot's own) has been evaluated: the delegated officer's work."""
        unevaluated = QuestionSection.objects.filter(
            system_id=models.OuterRef("application__window__system_id")
        ).filter(
            Q(lot__isnull=True) | Q(lot_id=models.OuterRef("lot_id")),
            ~models.Exists(
                SectionEvaluation.objects.filter(
                    application_id=models.OuterRef(models.OuterRef("application_id")),
                    section_id=models.OuterRef("pk"),
                )
            ),
        )
        decidable_lots = ApplicationLot.objects.filter(
            application_id=models.OuterRef("pk"), decision=ApplicationLot.Decision.PENDING
        ).filter(~models.Exists(unevaluated))
        return self.awaiting_evaluation().filter(models.Exists(decidable_lots))


class ApplicationPartQuerySet(models.QuerySet):
    """Answers and clarifications: visible to whoever may see their application."""

    def visible_to(self, user):
        return self.filter(application__in=Application.objects.visible_to(user))


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"
        CLARIFICATION = "clarification", "Clarification requested"
        DECIDED = "decided", "Decided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # One colour per status for every audience (commissioners, providers, Python tables alike).
    STATUS_COLOURS = {
        Status.DRAFT: "light-blue",
        Status.SUBMITTED: "blue",
        Status.CLARIFICATION: "orange",
        Status.DECIDED: "green",
        Status.WITHDRAWN: "grey",
    }

    reference = models.CharField(max_length=30, unique=True)
    window = models.ForeignKey(ApplicationWindow, on_delete=models.PROTECT, related_name="applications")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="fps_applications")
    lots = models.ManyToManyField(Lot, through="ApplicationLot", related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    declaration_name = models.CharField("name of the person declaring", max_length=200, blank=True)
    declaration_role = models.CharField("their role in the organisation", max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The procurement documents' versions in force when the declaration was made.
    declared_versions = models.ManyToManyField(
        "DocumentVersion", blank=True, related_name="declared_in", verbose_name="documents declared against"
    )
    is_demo = models.BooleanField("demo data", default=False)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-submitted_at", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "window"],
                condition=~Q(status="withdrawn"),
                name="fps_one_live_application_per_window",
                violation_error_message=(
                    "Your organisation already has an application in this window. Add lots to that one."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at", "id"], name="fps_app_status_submitted_idx"),
            models.Index(fields=["provider", "created_at"], name="fps_app_provider_idx"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("fps:application", args=[self.reference])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def can_withdraw(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.SUBMITTED, self.Status.CLARIFICATION}


class ApplicationLot(models.Model):
    """One lot applied for, and the delegated officer's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        ADMITTED = "admitted", "Admitted"
        REJECTED = "rejected", "Not admitted"

    DECISION_COLOURS = {Decision.PENDING: "grey", Decision.ADMITTED: "green", Decision.REJECTED: "red"}

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="application_lots")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="application_lots")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    reasons = models.TextField("reasons for the decision", blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The decider had also evaluated the application: allowed only by FPS_EVALUATOR_MAY_DECIDE, and said.
    decided_by_evaluator = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "lot__number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "lot"], name="fps_application_lot_unique")
        ]
        indexes = [models.Index(fields=["lot", "decision"], name="fps_applot_lot_decision_idx")]

    def __str__(self):
        return f"{self.application} {self.lot}"


def answer_upload_to(answer: Answer, filename: str) -> str:
    # Never the uploaded name: it is kept in `document_name` and given back only in the download's header.
    return f"fps/applications/{answer.application_id}/{uuid.uuid4().hex}"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    choice = models.CharField(max_length=3, blank=True, choices=[("yes", "Yes"), ("no", "No")])
    document = models.FileField(upload_to=answer_upload_to, blank=True, max_length=200)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=10, blank=True, help_text="pdf, docx or xlsx")
    document_size = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["application", "question__section__number", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="fps_answer_unique_question")
        ]

    def __str__(self):
        return f"{self.application} {self.question.number}"

    @property
    def is_answered(self) -> bool:
        kind = self.question.kind
        if kind == Question.Kind.DOCUMENT:
            return bool(self.document)
        if kind == Question.Kind.TEXT:
            return bool(self.text.strip())
        return bool(self.choice)

    @property
    def fails(self) -> bool:
        """A pass/fail question answered the other way is flagged to the evaluator."""
        q = self.question
        return q.kind == Question.Kind.PASS_FAIL and bool(self.choice) and self.choice != q.pass_answer


class SectionEvaluation(models.Model):
    """A commissioner's pass/fail on one section of one application, with notes."""

    class Result(models.TextChoices):
        PASS = "pass", "Pass"
        FAIL = "fail", "Fail"

    RESULT_COLOURS = {Result.PASS: "green", Result.FAIL: "red"}
    # The tag on a section: "Passed" or "Failed" (the form's choices stay "Pass" and "Fail").
    OUTCOME_COLOURS = RESULT_COLOURS

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evaluations")
    section = models.ForeignKey(QuestionSection, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=4, choices=Result.choices)
    notes = models.TextField(blank=True)
    evaluated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    evaluated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "section__number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "section"], name="fps_evaluation_unique_section")
        ]

    def __str__(self):
        return f"{self.application} section {self.section.number}: {self.result}"

    @property
    def outcome(self) -> str:
        return self.result

    def get_outcome_display(self) -> str:
        return "Passed" if self.result == self.Result.PASS else "Failed"


class Clarification(models.Model):
    """A question the evaluator asks the provider. The clock runs from asked_at to answered_at."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clarifications")
    section = models.ForeignKey(
        QuestionSection, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.TextField("clarification question")
    asked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateField("respond by", null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "asked_at", "pk"]

    def __str__(self):
        return f"Clarification on {self.application}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def time_to_answer(self):
        return (self.answered_at - self.asked_at) if self.answered_at else None


class AdmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> AdmissionQuerySet:
        """Everyone: who is admitted to which lot, suspended or removed, is the register the council
        publishes (anonymous visitors included); what each role may change is gated by its permission."""
        return self

    def current(self):
        return self.filter(status=Admission.Status.ACTIVE)


class Admission(models.Model):
    """A provider on the FPS for a lot: the register the council publishes."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Admitted"
        SUSPENDED = "suspended", "Suspended"
        REMOVED = "removed", "Removed"

    STATUS_COLOURS = {Status.ACTIVE: "green", Status.SUSPENDED: "orange", Status.REMOVED: "grey"}

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="admissions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="fps_admissions")
    application_lot = models.OneToOneField(
        ApplicationLot, on_delete=models.PROTECT, null=True, blank=True, related_name="admission"
    )
    admitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.TextField("reason", blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Removed because the provider is an excluded supplier (a dynamic market must remove them).
    excluded = models.BooleanField("removed as an excluded supplier", default=False)

    objects = AdmissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["lot__number", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "provider"],
                condition=~Q(status="removed"),
                name="fps_one_admission_per_lot",
                violation_error_message="This provider is already on the FPS for this lot.",
            )
        ]
        indexes = [models.Index(fields=["provider", "status"], name="fps_admission_provider_idx")]

    def __str__(self):
        return f"{self.provider} on {self.lot}"
