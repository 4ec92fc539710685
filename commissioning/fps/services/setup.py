"""Setting up a purchasing system in the portal (issue 14: no dead ends): a new system, a change to its
name, description or term, and a change to a lot or its removal. Each is one transaction on the locked
system row, validated, and leaves a history record saying who and why.

A term may not shrink so that an application window lies outside it (windows are checked against the
term when they are added, so a term change is checked against the windows). A lot with applications,
admissions or packages stays (they refer to it): it can be closed to new applications instead.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from ..models import Lot, PurchasingSystem
from .common import audit, uk_date, uk_time
from .system import term_bounds

# Paths of the FPS that are not a system's slug (urls.py), so a system's page stays reachable.
RESERVED_SLUGS = {
    "new",
    "applications",
    "messages",
    "documents",
    "clarifications",
    "evaluation",
    "admissions",
    "packages",
    "bids",
    "questions",
}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "purchasing-system"
    taken = set(PurchasingSystem.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(system: PurchasingSystem) -> None:
    system.name = (system.name or "").strip()
    if not system.name:
        raise ValidationError({"name": "Enter the purchasing system's name"})
    if PurchasingSystem.objects.filter(name__iexact=system.name).exclude(pk=system.pk).exists():
        raise ValidationError({"name": f"There is already a purchasing system called {system.name}"})


def _windows_outside_term(system: PurchasingSystem) -> None:
    start, end = term_bounds(system)
    outside = system.windows.exclude(opens_at__gte=start, closes_at__lte=end).order_by("opens_at").first()
    if outside is not None:
        raise ValidationError(
            {
                "go_live": (
                    f"The {outside.name} (open from {uk_time(outside.opens_at)} to "
                    f"{uk_time(outside.closes_at)}) would lie outside a term from {uk_date(system.go_live)} "
                    f"to {uk_date(system.ends)}. Change or remove the window first, or choose another term"
                )
            }
        )


@transaction.atomic
def system_create(
    *,
    name: str,
    code: str,
    summary: str,
    legal_basis: str,
    delegated_decision_maker: str,
    go_live: datetime.date,
    term_years: int,
    regime: str,
    by,
) -> PurchasingSystem:
    """A new purchasing system, in development until it goes live. Its lots, windows and questionnaire
    are then added on their own pages."""
    code = (code or "").strip().upper()
    system = PurchasingSystem(
        name=name,
        code=code,
        summary=(summary or "").strip(),
        legal_basis=(legal_basis or "").strip(),
        delegated_decision_maker=(delegated_decision_maker or "").strip(),
        go_live=go_live,
        term_years=term_years,
        regime=regime,
    )
    _check_name(system)
    if PurchasingSystem.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": f"Another purchasing system already uses the code {code}"})
    system.slug = _unique_slug(system.name)
    system.full_clean()
    audit(system, by=by, reason="Purchasing system set up")
    system.save()
    return system


@transaction.atomic
def system_change(
    *, system: PurchasingSystem, name: str, summary: str, go_live: datetime.date, term_years: int, by
) -> PurchasingSystem:
    """Changes a system's name, description or term; refused while a window would fall outside the term."""
    system = PurchasingSystem.objects.select_for_update().get(pk=system.pk)
    system.name, system.summary = name, (summary or "").strip()
    system.go_live, system.term_years = go_live, term_years
    _check_name(system)
    _windows_outside_term(system)
    system.full_clean()
    audit(system, by=by, reason="Name, description or term changed")
    system.save()
    return system


@transaction.atomic
def lot_change(*, lot: Lot, title: str, description: str, is_active: bool, by) -> Lot:
    """Corrects a lot's title or description, or closes it to (or reopens it for) new applications and
    packages. Its number, which references use, stays."""
    PurchasingSystem.objects.select_for_update().get(pk=lot.system_id)
    lot = Lot.objects.select_related("system").get(pk=lot.pk)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the lot's title"})
    if lot.system.lots.filter(title__iexact=title).exclude(pk=lot.pk).exists():
        raise ValidationError({"title": f"The {lot.system.name} already has a lot called {title}"})
    lot.title, lot.description, lot.is_active = title, (description or "").strip(), is_active
    lot.full_clean()
    audit(lot, by=by, reason=f"Lot {lot.number} changed")
    lot.save()
    return lot


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def lot_removal_refusal(lot: Lot) -> str:
    """Why this lot cannot be removed, or "" if it can: applications, admissions and packages refer to it."""
    uses = [
        _count(lot.application_lots.count(), "application", "applications"),
        _count(lot.admissions.count(), "admission", "admissions"),
        _count(lot.packages.count(), "package", "packages"),
    ]
    used = [use for use in uses if not use.startswith("0 ")]
    if not used:
        return ""
    return (
        f"{lot} cannot be removed: it has {', '.join(used)}. "
        "You can close it to new applications and packages instead."
    )


@transaction.atomic
def lot_remove(*, lot: Lot, reason: str, by) -> None:
    """Removes a lot nothing refers to (added by mistake), with its lot-only questions and sections."""
    PurchasingSystem.objects.select_for_update().get(pk=lot.system_id)
    lot = Lot.objects.get(pk=lot.pk)
    refusal = lot_removal_refusal(lot)
    if refusal:
        raise ValidationError(refusal)
    audit(lot, by=by, reason=f"Lot {lot.number} removed: {reason}")
    try:
        with transaction.atomic():
            lot.delete()
    except ProtectedError as error:
        raise ValidationError(
            f"{lot} cannot be removed: answers or evaluations refer to its questions. "
            "You can close it to new applications and packages instead."
        ) from error
