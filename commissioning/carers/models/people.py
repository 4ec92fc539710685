"""Carers and the people they look after."""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import normalise_postcode

from ..normalise import MIN_FRAGMENT, is_uk_phone, name_key, phone_key, query_words, search_text
from .choices import AgeBand, CarerType, ContactMethod, Relationship, SupportReason, age_on, carer_type_on
from .roles import is_assessor, sees_all_referrals


class CarerQuerySet(models.QuerySet):
    def visible_to(self, user) -> CarerQuerySet:
        if sees_all_referrals(user):
            return self
        if is_assessor(user):
            referrals = self.model._meta.get_field("referrals").related_model
            return self.filter(pk__in=referrals.objects.visible_to(user).values("carer_id"))
        return self.none()

    def current(self) -> CarerQuerySet:
        """Records in use: not merged into another carer's record."""
        return self.filter(merged_into__isnull=True)

    def search(
        self,
        *,
        name: str = "",
        date_of_birth: date | None = None,
        postcode: str = "",
        phone: str = "",
        email: str = "",
        reference: str = "",
    ) -> CarerQuerySet:
        """Carers matching every criterion given. Name: each word typed is part of a name (any case, any
        accents: "thom" finds "Thompson", "nunez" finds "Núñez"), through the GIN index on the names'
        suffixes. Postcode: the full postcode, or its outward code ("CW1"). Telephone: the same digits
        however written. Reference: a referral's reference, whole or its start ("CH-7K")."""
        found = self
        words = [w for w in query_words(name) if len(w) >= MIN_FRAGMENT]
        if words:
            query = " & ".join(f"{word}:*" for word in words)
            found = found.filter(search_vector=SearchQuery(query, search_type="raw", config="simple"))
        if date_of_birth:
            found = found.filter(date_of_birth=date_of_birth)
        if postcode:
            outward = " ".join(postcode.upper().split())
            if " " in outward or len(outward) > 4:
                try:
                    found = found.filter(postcode=normalise_postcode(outward))
                except ValidationError:
                    found = found.filter(postcode=outward)
            else:
                found = found.filter(postcode__startswith=f"{outward} ")
        if phone:
            found = found.filter(phone_key=phone_key(phone))
        if email:
            found = found.filter(email=email.strip().lower())
        if reference:
            typed = reference.strip().upper()
            if not typed.startswith("CH-"):
                typed = f"CH-{typed}"
            referrals = self.model._meta.get_field("referrals").related_model
            found = found.filter(
                pk__in=referrals.objects.filter(reference__startswith=typed).values("carer_id")
            )
        return found


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
    # Consents as they stand now: kept equal to the latest `Consent` record of each kind by the consent
    # service (models/consent.py), in the same transaction, so a withdrawal takes effect at once.
    consent_to_store = models.BooleanField("consents to the hub keeping their details", default=False)
    consent_to_share_with_gp = models.BooleanField("consents to sharing with their GP", default=False)
    consent_to_share_with_social_care = models.BooleanField(
        "consents to sharing with social care", default=False
    )
    consent_to_contact = models.BooleanField("consents to being contacted", default=False)
    contact_by_post = models.BooleanField("may be contacted by post", default=False)
    contact_by_phone = models.BooleanField("may be contacted by telephone", default=False)
    contact_by_text = models.BooleanField("may be contacted by text message", default=False)
    contact_by_email = models.BooleanField("may be contacted by email", default=False)
    is_parent_carer = models.BooleanField("parent carer", default=False)
    is_working_carer = models.BooleanField("working carer", default=False)
    caring_hours_per_week = models.PositiveSmallIntegerField(
        "hours caring each week", null=True, blank=True, validators=[MaxValueValidator(168)]
    )
    school = models.CharField("school or college", max_length=200, blank=True)
    is_demo = models.BooleanField("demo data", default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Two records of one carer merged: this one was merged into `merged_into`, which holds its referrals
    # now. Both records keep their history.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", editable=False
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What search and matching compare (commissioning/carers/normalise.py), made on every save.
    last_name_key = models.CharField(max_length=100, blank=True, editable=False)
    first_name_key = models.CharField(max_length=100, blank=True, editable=False)
    phone_key = models.CharField(max_length=20, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(
        excluded_fields=["search_vector", "search_text", "last_name_key", "first_name_key", "phone_key"]
    )
    objects = CarerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("view_carers_access_log", "Can see who viewed carers' records (hub manager)"),
            ("export_carer_data", "Can export a carer's data for a subject access request"),
            ("export_carers_returns", "Can export the carers national returns (no names)"),
        ]
        indexes = [
            # Search and matching: every criterion has its index (ADR 001: no pg_trgm or unaccent).
            GinIndex(fields=["search_vector"], name="carer_search_gin"),
            models.Index(fields=["last_name_key", "first_name_key", "id"], name="carer_name_key_idx"),
            models.Index(fields=["date_of_birth"], name="carer_dob_idx"),
            models.Index(
                fields=["postcode"],
                name="carer_postcode_idx",
                opclasses=["varchar_pattern_ops"],
                condition=~Q(postcode=""),
            ),
            models.Index(fields=["phone_key"], name="carer_phone_idx", condition=~Q(phone_key="")),
            models.Index(fields=["email"], name="carer_email_idx", condition=~Q(email="")),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_search_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *SEARCH_FIELDS}
        super().save(*args, **kwargs)

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
        if self.phone and not is_uk_phone(self.phone):
            errors["phone"] = PHONE_MESSAGE
        if not self.anonymised_at and not (
            self.email or self.phone or (self.address_line_1 and self.postcode)
        ):
            errors["phone"] = "Enter a telephone number, an email address or a postal address"
        if errors:
            raise ValidationError(errors)

    def fill_search_keys(self) -> None:
        """What search and matching compare; made on every save (and by bulk loaders, which skip save)."""
        self.last_name_key = name_key(self.last_name)
        self.first_name_key = name_key(self.first_name)
        self.phone_key = phone_key(self.phone)
        self.search_text = search_text(self.first_name, self.last_name)

    @property
    def contact_channels(self) -> list[str]:
        """How the carer agrees to be contacted, in words."""
        return [label for field, label in CONTACT_CHANNELS.items() if getattr(self, field)]

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


class CaredForPersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaredForPersonQuerySet:
        """The people looked after by the carers this user may see."""
        return self.filter(carers__in=Carer.objects.visible_to(user))


class CaredForPerson(models.Model):
    """A person looked after by one or more carers (two siblings caring for their mother share her
    record): who they are to each carer is the link's (`CaringLink.relationship`)."""

    name = models.CharField("name", max_length=200, blank=True)
    age_band = models.CharField("age", max_length=6, choices=AgeBand.choices)
    primary_support_reason = models.CharField(
        "main reason they need support", max_length=20, choices=SupportReason.choices
    )
    other_needs = ArrayField(
        models.CharField(max_length=20, choices=SupportReason.choices),
        verbose_name="other needs",
        default=list,
        blank=True,
    )
    has_social_care_respite = models.BooleanField("already has respite from social care", default=False)
    carers = models.ManyToManyField(Carer, through="CaringLink", related_name="cared_for")
    # Two records of one person, made when two records of their carer were merged: this one was merged
    # into `merged_into`, which holds its links now. Both keep their history (services/merge.py).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", editable=False
    )

    objects = CaredForPersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return (
            self.name or f"{self.get_age_band_display()}: {self.get_primary_support_reason_display().lower()}"
        )

    @property
    def needs(self) -> list[str]:
        """The main reason and the other needs, in words."""
        reasons = [
            self.primary_support_reason,
            *(n for n in self.other_needs if n != self.primary_support_reason),
        ]
        return [SupportReason(reason).label for reason in reasons]


class CaringLink(models.Model):
    """A carer looks after a person: the relationship is this carer's to them."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="caring_links")
    cared_for = models.ForeignKey(CaredForPerson, on_delete=models.CASCADE, related_name="links")
    relationship = models.CharField("relationship to the carer", max_length=20, choices=Relationship.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["carer", "cared_for"], name="caring_link_once"),
        ]

    def __str__(self):
        return f"{self.get_relationship_display()}: {self.cared_for}"


PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
SEARCH_FIELDS = ("last_name_key", "first_name_key", "phone_key", "search_text")
# The field lists forms and services share (defined once).
CARER_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "gp_practice",
    "preferred_contact",
    "is_parent_carer",
    "is_working_carer",
    "caring_hours_per_week",
    "school",
]
PERSON_FIELDS = ["name", "age_band", "primary_support_reason", "other_needs", "has_social_care_respite"]
CARED_FOR_FIELDS = ["relationship", *PERSON_FIELDS]
CONTACT_CHANNELS = {
    "contact_by_post": "Post",
    "contact_by_phone": "Telephone",
    "contact_by_text": "Text message",
    "contact_by_email": "Email",
}
