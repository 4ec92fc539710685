"""What every carers service shares: the roles' permissions, the permission check and the audited save."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal import permissions as perms
from portal.audit import audit

HUB = perms.CHANGE_CARERS_REFERRALS
ASSESSOR = perms.ASSESS_CARERS_REFERRALS


def check_permission(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("Your role cannot take this step.")


def save_audited(record, *, by, reason: str):
    """Validate and save `record`, its history row saying who and why (a fixed phrase: no personal data)."""
    record.full_clean()
    audit(record, by=by, reason=reason)
    record.save()
    return record
