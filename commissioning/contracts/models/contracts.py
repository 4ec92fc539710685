"""The contracts register: commissioned services, who provides them, their terms and the decisions on them.

A contract's dates are its own fields: `start_date`, `initial_end_date` (the end of its initial term) and
`end_date` (the end of the term it is in now: after extensions taken, or an earlier end decided). Its
status is kept by the services (commissioning/contracts/services/contracts.py) and by the daily check, which
moves a contract from pipeline to live on its start date and to ended after its end date.

Other apps read live contracts with `Contract.objects.live()` (status live or in extension), each with its
`service_type` and `end_date`. See docs/adr/034-contracts-and-provider-quality.md.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider, Service
from portal import permissions as perms
from portal.querysets import DeepPageQuerySet

User = settings.AUTH_USER_MODEL

# The provider register's services first (the same values, so a contract's service type matches the
# services providers say they offer), then the other services the council commissions (Market Position
# Statement 2021-25, sections 7 and 8).
SERVICE_TYPE_CHOICES = [
    *Service.choices,
    ("public-health", "Public health (sexual health, lifestyles, substance misuse, infection control)"),
    ("healthy-child", "Healthy child and young people's emotional health"),
    ("domestic-abuse", "Domestic abuse"),
    ("community-equipment", "Community equipment"),
    ("childrens-social-care", "Children's social care"),
    ("send", "Special educational needs and disabilities (SEND)"),
    ("early-help", "Early help and prevention"),
    ("mental-health", "Mental health support"),
    ("sensory-impairment", "Sensory impairment support"),
    ("information-advice", "Information, advice and the voice of residents"),
    ("prepaid-cards", "Prepaid cards"),
]
SERVICE_TYPE_LABELS = dict(SERVICE_TYPE_CHOICES)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def decision_notice_months() -> int:
    """How long before the end of its term a contract needs a decision (CONTRACTS_DECISION_NOTICE_MONTHS)."""
    return int(getattr(settings, "CONTRACTS_DECISION_NOTICE_MONTHS", 9))


def public_register_threshold():
    """Contracts above this value (£) are on the public register; one whose value is not known is too."""
    return int(getattr(settings, "CONTRACTS_PUBLIC_REGISTER_THRESHOLD", 5000))


class ContractStatus(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline"
    LIVE = "live", "Live"
    EXTENDED = "extended", "In extension"
    ENDED = "ended", "Ended"


LIVE_STATUSES = [ContractStatus.LIVE, ContractStatus.EXTENDED]


class ProcurementRoute(models.TextChoices):
    OPEN_TENDER = "open-tender", "Open tender"
    FPS_CALL_OFF = "fps-call-off", "Call-off from a flexible or dynamic purchasing system"
    DIRECT_AWARD = "direct-award", "Direct award with a waiver (WARN)"
    FRAMEWORK = "framework", "Framework"
    PURCHASING_SYSTEM = "purchasing-system", "Flexible or dynamic purchasing system (the arrangement)"


# What the public register says of each route (the Transparency Code asks whether a contract followed an
# invitation to quote or a published invitation to tender).
ROUTE_PUBLIC_LABELS = {
    ProcurementRoute.OPEN_TENDER: "Published invitation to tender",
    ProcurementRoute.FPS_CALL_OFF: "Call-off from a purchasing system",
    ProcurementRoute.DIRECT_AWARD: "Direct award (waiver)",
    ProcurementRoute.FRAMEWORK: "Framework agreement",
    ProcurementRoute.PURCHASING_SYSTEM: "Published invitation to tender (purchasing system)",
}


class ContractQuerySet(DeepPageQuerySet):
    def visible_to(self, user) -> ContractQuerySet:
        """Staff who read contracts see them all; a provider user sees the contracts its organisation is
        (or was) a party to; everyone else none."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_CONTRACTS):
            return self
        from commissioning.providers.models import ProviderMembership

        membership = ProviderMembership.for_user(user)
        if membership is None:
            return self.none()
        return self.filter(
            Exists(ContractParty.objects.filter(contract=OuterRef("pk"), provider_id=membership.provider_id))
        )

    def live(self) -> ContractQuerySet:
        """Contracts in force now: live or in an extension."""
        return self.filter(status__in=LIVE_STATUSES)

    def needing_decision(self, today: datetime.date) -> ContractQuerySet:
        """Live contracts whose term ends within the notice period (or has passed) with no decision yet
        recorded on what happens at its end."""
        horizon = add_months(today, decision_notice_months())
        return self.live().filter(end_date__lte=horizon, end_decision="")

    def on_public_register(self) -> ContractQuerySet:
        """Awarded contracts over the threshold, or whose value the documents do not give."""
        threshold = public_register_threshold()
        value_known = Q(total_value__isnull=False) | Q(annual_value__isnull=False)
        over = Q(total_value__gt=threshold) | Q(total_value__isnull=True, annual_value__gt=threshold)
        return self.exclude(status=ContractStatus.PIPELINE).filter(over | ~value_known)

    def search(self, text: str) -> ContractQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        words = [w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split() if w]
        if not words:
            return self
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")
        return self.filter(Q(search_vector=query) | Q(reference__iexact=text))


class Contract(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField("title", max_length=200)
    description = models.TextField("description", blank=True)
    service_type = models.CharField("service type", max_length=30, choices=SERVICE_TYPE_CHOICES)
    department = models.CharField(
        "department responsible",
        max_length=200,
        blank=True,
        help_text="For example, Adults, Health and Integration.",
    )
    partners = ArrayField(
        models.CharField(max_length=200),
        verbose_name="commissioning partners",
        blank=True,
        default=list,
        help_text="Other bodies commissioning the service with the council, such as the CCG.",
    )
    start_date = models.DateField("start date", null=True, blank=True)
    initial_end_date = models.DateField("end of the initial term", null=True, blank=True)
    end_date = models.DateField(
        "end of the current term", null=True, blank=True, help_text="After any extensions taken."
    )
    extension_count = models.PositiveSmallIntegerField(
        "number of extension options", null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    extension_months = models.PositiveSmallIntegerField(
        "length of each extension option (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    maximum_term_months = models.PositiveSmallIntegerField(
        "maximum term (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="When the approval gives one, such as up to 7 years (84 months).",
    )
    annual_value = models.DecimalField(
        "annual value (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_value = models.DecimalField(
        "total value (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Over the whole term.",
    )
    irrecoverable_vat = models.DecimalField(
        "VAT that cannot be recovered (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    people_served = models.PositiveIntegerField("people served", null=True, blank=True)
    people_served_note = models.CharField("people served: what the number counts", max_length=300, blank=True)
    procurement_route = models.CharField(
        "procurement route", max_length=30, choices=ProcurementRoute.choices, blank=True
    )
    approving_report = models.ForeignKey(
        "committees.Report",
        verbose_name="approving committee report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_contracts",
    )
    approval_note = models.CharField(
        "approval", max_length=300, blank=True, help_text="Who approved it, when no committee report did."
    )
    purchasing_system = models.ForeignKey(
        "fps.PurchasingSystem",
        verbose_name="purchasing system",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a flexible purchasing system itself: its call-off placements are its contracts.",
    )
    status = models.CharField(max_length=20, choices=ContractStatus.choices, default=ContractStatus.PIPELINE)
    # "" while nothing is decided about the end of the current term; "end" or "recommission" once it is.
    # Taking an extension starts a new term, which needs its own decision.
    end_decision = models.CharField(max_length=20, blank=True, editable=False)
    # The committee work programme item for the decision this term needs (committees do not import contracts:
    # the link is here, and the work programme reads it back through `contracts`).
    work_programme_item = models.ForeignKey(
        "committees.WorkProgrammeItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        editable=False,
    )
    source_notes = models.TextField(
        "notes on the sources",
        blank=True,
        help_text="What the source documents say and do not say, shown on the contract's page.",
    )
    is_demo = models.BooleanField("demo data", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", "reference", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    STATUS_COLOURS = {
        ContractStatus.PIPELINE: "blue",
        ContractStatus.LIVE: "green",
        ContractStatus.EXTENDED: "turquoise",
        ContractStatus.ENDED: "grey",
    }

    class Meta:
        ordering = ["title", "pk"]
        permissions = [
            ("manage_contracts", "Can create and change contracts, their parties, KPIs and decisions"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(initial_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(initial_end_date__gt=models.F("start_date")),
                name="contract_initial_end_after_start",
                violation_error_message="The end of the initial term must be after the start date",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="contract_end_not_before_start",
                violation_error_message="The end date must be on or after the start date",
            ),
            models.CheckConstraint(
                condition=Q(extension_count__isnull=True, extension_months__isnull=True)
                | Q(extension_count__isnull=False, extension_months__isnull=False),
                name="contract_extension_options_complete",
                violation_error_message="Give both the number of extension options and the length of each",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="contract_search_gin"),
            # The register's default order within a status, and the decisions list (live, by end date).
            models.Index(fields=["status", "title", "id"], name="contract_status_title_idx"),
            models.Index(fields=["status", "end_date"], name="contract_status_end_idx"),
            models.Index(fields=["service_type", "status"], name="contract_service_status_idx"),
            models.Index(fields=["end_date", "id"], name="contract_end_id_idx"),
            # The register's filters (views/contracts.py): the default order, the route, decisions due.
            models.Index(fields=["title", "id"], name="contract_title_idx"),
            models.Index(fields=["procurement_route", "status"], name="contract_route_status_idx"),
            models.Index(
                fields=["end_date"],
                condition=Q(status__in=["live", "extended"], end_decision=""),
                name="contract_decision_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("contracts:detail", args=[self.reference])

    def get_public_url(self):
        return reverse("contracts:public-entry", args=[self.reference])

    def clean(self):
        errors = {}
        if self.start_date and self.initial_end_date and self.initial_end_date <= self.start_date:
            errors["initial_end_date"] = "The end of the initial term must be after the start date"
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end of the current term must be on or after the start date"
        if (self.extension_count is None) != (self.extension_months is None):
            field = "extension_months" if self.extension_months is None else "extension_count"
            errors[field] = "Give both the number of extension options and the length of each, or neither"
        if self.annual_value is not None and self.annual_value < 0:
            errors["annual_value"] = "The annual value must be £0 or more"
        if self.total_value is not None and self.total_value < 0:
            errors["total_value"] = "The total value must be £0 or more"
        maximum = self.maximum_end_date
        if maximum and self.end_date and self.end_date > maximum:
            errors["end_date"] = (
                f"The end of the current term cannot be after {maximum:%-d %B %Y}, the latest the extension "
                "options and maximum term allow"
            )
        if errors:
            raise ValidationError(errors)

    # Terms and decisions ------------------------------------------------------------------------------

    @property
    def maximum_end_date(self) -> datetime.date | None:
        """The latest the contract can run to: its initial term with every extension option taken, and no
        further than its maximum term from the start."""
        limits = []
        if self.initial_end_date:
            limits.append(
                add_months(self.initial_end_date, (self.extension_count or 0) * (self.extension_months or 0))
            )
        if self.maximum_term_months and self.start_date:
            limits.append(add_months(self.start_date, self.maximum_term_months) - datetime.timedelta(days=1))
        return min(limits) if limits else None

    @property
    def decision_due_on(self) -> datetime.date | None:
        """When a decision on the end of the current term is needed: the notice period before it ends.
        Also the review date the public register gives."""
        if self.end_date is None:
            return None
        return add_months(self.end_date, -decision_notice_months())

    def needs_decision(self, today: datetime.date) -> bool:
        """The same rule as `Contract.objects.needing_decision(today)`."""
        return (
            self.status in LIVE_STATUSES
            and not self.end_decision
            and self.end_date is not None
            and self.end_date <= add_months(today, decision_notice_months())
        )

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def service_type_label(self) -> str:
        return SERVICE_TYPE_LABELS.get(self.service_type, self.service_type)


class ContractParty(models.Model):
    """A supplier party to a contract: a provider on the register, or a supplier named in the documents
    that is not on it."""

    class Role(models.TextChoices):
        PROVIDER = "provider", "Provider"
        PRIME = "prime", "Prime provider"
        FRAMEWORK = "framework", "Framework member"
        LEAD = "lead", "Lead provider"
        SUBCONTRACTOR = "subcontractor", "Subcontractor"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="contract_parties"
    )
    supplier_name = models.CharField(
        "supplier name",
        max_length=200,
        blank=True,
        help_text="Only for a supplier not on the provider register.",
    )
    registration_number = models.CharField(
        "supplier registration number",
        max_length=20,
        blank=True,
        help_text="Companies House or charity number, for a supplier not on the register.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PROVIDER)
    lot = models.CharField("lot or area", max_length=200, blank=True)
    sme = models.BooleanField("small or medium-sized enterprise", null=True, blank=True)
    vcse = models.BooleanField("voluntary, community or social enterprise", null=True, blank=True)
    joined_on = models.DateField("party from", null=True, blank=True)
    left_on = models.DateField("party until", null=True, blank=True)
    is_demo = models.BooleanField("demo data", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "role", "pk"]
        verbose_name_plural = "contract parties"
        constraints = [
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | ~Q(supplier_name=""),
                name="contract_party_named",
                violation_error_message="Choose a provider from the register, or give the supplier's name",
            ),
            models.UniqueConstraint(
                fields=["contract", "provider"],
                condition=Q(provider__isnull=False, left_on__isnull=True),
                name="contract_party_once",
                violation_error_message="This provider is already a party to the contract",
            ),
        ]
        indexes = [models.Index(fields=["provider", "contract"], name="contract_party_provider_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        return self.provider.name if self.provider_id else self.supplier_name

    @property
    def registration(self) -> str:
        if self.provider_id:
            return self.provider.companies_house_number or self.provider.charity_number
        return self.registration_number

    @property
    def is_vcse(self) -> bool | None:
        """Known VCSE status: as recorded, or yes for a registered charity."""
        if self.vcse is not None:
            return self.vcse
        if self.provider_id and self.provider.charity_number:
            return True
        return None


class DecisionKind(models.TextChoices):
    EXTEND = "extend", "Take an extension"
    END = "end", "End the contract"
    RECOMMISSION = "recommission", "Recommission the service"


class ContractDecision(models.Model):
    """A recorded decision on a contract's term: an extension taken, an end, or a recommission."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("decision", max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField("date of the decision")
    approver = models.CharField(
        "approved by", max_length=200, help_text="A committee, or an officer and their role."
    )
    approving_report = models.ForeignKey(
        "committees.Report",
        verbose_name="committee report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract_decisions",
    )
    reason = models.TextField("reason")
    extension_months = models.PositiveSmallIntegerField(
        "length of the extension (months)", null=True, blank=True
    )
    previous_end_date = models.DateField("term ended", null=True, blank=True)
    new_end_date = models.DateField("new end date", null=True, blank=True)
    successor = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessor_decisions"
    )
    work_programme_item = models.ForeignKey(
        "committees.WorkProgrammeItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("demo data", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-decided_on", "-pk"]
        indexes = [models.Index(fields=["contract", "-decided_on"], name="contract_decision_idx")]

    def __str__(self):
        return f"{self.contract.reference}: {self.get_kind_display()} ({self.decided_on:%-d %B %Y})"


class ReferenceCounter(models.Model):
    """The last contract number used each year: references are never reused."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"
