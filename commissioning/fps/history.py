"""The audit trail of an application or a package, as one list of events, newest first.

Each record whose changes matter keeps its own django-simple-history table. A page shows them merged:
the record and its children (an application's lots, section evaluations and clarifications; a package's
bids), each event with when, who, what (the change reason the service gave) and which fields changed.
One query per history table, whatever the number of events: the fields changed are worked out here by
comparing each history row with the previous row of the same record.
"""

from __future__ import annotations

from portal.history import Event, merged

from .models import (
    Application,
    ApplicationLot,
    Bid,
    Clarification,
    Package,
    PublicQuestion,
    SectionEvaluation,
)


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
    return merged(
        (own, "Application"),
        (lots, lambda r: f"Lot {r.lot.number}" if r.lot else "Lot"),
        (evaluations, lambda r: f"Section {r.section.number} evaluation" if r.section else "Evaluation"),
        (
            clarifications,
            lambda r: f"Clarification on section {r.section.number}" if r.section else "Clarification",
        ),
    )


def package_history(package: Package, *, with_bids: bool | None = None) -> list[Event]:
    """Everything that happened to a package and its bids. Two queries.

    Bids are sealed until the deadline: unless told otherwise, their events are shown only once the
    package's bids may be seen (Package.bids_visible), so the history does not say who has bid before then.
    """
    if with_bids is None:
        with_bids = package.bids_visible()
    sources = [(package.history.select_related("history_user"), "Package")]
    if with_bids:
        bids = Bid.history.filter(package_id=package.pk).select_related("history_user", "provider")
        sources.append((bids, lambda r: f"Bid from {r.provider.name}" if r.provider else "Bid"))
    return merged(*sources)


def question_history(item: PublicQuestion) -> list[Event]:
    """Who asked, published, corrected or answered a question, and when. One query."""
    return merged((item.history.select_related("history_user"), "Question"))
