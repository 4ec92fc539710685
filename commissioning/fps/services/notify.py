"""Telling a provider organisation something: an in-portal notification, and the same text by email to
each of its active users (or its main contact when it has none). Sent after the transaction commits, so a
rolled-back change never emails anyone."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from commissioning.providers.models import Provider

from ..models import Notification


def provider_notify(*, provider: Provider, subject: str, body: str, link: str = "") -> Notification:
    """`link` is a path in the portal (e.g. the application's URL); the email gives it in full."""
    notification = Notification.objects.create(provider=provider, subject=subject, body=body, link=link)
    recipients = sorted(
        {
            email
            for email in provider.memberships.filter(user__is_active=True).values_list(
                "user__email", flat=True
            )
            if email
        }
    ) or [provider.contact_email]
    text = body
    if link:
        text = f"{body}\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{link}"
    text += f"\n\n{settings.SERVICE_NAME}, {settings.COUNCIL_NAME}"
    messages = [(subject, text, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return notification
