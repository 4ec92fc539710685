"""The Day Opportunities Flexible Purchasing System (FPS), from the committee report AH/39/2021-22.

Stage 1, selection: while an application window is open, providers apply online to one or more lots by
answering the selection questionnaire; commissioners evaluate each section pass/fail, may ask clarification
questions, and the delegated officer admits or rejects the provider per lot. Any number of providers can be
admitted; the FPS reopens every 12 months for 5 years; lots can be added during the term.

Stage 2, call-off: anonymised care packages are published to the admitted providers of a lot, who bid; the
commissioner scores the bids after the deadline (quality/price weighting, social value inside quality),
awards one, and records the placement handed to the Care Brokerage Team.

See docs/adr/021-flexible-purchasing-system.md.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Area, Provider
from portal.querysets import DeepPageQuerySet

User = settings.AUTH_USER_MODEL


# The purchasing system and its lots -------------------------------------------------------------------


class PurchasingSystem(models.Model):
    class Status(models.TextChoices):
        IN_DEVELOPMENT = "in-development", "In development"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    code = models.CharField(
        "reference code", max_length=10, unique=True, help_text="Starts application and package references."
    )
    summary = models.TextField(blank=True)
    legal_basis = models.TextField("legal basis")
    term_years = models.PositiveSmallIntegerField("term in years", default=5)
    go_live = models.DateField("go-live date")
    reopens_every_months = models.PositiveSmallIntegerField("reopens every (months)", default=12)
    delegated_decision_maker = models.CharField(
        "delegated decision maker", max_length=200, help_text="The officer who admits providers."
    )
    committee_report = models.CharField("approving committee report", max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_DEVELOPMENT)
    is_demo = models.BooleanField("demo data", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            ("manage_fps", "Can run the flexible purchasing system (lots, windows, questionnaire)"),
            ("evaluate_application", "Can evaluate FPS applications and ask clarification questions"),
            ("decide_application", "Can admit or reject FPS applications (delegated decision)"),
            ("manage_package", "Can create, publish, score and award FPS call-off packages"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fps:overview", args=[self.slug])

    @property
    def ends(self):
        return self.go_live.replace(year=self.go_live.year + self.term_years)


class SpendFigure(models.Model):
    """A figure from the approving report's finance section, shown on the FPS overview as written there."""

    system = models.ForeignKey(PurchasingSystem, on_delete=models.CASCADE, related_name="spend_figures")
    label = models.CharField(max_length=200)
    amount = models.DecimalField("annual spend (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    people = models.PositiveIntegerField("people or placements", null=True, blank=True)
    as_of = models.DateField("as of")
    source = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["system", "position", "pk"]

    def __str__(self):
        return self.label


class Lot(models.Model):
    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_active = models.BooleanField("open to new applications and packages", default=True)
    added_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "number"]
        constraints = [models.UniqueConstraint(fields=["system", "number"], name="fps_lot_unique_number")]

    def __str__(self):
        return f"Lot {self.number}: {self.title}"


class WindowQuerySet(models.QuerySet):
    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class ApplicationWindow(models.Model):
    """A period in which applications are accepted. Times are stored in UTC and shown in UK time; the
    server decides whether a window is open (`is_open`), never the browser."""

    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="windows")
    name = models.CharField(max_length=100, help_text="For example, 2022 application window.")
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")
    evaluation_by = models.DateField("evaluation to finish by", null=True, blank=True)

    objects = WindowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="fps_window_closes_after_opening",
                violation_error_message="The window must close after it opens.",
            )
        ]

    def __str__(self):
        return self.name

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at


# The selection questionnaire, kept as data ------------------------------------------------------------


class QuestionSection(models.Model):
    system = models.ForeignKey(PurchasingSystem, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    # A section for one lot only (the lot's service description); blank for every lot.
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="sections")

    class Meta:
        ordering = ["system", "number"]
        constraints = [models.UniqueConstraint(fields=["system", "number"], name="fps_section_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Question(models.Model):
    class Kind(models.TextChoices):
        PASS_FAIL = "pass-fail", "Pass or fail (yes or no answer)"
        DECLARATION = "declaration", "Yes or no declaration"
        DOCUMENT = "document", "Document upload"
        TEXT = "text", "Free text"

    section = models.ForeignKey(QuestionSection, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(max_length=10, help_text="For example, 3.2")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    mandatory = models.BooleanField(default=True)
    # pass-fail: the answer that passes ("yes" or "no"); another answer is flagged to the evaluator.
    pass_answer = models.CharField(max_length=3, blank=True, choices=[("yes", "Yes"), ("no", "No")])
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    # Only for this lot's applicants; blank for all lots (a lot-only section makes all its questions so).
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="questions")

    class Meta:
        ordering = ["section__number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="fps_question_unique_number")
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"


# Applications (stage 1) -------------------------------------------------------------------------------


class ApplicationQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Commissioners see every application; a provider user its own organisation's only; others none."""
        from portal import permissions as perms

        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.EVALUATE_FPS_APPLICATION):
            return self
        from commissioning.providers.models import ProviderMembership

        membership = ProviderMembership.for_user(user)
        if membership is None:
            return self.none()
        return self.filter(provider_id=membership.provider_id)

    def awaiting_evaluation(self) -> ApplicationQuerySet:
        return self.filter(status__in=[Application.Status.SUBMITTED, Application.Status.CLARIFICATION])


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"
        CLARIFICATION = "clarification", "Clarification requested"
        DECIDED = "decided", "Decided"
        WITHDRAWN = "withdrawn", "Withdrawn"

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

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="application_lots")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="application_lots")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    reasons = models.TextField("reasons for the decision", blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

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
    def current(self):
        return self.filter(status=Admission.Status.ACTIVE)


class Admission(models.Model):
    """A provider on the FPS for a lot: the register the council publishes."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Admitted"
        SUSPENDED = "suspended", "Suspended"
        REMOVED = "removed", "Removed"

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="admissions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="fps_admissions")
    application_lot = models.OneToOneField(
        ApplicationLot, on_delete=models.PROTECT, null=True, blank=True, related_name="admission"
    )
    admitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.TextField("reason", blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

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


# Call-offs (stage 2) -----------------------------------------------------------------------------------


class PackageQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> PackageQuerySet:
        """Commissioners see all packages; a provider user sees packages published to lots its organisation
        is admitted to (active admission), and any it has bid on."""
        from portal import permissions as perms

        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.MANAGE_FPS_PACKAGES):
            return self
        from commissioning.providers.models import ProviderMembership

        membership = ProviderMembership.for_user(user)
        if membership is None:
            return self.none()
        admitted_lots = Admission.objects.current().filter(provider_id=membership.provider_id)
        own_bids = Bid.objects.filter(provider_id=membership.provider_id)
        return self.exclude(status=Package.Status.DRAFT).filter(
            Q(lot_id__in=admitted_lots.values("lot_id")) | Q(pk__in=own_bids.values("package_id"))
        )


class Package(models.Model):
    """An anonymised care package for one or more people, published to the admitted providers of a lot.
    It holds no personal data: the form warns on names, dates of birth, NHS numbers and full postcodes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Open for bids"
        AWARDED = "awarded", "Awarded"
        PLACED = "placed", "Placement made"
        CANCELLED = "cancelled", "Cancelled"

    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="packages")
    reference = models.CharField(max_length=30, unique=True)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="packages")
    title = models.CharField(max_length=200, help_text="A short description, without names.")
    area = models.CharField(max_length=20, choices=Area.choices)
    people_count = models.PositiveSmallIntegerField("number of people", default=1)
    days_and_hours = models.TextField("days and hours")
    needs = models.TextField("needs")
    outcomes = models.TextField("outcomes the person wants to achieve")
    start_date = models.DateField("start date")
    bid_deadline = models.DateTimeField("bid deadline")
    quality_weight = models.PositiveSmallIntegerField(
        "quality weighting (%)", default=60, validators=[MaxValueValidator(100)]
    )
    price_weight = models.PositiveSmallIntegerField(
        "price weighting (%)", default=40, validators=[MaxValueValidator(100)]
    )
    social_value_weight = models.PositiveSmallIntegerField(
        "social value weighting within quality (%)",
        default=10,
        validators=[MaxValueValidator(100)],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    awarded_bid = models.OneToOneField(
        "Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="awarded_package"
    )
    awarded_at = models.DateTimeField(null=True, blank=True)
    awarded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    award_reason = models.TextField(blank=True)
    brokerage_reference = models.CharField("Care Brokerage Team reference", max_length=50, blank=True)
    placement_start = models.DateField("placement start date", null=True, blank=True)
    placement_recorded_at = models.DateTimeField(null=True, blank=True)
    placement_recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField("demo data", default=False)

    objects = PackageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-bid_deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_weight=100 - F("price_weight")),
                name="fps_package_weights_add_to_100",
                violation_error_message="The quality and price weightings must add up to 100%.",
            ),
            models.CheckConstraint(
                condition=Q(social_value_weight__lte=F("quality_weight")),
                name="fps_package_social_value_within_quality",
                violation_error_message="Social value is part of quality: it cannot weigh more than quality.",
            ),
        ]
        indexes = [
            models.Index(fields=["lot", "status", "bid_deadline"], name="fps_package_lot_status_idx"),
            models.Index(fields=["status", "bid_deadline", "id"], name="fps_package_status_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("fps:package", args=[self.reference])

    def is_open_for_bids(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.status == self.Status.PUBLISHED and moment < self.bid_deadline

    def bids_visible(self, moment=None) -> bool:
        """Commissioners see bids only once the deadline has passed (sealed bids)."""
        moment = moment or timezone.now()
        return self.status != self.Status.DRAFT and moment >= self.bid_deadline


class Bid(models.Model):
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="bids")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="fps_bids")
    weekly_price = models.DecimalField(
        "weekly price (£)", max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    price_breakdown = models.TextField("how the weekly price is made up")
    outcomes_response = models.TextField("how you will meet the person's outcomes")
    social_value = models.TextField("social value you will add", blank=True)
    start_date = models.DateField("date you can start")
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Scores, after the deadline: quality and social value out of 100 each; price scored by formula.
    quality_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    social_value_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    score_notes = models.TextField(blank=True)
    scored_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scored_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["package", "weekly_price", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "provider"],
                name="fps_one_bid_per_provider",
                violation_error_message="Your organisation has already bid for this package: change that bid",
            )
        ]
        indexes = [models.Index(fields=["provider", "submitted_at"], name="fps_bid_provider_idx")]

    def __str__(self):
        return f"{self.provider} for {self.package.reference}"


# Notifications ------------------------------------------------------------------------------------------


class Notification(models.Model):
    """A message to a provider organisation, shown in the portal; the same text is emailed to its users."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="fps_notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["provider", "-created_at"], name="fps_notification_provider_idx")]

    def __str__(self):
        return self.subject
