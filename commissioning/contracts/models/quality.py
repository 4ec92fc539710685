"""Quality assurance: each provider's quality record (risk, CQC rating, insurance, standing), the Contracts
and Quality Assurance team's visits scored on the nine domains of the Performance Monitoring Framework
(Market Position Statement 2021-25, "Quality assurance"), and the action plans providers answer online.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider
from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

from .contracts import Contract, add_months

User = settings.AUTH_USER_MODEL


def _own_provider_id(user) -> int | None:
    from commissioning.providers.models import ProviderMembership

    membership = ProviderMembership.for_user(user)
    return membership.provider_id if membership else None


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


# Every provider is visited at least once a year, more often where the risk is higher.
VISIT_EVERY_MONTHS = {RiskLevel.LOW: 12, RiskLevel.MEDIUM: 6, RiskLevel.HIGH: 3}


class CqcRating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires-improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not-rated", "Not yet rated"
    NOT_REGISTERED = "not-registered", "Not registered with the CQC (not a regulated activity)"


CQC_COLOURS = {
    CqcRating.OUTSTANDING: "green",
    CqcRating.GOOD: "green",
    CqcRating.REQUIRES_IMPROVEMENT: "yellow",
    CqcRating.INADEQUATE: "red",
    CqcRating.NOT_RATED: "grey",
    CqcRating.NOT_REGISTERED: "grey",
}


class Standing(models.TextChoices):
    GOOD = "good", "No concerns"
    OF_CONCERN = "of-concern", "Provider of concern"
    SUSPENDED = "suspended", "New placements suspended"


class ProviderQualityQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProviderQualityQuerySet:
        """Quality staff see every provider's record; a provider user its own (its pages show no internal
        notes); everyone else none."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_QUALITY):
            return self
        own = _own_provider_id(user)
        return self.filter(provider_id=own) if own else self.none()


class ProviderQuality(models.Model):
    """What the Contracts and Quality Assurance team holds about one provider, kept current by the services
    and the daily check. `standing` is what every list where work is placed shows."""

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, primary_key=True, related_name="quality"
    )
    risk_level = models.CharField(
        "risk level", max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    risk_reason = models.TextField("why this risk level", blank=True)
    cqc_rating = models.CharField("CQC rating", max_length=30, choices=CqcRating.choices, blank=True)
    cqc_rating_date = models.DateField("date of the CQC rating", null=True, blank=True)
    last_visit_on = models.DateField("last quality visit", null=True, blank=True)
    next_visit_due = models.DateField("next quality visit due", null=True, blank=True)
    standing = models.CharField(max_length=20, choices=Standing.choices, default=Standing.GOOD)
    standing_reason = models.CharField(max_length=300, blank=True)
    internal_notes = models.TextField("internal notes", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQualityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    STATUS_COLOURS = {Standing.GOOD: "green", Standing.OF_CONCERN: "orange", Standing.SUSPENDED: "red"}

    class Meta:
        verbose_name = "provider quality record"
        permissions = [
            ("view_quality", "Can see quality assurance, concerns and providers' full records"),
            ("manage_quality", "Can record visits, concerns, governance decisions and eligibility"),
        ]
        indexes = [
            models.Index(fields=["next_visit_due"], name="quality_next_visit_idx"),
            models.Index(fields=["standing"], name="quality_standing_idx"),
        ]

    def __str__(self):
        return f"Quality record of {self.provider}"

    # `{% status_tag %}` and the lists read these.
    def get_status_display(self) -> str:
        return self.get_standing_display()

    @property
    def status(self) -> str:
        return self.standing

    @property
    def is_flagged(self) -> bool:
        return self.standing != Standing.GOOD

    @property
    def visit_every_months(self) -> int:
        return VISIT_EVERY_MONTHS[RiskLevel(self.risk_level)]

    def compute_next_visit_due(self, today: datetime.date) -> datetime.date:
        """A visit is due `visit_every_months` after the last one; never visited: due now."""
        if self.last_visit_on is None:
            return today
        return add_months(self.last_visit_on, self.visit_every_months)


class InsuranceKind(models.TextChoices):
    EMPLOYERS = "employers-liability", "Employer's liability"
    PUBLIC = "public-liability", "Public liability"
    PROFESSIONAL = "professional-indemnity", "Professional indemnity"


# The cover the FPS selection questionnaire asks for (report AH/39/2021-22's standard selection questions).
MINIMUM_COVER = {
    InsuranceKind.EMPLOYERS: Decimal("5000000"),
    InsuranceKind.PUBLIC: Decimal("5000000"),
    InsuranceKind.PROFESSIONAL: Decimal("2000000"),
}


class InsurancePolicyQuerySet(models.QuerySet):
    def visible_to(self, user) -> InsurancePolicyQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_QUALITY):
            return self
        own = _own_provider_id(user)
        return self.filter(provider_id=own) if own else self.none()

    def expired(self, today: datetime.date) -> InsurancePolicyQuerySet:
        return self.filter(expires_on__lt=today)


class InsurancePolicy(models.Model):
    """The provider's current policy of each kind; a renewal changes it (its history keeps the old one)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="insurance_policies")
    kind = models.CharField("insurance", max_length=30, choices=InsuranceKind.choices)
    insurer = models.CharField("insurer", max_length=200, blank=True)
    cover = models.DecimalField("cover (£)", max_digits=14, decimal_places=2)
    expires_on = models.DateField("expiry date")
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField("demo data", default=False)

    objects = InsurancePolicyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["provider", "kind"]
        verbose_name_plural = "insurance policies"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind"],
                name="insurance_one_policy_per_kind",
                violation_error_message="The provider already has a policy of this kind: change that one",
            ),
            models.CheckConstraint(condition=Q(cover__gt=0), name="insurance_cover_positive"),
        ]
        indexes = [models.Index(fields=["expires_on"], name="insurance_expiry_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.provider}"

    @property
    def minimum_cover(self) -> Decimal:
        return MINIMUM_COVER[InsuranceKind(self.kind)]

    @property
    def below_minimum(self) -> bool:
        return self.cover < self.minimum_cover

    def is_expired(self, today: datetime.date) -> bool:
        return self.expires_on < today


class Domain(models.TextChoices):
    """The nine key domains of the council's standard Performance Monitoring Framework (MPS 2021-25)."""

    PERSON_CENTRED = "person-centred-care", "Person-centred care"
    CHOICES = "choices-and-preferences", "Choices and preferences"
    RESPECTING = "respecting-and-involving", "Respecting and involving service users"
    CARE_AND_WELFARE = "care-and-welfare", "Care and welfare of service users"
    SAFEGUARDS = "safeguards", "Safeguards from abuse or risk of abuse"
    WORKFORCE = "workforce", "Appropriate workforce to meet needs"
    ACCESS = "access-to-a-quality-service", "Access to a quality service"
    COMPLAINTS = "right-to-complain", "Right to complain"
    RECORD_KEEPING = "record-keeping", "Record keeping"


class Score(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly-met", "Partly met"
    NOT_MET = "not-met", "Not met"
    NOT_ASSESSED = "not-assessed", "Not assessed"


SCORE_COLOURS = {
    Score.MET: "green",
    Score.PARTLY_MET: "yellow",
    Score.NOT_MET: "red",
    Score.NOT_ASSESSED: "grey",
}


class VisitQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> VisitQuerySet:
        """Quality staff see every visit; a provider user its own organisation's completed visits (the
        reports); everyone else none."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_QUALITY):
            return self
        own = _own_provider_id(user)
        if own is None:
            return self.none()
        return self.filter(provider_id=own, status=QualityVisit.Status.COMPLETED)


class QualityVisit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="quality_visits")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="quality_visits"
    )
    visit_date = models.DateField("date of the visit")
    announced = models.BooleanField("announced", default=True)
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="quality_visits")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField("report to the provider", blank=True)
    internal_notes = models.TextField("internal notes", blank=True, help_text="Never shown to the provider.")
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)
    is_demo = models.BooleanField("demo data", default=False)

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords()

    STATUS_COLOURS = {Status.PLANNED: "blue", Status.COMPLETED: "green", Status.CANCELLED: "grey"}

    class Meta:
        ordering = ["-visit_date", "-pk"]
        indexes = [
            models.Index(fields=["provider", "-visit_date"], name="visit_provider_date_idx"),
            models.Index(fields=["status", "-visit_date", "-id"], name="visit_status_date_idx"),
            models.Index(fields=["-visit_date", "-id"], name="visit_date_idx"),
        ]

    def __str__(self):
        return f"Quality visit to {self.provider} on {self.visit_date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("contracts:visit", args=[self.pk])


class DomainScore(models.Model):
    visit = models.ForeignKey(QualityVisit, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(max_length=40, choices=Domain.choices)
    score = models.CharField(max_length=20, choices=Score.choices)
    findings = models.TextField("findings", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "domain"], name="visit_domain_scored_once")]

    def __str__(self):
        return f"{self.get_domain_display()}: {self.get_score_display()}"


class ActionQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> ActionQuerySet:
        """Quality staff see every action; a provider user its own organisation's action plans (from its
        completed visits and its concerns)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_QUALITY):
            return self
        own = _own_provider_id(user)
        if own is None:
            return self.none()
        return self.filter(provider_id=own).exclude(visit__status__in=["planned", "cancelled"])

    def outstanding(self) -> ActionQuerySet:
        return self.exclude(status=ActionItem.Status.COMPLETED)


class ActionItem(models.Model):
    """One action of a provider's action plan, from a quality visit or a concern. The provider answers it
    online; an officer marks it completed (or asks for more)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Response received"
        COMPLETED = "completed", "Completed"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="quality_actions")
    visit = models.ForeignKey(
        QualityVisit, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    concern = models.ForeignKey(
        "contracts.Concern", null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    domain = models.CharField(max_length=40, choices=Domain.choices, blank=True)
    action = models.TextField("action")
    owner = models.CharField("owner", max_length=200, help_text="Who at the provider will do it.")
    due_on = models.DateField("due by")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField("provider's response", blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.TextField("officer's note to the provider", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField("demo data", default=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    STATUS_COLOURS = {Status.OPEN: "blue", Status.RESPONDED: "turquoise", Status.COMPLETED: "green"}

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit__isnull=False) | Q(concern__isnull=False),
                name="action_from_visit_or_concern",
            )
        ]
        indexes = [
            models.Index(fields=["provider", "status"], name="action_provider_status_idx"),
            models.Index(fields=["status", "due_on"], name="action_status_due_idx"),
        ]

    def __str__(self):
        return self.action[:80]

    def get_absolute_url(self):
        return reverse("contracts:action", args=[self.pk])

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != self.Status.COMPLETED and self.due_on < today
