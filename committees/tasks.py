"""Background work for committees: the agenda pack (docs/adr/007).

`build_agenda_pack` runs in a `python manage.py db_worker` process (django-tasks' database backend); in
tests the immediate backend runs it inline. It renders the public pack with `committees.pdf.pack_pdf`,
saving its progress on the `AgendaPack` row as it goes, and stores the PDF under MEDIA_ROOT (private: it
is served only by the `pack-pdf` view, which checks access)."""

from __future__ import annotations

import hashlib
import logging

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django_tasks import task

from scorecard.models import FinancialYear, ScorecardQuarter, ScorecardVersion

from .models import (
    Action,
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    Person,
    Report,
    ReportReference,
    ReportSection,
    WorkProgrammeItem,
)

logger = logging.getLogger(__name__)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def pack_fingerprint(meeting: Meeting) -> str:
    """A digest of everything the public pack is made from, in one query: the meeting and its committee,
    its agenda, the reports on it (sections, paragraphs, references, appendices), the minutes it takes
    (of earlier meetings) with their attendance, declarations and actions, the members and the work
    programme, and the published versions of the scorecard quarters its live appendices show. Any change
    to these rows makes a built pack stale (each row is read as PostgreSQL's `row::text`). This meeting's
    own minutes and attendance are not in its pack, so they do not count."""
    t = {model.__name__: _table(model) for model in FINGERPRINT_MODELS}
    # Table names come from the models; the meeting's id is the query's only parameter.
    ids = [
        ("items", "SELECT report_id, minutes_of_id FROM {AgendaItem} WHERE meeting_id = %(meeting)s"),
        ("reports", "SELECT report_id AS id FROM items WHERE report_id IS NOT NULL"),
        ("taken", "SELECT minutes_of_id AS id FROM items WHERE minutes_of_id IS NOT NULL"),
        ("meetings", "SELECT %(meeting)s AS id UNION SELECT id FROM taken"),
        ("committees_of", "SELECT committee_id AS id FROM {Meeting} WHERE id IN (SELECT id FROM meetings)"),
        ("sections", "SELECT id FROM {ReportSection} WHERE report_id IN (SELECT id FROM reports)"),
        ("minutes", "SELECT id FROM {Minute} WHERE meeting_id IN (SELECT id FROM taken)"),
        (
            # The published scorecard quarters the reports' live appendices show (a new version counts).
            "scorecards",
            "SELECT q.id FROM {ScorecardQuarter} q JOIN {FinancialYear} y ON y.id = q.year_id"
            " JOIN {Appendix} a ON a.scorecard_year = y.start_year AND a.scorecard_quarter = q.quarter"
            " WHERE a.source = 'scorecard' AND a.report_id IN (SELECT id FROM reports)",
        ),
        (
            "people",
            "SELECT person_id AS id FROM {Membership} WHERE committee_id IN (SELECT id FROM committees_of)"
            " UNION SELECT person_id FROM {Attendance} WHERE meeting_id IN (SELECT id FROM taken)",
        ),
    ]
    tables = [
        ("Meeting", "id IN (SELECT id FROM meetings)"),
        ("Committee", "id IN (SELECT id FROM committees_of)"),
        ("AgendaItem", "meeting_id = %(meeting)s"),
        ("Report", "id IN (SELECT id FROM reports)"),
        ("ReportSection", "id IN (SELECT id FROM sections)"),
        ("Paragraph", "section_id IN (SELECT id FROM sections)"),
        ("ReportReference", "report_id IN (SELECT id FROM reports)"),
        ("Appendix", "report_id IN (SELECT id FROM reports)"),
        ("Minute", "id IN (SELECT id FROM minutes)"),
        ("Attendance", "meeting_id IN (SELECT id FROM taken)"),
        ("Declaration", "meeting_id IN (SELECT id FROM taken)"),
        ("Action", "minute_id IN (SELECT id FROM minutes)"),
        ("Membership", "committee_id IN (SELECT id FROM committees_of)"),
        ("Person", "id IN (SELECT id FROM people)"),
        ("WorkProgrammeItem", "committee_id IN (SELECT id FROM committees_of)"),
        ("ScorecardVersion", "scorecard_quarter_id IN (SELECT id FROM scorecards)"),
    ]
    with_clause = ", ".join(f"{name} AS ({query.format(**t)})" for name, query in ids)
    aggregate = "coalesce((SELECT string_agg(r::text, ',' ORDER BY r.id) FROM {} r WHERE {}), '')"
    aggregates = ", ".join(
        aggregate.replace("{}", t[model], 1).replace("{}", where, 1) for model, where in tables
    )
    sql = "WITH " + with_clause + " SELECT concat_ws('|', " + aggregates + ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"meeting": meeting.pk})
        (text,) = cursor.fetchone()
    return hashlib.sha256(text.encode()).hexdigest()


FINGERPRINT_MODELS = [
    Action,
    AgendaItem,
    Appendix,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    Person,
    Report,
    ReportReference,
    ReportSection,
    WorkProgrammeItem,
    FinancialYear,
    ScorecardQuarter,
    ScorecardVersion,
]


def _save_progress(pack: AgendaPack, message: str, percent: int) -> None:
    pack.progress_message = message[:300]
    pack.progress_percent = max(0, min(100, percent))
    pack.progress_at = timezone.now()
    AgendaPack.objects.filter(pk=pack.pk).update(
        progress_message=pack.progress_message,
        progress_percent=pack.progress_percent,
        progress_at=pack.progress_at,
    )


@task()
def build_agenda_pack(pack_id: int) -> int:
    """Build the public agenda pack `pack_id` and store it. Returns its page count. A failure is recorded
    on the pack (status failed, with the error) and raised again so the task result says failed too."""
    from . import pdf

    pack = AgendaPack.objects.select_related("meeting", "meeting__committee").get(pk=pack_id)
    if pack.status != AgendaPack.Status.QUEUED:
        logger.warning("Agenda pack %s is %s, not queued: not built again", pack.pk, pack.status)
        return pack.pages
    meeting = pack.meeting
    pack.status = AgendaPack.Status.RUNNING
    pack.started_at = pack.progress_at = timezone.now()
    pack.progress_message = "Starting"
    # The documents as they are now: a change made while the pack is built makes it stale at once.
    pack.fingerprint = pack_fingerprint(meeting)
    pack.save(update_fields=["status", "started_at", "progress_at", "progress_message", "fingerprint"])
    try:
        documents = sum(len(entry.documents) for entry in pdf.pack_items(meeting, AnonymousUser()))
        steps = documents + 2  # the front sheet laid out, each document, the front sheet with ranges
        done = 0

        def progress(label: str) -> None:
            nonlocal done
            done += 1
            # Should the front sheet change length, the documents are numbered again: stay below 100.
            _save_progress(pack, label, min(99, done * 100 // steps))

        data = pdf.pack_pdf(meeting, progress=progress)
        pack.file.save(f"agenda-pack-{pack.pk}.pdf", ContentFile(data), save=False)
        pack.pages = pdf.page_count(data)
        pack.size = len(data)
        pack.status = AgendaPack.Status.DONE
        pack.progress_message = "Ready"
        pack.progress_percent = 100
        pack.finished_at = timezone.now()
        pack.save()
        # Only the newest built pack is served: earlier files go (their rows stay, as a record).
        older = AgendaPack.objects.filter(meeting=meeting, public=True, pk__lt=pack.pk).exclude(file="")
        for old in older:
            old.file.delete(save=True)
    except Exception as error:
        logger.exception("Agenda pack %s of %s failed", pack.pk, meeting)
        AgendaPack.objects.filter(pk=pack.pk).update(
            status=AgendaPack.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    return pack.pages
