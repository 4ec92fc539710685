"""The carers hub's background work (django-tasks; `manage.py db_worker` runs it). Arguments are ids,
never personal data."""

from __future__ import annotations

from django_tasks import task

from portal.email import send_email

from .messages import MESSAGES
from .models import Carer, Referral
from .services.consent import may_contact
from .texts import send_text
from .validation import is_mobile


@task()
def message_carer(*, carer_id: int, referral_id: int, kind: str) -> str:
    """Email (or else text) the carer one of the hub's messages. Consent is checked now, when the message
    is sent, not when it was queued: a withdrawal made meanwhile stops it. Returns how it went."""
    carer = Carer.objects.filter(pk=carer_id).first()
    referral = Referral.objects.filter(pk=referral_id).only("reference").first()
    if carer is None or referral is None:
        return "gone"
    subject, text = MESSAGES[kind]
    if carer.email and may_contact(carer_id, "email"):
        send_email(to=[carer.email], subject=subject, body=text(referral.reference))
        return "email"
    if carer.phone and is_mobile(carer.phone) and may_contact(carer_id, "text"):
        send_text(to=carer.phone, body=f"Carers Hub: {text(referral.reference)}")
        return "text"
    return "no consent"
