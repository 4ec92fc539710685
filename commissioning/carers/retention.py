"""Retention: carers whose referrals all closed more than CARERS_RETENTION_YEARS ago are anonymised, with
their history rows. What stays is what the statistics need (dates, route, carer type, need, services,
outcomes) and nothing that names or locates anyone."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from .models import (
    CLOSED_STATUSES,
    Allocation,
    CaredForPerson,
    Carer,
    CaseDocument,
    CaseTask,
    Contact,
    Referral,
)

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
SEARCH_BLANKS = {"last_name_key": "", "first_name_key": "", "phone_key": "", "search_text": ""}
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
    """Carers not yet anonymised, with no open referral, whose last referral closed before the cut-off, or
    who have withdrawn their consent to the hub keeping their details."""
    cutoff = (now or timezone.now()) - timedelta(days=round(365.25 * settings.CARERS_RETENTION_YEARS))
    open_referrals = Referral.objects.filter(carer=OuterRef("pk")).exclude(status__in=CLOSED_STATUSES)
    return (
        Carer.objects.filter(anonymised_at__isnull=True, merged_into=None)
        .annotate(last_closed=Max("referrals__closed_at"))
        .filter(~Exists(open_referrals))
        .filter(Q(last_closed__lt=cutoff) | Q(consent_to_store=False))
    )


@transaction.atomic
def anonymise_carers(carer_ids: list[int]) -> int:
    """Blank the personal data of these carers, their referrals, contacts and allocations' notes, and the
    same fields in every history row. Updates go straight to the tables, so no new history row carries
    the old values."""
    now = timezone.now()
    referrals = Referral.objects.filter(carer_id__in=carer_ids)
    referral_ids = list(referrals.values_list("pk", flat=True))
    Carer.objects.filter(pk__in=carer_ids).update(**CARER_BLANKS, **SEARCH_BLANKS, anonymised_at=now)
    Carer.history.filter(id__in=carer_ids).update(**CARER_BLANKS, anonymised_at=now)
    referrals.update(**REFERRAL_BLANKS)
    Referral.history.filter(id__in=referral_ids).update(**REFERRAL_BLANKS)
    Contact.objects.filter(referral_id__in=referral_ids).update(notes=ANONYMISED)
    Allocation.objects.filter(referral_id__in=referral_ids).update(notes="")
    Allocation.history.filter(referral_id__in=referral_ids).update(notes="")
    CaseTask.objects.filter(referral_id__in=referral_ids).update(title=ANONYMISED, notes="")
    CaseTask.history.filter(referral_id__in=referral_ids).update(title=ANONYMISED, notes="")
    # Documents go altogether (the files once the transaction commits); their history rows keep no file.
    documents = CaseDocument.objects.filter(referral_id__in=referral_ids)
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    CaseDocument.history.filter(referral_id__in=referral_ids).update(title=ANONYMISED, original_name="")
    documents.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    # Who they care for stays (relationship, age band, needs); a name goes once no other carer, still on
    # record, looks after them.
    people = CaredForPerson.objects.filter(links__carer_id__in=carer_ids).exclude(
        links__carer__anonymised_at=None
    )
    person_ids = list(people.values_list("pk", flat=True))
    CaredForPerson.objects.filter(pk__in=person_ids).update(name="")
    CaredForPerson.history.filter(id__in=person_ids).update(name="")
    return len(carer_ids)
