"""What every funding write shares: validated and audited saves and deletes."""

from __future__ import annotations

from portal.audit import audit

from ..models import Round


def _save(obj, *, by, reason: str) -> None:
    obj.full_clean()
    audit(obj, by=by, reason=reason).save()


def _delete(obj, *, by, reason: str) -> None:
    audit(obj, by=by, reason=reason).delete()


def _locked_round(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)
