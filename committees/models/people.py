"""Committees, the people register and memberships; the municipal year and reference formats."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

SEARCH_CONFIG = "english"


def municipal_year(day: datetime.date) -> str:
    """The council's year runs from May to May: 18 January 2022 is in 2021-22, 30 May 2022 in 2022-23."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


MUNICIPAL_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")
municipal_year_validator = RegexValidator(
    MUNICIPAL_YEAR_RE, "Enter a municipal year like 2021-22", code="municipal_year"
)
# AH/39/2021-22 (the template's form) or AH/41/21-22 (as some of the council's reports write it).
REFERENCE_RE = re.compile(r"^(?P<code>[A-Z]{1,6})/(?P<sequence>\d{1,4})/(?P<year>\d{4}-\d{2}|\d{2}-\d{2})$")
reference_validator = RegexValidator(
    REFERENCE_RE, "Enter a reference like AH/39/2021-22: committee code, number and municipal year"
)
code_validator = RegexValidator(r"^[A-Z]{1,6}$", "Enter a code of 1 to 6 capital letters, like AH")


class ExemptParagraph(models.TextChoices):
    """Schedule 12A to the Local Government Act 1972, Part 1: the reasons information may be exempt."""

    P1 = "1", "1: information relating to any individual"
    P2 = "2", "2: information likely to reveal the identity of an individual"
    P3 = "3", "3: financial or business affairs of any particular person (including the authority)"
    P4 = "4", "4: consultations or negotiations on labour relations"
    P5 = "5", "5: legal professional privilege"
    P6 = "6", "6: notices, orders or directions the authority proposes to give or make"
    P7 = "7", "7: the prevention, investigation or prosecution of crime"


class Committee(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Committee"
        SUB_COMMITTEE = "sub-committee", "Sub-committee"
        BOARD = "board", "Board"

    code = models.CharField(
        "code",
        max_length=6,
        unique=True,
        validators=[code_validator],
        help_text="Starts each report reference, like AH for Adults and Health.",
        error_messages={"unique": "Another committee already uses this code"},
    )
    name = models.CharField("name", max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    description = models.TextField("description", blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name="reports to",
        help_text="The committee a board or sub-committee reports to.",
    )
    ended_on = models.DateField("ended", null=True, blank=True)
    end_reason = models.CharField("why it ended", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [("manage_committees", "Can manage committees, meetings, agendas and minutes")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:committee", args=[self.slug])

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None


class Person(models.Model):
    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Officer"
        OTHER = "other", "Other"

    name = models.CharField("name", max_length=200, unique=True)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices)
    job_title = models.CharField("job title", max_length=300, blank=True)
    organisation = models.CharField("organisation", max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_person",
        verbose_name="portal account",
        help_text="The person's sign-in, so that they see the actions they own on their dashboard.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-Chair"
        MEMBER = "member", "Member"

    class Voting(models.TextChoices):
        VOTING = "voting", "Voting"
        NON_VOTING = "non-voting", "Non-voting"
        ASSOCIATE = "associate", "Associate"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("role", max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.CharField("voting", max_length=20, choices=Voting.choices, default=Voting.VOTING)
    start = models.DateField("from")
    end = models.DateField("until", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "start"],
                name="membership_unique_start",
                violation_error_message="This person's membership from this date is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
            # Overlapping dates are refused by clean() (a range exclusion would need btree_gist, which the
            # embedded PostgreSQL lacks); the database itself refuses two chairs with no end date.
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="chair", end__isnull=True),
                name="membership_one_current_chair",
                violation_error_message="The committee already has a chair with no end date.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.committee})"

    def clean(self):
        if self.role != self.Role.CHAIR or not self.committee_id or not self.start:
            return
        chairs = Membership.objects.filter(committee_id=self.committee_id, role=self.Role.CHAIR).exclude(
            pk=self.pk
        )
        chairs = chairs.filter(Q(end__isnull=True) | Q(end__gte=self.start)).select_related("person")
        if self.end:
            chairs = chairs.filter(start__lte=self.end)
        other = chairs.order_by("start", "pk").first()
        if other is not None:
            until = f" until {other.end:%-d %B %Y}" if other.end else ""
            raise ValidationError(
                {
                    "role": f"{other.person.name} is the chair from {other.start:%-d %B %Y}{until}: "
                    "end that membership first, or choose another role"
                }
            )


ROLE_ORDER = {Membership.Role.CHAIR: 0, Membership.Role.VICE_CHAIR: 1, Membership.Role.MEMBER: 2}
