"""Carers and the people they look after."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import normalise_postcode

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
