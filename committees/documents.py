"""The committees' PDFs that anyone may ask for, as stored documents (portal/documents.py, ADR 026): a
report, a meeting's minutes and a live scorecard appendix are built by the task worker once per version of
what they show and served from storage. Each is the same for everyone who may see it (the views check
who may), so one stored file serves them all.

Each `gather` reads everything its document shows and renders the print template to HTML; every read it
makes is a source of the document (a section, a paragraph, an appendix, the meeting a reference names,
the report's status...), so changing any of them makes the stored PDF out of date. The agenda pack keeps
its own record (committees/agenda_pack.py, ADR 031 and ADR 026 say why) and the same derivation.
"""

from __future__ import annotations

from portal import documents
from portal import permissions as perms
from portal.pdf import render_html

from . import queries
from .models import Appendix, Meeting, Report

REPORT = "committee-report"
MINUTES = "committee-minutes"
SCORECARD_APPENDIX = "committee-scorecard-appendix"


def report_html(key: str) -> str:
    report = Report.objects.get(pk=int(key))
    return render_html("committees/pdf/report.html", {**queries.report_page(report), "start_page": 1})


def report_filename(report: Report) -> str:
    reference = report.references.first()
    return f"{(reference.reference if reference else f'report-{report.pk}').replace('/', '-')}.pdf"


def minutes_html(key: str) -> str:
    meeting = queries.get_meeting(int(key))
    return render_html("committees/pdf/minutes.html", {**queries.minutes_context(meeting), "start_page": 1})


def minutes_filename(meeting: Meeting) -> str:
    return f"minutes-{meeting.committee.code}-{meeting.date:%Y-%m-%d}.pdf"


def scorecard_appendix_pdf(key: str) -> bytes:
    """The quarter's latest published version as laid out by the scorecard (its reads are this document's
    sources: a new published version makes the stored appendix out of date)."""
    appendix = Appendix.objects.get(pk=int(key), source=Appendix.Source.SCORECARD)
    data = appendix.scorecard_pdf()
    if data is None:
        raise Appendix.DoesNotExist(f"The scorecard quarter of appendix {key} is not published")
    return data


def edits_reports(user) -> bool:
    """Council staff who write or manage reports see their changes at once: built in their request."""
    return user.has_perm(perms.MANAGE_COMMITTEES) or user.has_perm(perms.DRAFT_REPORT)


def manages_committees(user) -> bool:
    return user.has_perm(perms.MANAGE_COMMITTEES)


def register() -> None:
    documents.register(
        documents.DocumentKind(
            name=REPORT, gather=report_html, filename=report_filename, build_inline_for=edits_reports
        )
    )
    documents.register(
        documents.DocumentKind(
            name=MINUTES, gather=minutes_html, filename=minutes_filename, build_inline_for=manages_committees
        )
    )
    documents.register(
        documents.DocumentKind(
            name=SCORECARD_APPENDIX,
            gather=scorecard_appendix_pdf,
            lay_out=bytes,  # the scorecard lays its PDF out while gathering: already a PDF
            filename=lambda appendix: f"appendix-{appendix.pk}.pdf",
        )
    )
