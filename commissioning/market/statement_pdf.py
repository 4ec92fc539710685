"""The whole statement as a PDF, stored and served from storage: no request renders it.

The PDF is built by the task worker (build_statement_pdf, below) from the same page data as the live pages
(queries.statement) and stored under MEDIA_ROOT. A stored PDF is current while the statement's records are
unchanged since it was built (queries.content_stamp) and it is younger than MARKET_PDF_MAX_AGE_HOURS (24 by
default: the live supply figures in it change without anyone editing the statement). A request that finds no
current PDF starts one build for that content (a database constraint makes it one, however many ask at once)
and gets a page saying it is being prepared, with the last PDF if there is one. A build that has made no
progress for MARKET_PDF_TIMEOUT_MINUTES (10) is taken to have died with its worker and is started again.

This is the market's own small version of the portal's stored-documents mechanism, which is being built
in portal/ at the same time; once that lands, this module should use it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.http import http_date
from django_tasks import task

from portal.pdf import page_count, render_pdf

from . import population, queries
from .models import StatementPdf

logger = logging.getLogger(__name__)

Status = StatementPdf.Status
FILENAME = "market-position-statement.pdf"


def max_age() -> timedelta:
    return timedelta(hours=getattr(settings, "MARKET_PDF_MAX_AGE_HOURS", 24))


def timeout() -> timedelta:
    return timedelta(minutes=getattr(settings, "MARKET_PDF_TIMEOUT_MINUTES", 10))


@dataclass
class PdfState:
    current: StatementPdf | None = None  # ready and up to date: serve it
    previous: StatementPdf | None = None  # ready but older than the statement's last change
    building: StatementPdf | None = None  # being prepared now
    failed: bool = False


def latest_ready() -> StatementPdf | None:
    return StatementPdf.objects.latest_done()


def _fresh(document: StatementPdf, stamp: str) -> bool:
    return document.content_stamp == stamp and document.generated_at >= timezone.now() - max_age()


def state(*, start_if_needed: bool = False) -> PdfState:
    """What a visitor asking for the PDF gets now; with `start_if_needed`, a missing build is started."""
    stamp = queries.content_stamp()
    done = StatementPdf.objects.latest_done()
    if done is not None and _fresh(done, stamp):
        return PdfState(current=done)
    building = StatementPdf.objects.filter(
        content_stamp=stamp, status__in=[Status.PENDING, Status.BUILDING]
    ).first()
    if building is not None and _stalled(building):
        StatementPdf.objects.filter(pk=building.pk).update(
            status=Status.FAILED, error="No progress: started again"
        )
        building = None
    if building is None and start_if_needed:
        building = request_build(stamp)
        if building is not None and building.status == Status.DONE:  # built at once (tests run tasks inline)
            return PdfState(current=building)
    failed = building is not None and building.status == Status.FAILED
    return PdfState(previous=done, building=None if failed else building, failed=failed)


def _stalled(document: StatementPdf) -> bool:
    last = document.progress_at or document.requested_at
    return last < timezone.now() - timeout()


def request_build(stamp: str) -> StatementPdf | None:
    """Record a build of the statement as it is now and hand it to the task worker after commit."""
    try:
        with transaction.atomic():
            document = StatementPdf.objects.create(content_stamp=stamp)
    except IntegrityError:  # someone else started the same build a moment ago
        return StatementPdf.objects.filter(
            content_stamp=stamp, status__in=[Status.PENDING, Status.BUILDING]
        ).first()
    transaction.on_commit(lambda: build_statement_pdf.enqueue(document.pk))
    document.refresh_from_db()
    return document


def context(*, generated_at) -> dict:
    """What the PDF shows: every published market, as the public sees it, and the population tables."""
    from . import charts  # matplotlib loads only where a chart is drawn

    tables = population.build()
    return {
        "chapters": queries.statement(AnonymousUser()),
        "tables": tables,
        "bands": population.BANDS,
        "table_1_title": population.TABLE_1_TITLE,
        "table_2_title": population.TABLE_2_TITLE,
        "chart_1": charts.table_1_chart(tables) if tables else None,
        "chart_2": charts.table_2_chart(tables) if tables else None,
        "generated_at": generated_at,
    }


def render(*, generated_at=None) -> bytes:
    return render_pdf("market/pdf/statement.html", context(generated_at=generated_at or timezone.now()))


def build(document: StatementPdf) -> StatementPdf:
    """Render and store one PDF (the task's body; tests call it directly)."""
    StatementPdf.objects.filter(pk=document.pk).update(status=Status.BUILDING, progress_at=timezone.now())
    generated_at = timezone.now()
    data = render(generated_at=generated_at)
    document.file.save(f"statement-{document.pk}.pdf", ContentFile(data), save=False)
    document.status = Status.DONE
    document.generated_at = generated_at
    document.progress_at = timezone.now()
    document.pages = page_count(data)
    document.save()
    return document


def file_response(document: StatementPdf) -> FileResponse:
    """The stored file as a download (never rendered for the request)."""
    handle = document.file.open("rb")
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=FILENAME)
    response["Last-Modified"] = http_date(document.generated_at.timestamp())
    return response


__all__ = ["FILENAME", "PdfState", "build", "file_response", "latest_ready", "request_build", "state"]


# The worker's task (python manage.py db_worker; inline in tests) ------------------------------------------


@task()
def build_statement_pdf(document_id: int) -> None:
    document = StatementPdf.objects.filter(pk=document_id, status=StatementPdf.Status.PENDING).first()
    if document is None:  # already built, or given up on
        return
    try:
        build(document)
    except Exception as error:  # recorded on the row, so the page can say the build failed
        logger.exception("The market position statement PDF %s failed", document_id)
        StatementPdf.objects.filter(pk=document_id).update(
            status=StatementPdf.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
