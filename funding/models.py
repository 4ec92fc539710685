"""Funding for the care market: funders, funding streams and their rounds, what was passported to which
provider (allocations), what providers report back (returns), where refused or unspent money went (the
ledger), and the Better Care Fund section 75 schemes.

Every total is computed from these records by aggregation (see the querysets and funding/summary.py):
no model stores a typed total. Money is Decimal, in pounds and pence.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.providers.models import Provider
from portal import permissions as perms
from portal.querysets import DEFERRED_JOIN_FROM_OFFSET, DeepPageQuerySet

ZERO = Decimal("0")
MONEY = {"max_digits": 14, "decimal_places": 2}


def money_sum(field: str, **filter_kwargs):
    """SUM(field) as Decimal 0 when there are no rows (an aggregate expression)."""
    condition = Q(**filter_kwargs) if filter_kwargs else None
    return Coalesce(Sum(field, filter=condition), ZERO, output_field=models.DecimalField(**MONEY))


class StaffOnlyQuerySet(models.QuerySet):
    """Records only funding staff (VIEW_FUNDING) read: funders, rounds' figures, the BCF."""

    def visible_to(self, user):
        if user.is_authenticated and user.has_perm(perms.VIEW_FUNDING):
            return self
        return self.none()


class Funder(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government department"
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField("short name", max_length=40, help_text="e.g. DHSC")
    appendix_label = models.CharField(
        "name in the appendix",
        max_length=200,
        blank=True,
        help_text="As the appendix prints it, if not the short name",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    history = HistoricalRecords()
    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.appendix_label = self.appendix_label or self.short_name
        super().save(*args, **kwargs)


class Category(models.TextChoices):
    """How the briefing report's finance paragraph (5.2) groups the streams."""

    INFECTION_CONTROL = "infection-control", "Infection control, testing, vaccination and Omicron support"
    WORKFORCE = "workforce", "Workforce capacity, recruitment and retention"
    LOCAL_SUPPORT = "local-support", "Additional support from Adult Social Care and the NHS"
    MARKET_SUSTAINABILITY = "market-sustainability", "Market sustainability"


class Decision(models.TextChoices):
    URGENT = "urgent", "Urgent decision"
    ODR = "odr", "Officer decision record (ODR)"
    FULL_COUNCIL = "full-council", "Full Council"
    CABINET = "cabinet", "Cabinet"
    NOT_NEEDED = "not-needed", "Not recorded"


class Rule(models.TextChoices):
    """How a round's money is shared between providers (the calculator's rule)."""

    PER_BED = "per-bed", "Per bed"
    PER_SERVICE_USER = "per-service-user", "Per service user"
    PER_BED_AND_SERVICE_USER = "per-bed-and-service-user", "Per bed (care homes) and per service user"
    INCENTIVE = "incentive", "Incentive per new package"
    COMPETITIVE = "competitive", "Competitive application"
    DISCRETIONARY = "discretionary", "Discretionary"
    NOT_PASSPORTED = "not-passported", "Not passported to providers"


class FundingStreamQuerySet(StaffOnlyQuerySet):
    def with_totals(self) -> FundingStreamQuerySet:
        """Each stream's allocation to the council (confirmed rounds) and its estimated rounds, summed."""
        return self.annotate(
            confirmed_total=money_sum("rounds__allocation", rounds__is_estimate=False),
            estimated_total=money_sum("rounds__allocation", rounds__is_estimate=True),
        )


class FundingStream(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="streams")
    category = models.CharField(max_length=30, choices=Category.choices)
    purpose = models.TextField()
    conditions = models.TextField(blank=True)
    how_spent = models.TextField("how the funds have been spent", blank=True)
    decision = models.CharField("accepted by", max_length=20, choices=Decision.choices)
    decision_date = models.DateField("date of decision", null=True, blank=True)
    decision_by = models.CharField("decision made by", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the appendix")
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()
    objects = FundingStreamQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        permissions = [
            ("manage_funding_money", "Can change funding allocations, payments and returns"),
            ("export_funding", "Can export funding streams and grants"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:stream", args=[self.slug])


class RoundQuerySet(StaffOnlyQuerySet):
    def with_totals(self) -> RoundQuerySet:
        """What the round's money has become, each figure a subquery sum (no join fan-out)."""
        return self.annotate(
            allocated=models.Subquery(
                ProviderAllocation.objects.filter(round=models.OuterRef("pk"), status__in=ACTIVE_STATUSES)
                .order_by()
                .values("round")
                .annotate(total=Sum("amount"))
                .values("total")[:1],
                output_field=models.DecimalField(**MONEY),
            ),
            paid=models.Subquery(
                ProviderAllocation.objects.filter(round=models.OuterRef("pk"), status=AllocationStatus.PAID)
                .order_by()
                .values("round")
                .annotate(total=Sum("amount"))
                .values("total")[:1],
                output_field=models.DecimalField(**MONEY),
            ),
            retained=ledger_subquery(LedgerKind.RETAINED),
            returned_to_funder=ledger_subquery(LedgerKind.RETURNED_TO_FUNDER),
            reclaimed=ledger_subquery(LedgerKind.RECLAIMED),
        )

    def due_within(self, today, days: int = 30) -> RoundQuerySet:
        """Rounds whose money must be spent or passported from today to `days` ahead, soonest first."""
        from datetime import timedelta

        until = today + timedelta(days=days)
        return (
            self.filter(
                Q(spend_by__range=(today, until)) | Q(passport_by__range=(today, until)),
                status__in=[RoundStatus.EXPECTED, RoundStatus.RECEIVED, RoundStatus.PASSPORTED],
            )
            .annotate(
                next_deadline=models.functions.Least(
                    Coalesce("passport_by", "spend_by"), Coalesce("spend_by", "passport_by")
                )
            )
            .order_by("next_deadline", "pk")
        )


class RoundStatus(models.TextChoices):
    EXPECTED = "expected", "Expected"
    RECEIVED = "received", "Received"
    PASSPORTED = "passported", "Passported"
    CLOSED = "closed", "Closed"


class Round(models.Model):
    """A round or tranche of a stream: one row of the appendix's "Funding period" column."""

    stream = models.ForeignKey(FundingStream, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=100, help_text="e.g. Round 1, Rounds 2 & 3, 2022/23")
    period = models.CharField(max_length=100, help_text="As printed, e.g. May-Sep 2020")
    starts_on = models.DateField("period starts", null=True, blank=True)
    ends_on = models.DateField("period ends", null=True, blank=True)
    allocation = models.DecimalField(
        "allocation to the council", **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    is_estimate = models.BooleanField("estimated allocation", default=False)
    received_on = models.DateField("date received", null=True, blank=True)
    spend_by = models.DateField("to be spent by", null=True, blank=True)
    passport_by = models.DateField("to be passported by", null=True, blank=True)
    returns_due = models.DateField("provider returns due", null=True, blank=True)
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.EXPECTED)
    rule = models.CharField("allocation rule", max_length=30, choices=Rule.choices)
    rate = models.DecimalField(
        "rate", **MONEY, null=True, blank=True, help_text="Per bed, per service user or per new package"
    )
    service_user_rate = models.DecimalField(
        "rate per service user", **MONEY, null=True, blank=True, help_text="With per bed and service user"
    )
    enhanced_rate = models.DecimalField(
        "rate in hard to serve areas", **MONEY, null=True, blank=True, help_text="Incentive rule only"
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = RoundQuerySet.as_manager()

    STATUS_COLOURS = {
        RoundStatus.EXPECTED: "grey",
        RoundStatus.RECEIVED: "blue",
        RoundStatus.PASSPORTED: "turquoise",
        RoundStatus.CLOSED: "green",
    }

    class Meta:
        ordering = ["stream__position", "position", "pk"]
        indexes = [
            models.Index(fields=["spend_by"], name="funding_round_spend_by_idx"),
            models.Index(fields=["passport_by"], name="funding_round_passport_by_idx"),
        ]

    def __str__(self):
        return f"{self.stream.name}: {self.name}"

    def get_absolute_url(self):
        return reverse("funding:round", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The period must end after it starts"})


class ProviderBasis(models.Model):
    """What a round's rule needs to know about a provider: beds, commissioned service users, new packages.

    The provider register holds none of these, and they change from round to round.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bases")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="funding_bases")
    beds = models.PositiveIntegerField(default=0)
    service_users = models.PositiveIntegerField("commissioned service users", default=0)
    new_packages = models.PositiveIntegerField("new packages", default=0)
    hard_to_serve_packages = models.PositiveIntegerField("new packages in hard to serve areas", default=0)
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()
    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "provider"], name="funding_basis_one_per_round"),
        ]

    def __str__(self):
        return f"{self.provider} in {self.round}"


class AllocationStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"
    PAID = "paid", "Paid"
    RETURNED = "returned", "Returned"


# How near the end of a list a page is read backwards (see ProviderAllocationQuerySet.__getitem__).
NEAR_END = 1000

# Allocations whose money counts against the round (refused and returned money is in the ledger instead).
ACTIVE_STATUSES = [AllocationStatus.OFFERED, AllocationStatus.ACCEPTED, AllocationStatus.PAID]


class ProviderAllocationQuerySet(DeepPageQuerySet):
    def __getitem__(self, key):
        """A page near the end of a long list is read from the end, in reverse order, then turned round.

        The allocation lists sort by provider name, through a join: PostgreSQL reads a first page by
        walking the providers' name index and stopping, but a page thousands of rows in means sorting
        every row (the deferred join does that as cheaply as it can). Within NEAR_END rows of the end,
        walking the index backwards is cheaper. Same rows, same order; one extra COUNT on deep pages."""
        if (
            isinstance(key, slice)
            and (key.start or 0) >= DEFERRED_JOIN_FROM_OFFSET
            and key.stop is not None
            and key.step is None
            and self._iterable_class is ModelIterable
            and self.query.order_by
            and not self.query.is_sliced
        ):
            total = self.count()
            if key.start > total / 2 and total - key.start <= NEAR_END:
                stop = min(key.stop, total)
                rows = list(
                    models.QuerySet.__getitem__(self.reverse(), slice(total - stop, total - key.start))
                )
                rows.reverse()
                return rows
        return super().__getitem__(key)

    def visible_to(self, user) -> ProviderAllocationQuerySet:
        """Funding staff see every allocation; a provider user sees its own organisation's only."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_FUNDING):
            return self
        return self.own(user)

    def own(self, user) -> ProviderAllocationQuerySet:
        """The allocations of the organisation the user acts for (none for staff without one)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(provider__memberships__user=user)


class ProviderAllocation(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="allocations")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="funding_allocations")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    basis = models.CharField(max_length=200, blank=True, help_text="e.g. 40 beds at £400")
    status = models.CharField(
        max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.OFFERED
    )
    offered_on = models.DateField("offered", null=True, blank=True)
    paid_on = models.DateField("payment date", null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ProviderAllocationQuerySet.as_manager()

    # One map for every audience: finance, commissioners, the provider and the tables (portal.components).
    STATUS_COLOURS = {
        AllocationStatus.OFFERED: "blue",
        AllocationStatus.ACCEPTED: "turquoise",
        AllocationStatus.REFUSED: "red",
        AllocationStatus.PAID: "green",
        AllocationStatus.RETURNED: "grey",
    }

    class Meta:
        ordering = ["provider__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "provider"], name="funding_allocation_one_per_round"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_allocation_positive"),
        ]
        indexes = [
            # Covers the rounds' sums (amount by status), so they read the index alone.
            models.Index(
                fields=["round", "status"], include=["amount"], name="funding_alloc_round_status_idx"
            ),
            models.Index(fields=["provider", "round"], name="funding_alloc_provider_idx"),
        ]

    def __str__(self):
        return f"{self.provider} – {self.round}"

    def get_absolute_url(self):
        return reverse("funding:allocation", args=[self.pk])

    def clean(self):
        if self.status == AllocationStatus.PAID and not self.paid_on:
            raise ValidationError({"paid_on": "Enter the payment date"})


class LedgerKind(models.TextChoices):
    RETAINED = "retained", "Retained by the council"
    REDISTRIBUTED = "redistributed", "Redistributed to another provider"
    RETURNED_TO_FUNDER = "returned-to-funder", "Returned to the funder"
    RECLAIMED = "reclaimed", "Unspent money reclaimed from the provider and returned to the funder"


def ledger_subquery(kind: str):
    return models.Subquery(
        LedgerEntry.objects.filter(round=models.OuterRef("pk"), kind=kind)
        .order_by()
        .values("round")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=models.DecimalField(**MONEY),
    )


class LedgerEntry(models.Model):
    """Where money went that did not stay with the provider it was offered to, or was never offered."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=30, choices=LedgerKind.choices)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    from_allocation = models.ForeignKey(
        ProviderAllocation, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_out"
    )
    to_allocation = models.ForeignKey(
        ProviderAllocation, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_in"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "ledger entries"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_ledger_positive")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount}"


class SpendCategory(models.TextChoices):
    """The financial pro-forma's categories (the uses the appendix lists)."""

    ISOLATION_PAY = "isolation-pay", "Paying staff who must isolate their normal wages"
    LIMITING_MOVEMENT = "limiting-movement", "Limiting staff movement between settings"
    RECRUITMENT = "recruitment", "Recruiting additional staff or volunteers"
    RETENTION = "retention", "Retaining staff (bonuses, pay, training)"
    COHORTING = "cohorting", "Cohorting staff to groups of service users"
    TESTING_VACCINATION = "testing-vaccination", "Staff testing and vaccination"
    VISITING = "visiting", "Enabling visiting"
    PPE_VENTILATION = "ppe-ventilation", "PPE, ventilation and equipment"
    OTHER = "other", "Other measures within the grant's conditions"


class ProviderReturnQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProviderReturnQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(perms.VIEW_FUNDING):
            return self
        return self.filter(allocation__provider__memberships__user=user)


class ReturnStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RECLAIMED = "reclaimed", "Unspent money reclaimed"
    CLOSED = "closed", "Closed"


class ProviderReturn(models.Model):
    """The provider's financial pro-forma for one allocation: spend by category and anything unspent."""

    allocation = models.OneToOneField(
        ProviderAllocation, on_delete=models.PROTECT, related_name="provider_return"
    )
    unspent = models.DecimalField("unspent", **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)])
    submitted_on = models.DateField("submitted")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    is_late = models.BooleanField("late", default=False)
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED)
    notes = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()
    objects = ProviderReturnQuerySet.as_manager()

    STATUS_COLOURS = {
        ReturnStatus.SUBMITTED: "blue",
        ReturnStatus.RECLAIMED: "orange",
        ReturnStatus.CLOSED: "grey",
    }

    class Meta:
        ordering = ["-submitted_on", "pk"]
        indexes = [
            # The stream page's returns, newest first: read in this order until a page is found.
            models.Index(fields=["-submitted_on", "-id"], name="funding_return_submitted_idx"),
        ]

    def __str__(self):
        return f"Return for {self.allocation}"


class ReturnLine(models.Model):
    provider_return = models.ForeignKey(ProviderReturn, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=30, choices=SpendCategory.choices)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(ZERO)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider_return", "category"], name="funding_return_line_once"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"


# Better Care Fund ----------------------------------------------------------------------------------------


class Section75Agreement(models.Model):
    """The Better Care Fund's pooled budget agreement (NHS Act 2006, section 75)."""

    name = models.CharField(max_length=200)
    parties = models.TextField(help_text="One party a line")
    starts_on = models.DateField("starts")
    ends_on = models.DateField("ends")
    extension_option = models.CharField("extension option", max_length=300, blank=True)
    report_reference = models.CharField("report reference", max_length=40, blank=True)
    approved_on = models.DateField("approved", null=True, blank=True)

    history = HistoricalRecords()
    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = "section 75 agreement"

    def __str__(self):
        return self.name

    def party_list(self) -> list[str]:
        return [line.strip() for line in self.parties.splitlines() if line.strip()]


class BCFSource(models.TextChoices):
    IBCF = "ibcf", "iBCF"
    DFG = "dfg", "DFG"
    MINIMUM_CCG = "minimum-ccg", "Minimum CCG Contribution"


BCF_SOURCE_NAMES = {
    BCFSource.IBCF: "Improved Better Care Fund (iBCF)",
    BCFSource.DFG: "Disabled Facilities Grant (DFG)",
    BCFSource.MINIMUM_CCG: "Minimum CCG contribution",
}


class BCFScheme(models.Model):
    agreement = models.ForeignKey(Section75Agreement, on_delete=models.CASCADE, related_name="schemes")
    scheme_id = models.PositiveSmallIntegerField("scheme ID")
    name = models.CharField(max_length=200)
    source = models.CharField("source of funding", max_length=20, choices=BCFSource.choices)
    expenditure = models.DecimalField("expenditure (£)", **MONEY, validators=[MinValueValidator(ZERO)])
    year = models.CharField(max_length=7, help_text="e.g. 2021/22")
    lead_commissioner = models.CharField("lead commissioner", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["scheme_id"]
        verbose_name = "BCF scheme"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "scheme_id"], name="funding_bcf_scheme_id_unique"),
        ]

    def __str__(self):
        return f"{self.scheme_id}. {self.name}"


class ServiceInScope(models.Model):
    """A service to be considered for inclusion in the section 75 agreement (report's appendix)."""

    agreement = models.ForeignKey(
        Section75Agreement, on_delete=models.CASCADE, related_name="services_in_scope"
    )
    name = models.CharField(max_length=200)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "services in scope"

    def __str__(self):
        return self.name
