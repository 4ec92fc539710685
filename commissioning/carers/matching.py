"""Likely duplicates: the carers already on record who may be the same person as a new referral's carer.

One query gathers the candidates through indexed equalities only (the same name, the same date of birth
with the same first or last name, the same telephone number, the same email address, the same surname at
the same postcode: PostgreSQL combines the indexes with a bitmap OR), then each is scored on the fields
that match. A candidate is offered when at least two of name, date of birth, postcode, telephone and
email match (surname and date of birth count as two), so one shared family email or landline alone is
not enough; the hub worker decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .models import Carer

LIMIT = 5
CANDIDATES = 50


@dataclass(frozen=True)
class Match:
    carer: Carer
    fields: tuple[str, ...]  # what matches, in words: "Name", "Date of birth", ...


def _matching_fields(carer: Carer, other: Carer) -> tuple[str, ...]:
    fields = []
    same_last = bool(carer.last_name_key) and carer.last_name_key == other.last_name_key
    same_first = bool(carer.first_name_key) and carer.first_name_key == other.first_name_key
    if same_last and same_first:
        fields.append("Name")
    elif same_last:
        fields.append("Last name")
    elif same_first:
        fields.append("First name")
    if carer.date_of_birth and carer.date_of_birth == other.date_of_birth:
        fields.append("Date of birth")
    if carer.postcode and carer.postcode == other.postcode:
        fields.append("Postcode")
    if carer.phone_key and carer.phone_key == other.phone_key:
        fields.append("Telephone")
    if carer.email and carer.email.lower() == other.email.lower():
        fields.append("Email")
    return tuple(fields)


def _is_likely(fields: tuple[str, ...]) -> bool:
    strong = {"Name", "Date of birth", "Postcode", "Telephone", "Email"}
    count = sum(1 for field in fields if field in strong)
    return count >= 2 or ("Last name" in fields and "Date of birth" in fields)


def likely_matches(carer: Carer, *, among=None) -> list[Match]:
    """Carers on record (not this one, not merged away, not anonymised) who may be `carer`, most
    matching fields first. `among` narrows the records searched (e.g. what a user may see)."""
    conditions = Q()
    if carer.last_name_key and carer.first_name_key:
        conditions |= Q(last_name_key=carer.last_name_key, first_name_key=carer.first_name_key)
    if carer.date_of_birth:
        if carer.last_name_key:
            conditions |= Q(date_of_birth=carer.date_of_birth, last_name_key=carer.last_name_key)
        if carer.first_name_key:
            conditions |= Q(date_of_birth=carer.date_of_birth, first_name_key=carer.first_name_key)
    if carer.phone_key:
        conditions |= Q(phone_key=carer.phone_key)
    if carer.email:
        conditions |= Q(email=carer.email.lower())
    if carer.postcode and carer.last_name_key:
        conditions |= Q(postcode=carer.postcode, last_name_key=carer.last_name_key)
    if not conditions:
        return []
    records = among if among is not None else Carer.objects.all()
    candidates = (
        records.filter(conditions)
        .filter(merged_into=None, anonymised_at=None)
        .exclude(pk=carer.pk)
        .order_by("-pk")[:CANDIDATES]
    )
    found = []
    for other in candidates:
        fields = _matching_fields(carer, other)
        if _is_likely(fields):
            found.append(Match(other, fields))
    found.sort(key=lambda match: (-len(match.fields), -match.carer.pk))
    return found[:LIMIT]
