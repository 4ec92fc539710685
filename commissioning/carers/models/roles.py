"""Who may see carers' records: the two roles' tests, shared by the querysets."""

from __future__ import annotations

from portal import permissions as perms


def sees_all_referrals(user) -> bool:
    return user.is_authenticated and user.has_perm(perms.VIEW_CARERS_REFERRALS)


def is_assessor(user) -> bool:
    return user.is_authenticated and user.has_perm(perms.ASSESS_CARERS_REFERRALS)
