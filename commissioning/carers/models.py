"""The All-Age Carers Hub: carers, the people they care for, referrals through the Carers Service Pathway
2022, allocated support from the service catalogue, contacts and outcomes.

Carers' personal data (special category under UK GDPR) stays in this app. Every read goes through
`visible_to(user)`: only the carers hub worker and social care assessor roles ever get rows back.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import normalise_postcode
from portal import permissions as perms
from portal import querysets
from portal.querysets import DeepPageQuerySet


# --- Choices -------------------------------------------------------------------------------------------
class CarerType(models.TextChoices):
    YOUNG = "young", "Young carer"
    YOUNG_ADULT = "young-adult", "Young adult carer"
    PARENT = "parent", "Parent carer"
    ADULT = "adult", "Adult carer"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Telephone"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    POST = "post", "Post"


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    PARTNER = "partner", "Husband, wife or partner"
    CHILD = "child", "Son or daughter"
    SIBLING = "sibling", "Brother or sister"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other-relative", "Other relative"
    FRIEND = "friend", "Friend or neighbour"


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", "Under 18"
    AGE_18_64 = "18-64", "18 to 64"
    AGE_65_84 = "65-84", "65 to 84"
    AGE_85_PLUS = "85+", "85 or over"


class SupportReason(models.TextChoices):
    PHYSICAL = "physical", "Physical support"
    MEMORY = "memory", "Memory and cognition"
    LEARNING = "learning-disability", "Learning disability"
    MENTAL_HEALTH = "mental-health", "Mental health"
    SENSORY = "sensory", "Sensory support"
    SUBSTANCE = "substance-misuse", "Substance misuse"
    OTHER = "other", "Other"


class Route(models.TextChoices):
    ONLINE = "online", "Online"
    TELEPHONE = "telephone", "Telephone"
    FACE_TO_FACE = "face-to-face", "Face to face"
    EMAIL = "email", "Email"


class ReferrerType(models.TextChoices):
    SELF = "self", "Self-referral"
    GP = "gp", "GP"
    HOSPITAL = "hospital", "Hospital"
    FAMILY = "family", "Family or friend"
    PROFESSIONAL = "professional", "Professional"
    SCHOOL = "school", "School"


class CrisisReason(models.TextChoices):
    BREAKDOWN = "breakdown", "Carer breakdown"
    ILL_HEALTH = "ill-health", "Carer's ill health"
    HOSPITAL = "hospital-discharge", "Cared-for person returning from hospital"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    CONTACTED = "contacted", "Contacted"
    ASSESSED = "assessed", "Assessment completed"
    DECLINED = "declined", "Declined assessment"
    NOT_ELIGIBLE = "not-eligible", "Not eligible"
    ASSESSOR_REVIEW = "assessor-review", "With social care assessor"
    SOCIAL_CARE = "social-care", "Sent to social care"
    AWAITING_SUPPORT = "awaiting-support", "Awaiting allocation"
    SUPPORT_ALLOCATED = "support-allocated", "Support allocated"
    PLAN_IN_PLACE = "plan-in-place", "Plan in place"
    CLOSED = "closed", "Closed"


CLOSED_STATUSES = (Status.DECLINED, Status.NOT_ELIGIBLE, Status.CLOSED)
OPEN_STATUSES = tuple(s for s in Status if s not in CLOSED_STATUSES)


class Need(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class ClosureReason(models.TextChoices):
    OUTCOMES_MET = "outcomes-met", "Outcomes met"
    NO_LONGER_CARING = "no-longer-caring", "No longer caring"
    MOVED_AWAY = "moved-away", "Moved out of Cheshire East"
    NO_CONTACT = "no-contact", "Could not be contacted"
    CARER_WITHDREW = "withdrew", "Carer asked to stop"
    TRANSFERRED = "transferred", "Transferred to social care"
    DECLINED = "declined", "Declined assessment"
    NOT_ELIGIBLE = "not-eligible", "Not eligible"
    OTHER = "other", "Other"


class OutcomeScore(models.TextChoices):
    IMPROVED = "improved", "Improved"
    SAME = "same", "Stayed the same"
    WORSE = "worse", "Got worse"


OUTCOME_MEASURES = {
    "outcome_wellbeing": "Wellbeing",
    "outcome_ability_to_care": "Ability to keep caring",
    "outcome_life_of_own": "Having a life of their own",
}


def carer_type_on(date_of_birth: date | None, is_parent_carer: bool, on: date) -> str:
    """The carer's type on a day: young (under 18), young adult (18 to 25), parent, or adult.

    A 16 or 17 year old is both a young carer and a young adult carer (`carer_types`); the one type used
    for counting and filtering is the younger one, so each referral is counted once.
    """
    if date_of_birth is not None:
        age = age_on(date_of_birth, on)
        if age < 18:
            return CarerType.YOUNG
        if age <= 25:
            return CarerType.YOUNG_ADULT
    return CarerType.PARENT if is_parent_carer else CarerType.ADULT


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


# --- Querysets: every read of personal data is scoped here --------------------------------------------
def sees_all_referrals(user) -> bool:
    return user.is_authenticated and user.has_perm(perms.VIEW_CARERS_REFERRALS)


def is_assessor(user) -> bool:
    return user.is_authenticated and user.has_perm(perms.ASSESS_CARERS_REFERRALS)


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


class CarerQuerySet(models.QuerySet):
    def visible_to(self, user) -> CarerQuerySet:
        if sees_all_referrals(user):
            return self
        if is_assessor(user):
            return self.filter(
                pk__in=Referral.objects.visible_to(user).values("carer_id"),
            )
        return self.none()


# --- Records ------------------------------------------------------------------------------------------
class Carer(models.Model):
    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("telephone number", max_length=30, blank=True)
    address_line_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    gp_practice = models.CharField("GP practice", max_length=200, blank=True)
    preferred_contact = models.CharField(
        "preferred way to contact", max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    consent_to_store = models.BooleanField("consents to the hub keeping their details", default=False)
    consent_to_share_with_gp = models.BooleanField("consents to sharing with their GP", default=False)
    consent_to_contact = models.BooleanField("consents to being contacted", default=False)
    is_parent_carer = models.BooleanField("parent carer", default=False)
    is_working_carer = models.BooleanField("working carer", default=False)
    caring_hours_per_week = models.PositiveSmallIntegerField(
        "hours caring each week", null=True, blank=True, validators=[MaxValueValidator(168)]
    )
    school = models.CharField("school or college", max_length=200, blank=True)
    is_demo = models.BooleanField("demo data", default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CarerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("view_carers_access_log", "Can see who viewed carers' records (hub manager)"),
            ("export_carer_data", "Can export a carer's data for a subject access request"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("carers:carer", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        errors = {}
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                errors["postcode"] = error.messages
        if not self.anonymised_at and not (
            self.email or self.phone or (self.address_line_1 and self.postcode)
        ):
            errors["phone"] = "Enter a telephone number, an email address or a postal address"
        if errors:
            raise ValidationError(errors)

    def carer_type(self, on: date | None = None) -> str:
        return carer_type_on(self.date_of_birth, self.is_parent_carer, on or timezone.localdate())

    def carer_types(self, on: date | None = None) -> list[str]:
        """Every type that applies: a 16 or 17 year old is a young carer and a young adult carer."""
        on = on or timezone.localdate()
        types = [self.carer_type(on)]
        if self.date_of_birth and 16 <= age_on(self.date_of_birth, on) <= 17:
            types.append(CarerType.YOUNG_ADULT)
        if self.is_parent_carer and CarerType.PARENT not in types:
            types.append(CarerType.PARENT)
        return [CarerType(t).label for t in types]

    def age(self) -> int | None:
        return age_on(self.date_of_birth, timezone.localdate()) if self.date_of_birth else None


class CaredForPerson(models.Model):
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="cared_for")
    relationship = models.CharField("relationship to the carer", max_length=20, choices=Relationship.choices)
    age_band = models.CharField("age", max_length=6, choices=AgeBand.choices)
    primary_support_reason = models.CharField(
        "main reason they need support", max_length=20, choices=SupportReason.choices
    )
    has_social_care_respite = models.BooleanField("already has respite from social care", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_relationship_display()} ({self.get_age_band_display()})"


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

    # A one-time token from the online form: the same form sent twice makes one referral.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    is_demo = models.BooleanField("demo data", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "form_token"])
    objects = ReferralQuerySet.as_manager()

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


class ContactMethodUsed(models.TextChoices):
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email"
    FACE_TO_FACE = "face-to-face", "Face to face"
    VIDEO = "video", "Video call"
    LETTER = "letter", "Letter"


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


class RecordView(models.Model):
    """Who looked at a carer's record, and when. Holds ids only: no personal data."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="views")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=40)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["carer", "-viewed_at"], name="recordview_carer_idx")]

    def __str__(self):
        return f"{self.user} viewed {self.what}"


class FormAttempt(models.Model):
    """An online referral form sent from one address (a keyed hash of it, never the address): the rate
    limit counts these in the database, so it holds across every web process."""

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Form sent at {self.created_at}"
