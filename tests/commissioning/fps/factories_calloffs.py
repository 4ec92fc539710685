"""Helpers for the call-off tests: an FPS with the fixture provider admitted to lot 1, packages in each
state, and form data for a package and a bid."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commissioning.fps.models import Admission, Package
from tests.commissioning.fps.factories import AdmissionFactory, BidFactory, PackageFactory, fps_setup
from tests.forms import date_fields


def calloff_setup(own_provider, *, other_provider=None):
    """The FPS with two lots; the fixture provider admitted (active) to lot 1; the other provider, if
    given, admitted to lot 2 only. Returns (system, lots)."""
    system, lots, _window = fps_setup(lots=2)
    AdmissionFactory(lot=lots[0], provider=own_provider)
    if other_provider is not None:
        AdmissionFactory(lot=lots[1], provider=other_provider)
    return system, lots


def closed_package(lot, **kwargs) -> Package:
    """Published, with its deadline an hour ago (bids are open to the commissioner)."""
    return PackageFactory(
        lot=lot,
        bid_deadline=timezone.now() - datetime.timedelta(hours=1),
        published_at=timezone.now() - datetime.timedelta(days=7),
        **kwargs,
    )


def scored_bid(package, provider, *, price: str, quality: int, social_value: int):
    return BidFactory(
        package=package,
        provider=provider,
        weekly_price=Decimal(price),
        quality_score=quality,
        social_value_score=social_value,
        scored_at=timezone.now(),
    )


def admit(provider, lot, status=Admission.Status.ACTIVE) -> Admission:
    return AdmissionFactory(lot=lot, provider=provider, status=status)


def package_data(lot, **overrides) -> dict:
    """POST data for the package form: valid, with no personal data."""
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "lot": str(lot.pk),
        "title": "Three days a week of building-based support",
        "area": "crewe",
        "people_count": "1",
        "days_and_hours": "Monday, Wednesday and Friday, 9:30am to 3:30pm",
        "needs": "Support with personal care and eating; enjoys music and gardening.",
        "outcomes": "To make friends, and to travel more independently.",
        **date_fields("start_date", (deadline + datetime.timedelta(days=14))),
        **date_fields("deadline_date", deadline),
        "deadline_time": "12:00",
        "quality_weight": "60",
        "price_weight": "40",
        "social_value_weight": "10",
    }
    data.update(overrides)
    return data


def bid_data(**overrides) -> dict:
    data = {
        "weekly_price": "450.00",
        "price_breakdown": "3 days at £150 a day, staffing at 1:3",
        "outcomes_response": "A named key worker; travel training in the first twelve weeks.",
        "social_value": "Volunteering with a local food bank.",
        **date_fields("start_date", (timezone.localdate() + datetime.timedelta(days=30))),
    }
    data.update(overrides)
    return data
