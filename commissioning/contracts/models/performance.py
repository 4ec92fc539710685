"""Provider performance: KPIs set per contract, and the quarterly returns providers submit against them.

A return is opened for each provider party of each live contract with KPIs when a quarter ends (the daily
check, or a commissioner for an earlier quarter); the provider's users fill in a value for each KPI and
submit it. Each value's RAG is computed against the KPI's target at submission and kept with the target it
was measured against, so later changes to a target do not rewrite history.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider
from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

from ..periods import Quarter
from .contracts import Contract

User = settings.AUTH_USER_MODEL


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    NUMBER = "number", "Number"
    HOURS = "hours", "Hours"
    DAYS = "days", "Days"
    POUNDS = "pounds", "Pounds (£)"


class Rag(models.TextChoices):
    GREEN = "green", "Green: on target"
    AMBER = "amber", "Amber: near target"
    RED = "red", "Red: off target"


RAG_COLOURS = {Rag.GREEN: "green", Rag.AMBER: "yellow", Rag.RED: "red"}
RAG_SHORT = {Rag.GREEN: "Green", Rag.AMBER: "Amber", Rag.RED: "Red"}
RAG_ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


def amber_tolerance() -> Decimal:
    """How far (as a % of the target) a value may miss it and be amber (CONTRACTS_AMBER_TOLERANCE_PERCENT)."""
    return Decimal(str(getattr(settings, "CONTRACTS_AMBER_TOLERANCE_PERCENT", 5)))


def compute_rag(*, value: Decimal, target: Decimal, polarity: str) -> str:
    """Green when the value meets the target; amber when it misses by no more than the tolerance (a % of the
    target, at least 0); red otherwise."""
    value, target = Decimal(value), Decimal(target)
    shortfall = (target - value) if polarity == Polarity.HIGHER else (value - target)
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= abs(target) * amber_tolerance() / 100:
        return Rag.AMBER
    return Rag.RED


class Kpi(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    measure = models.CharField("measure", max_length=200)
    description = models.TextField("how it is measured", blank=True)
    unit = models.CharField("unit", max_length=10, choices=Unit.choices)
    target = models.DecimalField("target", max_digits=12, decimal_places=2)
    polarity = models.CharField("polarity", max_length=10, choices=Polarity.choices)
    position = models.PositiveSmallIntegerField(default=0)
    ended_on = models.DateField("no longer measured from", null=True, blank=True)
    is_demo = models.BooleanField("demo data", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "position", "pk"]
        verbose_name = "KPI"
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(target__gte=0, target__lte=100),
                name="kpi_percent_target_in_range",
                violation_error_message="A percentage target must be between 0 and 100",
            )
        ]

    def __str__(self):
        return self.measure

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class ReturnQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> ReturnQuerySet:
        """Staff who read contracts see every return; a provider user its own organisation's only."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_CONTRACTS):
            return self
        from commissioning.providers.models import ProviderMembership

        membership = ProviderMembership.for_user(user)
        if membership is None:
            return self.none()
        return self.filter(provider_id=membership.provider_id)

    def late(self, today) -> ReturnQuerySet:
        """Due returns not submitted by their due date: the list for chasing."""
        return self.filter(status__in=[ReturnStatus.DUE, ReturnStatus.RETURNED], due_on__lt=today)


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for correction"
    ACCEPTED = "accepted", "Accepted"


class PerformanceReturn(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="performance_returns")
    year = models.PositiveSmallIntegerField("financial year starting", validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    due_on = models.DateField("due")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    commentary = models.TextField("commentary", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_late = models.BooleanField("submitted late", default=False)
    # The worst RAG of its values, kept at submission for the lists' filters.
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    review_note = models.TextField("officer's note", blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField("last reminder", null=True, blank=True)
    is_demo = models.BooleanField("demo data", default=False)

    objects = ReturnQuerySet.as_manager()
    history = HistoricalRecords()

    STATUS_COLOURS = {
        ReturnStatus.DUE: "blue",
        ReturnStatus.SUBMITTED: "turquoise",
        ReturnStatus.RETURNED: "orange",
        ReturnStatus.ACCEPTED: "green",
    }

    class Meta:
        ordering = ["-year", "-quarter", "contract", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "provider", "year", "quarter"],
                name="performance_return_once_a_quarter",
                violation_error_message="This provider already has a return for this contract and quarter",
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on", "id"], name="perf_return_status_due_idx"),
            models.Index(fields=["contract", "year", "quarter"], name="perf_return_contract_idx"),
            models.Index(fields=["provider", "-year", "-quarter"], name="perf_return_provider_idx"),
            models.Index(fields=["-year", "-quarter", "id"], name="perf_return_period_idx"),
        ]

    def __str__(self):
        return f"{self.contract.reference} {self.period}"

    def get_absolute_url(self):
        return reverse("contracts:return", args=[self.pk])

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_open(self) -> bool:
        """The provider may fill it in and submit it."""
        return self.status in {ReturnStatus.DUE, ReturnStatus.RETURNED}


class ReturnValue(models.Model):
    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.CASCADE, related_name="values")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    comment = models.TextField(blank=True)
    target = models.DecimalField("target at submission", max_digits=12, decimal_places=2)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    rag = models.CharField(max_length=10, choices=Rag.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["performance_return", "kpi__position", "kpi_id"]
        constraints = [
            models.UniqueConstraint(fields=["performance_return", "kpi"], name="return_value_once_per_kpi")
        ]
        indexes = [models.Index(fields=["kpi", "performance_return"], name="return_value_kpi_idx")]

    def __str__(self):
        return f"{self.kpi}: {self.value}"
