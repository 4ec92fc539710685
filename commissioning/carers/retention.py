"""Retention: carers whose referrals all closed more than CARERS_RETENTION_YEARS ago are anonymised, with
their history rows. What stays is what the statistics need (dates, route, carer type, need, services,
outcomes) and nothing that names or locates anyone."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from .models import CLOSED_STATUSES, Allocation, Carer, Contact, Referral

ANONYMISED = "Anonymised"
CARER_BLANKS = {
    "first_name": ANONYMISED,
    "last_name": "",
    "date_of_birth": None,
    "email": "",
    "phone": "",
    "address_line_1": "",
    "address_line_2": "",
    "town": "",
    "postcode": "",
    "gp_practice": "",
    "school": "",
    "caring_hours_per_week": None,
}
REFERRAL_BLANKS = {
    "referrer_name": "",
    "referrer_organisation": "",
    "referrer_contact": "",
    "reason": ANONYMISED,
    "crisis_details": "",
    "signposted_to": "",
    "assessor_notes": "",
    "closure_notes": "",
}


def carers_due(now=None):
    """Carers not yet anonymised, with no open referral, whose last referral closed before the cut-off."""
    cutoff = (now or timezone.now()) - timedelta(days=round(365.25 * settings.CARERS_RETENTION_YEARS))
    open_referrals = Referral.objects.filter(carer=OuterRef("pk")).exclude(status__in=CLOSED_STATUSES)
    return (
        Carer.objects.filter(anonymised_at__isnull=True)
        .annotate(last_closed=Max("referrals__closed_at"))
        .filter(~Exists(open_referrals), last_closed__lt=cutoff)
    )


@transaction.atomic
def anonymise_carers(carer_ids: list[int]) -> int:
    """Blank the personal data of these carers, their referrals, contacts and allocations' notes, and the
    same fields in every history row. Updates go straight to the tables, so no new history row carries
    the old values."""
    now = timezone.now()
    referrals = Referral.objects.filter(carer_id__in=carer_ids)
    referral_ids = list(referrals.values_list("pk", flat=True))
    Carer.objects.filter(pk__in=carer_ids).update(**CARER_BLANKS, anonymised_at=now)
    Carer.history.filter(id__in=carer_ids).update(**CARER_BLANKS, anonymised_at=now)
    referrals.update(**REFERRAL_BLANKS)
    Referral.history.filter(id__in=referral_ids).update(**REFERRAL_BLANKS)
    Contact.objects.filter(referral_id__in=referral_ids).update(notes=ANONYMISED)
    Allocation.objects.filter(referral_id__in=referral_ids).update(notes="")
    Allocation.history.filter(referral_id__in=referral_ids).update(notes="")
    # Who they care for stays (relationship, age band, main reason): nothing there names anyone.
    return len(carer_ids)
