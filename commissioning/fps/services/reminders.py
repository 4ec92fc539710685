"""Deadline reminders: providers with a draft application are emailed 7 days and 1 day before its window
closes; providers admitted to a lot (an active admission) that have not bid yet are emailed 2 days and 1
day before a package's bid deadline.

`send_due_reminders()` is run by the task worker (tasks.py), enqueued once a day by
`python manage.py send_fps_reminders`. It is idempotent: a reminder is a row whose unique constraint
admits it once, created before its email is queued in the same transaction, so running it twice, or in
two workers at once, sends each reminder once. When a run finds several reminders due for one deadline
(the job did not run for a while), only the nearest is sent. Withdrawn applications (not drafts), suspended
or removed admissions and deactivated organisations get none.
"""

from __future__ import annotations

import datetime
import math

from django.db import IntegrityError, transaction
from django.utils import timezone

from commissioning.providers.models import Provider

from ..models import Admission, Application, ApplicationWindow, Bid, Package, Reminder
from .common import link_to, uk_time
from .notify import provider_notify

WINDOW_DAYS = (7, 1)
BID_DAYS = (2, 1)


def due_threshold(deadline: datetime.datetime, thresholds, moment) -> int | None:
    """The nearest reminder due for this deadline: the smallest `days` with moment >= deadline - days,
    while the deadline has not passed."""
    if moment >= deadline:
        return None
    due = [days for days in thresholds if moment >= deadline - datetime.timedelta(days=days)]
    return min(due) if due else None


def days_left(deadline: datetime.datetime, moment=None) -> int:
    """Whole days left, rounded up: 'closes in 3 days' means within 3 days."""
    moment = moment or timezone.now()
    return max(0, math.ceil((deadline - moment).total_seconds() / 86400))


def closes_in(deadline: datetime.datetime, moment=None, verb: str = "closes") -> str:
    """'closes in 6 days', 'closes tomorrow', 'closes today', 'closed'."""
    moment = moment or timezone.now()
    if moment >= deadline:
        return "closed" if verb == "closes" else "passed"
    local_deadline, local_now = timezone.localdate(deadline), timezone.localdate(moment)
    days = (local_deadline - local_now).days
    if days == 0:
        return f"{verb} today"
    if days == 1:
        return f"{verb} tomorrow"
    return f"{verb} in {days} days"


def _record(**values) -> bool:
    """Creates the reminder row; False if it was already sent (the unique constraint)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(**values)
    except IntegrityError:
        return False
    return True


def window_reminders(moment) -> int:
    sent = 0
    windows = ApplicationWindow.objects.filter(
        closes_at__gt=moment, closes_at__lte=moment + datetime.timedelta(days=max(WINDOW_DAYS))
    ).select_related("system")
    for window in windows:
        days = due_threshold(window.closes_at, WINDOW_DAYS, moment)
        if days is None:
            continue
        drafts = (
            Application.objects.filter(
                window=window, status=Application.Status.DRAFT, provider__is_active=True
            )
            .select_related("provider")
            .order_by("pk")
        )
        for application in drafts:
            with transaction.atomic():
                if not _record(
                    kind=Reminder.Kind.WINDOW_CLOSING,
                    provider=application.provider,
                    window=window,
                    days_before=days,
                    sent_at=moment,
                ):
                    continue
                provider_notify(
                    provider=application.provider,
                    subject=(
                        f"Reminder: the {window.name} {closes_in(window.closes_at, moment)}: "
                        f"application {application.reference}"
                    ),
                    body=(
                        f"Your organisation's application {application.reference} to the "
                        f"{window.system.name} is not submitted yet. The {window.name} closes at "
                        f"{uk_time(window.closes_at)} (UK time): submit it before then, or it cannot be "
                        "considered."
                    ),
                    link=application.get_absolute_url(),
                )
                sent += 1
    return sent


def bid_reminders(moment) -> int:
    sent = 0
    packages = Package.objects.filter(
        status=Package.Status.PUBLISHED,
        bid_deadline__gt=moment,
        bid_deadline__lte=moment + datetime.timedelta(days=max(BID_DAYS)),
    ).select_related("lot")
    for package in packages:
        days = due_threshold(package.bid_deadline, BID_DAYS, moment)
        if days is None:
            continue
        admitted = Admission.objects.current().filter(lot_id=package.lot_id).values("provider_id")
        bidders = Bid.objects.filter(package=package).values("provider_id")
        providers = (
            Provider.objects.filter(is_active=True, pk__in=admitted)
            .exclude(pk__in=bidders)
            .order_by("name", "pk")
        )
        for provider in providers:
            with transaction.atomic():
                if not _record(
                    kind=Reminder.Kind.BID_DEADLINE,
                    provider=provider,
                    package=package,
                    days_before=days,
                    sent_at=moment,
                ):
                    continue
                provider_notify(
                    provider=provider,
                    subject=(
                        f"Reminder: bids for care package {package.reference} "
                        f"{closes_in(package.bid_deadline, moment)}"
                    ),
                    body=(
                        f"Your organisation has not bid for care package {package.reference} "
                        f"({package.title}) on {package.lot}. Bids close at {uk_time(package.bid_deadline)} "
                        "(UK time)."
                    ),
                    link=link_to("fps:package", package.reference),
                )
                sent += 1
    return sent


def send_due_reminders(moment=None) -> dict[str, int]:
    """Sends every reminder due now that has not been sent; returns how many of each kind."""
    moment = moment or timezone.now()
    return {"windows": window_reminders(moment), "bids": bid_reminders(moment)}
