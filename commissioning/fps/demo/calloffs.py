"""Invented packages and bids."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from commissioning.providers.models import Provider

from ..models import (
    Admission,
    Bid,
    Package,
)
from .applications import notify
from .common import day, link, moment, save, spoken, uk

# Invented packages and bids ---------------------------------------------------------------------------------


def load_package(spec, system, year, people, today) -> Package | None:
    reference = spec["reference"].format(year=year)
    if Package.objects.filter(reference=reference).exists():
        return None
    commissioner = people.evaluator
    lot = system.lots.get(number=spec["lot"])
    quality, price, social_value = spec["weights"]
    created = moment(spec["created"], today)
    package = save(
        Package(
            system=system,
            reference=reference,
            lot=lot,
            title=spec["title"],
            area=spec["area"],
            people_count=spec["people_count"],
            days_and_hours=spec["days_and_hours"],
            needs=spec["needs"],
            outcomes=spec["outcomes"],
            start_date=day(spec["start_date"], today),
            bid_deadline=moment(spec["bid_deadline"], today),
            quality_weight=quality,
            price_weight=price,
            social_value_weight=social_value,
            created_by=commissioner,
            is_demo=True,
        ),
        user=commissioner,
        reason="Package created",
        when=created,
    )
    path = link("fps:package", package.reference)
    if spec.get("published"):
        published = moment(spec["published"], today)
        package.status = Package.Status.PUBLISHED
        package.published_at = published
        package.published_by = commissioner
        save(
            package,
            user=commissioner,
            reason="Published to the admitted providers of the lot",
            when=published,
        )
        admitted = Admission.objects.current().filter(lot=lot, admitted_at__lte=published)
        for admission in admitted.select_related("provider"):
            notify(
                admission.provider,
                f"New package {package.reference} for {lot}",
                f"{package.title}. Bids close {spoken(package.bid_deadline)}.",
                path,
                published,
                today,
            )
    bids = {}
    for bid_spec in spec["bids"]:
        provider = Provider.objects.get(slug=bid_spec["provider"])
        user = people.for_provider(provider)
        submitted = moment(bid_spec["submitted"], today)
        bid = save(
            Bid(
                package=package,
                provider=provider,
                weekly_price=Decimal(bid_spec["weekly_price"]),
                price_breakdown=bid_spec["price_breakdown"],
                outcomes_response=bid_spec["outcomes_response"],
                social_value=bid_spec["social_value"],
                start_date=day(bid_spec["start_date"], today),
                submitted_at=submitted,
                submitted_by=user,
            ),
            user=user,
            reason="Bid submitted",
            when=submitted,
        )
        if bid_spec.get("scores"):
            bid.quality_score, bid.social_value_score, bid.score_notes = bid_spec["scores"]
            bid.scored_by = commissioner
            bid.scored_at = moment(bid_spec["scored"], today)
            save(bid, user=commissioner, reason="Bid scored", when=bid.scored_at)
        bids[provider.slug] = bid
    if spec.get("award"):
        award = spec["award"]
        awarded = moment(award["at"], today)
        package.status = Package.Status.AWARDED
        package.awarded_bid = bids[award["provider"]]
        package.awarded_at = awarded
        package.awarded_by = commissioner
        package.award_reason = award["reason"]
        save(package, user=commissioner, reason="Awarded", when=awarded)
        for slug, bid in bids.items():
            won = slug == award["provider"]
            notify(
                bid.provider,
                f"Package {package.reference} {'awarded to you' if won else 'awarded'}",
                (
                    f"Your bid for {package.reference} was successful. "
                    "The Care Brokerage Team will contact you."
                    if won
                    else f"Your bid for {package.reference} was not successful this time. {award['reason']}"
                ),
                path,
                awarded,
                today,
            )
    if spec.get("placement"):
        placement = spec["placement"]
        package.status = Package.Status.PLACED
        package.brokerage_reference = placement["brokerage_reference"]
        package.placement_start = day(placement["start"], today)
        package.placement_recorded_at = moment(placement["recorded"], today)
        package.placement_recorded_by = commissioner
        save(
            package,
            user=commissioner,
            reason="Placement handed to the Care Brokerage Team",
            when=package.placement_recorded_at,
        )
    if spec.get("cancelled"):
        at, reason = spec["cancelled"]
        package.status = Package.Status.CANCELLED
        save(package, user=commissioner, reason=f"Cancelled: {reason}", when=moment(at, today))
    Package.objects.filter(pk=package.pk).update(created_at=created)
    Package.history.filter(id=package.pk).update(created_at=created)
    return package


def keep_open(spec, year: int, today: date) -> None:
    """A package meant to be open for bids whose deadline has passed since the first load: move it on."""
    reference = spec["reference"].format(year=year)
    package = Package.objects.filter(reference=reference, status=Package.Status.PUBLISHED).first()
    if package is None or package.is_open_for_bids(uk(today, "00:00") + timedelta(days=1)):
        return
    deadline = moment(spec["bid_deadline"], today)
    package.bid_deadline = deadline
    package.start_date = max(package.start_date, deadline.date() + timedelta(days=14))
    save(package, reason="Demo package kept open for bids")
