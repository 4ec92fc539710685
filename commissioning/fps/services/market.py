"""Writes for a purchasing system's regime and, for a Procurement Act 2023 dynamic market, the notices the
Act requires (docs/adr/044). Each is one transaction on the locked system row, audited.

A system runs under the Public Contracts Regulations 2015 (this FPS, until it ends) or is a dynamic market
under the Procurement Act 2023. A dynamic market is established on a day; from then its regime and that
day are fixed (its conditions for membership are fixed too: PurchasingSystem.conditions_change_refusal).

Notices are records of what the council published on Find a Tender, with the date of the event each
reports. None is dated before its event: the establishment notice not before the day the market was
established, a modification or cessation notice not before that change, a call-off's tender notice not
before the package was published to members, its contract award notice not before the award, its contract
details notice not before the contract (the placement). The intention notice is the one published before
its event (the market's establishment). A contract details notice for a light touch contract is due within
120 days (section 53): one published later is recorded, and shown as late.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Notice, Package, PurchasingSystem
from .common import audit, uk_date

ONCE_PER_MARKET = {Notice.Kind.INTENTION, Notice.Kind.ESTABLISHMENT, Notice.Kind.CESSATION}


def _locked(system: PurchasingSystem) -> PurchasingSystem:
    return PurchasingSystem.objects.select_for_update().get(pk=system.pk)


@transaction.atomic
def market_change(
    *, system: PurchasingSystem, regime: str, established_on: datetime.date | None, by, today=None
) -> PurchasingSystem:
    """Sets the rules a system runs under and, for a dynamic market, the day it was established."""
    today = today or timezone.localdate()
    system = _locked(system)
    was_established = system.established_on
    if was_established and (regime != system.regime or established_on != was_established):
        raise ValidationError(
            {
                "regime": (
                    f"The {system.name} was established as a dynamic market on {uk_date(was_established)}: "
                    "its rules and that date are fixed. Record a cessation notice if it ends"
                )
            }
        )
    if regime not in PurchasingSystem.Regime.values:
        raise ValidationError({"regime": "Choose one of the rules listed"})
    if regime != PurchasingSystem.Regime.PA_2023 and established_on:
        raise ValidationError(
            {"established_on": "Only a dynamic market under the Procurement Act 2023 has a date established"}
        )
    if established_on and established_on > today:
        raise ValidationError({"established_on": "The date established must be today or in the past"})
    intention = system.notices.filter(kind=Notice.Kind.INTENTION).first()
    if established_on and intention and established_on < intention.published_on:
        raise ValidationError(
            {
                "established_on": (
                    "The date established must be the same as or after "
                    f"{uk_date(intention.published_on)}, when the intention notice was published"
                )
            }
        )
    if regime != system.regime and system.notices.exists():
        raise ValidationError({"regime": "Notices are recorded for this dynamic market: its rules are fixed"})
    if (regime, established_on) == (system.regime, system.established_on):
        return system
    system.regime = regime
    system.established_on = established_on
    system.full_clean()
    reason = (
        f"Established as a dynamic market on {uk_date(established_on)}"
        if established_on and not was_established
        else f"Rules: {system.get_regime_display()}"
    )
    audit(system, by=by, reason=reason)
    system.save()
    return system


def _package_event(package: Package, kind: str) -> datetime.date:
    """The day a call-off notice reports, from the package's own record; refused if it has not happened."""
    local = timezone.localdate
    if kind == Notice.Kind.TENDER:
        if package.published_at is None:
            raise ValidationError({"package": f"Package {package.reference} has not been published yet"})
        return local(package.published_at)
    if kind == Notice.Kind.CONTRACT_AWARD:
        if package.awarded_at is None:
            raise ValidationError({"package": f"Package {package.reference} has not been awarded yet"})
        return local(package.awarded_at)
    if package.placement_recorded_at is None:
        raise ValidationError(
            {"package": f"Package {package.reference} has no placement yet: there is no contract to report"}
        )
    return local(package.placement_recorded_at)


def _market_event(system: PurchasingSystem, kind: str, event_on: datetime.date | None) -> datetime.date:
    if kind == Notice.Kind.INTENTION:
        if system.established_on:
            raise ValidationError(
                {
                    "kind": f"The market was established on {uk_date(system.established_on)}: an intention "
                    "notice comes before that"
                }
            )
        if event_on is None:
            raise ValidationError({"event_on": "Enter the date the market is to be established"})
        return event_on
    if system.established_on is None:
        raise ValidationError(
            {"kind": "Record the day the market was established first (Change the rules or date established)"}
        )
    if kind == Notice.Kind.ESTABLISHMENT:
        return system.established_on
    if event_on is None:
        what = "modified" if kind == Notice.Kind.MODIFICATION else "ceased to operate"
        raise ValidationError({"event_on": f"Enter the date the market {what}"})
    if event_on < system.established_on:
        raise ValidationError(
            {
                "event_on": f"The date must be the same as or after {uk_date(system.established_on)}, "
                "when the market was established"
            }
        )
    return event_on


@transaction.atomic
def notice_record(
    *,
    system: PurchasingSystem,
    kind: str,
    published_on: datetime.date,
    event_on: datetime.date | None = None,
    package: Package | None = None,
    reference: str = "",
    url: str = "",
    description: str = "",
    by,
    today=None,
) -> Notice:
    today = today or timezone.localdate()
    system = _locked(system)
    if not system.is_dynamic_market:
        raise ValidationError(
            f"The {system.name} runs under the Public Contracts Regulations 2015: Procurement Act 2023 "
            "notices are recorded for dynamic markets only."
        )
    if kind not in Notice.Kind.values:
        raise ValidationError({"kind": "Choose the kind of notice"})
    if published_on > today:
        raise ValidationError({"published_on": "The date published must be today or in the past"})
    if kind in Notice.CALL_OFF_KINDS:
        if package is None or package.system_id != system.pk:
            raise ValidationError({"package": "Choose the call-off (package) the notice is about"})
        event_on = _package_event(package, kind)
        earlier = system.notices.filter(kind=kind, package=package).first()
    else:
        if package is not None:
            raise ValidationError({"package": "A notice about the market itself is not about a package"})
        event_on = _market_event(system, kind, event_on)
        earlier = system.notices.filter(kind=kind).first() if kind in ONCE_PER_MARKET else None
    if earlier is not None:
        raise ValidationError(
            {
                "kind": f"A {earlier.get_kind_display()} is already recorded, published "
                f"{uk_date(earlier.published_on)}"
            }
        )
    if kind == Notice.Kind.INTENTION:
        if published_on > event_on:
            raise ValidationError(
                {
                    "published_on": f"An intention notice is published before the market is established "
                    f"({uk_date(event_on)})"
                }
            )
    elif published_on < event_on:
        raise ValidationError(
            {
                "published_on": f"The date published must be the same as or after {uk_date(event_on)}, "
                "the date of the event it reports: a notice cannot be published before it"
            }
        )
    notice = Notice(
        system=system,
        package=package,
        kind=kind,
        event_on=event_on,
        published_on=published_on,
        reference=(reference or "").strip(),
        url=(url or "").strip(),
        description=(description or "").strip(),
        recorded_by=by,
    )
    notice.full_clean(exclude=["recorded_by"])
    audit(notice, by=by, reason=f"Recorded {notice.get_kind_display()}")
    notice.save()
    return notice


def is_late(notice: Notice) -> bool:
    return notice.due_by is not None and notice.published_on > notice.due_by


def contract_details_due(system: PurchasingSystem):
    """Placed call-offs with no contract details notice yet, each with the day it is due by."""
    recorded = system.notices.filter(kind=Notice.Kind.CONTRACT_DETAILS).values("package_id")
    placed = (
        system.packages.filter(placement_recorded_at__isnull=False)
        .exclude(pk__in=recorded)
        .order_by("placement_recorded_at", "pk")
    )
    for package in placed:
        package.notice_due_by = timezone.localdate(package.placement_recorded_at) + datetime.timedelta(
            days=Notice.CONTRACT_DETAILS_DAYS
        )
        yield package
