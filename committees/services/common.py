"""What the committees' services share: refusing a delete, and deleting stored files after commit. (Who
changed what and why: `portal.audit.audit`.)"""

from __future__ import annotations

from django.db import transaction

from portal.confirm import Refused

from ..tasks import notify_subscribers


class CannotDelete(Refused):
    """The record may not be deleted; the message says why, for the page to show."""


def delete_files_on_commit(files) -> None:
    """Stored files (appendices, packs) go once the rows that named them are gone for good."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def queue_notification(event: str, pk: int) -> None:
    """After the change commits, the task worker emails the committee's subscribers (committees.tasks)."""
    transaction.on_commit(lambda: notify_subscribers.enqueue(event, pk))
