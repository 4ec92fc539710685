"""Small helpers the contracts services share: the audit trail, UK dates in messages, emails to a provider."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from commissioning.providers.models import Provider

from ..models import ProviderQuality


def audit(obj, *, by, reason: str) -> None:
    """The next save of `obj` records who made it and why in its history."""
    obj._history_user = by
    obj._change_reason = reason


def uk_date(day: datetime.date) -> str:
    """'1 December 2026'."""
    return f"{day.day} {day:%B %Y}"


def provider_emails(provider: Provider) -> list[str]:
    """The provider's active users' addresses, or its main contact's when it has none."""
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


def email_provider(*, provider: Provider, subject: str, body: str, link: str = "") -> None:
    """Emails the provider's users after the transaction commits (a rolled-back change emails no one)."""
    text = body
    if link:
        text = f"{body}\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{link}"
    text += f"\n\n{settings.SERVICE_NAME}, {settings.COUNCIL_NAME}"
    messages = [(subject, text, settings.DEFAULT_FROM_EMAIL, [email]) for email in provider_emails(provider)]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def quality_record(provider: Provider) -> ProviderQuality:
    """The provider's quality record, made (due for a visit now, low risk) the first time it is needed."""
    record, created = ProviderQuality.objects.get_or_create(
        provider=provider, defaults={"next_visit_due": timezone.localdate()}
    )
    return record
