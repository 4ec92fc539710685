"""The access log: who looked at (or exported) which carer's record."""

from __future__ import annotations

from ..models import Carer, RecordView, Referral


def record_view(*, user, carer: Carer, what: str, referral: Referral | None = None) -> RecordView:
    """Log that `user` looked at (or exported) this carer's record."""
    return RecordView.objects.create(user=user, carer=carer, referral=referral, what=what)
