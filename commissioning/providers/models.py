"""The provider register: care provider organisations that work, or want to work, with the council."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal import permissions as perms
from portal.querysets import DeepPageQuerySet


class Area(models.TextChoices):
    """Cheshire East's care communities (Market Position Statement 2021-25), the areas providers serve."""

    KNUTSFORD = "knutsford", "Knutsford"
    CHAW = "chaw", "Chelford, Handforth, Alderley Edge and Wilmslow (CHAW)"
    BDP = "bdp", "Bollington, Disley and Poynton (BDP)"
    MACCLESFIELD = "macclesfield", "Macclesfield"
    CHOC = "choc", "Congleton and Holmes Chapel (CHOC)"
    SMASH = "smash", "Sandbach, Middlewich, Alsager, Scholar Green and Haslington (SMASH)"
    CREWE = "crewe", "Crewe"
    NANTWICH = "nantwich", "Nantwich and rural"


# For tables, where the full names do not fit: the care communities' own abbreviations.
AREA_SHORT_NAMES = {
    Area.KNUTSFORD: "Knutsford",
    Area.CHAW: "CHAW",
    Area.BDP: "BDP",
    Area.MACCLESFIELD: "Macclesfield",
    Area.CHOC: "CHOC",
    Area.SMASH: "SMASH",
    Area.CREWE: "Crewe",
    Area.NANTWICH: "Nantwich",
}


class Service(models.TextChoices):
    """Kinds of adult social care service the council commissions (Market Position Statement 2021-25)."""

    CARE_AT_HOME = "care-at-home", "Care at home"
    RESIDENTIAL = "residential", "Residential care"
    NURSING = "nursing", "Nursing care"
    SUPPORTED_LIVING = "supported-living", "Supported living"
    EXTRA_CARE = "extra-care", "Extra care housing"
    DAY_OPPORTUNITIES = "day-opportunities", "Day opportunities"
    EMPLOYMENT_SKILLS = "employment-skills", "Employment, skills and training"
    COMMUNITY_SUPPORT = "community-support", "Community support"
    CARERS_SUPPORT = "carers-support", "Carers support and respite"
    SHARED_LIVES = "shared-lives", "Shared lives"
    ADVOCACY = "advocacy", "Advocacy"
    DIRECT_PAYMENT_SUPPORT = "direct-payment-support", "Direct payment support"
    ASSISTIVE_TECHNOLOGY = "assistive-technology", "Assistive technology"


companies_house_validator = RegexValidator(
    r"^(?:\d{8}|(?:SC|NI|OC|SO|NC|R0|IP|SP|RS|NP|NO|SE|GE|LP|SL|FC|SF|NF|GS)\d{6})$",
    "Enter a Companies House number of 8 characters, like 01234567 or SC123456",
)
charity_validator = RegexValidator(
    r"^(?:\d{6,8}|SC\d{6}|NIC\d{5,6})$",
    "Enter a charity number like 1012345 (England and Wales), SC012345 (Scotland) "
    "or NIC100001 (Northern Ireland)",
)
cqc_provider_validator = RegexValidator(
    r"^1-\d{9,11}$", "Enter a CQC provider ID like 1-101641285: it starts with 1- and is on the CQC website"
)
UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """'cw11ze' -> 'CW1 1ZE'. Raises ValidationError when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not UK_POSTCODE.match(compact) or len(compact) < 5:
        raise ValidationError("Enter a full UK postcode, like CW11 1HZ", code="postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_companies_house_number(value: str) -> str:
    """Companies House numbers are 8 characters: '1234567' is '01234567'."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if compact.isdigit() and len(compact) < 8:
        compact = compact.zfill(8)
    return compact


def name_key(name: str) -> str:
    """An organisation's name as compared for duplicates: case, spacing and punctuation ignored, "&" read as
    "and" and "Limited" as "Ltd" ("Dane Valley Care Limited" is "Dane valley care ltd.")."""
    text = (name or "").lower().replace("&", "and").replace("limited", "ltd")
    return re.sub(r"[^a-z0-9]", "", text)


def name_key_sql():
    """name_key() in SQL, for comparing with every registered name in the database."""
    from django.db.models import F, Func, Value
    from django.db.models.functions import Lower, Replace

    text = Replace(Replace(Lower(F("name")), Value("&"), Value("and")), Value("limited"), Value("ltd"))
    return Func(text, Value("[^a-z0-9]"), Value(""), Value("g"), function="regexp_replace")


class ProviderQuerySet(DeepPageQuerySet):
    def with_name_key(self, key: str) -> ProviderQuerySet:
        return self.alias(name_key=name_key_sql()).filter(name_key=key)

    def visible_to(self, user) -> ProviderQuerySet:
        """Staff who may see the register see every provider; a provider user sees its own only."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_PROVIDER_REGISTER):
            return self
        return self.filter(memberships__user=user)

    def editable_by(self, user) -> ProviderQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.CHANGE_ANY_PROVIDER):
            return self
        return self.filter(memberships__user=user, is_active=True)

    def active(self) -> ProviderQuerySet:
        return self.filter(is_active=True)

    def search(self, text: str) -> ProviderQuerySet:
        """Words match the starts of words in the name or town ('dane val' finds 'Dane Valley Care');
        a registration number (Companies House, charity, CQC) matches exactly."""
        text = (text or "").strip()
        if not text:
            return self
        number = text.replace(" ", "").upper()
        by_number = (
            Q(companies_house_number=normalise_companies_house_number(number))
            | Q(charity_number=number)
            | Q(cqc_provider_id=number)
        )
        words = re.findall(r"\w+", text.lower())
        if not words:
            return self.filter(by_number)
        query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")
        return self.filter(Q(search_vector=query) | by_number)


class Provider(models.Model):
    name = models.CharField("organisation name", max_length=200, db_index=True)
    slug = models.SlugField(max_length=220, unique=True)
    companies_house_number = models.CharField(
        "Companies House number", max_length=8, blank=True, validators=[companies_house_validator]
    )
    charity_number = models.CharField(
        "charity number", max_length=10, blank=True, validators=[charity_validator]
    )
    cqc_provider_id = models.CharField(
        "CQC provider ID", max_length=14, blank=True, validators=[cqc_provider_validator]
    )
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8)
    areas_served = ArrayField(
        models.CharField(max_length=20, choices=Area.choices),
        verbose_name="areas served",
        error_messages={"blank": "Select at least one area the organisation serves"},
    )
    services = ArrayField(
        models.CharField(max_length=30, choices=Service.choices),
        verbose_name="services",
        error_messages={"blank": "Select at least one service the organisation provides"},
    )
    contact_name = models.CharField("main contact's full name", max_length=200)
    contact_email = models.EmailField("main contact's email address")
    contact_phone = models.CharField("main contact's telephone number", max_length=30)
    is_active = models.BooleanField("active", default=True)
    deactivated_reason = models.TextField("reason for deactivation", blank=True)
    is_demo = models.BooleanField(
        "demo data", default=False, help_text="Invented for demonstrations: not a real organisation."
    )
    created_at = models.DateTimeField("registered", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", "town", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])
    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            ("deactivate_provider", "Can deactivate and reactivate a provider"),
            ("export_provider", "Can export the provider register"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~Q(companies_house_number=""),
                name="provider_unique_companies_house_number",
                violation_error_message=(
                    "An organisation with this Companies House number is already registered."
                ),
            ),
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="provider_unique_charity_number",
                violation_error_message="An organisation with this charity number is already registered.",
            ),
            models.CheckConstraint(
                condition=~Q(companies_house_number="") | ~Q(charity_number=""),
                name="provider_has_registration_number",
                violation_error_message="Enter a Companies House number, a charity number, or both.",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="provider_search_gin"),
            GinIndex(fields=["areas_served"], name="provider_areas_gin"),
            GinIndex(fields=["services"], name="provider_services_gin"),
            models.Index(fields=["cqc_provider_id"], name="provider_cqc_idx"),
            # The list's default order within its default filter; with pk, deep pages read only this index.
            models.Index(fields=["is_active", "name", "id"], name="provider_active_name_id_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("providers:detail", args=[self.slug])

    # The register shows whether an organisation is active as a status tag (portal.components).
    STATUS_COLOURS = {"active": "green", "deactivated": "grey"}

    @property
    def status(self) -> str:
        return "active" if self.is_active else "deactivated"

    def get_status_display(self) -> str:
        return "Active" if self.is_active else "Deactivated"

    def clean(self):
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        if self.companies_house_number:
            self.companies_house_number = normalise_companies_house_number(self.companies_house_number)
        self.charity_number = (self.charity_number or "").replace(" ", "").upper()
        self.cqc_provider_id = (self.cqc_provider_id or "").replace(" ", "")

    @property
    def is_cqc_registered(self) -> bool:
        return bool(self.cqc_provider_id)

    def area_labels(self) -> list[str]:
        return [Area(a).label for a in self.areas_served]

    def service_labels(self) -> list[str]:
        return [Service(s).label for s in self.services]


class ProviderDeactivated(PermissionDenied):
    """A user of a deactivated provider tried to change something for it (a 403)."""


def require_active(provider: Provider) -> None:
    """Every write a provider's own users make checks this in its service (issue 13: deactivation means
    it). Staff may still correct a deactivated provider's records."""
    if not provider.is_active:
        raise ProviderDeactivated(
            f"{provider.name} is deactivated, so its users cannot make changes. "
            "Contact the commissioning team if you think this is wrong."
        )


class ProviderMembership(models.Model):
    """A user who acts for a provider organisation (one organisation per user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.user} for {self.provider}"

    @classmethod
    def for_user(cls, user) -> ProviderMembership | None:
        """The user's membership, fetched once per user object (the navigation and views both ask)."""
        if not user.is_authenticated:
            return None
        if not hasattr(user, "_provider_membership_cache"):
            user._provider_membership_cache = cls.objects.select_related("provider").filter(user=user).first()
        return user._provider_membership_cache


class Registration(models.Model):
    """An online registration waiting for its email address to be confirmed (issue 13: registering must
    not reveal which addresses have accounts). Nothing exists on the register until the link in the email
    is followed; an address that already has an account is sent a sign-in reminder instead, and the page
    says the same either way. Only a digest of the link's token is kept."""

    token_digest = models.CharField(max_length=64, unique=True)
    email = models.EmailField(db_index=True)
    organisation = models.JSONField()
    account = models.JSONField(help_text="Names and the password's hash (never the password).")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Registration of {self.organisation.get('name', '')} by {self.email}"
