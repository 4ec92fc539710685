"""Documents on demand stay cheap (issue 13): generated PDFs are built once per version of their inputs by
the task worker, stored under MEDIA_ROOT, and served from storage until the inputs change. No anonymous
request ever renders a PDF: it gets "being prepared" (this page refreshes) and then the file. Anonymous
build requests are limited per address (DOCUMENT_BUILDS_PER_ADDRESS an hour); staff may have a missing
document built in their own request when the kind says that is cheap.

An app registers each kind of document once (e.g. in its AppConfig.ready or its pdf module):

    documents.register(documents.DocumentKind(
        name="committee-report",
        load=lambda key: Report.objects.get(pk=key),
        version=report_fingerprint,          # a digest of everything the PDF is made from
        build=lambda report: report_pdf(report),
        filename=lambda report: f"{report.reference}.pdf",
    ))

and its view answers with `documents.respond(request, "committee-report", report)` once it has checked
the user may see the object. The agenda pack (committees/tasks.py, ADR 007) is the same idea with progress
reporting; ADR 024 says why these are one mechanism.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tasks import task

from portal import ratelimit
from portal.models import StoredDocument

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentKind:
    name: str
    load: Callable[[str], object]  # the object from its key (the task worker has only the key)
    version: Callable[[object], str]  # a digest of the document's inputs: a new one means a new build
    build: Callable[[object], bytes]
    filename: Callable[[object], str]
    key: Callable[[object], str] = lambda obj: str(obj.pk)
    staff_build_inline: bool = False  # signed-in users may have it built in their own request
    content_type: str = "application/pdf"


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.name] = kind
    return kind


def digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def builds_per_address() -> int:
    return getattr(settings, "DOCUMENT_BUILDS_PER_ADDRESS", 30)


def stale_after() -> timedelta:
    """A build silent for this long is taken to have died with its worker and may be queued again."""
    return timedelta(seconds=getattr(settings, "DOCUMENT_BUILD_TIMEOUT_SECONDS", 300))


def current(kind: DocumentKind, obj) -> tuple[str, StoredDocument | None]:
    version = kind.version(obj)
    document = (
        StoredDocument.objects.filter(kind=kind.name, key=kind.key(obj), version=version)
        .order_by("-pk")
        .first()
    )
    return version, document


def file_response(kind: DocumentKind, obj, document: StoredDocument) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"), content_type=kind.content_type, filename=kind.filename(obj)
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline", 1)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(request, kind_name: str, obj) -> HttpResponse:
    """The document for `obj` as stored for its current inputs; otherwise queue its build (anonymous users,
    limited per address) and say so, or build it now for a signed-in user if the kind allows."""
    kind = KINDS[kind_name]
    version, document = current(kind, obj)
    if document is not None and document.status == StoredDocument.Status.DONE and document.file:
        return file_response(kind, obj, document)
    if request.user.is_authenticated and kind.staff_build_inline:
        document = build_now(kind, obj, version)
        return file_response(kind, obj, document)
    in_progress = (
        document is not None and document.status in StoredDocument.IN_PROGRESS and not document.stale()
    )
    if not in_progress:
        limited = not request.user.is_authenticated and ratelimit.exceeded(
            "document-build",
            ratelimit.client_address(request),
            limit=builds_per_address(),
            window=timedelta(hours=1),
        )
        if limited:
            return render(request, "portal/document_limited.html", {"title": kind.filename(obj)}, status=429)
        document = queue(kind, obj, version, previous=document)
    failed = document.status == StoredDocument.Status.FAILED
    response = render(
        request,
        "portal/document_preparing.html",
        {"title": kind.filename(obj), "document": document, "failed": failed},
        status=500 if failed else 202,
    )
    if not failed:
        response["Refresh"] = "5"
        response["Retry-After"] = "5"
    return response


@transaction.atomic
def queue(kind: DocumentKind, obj, version: str, *, previous: StoredDocument | None = None) -> StoredDocument:
    """One build per (kind, object, version): two requests at once share it. A failed or stale build is
    replaced by a new one."""
    key = kind.key(obj)
    if previous is not None:
        StoredDocument.objects.filter(pk=previous.pk).exclude(status=StoredDocument.Status.DONE).delete()
    try:
        with transaction.atomic():
            document = StoredDocument.objects.create(kind=kind.name, key=key, version=version)
    except IntegrityError:
        return StoredDocument.objects.get(kind=kind.name, key=key, version=version)
    result = build_stored_document.enqueue(document.pk)
    StoredDocument.objects.filter(pk=document.pk).update(task_id=str(result.id)[:64])
    document.refresh_from_db()
    return document


def build_now(kind: DocumentKind, obj, version: str) -> StoredDocument:
    document, _ = StoredDocument.objects.get_or_create(kind=kind.name, key=kind.key(obj), version=version)
    return store(document, kind, obj)


def store(document: StoredDocument, kind: DocumentKind, obj) -> StoredDocument:
    StoredDocument.objects.filter(pk=document.pk).update(
        status=StoredDocument.Status.RUNNING, started_at=timezone.now()
    )
    try:
        data = kind.build(obj)
        document.file.save(
            f"{kind.name}-{document.key}-{document.version[:12]}.pdf", ContentFile(data), save=False
        )
    except Exception as error:
        logger.exception("Building %s %s failed", kind.name, document.key)
        StoredDocument.objects.filter(pk=document.pk).update(
            status=StoredDocument.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    document.status = StoredDocument.Status.DONE
    document.size = len(data)
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "status", "size", "finished_at"])
    # Only the newest version is kept on disk: older files of this object go.
    for old in StoredDocument.objects.filter(kind=kind.name, key=document.key).exclude(pk=document.pk):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    return document


@task()
def build_stored_document(document_id: int) -> int:
    """Build one stored document (the task worker). Returns its size in bytes."""
    document = StoredDocument.objects.filter(pk=document_id).first()
    if document is None or document.status == StoredDocument.Status.DONE:
        return document.size if document else 0
    kind = KINDS[document.kind]
    obj = kind.load(document.key)
    return store(document, kind, obj).size


def reset_for_retry(document_id: int) -> None:
    """Its worker died (portal/worker.py): the document waits to be built again."""
    StoredDocument.objects.filter(pk=document_id, status=StoredDocument.Status.RUNNING).update(
        status=StoredDocument.Status.QUEUED
    )
