"""Documents on demand stay cheap (issue 13, ADR 024 and ADR 026): generated PDFs are built once per version
of their inputs by the task worker, stored under MEDIA_ROOT, and served from storage until an input changes.
No anonymous request ever renders a PDF: it gets "being prepared" (202, the page refreshes) and then the
file. Anonymous build requests are limited per address (DOCUMENT_BUILDS_PER_ADDRESS an hour); staff whom a
kind names may have a missing document built in their own request.

A document's version is derived from what it reads (portal/sources.py, the agenda pack's fingerprint made
general): the build records every SELECT its `gather` step runs and keeps them as the document's
`sources`; the document is current while those reads return the same rows (one query) and the print
templates are unchanged. Nobody lists a document's inputs, so none can be forgotten.

An app registers each kind of document once, in its AppConfig.ready (the worker needs it too):

    documents.register(documents.DocumentKind(
        name="committee-report",
        gather=report_html,                  # key -> everything the document shows (all its reads)
        filename=lambda report: "....pdf",   # of the object the view has
    ))                                       # lay_out: HTML -> PDF unless the kind says otherwise

and its view answers with `documents.respond(request, "committee-report", report)` once it has checked
that the user may see the object: the stored file is served to whoever the view lets through, so the
document must not depend on who asks.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header, http_date
from django.utils.text import slugify
from django_tasks import task

from portal import ratelimit, sources
from portal.models import StoredDocument

logger = logging.getLogger(__name__)
Status = StoredDocument.Status


def html_to_pdf(html: str) -> bytes:
    from portal.pdf import layout_html, write_pdf

    return write_pdf(layout_html(html))


def nobody(user) -> bool:
    return False


@dataclass(frozen=True)
class DocumentKind:
    name: str
    # Everything the document shows, read from its key (the task worker has only the key): every read made
    # here is one of the document's sources. Usually the print template rendered to HTML.
    gather: Callable[[str], Any]
    filename: Callable[[object], str]  # the download's name, from the object the view has
    # The document from what `gather` returned; it must read nothing (portal.sources.reads_nothing).
    lay_out: Callable[[Any], bytes] = html_to_pdf
    key: Callable[[object], str] = lambda obj: str(obj.pk)
    # Signed-in users who may have a missing or out-of-date document built in their own request (staff
    # previewing drafts); everyone else waits for the worker.
    build_inline_for: Callable[[Any], bool] = nobody
    attachment: bool = False  # a download rather than shown in the browser
    # Also out of date after this long: for documents whose reads depend on the day (e.g. "contracts live
    # today": the recorded read keeps the day it ran).
    max_age: timedelta | None = None
    # While a new version is prepared, the last one may be downloaded (`?previous=1`), marked as such.
    offer_previous: bool = False
    content_type: str = "application/pdf"


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.name] = kind
    return kind


def builds_per_address() -> int:
    return getattr(settings, "DOCUMENT_BUILDS_PER_ADDRESS", 30)


def retry_after_failure() -> timedelta:
    """A build that failed is not tried again for this long (a page refreshing every few seconds must not
    start a failing build every few seconds)."""
    return timedelta(seconds=getattr(settings, "DOCUMENT_RETRY_AFTER_FAILURE_SECONDS", 300))


# Versions -----------------------------------------------------------------------------------------------


@cache
def layout_digest() -> str:
    """The print templates (every template file with "pdf" in its path, and the shared print stylesheet):
    a deployment that changes how documents look makes every stored one out of date."""
    digest = hashlib.sha256()
    roots = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "pdf" in path.relative_to(root).as_posix():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def version_of(fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}|{layout_digest()}".encode()).hexdigest()


def is_current(kind: DocumentKind, document: StoredDocument) -> bool:
    """Whether a built document's sources return what they returned when it was built (one query)."""
    if document.status != Status.DONE or not document.file or not document.sources:
        return False
    if kind.max_age is not None and document.finished_at < timezone.now() - kind.max_age:
        return False
    return version_of(sources.fingerprint_of(document.sources)) == document.version


def latest(kind: DocumentKind, key: str) -> tuple[StoredDocument | None, StoredDocument | None]:
    """The newest built document of the object and the newest attempt since (queued, running or failed)."""
    rows = list(StoredDocument.objects.filter(kind=kind.name, key=key).order_by("-pk")[:3])
    done = next((row for row in rows if row.status == Status.DONE), None)
    attempt = next((row for row in rows if row.status != Status.DONE), None)
    if attempt is not None and done is not None and attempt.pk < done.pk:
        attempt = None
    return done, attempt


def latest_ready(kind_name: str, obj) -> StoredDocument | None:
    """The newest built document of the object, current or not (e.g. to say when it was made)."""
    kind = KINDS[kind_name]
    return (
        StoredDocument.objects.filter(kind=kind.name, key=kind.key(obj), status=Status.DONE)
        .order_by("-pk")
        .first()
    )


# Answering a request ------------------------------------------------------------------------------------


def respond(request, kind_name: str, obj, *, filename: str | None = None) -> HttpResponse:
    """The document for `obj` as stored for its current inputs; otherwise say it is being prepared (queuing
    one build, limited per address for anonymous users), or build it now for a user the kind names."""
    kind = KINDS[kind_name]
    key = kind.key(obj)
    name = filename or kind.filename(obj)
    done, attempt = latest(kind, key)
    if done is not None and is_current(kind, done):
        return file_response(kind, done, name)
    if attempt is not None and attempt.status in StoredDocument.IN_PROGRESS and not attempt.stale():
        if kind.offer_previous and done is not None and request.GET.get("previous") == "1":
            return file_response(kind, done, name)
        return preparing(request, kind, name, previous=done)
    if attempt is not None and attempt.status == Status.FAILED and not failed_long_ago(attempt):
        return failed(request, name)
    inline = request.user.is_authenticated and kind.build_inline_for(request.user)
    if not inline and not request.user.is_authenticated:
        limited = ratelimit.exceeded(
            "document-build",
            ratelimit.client_address(request),
            limit=builds_per_address(),
            window=timedelta(hours=1),
        )
        if limited:
            return render(request, "portal/document_limited.html", {"title": name}, status=429)
    document = start(kind, key, previous=attempt, inline=inline)
    if document.status == Status.DONE and document.file:
        return file_response(kind, document, name)  # built inline (or by the tests' immediate backend)
    if document.status == Status.FAILED:
        return failed(request, name)
    return preparing(request, kind, name, previous=done)


def failed_long_ago(document: StoredDocument) -> bool:
    when = document.finished_at or document.started_at or document.created_at
    return when < timezone.now() - retry_after_failure()


def preparing(request, kind: DocumentKind, name: str, *, previous: StoredDocument | None) -> HttpResponse:
    context = {"title": name, "previous": previous if kind.offer_previous else None}
    response = render(request, "portal/document_preparing.html", context, status=202)
    response["Refresh"] = "5"
    response["Retry-After"] = "5"
    return response


def failed(request, name: str) -> HttpResponse:
    # The build raised (logged by the worker with its traceback): a real server error, said plainly.
    return render(request, "portal/document_preparing.html", {"title": name, "failed": True}, status=500)


def file_response(kind: DocumentKind, document: StoredDocument, name: str) -> HttpResponse:
    """The stored file (read whole: documents are a few hundred kilobytes to a few megabytes)."""
    with document.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition_header(kind.attachment, name)
    response["X-Content-Type-Options"] = "nosniff"
    if document.finished_at:
        response["Last-Modified"] = http_date(document.finished_at.timestamp())
    return response


# Building -----------------------------------------------------------------------------------------------


def start(
    kind: DocumentKind, key: str, *, previous: StoredDocument | None = None, inline: bool = False
) -> StoredDocument:
    """One build at a time per object (a partial unique constraint: simultaneous requests share it). A
    failed or stale attempt is replaced. Queued for the worker, or built now when `inline`."""
    with transaction.atomic():
        if previous is not None and (previous.status == Status.FAILED or previous.stale()):
            StoredDocument.objects.filter(pk=previous.pk).exclude(status=Status.DONE).delete()
        try:
            with transaction.atomic():
                document = StoredDocument.objects.create(kind=kind.name, key=key)
        except IntegrityError:  # someone else started it a moment ago
            return StoredDocument.objects.filter(kind=kind.name, key=key).order_by("-pk").first()
        if not inline:
            result = build_stored_document.enqueue(document.pk)
            StoredDocument.objects.filter(pk=document.pk).update(task_id=str(result.id)[:64])
            document.refresh_from_db()
            return document
    try:
        return store(document, kind)
    except Exception:
        document.refresh_from_db()
        return document


def store(document: StoredDocument, kind: DocumentKind) -> StoredDocument:
    """Gather the document's sources in one snapshot, lay it out (reading nothing), store the file and its
    version. A failure is recorded on the row and raised again."""
    StoredDocument.objects.filter(pk=document.pk).update(status=Status.RUNNING, started_at=timezone.now())
    try:
        prepared, probe, fingerprint = sources.gathered(lambda: kind.gather(document.key))
        with sources.reads_nothing():
            data = kind.lay_out(prepared)
        version = version_of(fingerprint)
        name = f"{kind.name}-{slugify(document.key)[:40]}-{version[:12]}.pdf"
        document.file.save(name, ContentFile(data), save=False)
    except Exception as error:
        logger.exception("Building %s %s failed", kind.name, document.key)
        StoredDocument.objects.filter(pk=document.pk).update(
            status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        raise
    document.status, document.version, document.sources = Status.DONE, version, probe
    document.size, document.pages, document.finished_at = len(data), pages_of(kind, data), timezone.now()
    fields = ["file", "status", "version", "sources", "size", "pages", "finished_at"]
    if not StoredDocument.objects.filter(pk=document.pk).update(**{f: getattr(document, f) for f in fields}):
        # Replaced while it was built (taken for dead): the newer attempt stands.
        document.file.delete(save=False)
        return document
    # Only the newest version is kept: older files of this object go.
    for old in StoredDocument.objects.filter(kind=kind.name, key=document.key, pk__lt=document.pk):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    return document


def pages_of(kind: DocumentKind, data: bytes) -> int:
    if kind.content_type != "application/pdf":
        return 0
    from portal.pdf import page_count

    return page_count(data)


@task()
def build_stored_document(document_id: int) -> int:
    """Build one stored document (the task worker). Returns its size in bytes. Safe to run twice."""
    document = StoredDocument.objects.filter(pk=document_id).first()
    if document is None or document.status not in StoredDocument.IN_PROGRESS:
        return document.size if document else 0
    return store(document, KINDS[document.kind]).size


def reset_for_retry(document_id: int) -> None:
    """Its worker died (portal/worker.py): the document waits to be built again."""
    StoredDocument.objects.filter(pk=document_id, status=Status.RUNNING).update(status=Status.QUEUED)
