"""The register of members' interests: what each member has registered (employment, land, sponsorship,
contracts, memberships of bodies), from and to when. Public, like the council's own register.

`organisation_key` is the organisation's name as compared (case, spacing, punctuation and "Limited"/"Ltd"
ignored: `commissioning.providers.models.name_key`), kept so that matching against providers, contract
suppliers and funding recipients is one indexed lookup (committees/services/interest_matches.py)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.providers.models import (
    companies_house_validator,
    name_key,
    normalise_companies_house_number,
)

from .people import Person


class RegisteredInterestQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegisteredInterestQuerySet:
        """The register is public: everyone, signed in or not, reads every entry, ended ones included."""
        return self

    def editable_by(self, user) -> RegisteredInterestQuerySet:
        from portal import permissions as perms

        return self if user.is_authenticated and user.has_perm(perms.MANAGE_COMMITTEES) else self.none()

    def current(self, on: datetime.date | None = None) -> RegisteredInterestQuerySet:
        """Registered on the day (today by default): started on or before it, not ended before it."""
        on = on or timezone.localdate()
        return self.filter(Q(registered_to__isnull=True) | Q(registered_to__gte=on), registered_from__lte=on)


class RegisteredInterest(models.Model):
    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Employment, office, trade or profession"
        LAND = "land", "Land and property"
        SPONSORSHIP = "sponsorship", "Sponsorship"
        CONTRACTS = "contracts", "Contracts with the council"
        MEMBERSHIPS = "memberships", "Membership of a body"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registered_interests")
    kind = models.CharField("kind of interest", max_length=20, choices=Kind.choices)
    organisation = models.CharField(
        "organisation",
        max_length=200,
        blank=True,
        help_text="The employer, sponsor, contractor or body, as it is registered. Not needed for land.",
    )
    companies_house_number = models.CharField(
        "Companies House number",
        max_length=8,
        blank=True,
        validators=[companies_house_validator],
        help_text="If the organisation is a company: 8 characters, like 01234567 or SC123456.",
    )
    details = models.CharField(
        "details",
        max_length=1000,
        help_text="For example, Director; or the land's address.",
    )
    registered_from = models.DateField("from")
    registered_to = models.DateField("until", null=True, blank=True)
    organisation_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(
        "demo data", default=False, help_text="Invented for demonstrations: not a real interest."
    )

    history = HistoricalRecords()
    objects = RegisteredInterestQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-registered_from", "pk"]
        permissions = [
            (
                "view_interest_warnings",
                "Can see where a member's registered interest matches an organisation the council deals with",
            )
        ]
        indexes = [models.Index(fields=["companies_house_number"], name="interest_ch_number_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_to__isnull=True) | Q(registered_to__gte=models.F("registered_from")),
                name="interest_ends_after_it_starts",
                violation_error_message="An interest cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}, {self.organisation or self.details[:60]}"

    def save(self, *args, **kwargs):
        self.organisation_key = name_key(self.organisation)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.registered_from <= today and (self.registered_to is None or self.registered_to >= today)

    def clean_fields(self, exclude=None):
        # Normalised before the fields' validators run: 1234567 is 01234567.
        self.organisation = " ".join((self.organisation or "").split())
        self.companies_house_number = normalise_companies_house_number(self.companies_house_number)
        super().clean_fields(exclude=exclude)

    def clean(self):
        if not self.organisation and self.kind and self.kind != self.Kind.LAND:
            raise ValidationError({"organisation": "Enter the organisation's name"})
        if self.companies_house_number and not self.organisation:
            raise ValidationError({"organisation": "Enter the name of the company with this number"})
