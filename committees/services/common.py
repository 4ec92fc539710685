"""What the committees' services share: the audit label and deleting stored files after commit."""

from __future__ import annotations

from django.db import transaction


def audit(obj, *, by, reason: str):
    """Label the next save of `obj` in its history: who (`by`) and why."""
    obj._history_user = by
    obj._change_reason = reason
    return obj


class CannotDelete(Exception):
    """The record may not be deleted; the message says why, for the page to show."""


def delete_files_on_commit(files) -> None:
    """Stored files (appendices, packs) go once the rows that named them are gone for good."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
