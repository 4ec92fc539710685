"""Writes for stage 2, the call-offs: create and change a draft package, publish it to the admitted providers
of its lot, a provider's bid, scoring, the award, the placement and cancelling. Each is one transaction,
validates with full_clean(), and leaves a history record saying who did it and why. Whether a package is
still open for bids is decided here, at the server's time, never by the page.

The scoring arithmetic is here too, as plain functions (`price_score`, `total_score`, `ranked_bids`), so the
bids page, the award and the tests share one formula.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from commissioning.providers.models import Provider, require_active

from ..models import Admission, Bid, Lot, Package, PurchasingSystem
from .common import audit, uk_date, uk_time
from .notify import provider_notify

PACKAGE_FIELDS = [
    "lot",
    "title",
    "area",
    "people_count",
    "days_and_hours",
    "needs",
    "outcomes",
    "start_date",
    "bid_deadline",
    "quality_weight",
    "price_weight",
    "social_value_weight",
]
BID_FIELDS = ["weekly_price", "price_breakdown", "outcomes_response", "social_value", "start_date"]
# Who made a record: null once that user is deleted (SET_NULL), so not validated as required on later saves.
AUDIT_FIELDS = ["created_by", "submitted_by"]
TWO_PLACES = Decimal("0.01")


def state(package: Package) -> str:
    """'Package DO-CO-2022-0003 is awarded', for messages."""
    return f"Package {package.reference} is {package.get_status_display().lower()}"


def _lock(package: Package) -> Package:
    return Package.objects.select_for_update().select_related("lot__system").get(pk=package.pk)


def _next_reference(lot: Lot, moment) -> str:
    """DO-CO-2022-0003: the system's code, CO (call-off), the year, then a sequence. Called with the lot's
    system row locked. Counts from the highest reference ever given, read from the history table so that
    a draft deleted in the admin never gives its number to another package."""
    prefix = f"{lot.system.code}-CO-{timezone.localtime(moment).year}-"
    highest = (
        Package.history.filter(reference__regex=rf"^{re.escape(prefix)}[0-9]+$")
        .annotate(sequence=Cast(Substr("reference", len(prefix) + 1), IntegerField()))
        .aggregate(highest=Max("sequence"))["highest"]
    )
    return f"{prefix}{(highest or 0) + 1:04d}"


def minimum_bid_period() -> datetime.timedelta:
    """How long providers have at least to bid, from publishing to the deadline (FPS_MINIMUM_BID_HOURS)."""
    return datetime.timedelta(hours=settings.FPS_MINIMUM_BID_HOURS)


def minimum_bid_period_text() -> str:
    hours = settings.FPS_MINIMUM_BID_HOURS
    if hours % 24 == 0:
        days = hours // 24
        return f"{days} day" if days == 1 else f"{days} days"
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


def earliest_deadline(moment=None) -> datetime.datetime:
    return (moment or timezone.now()) + minimum_bid_period()


def deadline_too_soon(deadline, moment=None) -> str | None:
    """Why this bid deadline is too soon if the package were published at `moment` (now), or None."""
    earliest = earliest_deadline(moment)
    if deadline < earliest:
        return (
            f"The bid deadline must be at least {minimum_bid_period_text()} after the package is published: "
            f"{uk_time(earliest)} or later"
        )
    return None


def _check_dates(package: Package, moment) -> None:
    errors = {}
    if package.bid_deadline and package.bid_deadline <= moment:
        errors["bid_deadline"] = "The bid deadline must be in the future"
    elif package.bid_deadline and (too_soon := deadline_too_soon(package.bid_deadline, moment)):
        errors["bid_deadline"] = too_soon
    if (
        package.bid_deadline
        and package.start_date
        and package.start_date <= timezone.localdate(package.bid_deadline)
    ):
        errors["start_date"] = "The start date must be after the bid deadline"
    if errors:
        raise ValidationError(errors)


# Packages -------------------------------------------------------------------------------------------------


@transaction.atomic
def package_create(*, data: dict, by, personal_data_confirmed: bool = False, moment=None) -> Package:
    """A draft package. `personal_data_confirmed` is recorded in the history when the officer confirmed
    that text the form flagged holds no personal data."""
    moment = moment or timezone.now()
    lot = Lot.objects.select_related("system").get(pk=data["lot"].pk)
    if not lot.is_active:
        raise ValidationError({"lot": f"{lot} is closed to new packages"})
    PurchasingSystem.objects.select_for_update().get(pk=lot.system_id)  # one new reference at a time
    package = Package(system=lot.system, created_by=by, status=Package.Status.DRAFT)
    for field in PACKAGE_FIELDS:
        setattr(package, field, data[field])
    _check_dates(package, moment)
    package.reference = _next_reference(lot, moment)
    package.full_clean(exclude=AUDIT_FIELDS)
    reason = "Draft created"
    if personal_data_confirmed:
        reason += " (the officer confirmed the flagged text holds no personal data)"
    audit(package, by=by, reason=reason)
    package.save()
    return package


@transaction.atomic
def package_update(
    *, package: Package, data: dict, by, personal_data_confirmed: bool = False, moment=None
) -> Package:
    moment = moment or timezone.now()
    package = _lock(package)
    if package.status != Package.Status.DRAFT:
        raise ValidationError(f"{state(package)}: only a draft can be changed.")
    lot = data["lot"]
    if lot.system_id != package.system_id:
        raise ValidationError({"lot": "Choose a lot of the same purchasing system"})
    if lot.pk != package.lot_id and not lot.is_active:
        raise ValidationError({"lot": f"{lot} is closed to new packages"})
    for field in PACKAGE_FIELDS:
        setattr(package, field, data[field])
    _check_dates(package, moment)
    package.full_clean(exclude=AUDIT_FIELDS)
    reason = "Draft changed"
    if personal_data_confirmed:
        reason += " (the officer confirmed the flagged text holds no personal data)"
    audit(package, by=by, reason=reason)
    package.save()
    return package


def admitted_providers(lot: Lot):
    """Providers with an active admission to the lot: the ones a package on it is published to."""
    return Provider.objects.filter(
        pk__in=Admission.objects.current().filter(lot=lot).values("provider_id")
    ).order_by("name", "pk")


@transaction.atomic
def package_publish(*, package: Package, by, moment=None) -> tuple[Package, int]:
    """Opens the package for bids and tells every provider admitted (actively) to its lot, by email and in
    the portal. Returns the package and how many providers were told."""
    moment = moment or timezone.now()
    package = _lock(package)
    if package.status != Package.Status.DRAFT:
        raise ValidationError(f"{state(package)}: only a draft can be published.")
    if package.bid_deadline <= moment:
        raise ValidationError(
            f"The bid deadline ({uk_time(package.bid_deadline)}) has passed. Change it, then publish."
        )
    if too_soon := deadline_too_soon(package.bid_deadline, moment):
        raise ValidationError(f"{too_soon}. Change the deadline, then publish.")
    if not package.lot.is_active:
        raise ValidationError(f"{package.lot} is closed to new packages.")
    package.status = Package.Status.PUBLISHED
    package.published_at = moment
    package.published_by = by
    package.full_clean(exclude=AUDIT_FIELDS)
    audit(package, by=by, reason="Published to the providers admitted to the lot")
    package.save()
    told = 0
    for provider in admitted_providers(package.lot).iterator(chunk_size=500):
        provider_notify(
            provider=provider,
            subject=f"New care package to bid for: {package.reference}",
            body=(
                f"A new care package has been published to the providers on {package.lot}: "
                f"{package.title} ({package.get_area_display()}), starting "
                f"{date_filter(package.start_date, 'j F Y')}.\n\n"
                f"Bids close at {uk_time(package.bid_deadline)} (UK time)."
            ),
            link=package.get_absolute_url(),
        )
        told += 1
    return package, told


def _bidders(package: Package):
    return Provider.objects.filter(pk__in=package.bids.values("provider_id")).order_by("name", "pk")


@transaction.atomic
def package_cancel(*, package: Package, reason: str, by, moment=None) -> Package:
    """Cancels a draft or a package open for bids. Providers who bid are told."""
    moment = moment or timezone.now()
    package = _lock(package)
    if package.status not in {Package.Status.DRAFT, Package.Status.PUBLISHED}:
        raise ValidationError(f"{state(package)}: it can no longer be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for cancelling the package"})
    was_published = package.status == Package.Status.PUBLISHED
    package.status = Package.Status.CANCELLED
    package.cancelled_at = moment
    audit(package, by=by, reason=f"Cancelled: {reason.strip()}")
    package.save()
    if was_published:
        for provider in _bidders(package):
            provider_notify(
                provider=provider,
                subject=f"Care package {package.reference} is cancelled",
                body=(
                    f"The council has cancelled care package {package.reference} ({package.title}), "
                    f"which you bid for. Reason: {reason.strip()}"
                ),
                link=package.get_absolute_url(),
            )
    return package


# Bids -----------------------------------------------------------------------------------------------------


def bid_refusal(package: Package, provider: Provider, moment=None) -> str | None:
    """Why this provider cannot bid for (or change its bid for) this package now, or None if it can."""
    moment = moment or timezone.now()
    if package.status != Package.Status.PUBLISHED:
        return f"{state(package)}: it is not open for bids."
    if moment >= package.bid_deadline:
        return (
            f"The bid deadline for package {package.reference} passed at {uk_time(package.bid_deadline)}: "
            "bids can no longer be made or changed."
        )
    admission = (
        Admission.objects.filter(lot_id=package.lot_id, provider=provider)
        .exclude(status=Admission.Status.REMOVED)
        .first()
    )
    if admission is None:
        return f"Your organisation is not admitted to {package.lot}, so it cannot bid for this package."
    if admission.status != Admission.Status.ACTIVE:
        reason = f" The reason: {admission.status_reason}" if admission.status_reason else ""
        return (
            f"Your organisation's admission to {package.lot} is {admission.get_status_display().lower()}, "
            f"so it cannot bid for this package.{reason}"
        )
    return None


@transaction.atomic
def bid_submit(*, package: Package, provider: Provider, data: dict, by, moment=None) -> tuple[Bid, bool]:
    """Makes the provider's one bid for the package, or changes it. Only while the package is open (before
    its deadline, at the server's time) and the provider's admission to its lot is active.
    Returns (bid, created)."""
    moment = moment or timezone.now()
    package = _lock(package)  # the deadline and status are read under the lock the award also takes
    require_active(provider)
    refusal = bid_refusal(package, provider, moment)
    if refusal:
        raise ValidationError(refusal)
    bid = Bid.objects.select_for_update().filter(package=package, provider=provider).first()
    created = bid is None
    if created:
        bid = Bid(package=package, provider=provider)
    for field in BID_FIELDS:
        setattr(bid, field, data[field])
    bid.submitted_at = moment
    bid.submitted_by = by
    bid.full_clean(exclude=AUDIT_FIELDS)
    audit(bid, by=by, reason="Bid made" if created else "Bid changed")
    bid.save()
    return bid, created


# Scoring --------------------------------------------------------------------------------------------------


def price_score(*, lowest: Decimal, price: Decimal) -> Decimal:
    """Price score = lowest weekly price / this weekly price × 100 (the lowest bid scores 100). Unrounded:
    only the total is rounded."""
    return Decimal(lowest) / Decimal(price) * 100


def total_score(*, package: Package, quality: int, social_value: int, price: Decimal) -> Decimal:
    """A bid's total score out of 100, rounded half up to 2 decimal places:

        total = (quality × (quality weight − social value weight)
                 + social value × social value weight
                 + price score × price weight) / 100

    where quality and social value are the evaluators' scores out of 100, price is the price score
    (`price_score`), and the weights are the package's percentages (quality and price add to 100; social
    value is part of quality). With 60/40 and social value 10: quality 80, social value 50 and the lowest
    price give (80 × 50 + 50 × 10 + 100 × 40) / 100 = 85.00.
    """
    weighted = (
        Decimal(quality) * (package.quality_weight - package.social_value_weight)
        + Decimal(social_value) * package.social_value_weight
        + Decimal(price) * package.price_weight
    )
    return (weighted / 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


FORMULA = (
    "Total = (quality × (quality weighting − social value weighting) + social value × social value weighting "
    "+ price score × price weighting) ÷ 100, rounded to 2 decimal places. "
    "Price score = lowest weekly price ÷ this bid's weekly price × 100."
)


@dataclass
class ScoredBid:
    bid: Bid
    price_score: Decimal
    total: Decimal | None  # None until quality and social value are scored
    rank: int | None = None

    @property
    def is_scored(self) -> bool:
        return self.total is not None


def ranked_bids(package: Package, bids) -> list[ScoredBid]:
    """The package's bids with their price scores, totals and ranks: highest total first; a tie goes to
    the lower weekly price, then the earlier bid. Unscored bids come last, unranked."""
    bids = list(bids)
    if not bids:
        return []
    lowest = min(bid.weekly_price for bid in bids)
    scored = []
    for bid in bids:
        p_score = price_score(lowest=lowest, price=bid.weekly_price)
        total = None
        if bid.quality_score is not None and bid.social_value_score is not None:
            total = total_score(
                package=package, quality=bid.quality_score, social_value=bid.social_value_score, price=p_score
            )
        scored.append(
            ScoredBid(bid=bid, price_score=p_score.quantize(TWO_PLACES, ROUND_HALF_UP), total=total)
        )
    scored.sort(
        key=lambda s: (
            s.total is None,
            -(s.total or 0),
            s.bid.weekly_price,
            s.bid.submitted_at,
            s.bid.pk,
        )
    )
    for position, item in enumerate(s for s in scored if s.is_scored):
        item.rank = position + 1
    return scored


def _require_after_deadline(package: Package, moment, doing: str) -> None:
    if package.status != Package.Status.PUBLISHED:
        raise ValidationError(f"{state(package)}: bids can no longer be {doing}.")
    if moment < package.bid_deadline:
        raise ValidationError(
            f"Bids are sealed until the deadline, {uk_time(package.bid_deadline)}: "
            f"they cannot be {doing} before then."
        )


@transaction.atomic
def bid_score(
    *, bid: Bid, quality_score: int, social_value_score: int, notes: str = "", by, moment=None
) -> Bid:
    """The evaluators' quality and social value scores (0-100) for a bid, after the deadline and before
    the award."""
    moment = moment or timezone.now()
    package = _lock(bid.package)
    _require_after_deadline(package, moment, "scored")
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    bid.quality_score = quality_score
    bid.social_value_score = social_value_score
    bid.score_notes = notes
    bid.scored_by = by
    bid.scored_at = moment
    bid.full_clean(exclude=AUDIT_FIELDS)
    audit(bid, by=by, reason=f"Scored: quality {quality_score}, social value {social_value_score}")
    bid.save()
    return bid


@transaction.atomic
def package_award(*, package: Package, bid: Bid, reason: str, by, moment=None) -> Package:
    """Awards the package to one bid: only after the deadline, with every bid scored and a reason. The
    winner is told, and so is every other bidder, with its rank. Two officers awarding at once: the second
    finds the package awarded and is refused."""
    moment = moment or timezone.now()
    package = _lock(package)
    _require_after_deadline(package, moment, "awarded")
    if bid.package_id != package.pk:
        raise ValidationError({"bid": "Choose one of this package's bids"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the award"})
    bids = list(package.bids.select_related("provider").select_for_update(of=("self",)))
    ranking = ranked_bids(package, bids)
    unscored = [item.bid.provider.name for item in ranking if not item.is_scored]
    if unscored:
        raise ValidationError(f"Score every bid before the award. Not scored yet: {', '.join(unscored)}.")
    package.status = Package.Status.AWARDED
    package.awarded_bid = next(item.bid for item in ranking if item.bid.pk == bid.pk)
    package.awarded_at = moment
    package.awarded_by = by
    package.award_reason = reason.strip()
    package.full_clean(exclude=AUDIT_FIELDS)
    winner = package.awarded_bid
    audit(package, by=by, reason=f"Awarded to {winner.provider.name}: {reason.strip()}")
    package.save()
    total = len(ranking)
    for item in ranking:
        provider = item.bid.provider
        if item.bid.pk == winner.pk:
            provider_notify(
                provider=provider,
                subject=f"You have been awarded care package {package.reference}",
                body=(
                    f"Your bid for care package {package.reference} ({package.title}) is successful: it "
                    f"ranked {item.rank} of {total} with a score of {item.total}. The council's Care "
                    "Brokerage Team will contact you to arrange the placement."
                ),
                link=package.get_absolute_url(),
            )
        else:
            provider_notify(
                provider=provider,
                subject=f"Your bid for care package {package.reference} was not successful",
                body=(
                    f"Your bid for care package {package.reference} ({package.title}) was not successful. "
                    f"It ranked {item.rank} of {total} with a score of {item.total}. Thank you for bidding."
                ),
                link=package.get_absolute_url(),
            )
    return package


@transaction.atomic
def package_placement(
    *, package: Package, brokerage_reference: str, placement_start, by, moment=None
) -> Package:
    """Records the placement the Care Brokerage Team made with the winning provider."""
    moment = moment or timezone.now()
    package = _lock(package)
    if package.status != Package.Status.AWARDED:
        raise ValidationError(f"{state(package)}: a placement is recorded only for an awarded package.")
    errors = {}
    if not brokerage_reference.strip():
        errors["brokerage_reference"] = "Enter the Care Brokerage Team's reference"
    if placement_start is None:
        errors["placement_start"] = "Enter the date the placement starts"
    elif placement_start < package.start_date:
        errors["placement_start"] = (
            f"The placement cannot start before the package's start date, {uk_date(package.start_date)}"
        )
    if errors:
        raise ValidationError(errors)
    package.brokerage_reference = brokerage_reference.strip()
    package.placement_start = placement_start
    package.placement_recorded_at = moment
    package.placement_recorded_by = by
    package.status = Package.Status.PLACED
    package.full_clean(exclude=AUDIT_FIELDS)
    audit(
        package,
        by=by,
        reason=f"Placement recorded: Care Brokerage Team reference {package.brokerage_reference}",
    )
    package.save()
    return package


@transaction.atomic
def package_placement_correct(
    *, package: Package, brokerage_reference: str, placement_start, reason: str, by
) -> Package:
    """Corrects a recorded placement (the Care Brokerage Team's reference or the start date), with the
    reason in the history. The start date still cannot be before the package's start."""
    package = _lock(package)
    if package.status != Package.Status.PLACED:
        raise ValidationError(f"{state(package)}: only a recorded placement can be corrected.")
    errors = {}
    brokerage_reference = (brokerage_reference or "").strip()
    reason = (reason or "").strip()
    if not brokerage_reference:
        errors["brokerage_reference"] = "Enter the Care Brokerage Team's reference"
    if placement_start is None:
        errors["placement_start"] = "Enter the date the placement starts"
    elif placement_start < package.start_date:
        errors["placement_start"] = (
            f"The placement cannot start before the package's start date, {uk_date(package.start_date)}"
        )
    if not reason:
        errors["reason"] = "Enter the reason for the correction"
    if errors:
        raise ValidationError(errors)
    if brokerage_reference == package.brokerage_reference and placement_start == package.placement_start:
        raise ValidationError("Nothing has changed: change the reference or the start date, or go back.")
    package.brokerage_reference = brokerage_reference
    package.placement_start = placement_start
    package.placement_recorded_at = timezone.now()  # the placement as recorded now (its open data is new)
    package.full_clean(exclude=AUDIT_FIELDS)
    audit(package, by=by, reason=f"Placement corrected: {reason}")
    package.save()
    return package
