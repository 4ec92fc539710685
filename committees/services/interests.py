"""Writes to the register of members' interests: add, correct, end, remove (an entry made in error). Each
is one transaction, validated, with who and why in the history. Matching interests with the council's
business is `interest_matches`."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.audit import audit
from portal.timefmt import govuk_date

from ..models import Person, RegisteredInterest


@transaction.atomic
def interest_save(*, interest: RegisteredInterest, by=None, reason: str) -> RegisteredInterest:
    if interest.person_id and interest.person.kind == Person.Kind.OFFICER:
        raise ValidationError("Only members register interests: officers are not on the register")
    interest.full_clean()
    audit(interest, by=by, reason=reason)
    interest.save()
    return interest


@transaction.atomic
def interest_end(*, interest: RegisteredInterest, end: datetime.date, by=None) -> RegisteredInterest:
    interest = RegisteredInterest.objects.select_for_update().get(pk=interest.pk)
    interest.registered_to = end
    interest.full_clean()
    audit(interest, by=by, reason=f"Ended on {govuk_date(end)}")
    interest.save()
    return interest


@transaction.atomic
def interest_remove(*, interest: RegisteredInterest, by=None) -> None:
    """Only for an entry made in error: an interest that has ended is ended, not removed. The history
    keeps the removed entry, who removed it and when."""
    audit(interest, by=by, reason="Removed: recorded in error")
    interest.delete()
