"""Telling a provider organisation something: an in-portal notification, and the same text by email to
each of its active users (or its main contact when it has none). The email goes the portal's one way
(portal/email.py): after the transaction commits, through the task worker, so a rolled-back change never
emails anyone."""

from __future__ import annotations

from commissioning.providers.models import Provider
from portal.email import absolute_url, send_email

from ..models import Notification


def recipients(provider: Provider) -> list[str]:
    """The organisation's active users' addresses, or its main contact's when it has none."""
    emails = sorted(
        {
            email
            for email in provider.memberships.filter(user__is_active=True).values_list(
                "user__email", flat=True
            )
            if email
        }
    )
    return emails or [provider.contact_email]


def provider_notify(*, provider: Provider, subject: str, body: str, link: str = "") -> Notification:
    """`link` is a path in the portal (e.g. the application's URL); the email gives it in full."""
    notification = Notification.objects.create(provider=provider, subject=subject, body=body, link=link)
    text = f"{body}\n\n{absolute_url(link)}" if link else body
    send_email(to=recipients(provider), subject=subject, body=text)
    return notification
