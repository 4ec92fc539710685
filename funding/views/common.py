"""The permission checks the funding views use (named once in portal/permissions.py)."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required

from portal import permissions as perms

from ..tables import LedgerEntryTable

view_funding = permission_required(perms.VIEW_FUNDING, raise_exception=True)
manage_money = permission_required(perms.MANAGE_FUNDING_MONEY, raise_exception=True)
export_funding = permission_required(perms.EXPORT_FUNDING, raise_exception=True)


def can_manage(user) -> bool:
    return user.has_perm(perms.MANAGE_FUNDING_MONEY)


def can_export(user) -> bool:
    return user.has_perm(perms.EXPORT_FUNDING)


def ledger_table(entries) -> LedgerEntryTable:
    return LedgerEntryTable(list(entries), council_name=settings.COUNCIL_NAME)
