"""Audit trails as events for the history table component (`{% history_table events %}`).

Each record whose changes matter keeps its own django-simple-history table. A page shows a record's
history, or several records' histories merged, as events: when, who, what (the change reason the service
gave, else "Created"/"Changed"/"Deleted"), which record (`subject`) and which fields changed. The fields
changed are worked out by comparing each history row with the previous row of the same record, so one
query per history table is enough, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

# Bookkeeping that changes with every save and says nothing to a reader.
IGNORED_FIELDS = {"id", "updated_at", "search_vector"}

TYPE_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Event:
    when: datetime
    who: object  # the user, or None for the portal itself
    what: str
    subject: str = ""  # which record, when several are merged: "Lot 2", "Bid from ..."
    changed: list[str] = field(default_factory=list)
    history_id: int = 0

    @property
    def who_label(self) -> str:
        return str(self.who) if self.who else "The portal"


def events(
    records: Iterable, subject: Callable[[object], str] | str = "", ignore: Iterable[str] = ()
) -> list[Event]:
    """Events for one history table's rows (any order). `subject` names the record of each row (a
    string, or a function of the history row); fields in `ignore` are not listed as changed."""
    ignored = IGNORED_FIELDS | set(ignore)
    subject_of = subject if callable(subject) else (lambda record: subject)
    found = []
    previous_by_id: dict[object, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        older = previous_by_id.get(record.id)
        changed = []
        if older is not None and record.history_type == "~":
            changed = [
                str(f.verbose_name)
                for f in record.tracked_fields
                if f.name not in ignored and getattr(record, f.attname) != getattr(older, f.attname)
            ]
        previous_by_id[record.id] = record
        found.append(
            Event(
                when=record.history_date,
                who=record.history_user,
                what=record.history_change_reason or TYPE_LABELS.get(record.history_type, "Changed"),
                subject=subject_of(record),
                changed=changed,
                history_id=record.history_id,
            )
        )
    return found


def newest_first(found: Iterable[Event]) -> list[Event]:
    return sorted(found, key=lambda e: (e.when, e.history_id), reverse=True)


def record_history(
    obj, subject: str = "", *, limit: int | None = None, ignore: Iterable[str] = ()
) -> list[Event]:
    """One record's history, newest first (one query); the newest `limit` events when given."""
    rows = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    if limit is not None:
        rows = rows[: limit + 1]  # one more, to tell what the oldest shown event changed
    found = newest_first(events(rows, subject, ignore))
    return found[:limit] if limit is not None else found


def merged(*sources: tuple[Iterable, Callable[[object], str] | str]) -> list[Event]:
    """Several history tables' rows as one list, newest first: `merged((rows, "Application"), ...)`."""
    return newest_first(event for rows, subject in sources for event in events(rows, subject))
