"""Stage 2, the call-offs: anonymised care packages published to a lot's admitted providers, and bids."""

from __future__ import annotations

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

from .applications import Admission, own_provider_id
from .system import Lot, PurchasingSystem

User = settings.AUTH_USER_MODEL


class PackageQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> PackageQuerySet:
        """Commissioners see all packages; a provider user sees packages published to lots its organisation
        is admitted to (active admission), and any it has bid on."""
        from portal import permissions as perms

        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.MANAGE_FPS_PACKAGES):
            return self
        provider_id = own_provider_id(user)
        if provider_id is None:
            return self.none()
        admitted_lots = Admission.objects.current().filter(provider_id=provider_id)
        own_bids = Bid.objects.filter(provider_id=provider_id)
        return self.exclude(status=Package.Status.DRAFT).filter(
            Q(lot_id__in=admitted_lots.values("lot_id")) | Q(pk__in=own_bids.values("package_id"))
        )


class BidQuerySet(models.QuerySet):
    def visible_to(self, user) -> BidQuerySet:
        """Commissioners see every bid (the pages show them only after the deadline: sealed bids); a provider
        user sees its own organisation's bids only."""
        from portal import permissions as perms

        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.MANAGE_FPS_PACKAGES):
            return self
        return self.own(user)

    def own(self, user) -> BidQuerySet:

        provider_id = own_provider_id(user)
        return self.none() if provider_id is None else self.filter(provider_id=provider_id)


class Package(models.Model):
    """An anonymised care package for one or more people, published to the admitted providers of a lot.
    It holds no personal data: the form warns on names, dates of birth, NHS numbers and full postcodes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Open for bids"
        AWARDED = "awarded", "Awarded"
        PLACED = "placed", "Placement made"
        CANCELLED = "cancelled", "Cancelled"

    STATUS_COLOURS = {
        Status.DRAFT: "grey",
        Status.PUBLISHED: "blue",
        Status.AWARDED: "green",
        Status.PLACED: "turquoise",
        Status.CANCELLED: "red",
    }
    # What a package's tag says: its status, except "Bids closed" once an open package's deadline passes.
    BIDS_CLOSED = "bids-closed"
    STAGE_COLOURS = {**STATUS_COLOURS, BIDS_CLOSED: "yellow"}

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
    cancelled_at = models.DateTimeField(null=True, blank=True)
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

    @property
    def stage(self) -> str:
        if self.status == self.Status.PUBLISHED and timezone.now() >= self.bid_deadline:
            return self.BIDS_CLOSED
        return self.status

    def get_stage_display(self) -> str:
        return "Bids closed" if self.stage == self.BIDS_CLOSED else self.get_status_display()

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

    objects = BidQuerySet.as_manager()
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
