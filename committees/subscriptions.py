"""Email subscriptions to a committee: the signed links, the rate limit, and the emails.

Double opt-in: asking to subscribe sends one email, the confirmation, whose link carries the request
(committee, address, what about) signed with the site's key (`django.core.signing`, valid for
CONFIRM_DAYS). Nothing is stored until the link is followed and confirmed, so an address that never
confirms is never emailed again and is not kept. Every email sent to a subscriber has a one-click
unsubscribe link, also in the `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
headers (RFC 8058): a mail client POSTs to it and the subscription is deleted.

Emails go through `portal.email.send_email` (after commit, by the task worker); the notifications are
themselves a task (`committees.tasks.notify_subscribers`, queued by `services.common.queue_notification`)
when an agenda is published, minutes are approved or a decision is published. Nothing exempt (part 2)
is ever named in an email.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import ratelimit
from portal.email import absolute_url, send_email
from portal.timefmt import govuk_date, govuk_time

from .models import Committee, Decision, Meeting, Subscription

CONFIRM_SALT = "committees.subscription.confirm"
UNSUBSCRIBE_SALT = "committees.subscription.unsubscribe"
CONFIRM_DAYS = 3
EVENT_LABELS = dict(Subscription.Event.choices)


def rate_limit() -> int:
    """Confirmation emails one address may be sent in an hour (COMMITTEES_SUBSCRIBE_RATE_LIMIT, 3)."""
    return int(getattr(settings, "COMMITTEES_SUBSCRIBE_RATE_LIMIT", 3))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


# Links --------------------------------------------------------------------------------------------------


def confirm_token(committee: Committee, email: str, events: list[str]) -> str:
    return signing.dumps(
        {"c": committee.pk, "e": normalise_email(email), "v": sorted(set(events))}, salt=CONFIRM_SALT
    )


def read_confirm_token(token: str) -> dict | None:
    """The request the link carries, or None if it was altered or is older than CONFIRM_DAYS."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature:
        return None
    events = [event for event in data.get("v", []) if event in EVENT_LABELS]
    if not isinstance(data.get("c"), int) or not data.get("e") or not events:
        return None
    return {"committee_id": data["c"], "email": data["e"], "events": events}


def unsubscribe_token(subscription: Subscription) -> str:
    """ "<id>:<signature>": the signature's salt holds the address, so the link names no one."""
    return signing.Signer(salt=f"{UNSUBSCRIBE_SALT}:{subscription.email}").sign(str(subscription.pk))


def subscription_for_token(token: str) -> tuple[bool, Subscription | None]:
    """(looks valid, subscription). A link that is not of the form "<id>:<signature>" is not valid; one
    whose subscription has gone (unsubscribed already, or a new subscription since) gives (True, None);
    one whose signature does not match its subscription is not valid."""
    pk, _, _ = (token or "").partition(":")
    if not pk.isdigit() or len(pk) > 12:
        return False, None
    subscription = Subscription.objects.select_related("committee").filter(pk=int(pk)).first()
    if subscription is None:
        return True, None
    try:
        signing.Signer(salt=f"{UNSUBSCRIBE_SALT}:{subscription.email}").unsign(token)
    except signing.BadSignature:
        return False, None
    return True, subscription


# Subscribing --------------------------------------------------------------------------------------------


class RateLimited(Exception):
    """Too many confirmation emails to this address (or from this computer) in the last hour."""


def subscribe_request(*, committee: Committee, email: str, events: list[str], client: str = "") -> None:
    """Email the confirmation link, unless the address has had `rate_limit()` this hour (RateLimited).
    Nothing is stored but the rate limit's count (a keyed hash of the address)."""
    email = normalise_email(email)
    window = datetime.timedelta(hours=1)
    if ratelimit.exceeded("committee-subscribe", email, limit=rate_limit(), window=window):
        raise RateLimited()
    if client and ratelimit.exceeded(
        "committee-subscribe-ip", client, limit=rate_limit() * 10, window=window
    ):
        raise RateLimited()
    link = absolute_url(
        reverse("committees:subscription-confirm", args=[confirm_token(committee, email, events)])
    )
    about = "\n".join(f"- {EVENT_LABELS[event]}" for event in sorted(events))
    send_email(
        to=[email],
        subject=f"Confirm your subscription to the {committee.name}",
        body=(
            f"Someone, probably you, asked for emails about the {committee.name}:\n{about}\n\n"
            f"To confirm, follow this link within {CONFIRM_DAYS} days:\n{link}\n\n"
            "If it was not you, ignore this email: you will not be emailed again and your address is "
            "not kept."
        ),
    )


@transaction.atomic
def confirm(request_data: dict) -> Subscription | None:
    """Make (or change) the subscription the link asked for; None if the committee has gone."""
    committee = Committee.objects.filter(pk=request_data["committee_id"]).first()
    if committee is None:
        return None
    subscription, _ = Subscription.objects.update_or_create(
        committee=committee,
        email=request_data["email"],
        defaults={"events": request_data["events"], "confirmed_at": timezone.now()},
    )
    return subscription


@transaction.atomic
def unsubscribe(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).delete()


# Notifying ----------------------------------------------------------------------------------------------


def agenda_email(meeting: Meeting) -> tuple[str, str]:
    committee = meeting.committee
    items = [
        f"{item.number}. {item.title}"
        for item in meeting.agenda_items.filter(part=1).order_by("position", "pk")  # never part 2
    ]
    lines = [
        f"The agenda for the {committee.name} on {govuk_date(meeting.date)} at {govuk_time(meeting.time)} is "
        f"published.",
        f"Venue: {meeting.venue}",
        "",
        *items,
        "",
        f"Read the agenda and its reports: {absolute_url(meeting.get_absolute_url())}",
    ]
    return f"Agenda published: {committee.name}, {govuk_date(meeting.date)}", "\n".join(lines)


def minutes_email(meeting: Meeting) -> tuple[str, str]:
    committee = meeting.committee
    url = absolute_url(reverse("committees:minutes", args=[meeting.pk]))
    body = (
        f"The minutes of the {committee.name} on {govuk_date(meeting.date)} are approved.\n\nRead them: {url}"
    )
    return f"Minutes approved: {committee.name}, {govuk_date(meeting.date)}", body


def decision_email(decision: Decision) -> tuple[str, str]:
    url = absolute_url(reverse("committees:decision", args=[decision.pk]))
    body = f"A decision of the {decision.committee.name} is published: {decision.title}.\n\nRead it: {url}"
    return f"Decision published: {decision.title}", body


def notify(event: str, pk: int) -> int:
    """Email every confirmed subscriber of the committee who asked about `event`; returns how many. Only
    what the public may read: a published agenda, approved minutes, a published decision."""
    if event in (Subscription.Event.AGENDA, Subscription.Event.MINUTES):
        meeting = Meeting.objects.select_related("committee").filter(pk=pk).first()
        public = meeting is not None and (
            meeting.agenda_is_public if event == Subscription.Event.AGENDA else meeting.minutes_are_public
        )
        if not public:
            return 0
        committee = meeting.committee
        subject, body = (
            agenda_email(meeting) if event == Subscription.Event.AGENDA else minutes_email(meeting)
        )
    elif event == Subscription.Event.DECISION:
        decision = Decision.objects.select_related("committee").filter(pk=pk).first()
        if decision is None or decision.published_at is None or decision.committee_id is None:
            return 0
        committee = decision.committee
        subject, body = decision_email(decision)
    else:
        raise ValueError(f"Unknown subscription event {event!r}")
    sent = 0
    for subscription in Subscription.objects.filter(committee=committee, events__contains=[event]):
        url = absolute_url(reverse("committees:unsubscribe", args=[unsubscribe_token(subscription)]))
        sent += send_email(
            to=[subscription.email],
            subject=subject,
            body=f"{body}\n\nYou get these emails because you subscribed to the {committee.name}. "
            f"Unsubscribe with one click: {url}",
            headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
    return sent
