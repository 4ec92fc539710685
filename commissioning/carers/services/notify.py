"""Telling staff a referral needs attention (a link only, never personal data), and telling carers and
referrers their reference (never anything about health)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from portal import permissions as perms
from portal.email import absolute_url, send_email

from .. import tasks
from ..messages import CONFIRMATION_SUBJECT, confirmation_text
from ..models import Referral, ReferrerType
from ..texts import send_text
from ..validation import is_email, is_mobile

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


# --- Messages to carers and referrers: the reference, never anything about health -------------------------
def referral_confirmation(referral: Referral) -> None:
    """After an online referral: the reference to whoever sent it, by email or else text message. To
    the carer only as they agreed to be contacted (checked again when it is sent); to a referrer at the
    address they gave for this referral. Nothing about the carer or the person they look after."""
    if referral.referrer_type == ReferrerType.SELF:
        transaction.on_commit(
            lambda: tasks.message_carer.enqueue(
                carer_id=referral.carer_id, referral_id=referral.pk, kind="confirmation"
            )
        )
        return
    contact = (referral.referrer_contact or "").strip()
    if is_email(contact):
        send_email(to=[contact], subject=CONFIRMATION_SUBJECT, body=confirmation_text(referral.reference))
    elif is_mobile(contact):
        send_text(to=contact, body=f"Carers Hub: {confirmation_text(referral.reference)}")
