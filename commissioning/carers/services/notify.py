"""Telling staff a referral needs attention: a link only, never personal data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from portal import permissions as perms
from portal.email import absolute_url, send_email

from ..models import Referral

SUBJECT = "A referral needs attention"


def _tell(referral: Referral, recipients: list[str]) -> None:
    link = absolute_url(referral.get_absolute_url())
    send_email(
        to=recipients,
        subject=SUBJECT,
        body=f"A referral to the Carers Hub needs attention. Sign in to see it:\n\n{link}\n",
    )


def referral_arrived(referral: Referral) -> None:
    """An online referral: the hub's shared mailbox (CARERS_HUB_EMAIL) is told."""
    _tell(referral, [settings.CARERS_HUB_EMAIL])


def assessor_emails() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=perms.Role.SOCIAL_CARE_ASSESSOR.label, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def sent_to_social_care(referral: Referral) -> None:
    """Moderate or high need: every active social care assessor is told."""
    _tell(referral, assessor_emails())
