"""Referrals through the Carers Service Pathway 2022, the service catalogue, allocated support and the
contacts log."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal import querysets
from portal.querysets import DeepPageQuerySet

from .choices import (
    CLOSED_STATUSES,
    AssessmentMethod,
    CarerType,
    ClosureReason,
    ContactMethodUsed,
    CrisisReason,
    Need,
    OutcomeScore,
    ReferrerType,
    Route,
    Status,
    SupportType,
)
from .people import Carer
from .roles import is_assessor, sees_all_referrals


class ReferralQuerySet(DeepPageQuerySet):
    """Every page of the caseload in two steps: the page's ids from an index (an index-only scan that can
    test the other filters' INCLUDE columns without reading the table), then those 25 rows.

    The paginator counts the rows, then slices the same queryset. Remembering that count lets a page past
    the middle walk the index backwards (reversed order, small offset) instead of skipping most of it:
    the last page of a million referrals costs what the first does.
    """

    def count(self) -> int:
        self._known_count = super().count()
        return self._known_count

    def __getitem__(self, key):
        if not (
            isinstance(key, slice)
            and key.step is None
            and key.stop is not None
            and self._iterable_class is ModelIterable
            and self.query.order_by
            and not self.query.is_sliced
        ):
            return super().__getitem__(key)
        start, total = key.start or 0, getattr(self, "_known_count", None)
        if total and start >= querysets.DEFERRED_JOIN_FROM_OFFSET and start > total // 2:
            stop = min(key.stop, total)
            page_ids = self.reverse().values("pk")[total - stop : total - start]
        else:
            page_ids = self.values("pk")[start : key.stop]
        return self.filter(pk__in=page_ids)

    def visible_to(self, user) -> ReferralQuerySet:
        """Hub workers see every referral; an assessor sees those sent to social care that are theirs or
        not yet taken by another assessor; nobody else sees any."""
        if sees_all_referrals(user):
            return self
        if is_assessor(user):
            return self.filter(sent_to_social_care_at__isnull=False).filter(
                Q(assessor=user) | Q(assessor__isnull=True)
            )
        return self.none()

    def open(self) -> ReferralQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def review_overdue(self, today: date | None = None) -> ReferralQuerySet:
        return self.filter(status=Status.PLAN_IN_PLACE, review_due_on__lte=today or timezone.localdate())


# What a referral form gives (staff choose the route; online it is "online").
REFERRAL_FIELDS = [
    "route",
    "referrer_type",
    "referrer_name",
    "referrer_organisation",
    "referrer_contact",
    "reason",
    "is_crisis",
    "crisis_reason",
    "crisis_details",
]


def new_reference() -> str:
    """A reference a carer can quote: 'CH-' and 8 characters without look-alikes (0/O, 1/I)."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "CH-" + "".join(secrets.choice(alphabet) for _ in range(8))


class Referral(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="referrals")
    received_at = models.DateTimeField("received", default=timezone.now)
    route = models.CharField(max_length=20, choices=Route.choices)
    referrer_type = models.CharField("referred by", max_length=20, choices=ReferrerType.choices)
    referrer_name = models.CharField("referrer's name", max_length=200, blank=True)
    referrer_organisation = models.CharField("referrer's organisation", max_length=200, blank=True)
    referrer_contact = models.CharField("referrer's telephone or email", max_length=200, blank=True)
    reason = models.TextField("reason for referral")
    is_crisis = models.BooleanField("urgent: carer in crisis", default=False)
    crisis_reason = models.CharField(max_length=20, choices=CrisisReason.choices, blank=True)
    crisis_details = models.TextField(blank=True)
    # The carer's type when the referral was received (counted and filtered without dates of birth).
    carer_type = models.CharField(max_length=12, choices=CarerType.choices)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    contacted_at = models.DateTimeField(null=True, blank=True)
    assessed_on = models.DateField("assessment completed", null=True, blank=True)
    mailing_list_opt_in = models.BooleanField("joins the mailing list", default=False)
    signposted_to = models.TextField(blank=True)
    level_of_need = models.CharField(max_length=10, choices=Need.choices, blank=True)
    sent_to_social_care_at = models.DateTimeField(null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessor_reviewed_at = models.DateTimeField(null=True, blank=True)
    assessor_notes = models.TextField(blank=True)
    plan_agreed_on = models.DateField("plan agreed", null=True, blank=True)
    review_due_on = models.DateField("review due", null=True, blank=True)
    last_reviewed_on = models.DateField("last reviewed", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_notes = models.TextField(blank=True)
    outcome_wellbeing = models.CharField(max_length=10, choices=OutcomeScore.choices, blank=True)
    outcome_ability_to_care = models.CharField(max_length=10, choices=OutcomeScore.choices, blank=True)
    outcome_life_of_own = models.CharField(max_length=10, choices=OutcomeScore.choices, blank=True)

    # The case worker: tasks default to them, and the annual review's reminder goes to them.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carers_cases",
        verbose_name="case worker",
    )
    # The national returns (Client Level Data, the Survey of Adult Carers): ADR 023.
    assessment_method = models.CharField(
        "assessment method", max_length=10, choices=AssessmentMethod.choices, blank=True
    )
    support_type = models.CharField("support type", max_length=20, choices=SupportType.choices, blank=True)
    # Whether a hub worker has checked the new referral's carer against the records already held
    # (linked to an existing carer, or confirmed as a new one). Until then the page offers likely matches.
    carer_checked_at = models.DateTimeField(null=True, blank=True)
    carer_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # A one-time token from the online form: the same form sent twice makes one referral.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    is_demo = models.BooleanField("demo data", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "form_token"])
    objects = ReferralQuerySet.as_manager()

    # One colour per status, for every audience (portal.components.status_tag); closed ones are grey.
    STATUS_COLOURS = {
        Status.RECEIVED: "blue",
        Status.CONTACTED: "light-blue",
        Status.ASSESSED: "turquoise",
        Status.ASSESSOR_REVIEW: "purple",
        Status.SOCIAL_CARE: "pink",
        Status.AWAITING_SUPPORT: "yellow",
        Status.SUPPORT_ALLOCATED: "green",
        Status.PLAN_IN_PLACE: "green",
    }

    class Meta:
        # Crisis first, then newest: the caseload's default order.
        ordering = ["-is_crisis", "-received_at", "-id"]
        permissions = [
            ("assess_referral", "Can review referrals sent to social care (social care assessor)"),
            ("view_carers_statistics", "Can see the carers hub's statistics (no personal data)"),
        ]
        indexes = [
            # The caseload, in its one order (crisis first, then newest): open referrals (its default),
            # all referrals, and after each filter. Each filter's index carries the other filters'
            # columns, so counting any combination reads the index only.
            models.Index(
                fields=["-is_crisis", "-received_at", "-id"],
                name="referral_open_order_idx",
                condition=~Q(status__in=["declined", "not-eligible", "closed"]),
            ),
            models.Index(fields=["-is_crisis", "-received_at", "-id"], name="referral_order_idx"),
            models.Index(
                fields=["status", "-is_crisis", "-received_at", "-id"],
                include=["level_of_need", "carer_type", "route"],
                name="referral_status_idx",
            ),
            models.Index(
                fields=["level_of_need", "-is_crisis", "-received_at", "-id"],
                include=["status", "carer_type", "route"],
                name="referral_need_idx",
            ),
            models.Index(
                fields=["carer_type", "-is_crisis", "-received_at", "-id"],
                include=["status", "level_of_need", "route"],
                name="referral_type_idx",
            ),
            models.Index(
                fields=["route", "-is_crisis", "-received_at", "-id"],
                include=["status", "level_of_need", "carer_type"],
                name="referral_route_idx",
            ),
            models.Index(
                fields=["review_due_on"],
                name="referral_review_due_idx",
                condition=Q(status="plan-in-place"),
            ),
            models.Index(
                fields=["received_at"], name="referral_unchecked_idx", condition=Q(carer_checked_at=None)
            ),
            models.Index(
                fields=["owner", "review_due_on"],
                name="referral_owner_review_idx",
                condition=Q(status="plan-in-place"),
            ),
            models.Index(
                fields=["sent_to_social_care_at"],
                name="referral_social_care_idx",
                condition=Q(sent_to_social_care_at__isnull=False),
            ),
            # Statistics: counts by period read only this index.
            models.Index(
                fields=["received_at"],
                name="referral_stats_idx",
                include=["route", "carer_type", "level_of_need", "carer_id"],
            ),
            models.Index(
                fields=["closed_at"],
                name="referral_closed_idx",
                include=["outcome_wellbeing", "outcome_ability_to_care", "outcome_life_of_own", "carer_id"],
                condition=Q(closed_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_crisis=False) | ~Q(crisis_reason=""),
                name="referral_crisis_has_reason",
                violation_error_message="Say why the carer is in crisis",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closure_reason=""),
                name="referral_closed_has_reason",
                violation_error_message="Give the reason for closing",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("carers:referral", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def review_is_due(self) -> bool:
        return (
            self.status == Status.PLAN_IN_PLACE
            and self.review_due_on is not None
            and self.review_due_on <= timezone.localdate()
        )

    def clean(self):
        if self.is_crisis and not self.crisis_reason:
            raise ValidationError({"crisis_reason": "Say why the carer is in crisis"})
        if not self.is_crisis:
            self.crisis_reason = ""
            self.crisis_details = ""


class CatalogueService(models.Model):
    """A service of the catalogue (Levels of Need), by tier. Loaded from
    fixtures/demo/carers/service-catalogue.json by the app's data migration."""

    code = models.SlugField(max_length=40, unique=True)
    tier = models.CharField(max_length=10, choices=Need.choices)
    name = models.CharField(max_length=100)
    records_amount = models.BooleanField(default=False, help_text="Allocations record an amount in pounds.")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)
    is_retired = models.BooleanField("retired", default=False, help_text="No longer allocated.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.name} ({self.get_tier_display().lower()})"


class Allocation(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="allocations")
    # The referral's carer, kept here too so "distinct carers supported" counts from one index.
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="+", editable=False)
    service = models.ForeignKey(CatalogueService, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(1)]
    )
    notes = models.TextField(blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    allocated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["allocated_at", "pk"]
        indexes = [
            models.Index(
                fields=["allocated_at"], name="allocation_at_idx", include=["service_id", "carer_id"]
            )
        ]

    def __str__(self):
        return str(self.service)

    def save(self, *args, **kwargs):
        if self.carer_id is None:
            self.carer_id = self.referral.carer_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.service_id and self.service.records_amount and self.amount is None:
            raise ValidationError({"amount": f"Enter the amount from the {self.service.name}"})
        if self.service_id and not self.service.records_amount:
            self.amount = None


class Contact(models.Model):
    """The contacts log: dated notes by staff."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("date of contact")
    method = models.CharField("how", max_length=20, choices=ContactMethodUsed.choices)
    notes = models.TextField("notes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]

    def __str__(self):
        return f"Contact on {self.contacted_on}"
