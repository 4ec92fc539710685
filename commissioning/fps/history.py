"""The audit trail of an application or a package, as one list of events, newest first.

Each record whose changes matter keeps its own django-simple-history table. A page shows them merged:
the record and its children (an application's lots, section evaluations and clarifications; a package's
bids), each event with when, who, what (the change reason the service gave) and which fields changed.
One query per history table, whatever the number of events: the fields changed are worked out here by
comparing each history row with the previous row of the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .models import Application, ApplicationLot, Bid, Clarification, Package, SectionEvaluation

# Bookkeeping that changes with every save and says nothing to a reader.
IGNORED_FIELDS = {"id", "updated_at"}

TYPE_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Event:
    when: datetime
    who: object  # the user, or None for the portal itself
    what: str
    subject: str  # which record: "Application", "Lot 2", "Section 3 evaluation", "Clarification"
    changed: list[str] = field(default_factory=list)
    history_id: int = 0

    @property
    def who_label(self) -> str:
        return str(self.who) if self.who else "The portal"


def _events(records, subject_of) -> list[Event]:
    """Events for one history table's rows (any order); each row compared with the previous row of its
    own record for the fields it changed."""
    events = []
    previous_by_id: dict[int, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        tracked = [f for f in record.tracked_fields if f.name not in IGNORED_FIELDS]
        older = previous_by_id.get(record.id)
        changed = []
        if older is not None and record.history_type == "~":
            changed = [
                str(f.verbose_name)
                for f in tracked
                if getattr(record, f.attname) != getattr(older, f.attname)
            ]
        previous_by_id[record.id] = record
        events.append(
            Event(
                when=record.history_date,
                who=record.history_user,
                what=record.history_change_reason or TYPE_LABELS.get(record.history_type, "Changed"),
                subject=subject_of(record),
                changed=changed,
                history_id=record.history_id,
            )
        )
    return events


def _newest_first(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.when, e.history_id), reverse=True)


def application_history(application: Application) -> list[Event]:
    """Everything that happened to an application: itself, its lots (decisions), its section evaluations
    and its clarifications. Four queries."""
    own = application.history.select_related("history_user")
    lots = ApplicationLot.history.filter(application_id=application.pk).select_related("history_user", "lot")
    evaluations = SectionEvaluation.history.filter(application_id=application.pk).select_related(
        "history_user", "section"
    )
    clarifications = Clarification.history.filter(application_id=application.pk).select_related(
        "history_user", "section"
    )
    events = [
        *_events(own, lambda r: "Application"),
        *_events(lots, lambda r: f"Lot {r.lot.number}" if r.lot else "Lot"),
        *_events(
            evaluations, lambda r: f"Section {r.section.number} evaluation" if r.section else "Evaluation"
        ),
        *_events(
            clarifications,
            lambda r: f"Clarification on section {r.section.number}" if r.section else "Clarification",
        ),
    ]
    return _newest_first(events)


def package_history(package: Package, *, with_bids: bool | None = None) -> list[Event]:
    """Everything that happened to a package and its bids. Two queries.

    Bids are sealed until the deadline: unless told otherwise, their events are shown only once the
    package's bids may be seen (Package.bids_visible), so the history does not say who has bid before then.
    """
    if with_bids is None:
        with_bids = package.bids_visible()
    own = package.history.select_related("history_user")
    events = _events(own, lambda r: "Package")
    if with_bids:
        bids = Bid.history.filter(package_id=package.pk).select_related("history_user", "provider")
        events += _events(bids, lambda r: f"Bid from {r.provider.name}" if r.provider else "Bid")
    return _newest_first(events)
