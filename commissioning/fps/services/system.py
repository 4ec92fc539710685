"""Writes for running a purchasing system: its lots and application windows.

A window lies within the system's term, never overlaps another window of the system (so at most one is
open at any moment), and can be changed or removed until applications are made in it: then only its name,
its closing time (not to before now) and the date evaluation is to finish by can change, and it cannot be
removed. Each write is one transaction on the locked system row and leaves a history record.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import ApplicationWindow, Lot, PurchasingSystem
from .common import audit, uk_date, uk_time

# Running the system: lots and windows ------------------------------------------------------------------


def _lock_system(system: PurchasingSystem) -> PurchasingSystem:
    return PurchasingSystem.objects.select_for_update().get(pk=system.pk)


def _require_in_term(system: PurchasingSystem, what: str) -> None:
    if system.status == PurchasingSystem.Status.ENDED or timezone.localdate() >= system.ends:
        raise ValidationError(
            f"The {system.name} ended on {uk_date(system.ends)}: {what} can no longer be added."
        )


def term_bounds(system: PurchasingSystem) -> tuple[datetime.datetime, datetime.datetime]:
    """The system's term as aware datetimes: from the start of its go-live day to the start of the day it
    ends (UK time)."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.datetime.combine(system.go_live, datetime.time.min), tz)
    end = timezone.make_aware(datetime.datetime.combine(system.ends, datetime.time.min), tz)
    return start, end


@transaction.atomic
def lot_add(*, system: PurchasingSystem, title: str, description: str = "", by) -> Lot:
    """A new lot, numbered after the highest so far (lots can be added during the term)."""
    system = _lock_system(system)
    _require_in_term(system, "lots")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the lot's title"})
    if system.lots.filter(title__iexact=title).exists():
        raise ValidationError({"title": f"The {system.name} already has a lot called {title}"})
    highest = system.lots.aggregate(highest=Max("number"))["highest"] or 0
    lot = Lot(system=system, number=highest + 1, title=title, description=(description or "").strip())
    lot.full_clean()
    audit(lot, by=by, reason=f"Lot {lot.number} added")
    lot.save()
    return lot


def _check_window(window: ApplicationWindow, *, applications: int = 0, was=None) -> None:
    """A window's rules: a name unique in its system, closing after opening, within the system's term,
    evaluation finishing on or after the closing day, and no overlap with another window. With
    applications made in it, its opening time is fixed and it cannot close before now."""
    system = window.system
    window.name = (window.name or "").strip()
    errors = {}
    if not window.name:
        errors["name"] = "Enter the window's name"
    elif system.windows.filter(name__iexact=window.name).exclude(pk=window.pk).exists():
        errors["name"] = f"The {system.name} already has a window called {window.name}"
    start, end = term_bounds(system)
    if window.closes_at <= window.opens_at:
        errors["closes_at"] = "The window must close after it opens"
    else:
        if window.opens_at < start:
            errors["opens_at"] = (
                f"The window must open on or after {uk_date(system.go_live)}, when the {system.name} starts"
            )
        if window.closes_at > end:
            errors["closes_at"] = (
                f"The window must close before {uk_date(system.ends)}, when the {system.name} ends"
            )
        if window.evaluation_by is not None and window.evaluation_by < timezone.localdate(window.closes_at):
            errors["evaluation_by"] = "Evaluation must finish on or after the day the window closes"
    if was is not None and applications:
        if window.opens_at != was.opens_at:
            errors["opens_at"] = (
                f"{applications_text(applications)} made in this window: the time it opens cannot change"
            )
        if window.closes_at != was.closes_at and window.closes_at <= timezone.now():
            errors["closes_at"] = (
                f"{applications_text(applications)} made in this window: it cannot close in the past"
            )
    if errors:
        raise ValidationError(errors)
    overlapping = (
        system.windows.filter(opens_at__lt=window.closes_at, closes_at__gt=window.opens_at)
        .exclude(pk=window.pk)
        .order_by("opens_at")
        .first()
    )
    if overlapping:
        raise ValidationError(
            f"The window would overlap the {overlapping.name}, open from "
            f"{uk_time(overlapping.opens_at)} to {uk_time(overlapping.closes_at)}. "
            "Choose times outside it."
        )


def applications_text(count: int) -> str:
    """'1 application has been' / '3 applications have been'."""
    return f"{count} application has been" if count == 1 else f"{count} applications have been"


@transaction.atomic
def window_add(
    *,
    system: PurchasingSystem,
    name: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    evaluation_by: datetime.date | None = None,
    by,
) -> ApplicationWindow:
    """A new application window within the system's term, overlapping no other window of the system (so
    at most one window is open at any moment)."""
    system = _lock_system(system)
    _require_in_term(system, "application windows")
    window = ApplicationWindow(
        system=system, name=name, opens_at=opens_at, closes_at=closes_at, evaluation_by=evaluation_by
    )
    _check_window(window)
    window.full_clean()
    audit(window, by=by, reason="Window added")
    window.save()
    return window


@transaction.atomic
def window_change(
    *,
    window: ApplicationWindow,
    name: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    evaluation_by: datetime.date | None = None,
    by,
) -> ApplicationWindow:
    """Corrects a window. Once applications are made in it, the time it opens is fixed and it cannot be
    made to close before now (providers with drafts would lose them)."""
    _lock_system(window.system)
    window = ApplicationWindow.objects.select_for_update().select_related("system").get(pk=window.pk)
    was = ApplicationWindow(opens_at=window.opens_at, closes_at=window.closes_at)
    applications = window.applications.count()
    window.name, window.opens_at, window.closes_at = name, opens_at, closes_at
    window.evaluation_by = evaluation_by
    _check_window(window, applications=applications, was=was)
    window.full_clean()
    audit(window, by=by, reason="Window changed")
    window.save()
    return window


def window_removal_refusal(window: ApplicationWindow) -> str | None:
    """Why this window cannot be removed, or None if it can."""
    count = window.applications.count()
    if count:
        return (
            f"The {window.name} cannot be removed: {applications_text(count)} made in it. "
            "You can change its closing time instead."
        )
    return None


@transaction.atomic
def window_remove(*, window: ApplicationWindow, by) -> None:
    """Removes a window nobody has applied in (a mistake, or a window the council no longer runs)."""
    _lock_system(window.system)
    window = ApplicationWindow.objects.select_for_update().get(pk=window.pk)
    refusal = window_removal_refusal(window)
    if refusal:
        raise ValidationError(refusal)
    audit(window, by=by, reason="Window removed")
    window.delete()
