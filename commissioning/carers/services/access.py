"""The access log: who looked at (or exported) which carer's record, and who searched for whom."""

from __future__ import annotations

from ..models import Carer, RecordView, Referral


def record_view(
    *, user, carer: Carer | None, what: str, referral: Referral | None = None, details: dict | None = None
) -> RecordView:
    """Log that `user` looked at (or exported) this carer's record, or (no carer) an export of many."""
    return RecordView.objects.create(
        user=user, carer=carer, referral=referral, what=what, details=details or {}
    )


def record_search(*, user, criteria: list[str], carers: list[Carer]) -> None:
    """A search: one row saying what was searched by (the criteria's names, never what was typed) and
    how many were shown, and one row for each carer shown, on that carer's own access log. One insert."""
    rows = [RecordView(user=user, carer=None, what="search", details={"by": criteria, "shown": len(carers)})]
    rows += [RecordView(user=user, carer=carer, what="search result") for carer in carers]
    RecordView.objects.bulk_create(rows)
