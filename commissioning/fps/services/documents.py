"""Writes for procurement documents: add a document (for the whole system or one lot), publish a new
version of it (an upload checked like the providers' own: type by content, size; or the questionnaire made
into a PDF from the questionnaire itself), and withdraw a document.

A new version tells the providers it concerns: those with an application in progress or with the
evaluators in the system (for a lot's document, those applying to that lot), and those on the register
(active or suspended) for the system or that lot. Deactivated organisations are not told.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from commissioning.providers.models import Provider
from portal.pdf import render_pdf

from .. import uploads
from ..models import (
    Admission,
    Application,
    DocumentVersion,
    Lot,
    ProcurementDocument,
    PurchasingSystem,
    Question,
    QuestionSection,
)
from .common import audit, uk_date
from .notify import provider_notify

LIVE_APPLICATIONS = [Application.Status.DRAFT, Application.Status.SUBMITTED, Application.Status.CLARIFICATION]


def current_versions(system: PurchasingSystem, lot_ids=None):
    """The latest version of each document in force (not withdrawn) for the system, or for these lots
    (the system-wide documents and those of the lots), in the public list's order."""
    documents = ProcurementDocument.objects.filter(system=system, withdrawn_at__isnull=True)
    if lot_ids is not None:
        documents = documents.filter(Q(lot__isnull=True) | Q(lot__in=list(lot_ids)))
    latest = (
        DocumentVersion.objects.filter(document=OuterRef("document")).order_by("-number").values("pk")[:1]
    )
    return (
        DocumentVersion.objects.filter(document__in=documents, pk=Subquery(latest))
        .select_related("document__lot")
        .order_by("document__lot__number", "document__kind", "document__title", "document__pk")
    )


def providers_to_tell(document: ProcurementDocument):
    """Active organisations applying (in progress or with the evaluators) or on the register, for the
    document's system, or its lot."""
    applications = Application.objects.filter(window__system=document.system_id, status__in=LIVE_APPLICATIONS)
    admissions = Admission.objects.filter(lot__system=document.system_id).exclude(
        status=Admission.Status.REMOVED
    )
    if document.lot_id:
        applications = applications.filter(application_lots__lot=document.lot_id)
        admissions = admissions.filter(lot=document.lot_id)
    return Provider.objects.filter(is_active=True).filter(
        Q(pk__in=applications.values("provider_id")) | Q(pk__in=admissions.values("provider_id"))
    )


@transaction.atomic
def document_add(*, system: PurchasingSystem, kind: str, title: str, lot: Lot | None = None, by):
    """A document with no versions yet: publish its first version to make it public."""
    system = PurchasingSystem.objects.select_for_update().get(pk=system.pk)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Enter the document's title"
    elif system.documents.filter(title__iexact=title, withdrawn_at__isnull=True).exists():
        errors["title"] = f"The {system.name} already has a document called {title}"
    if kind not in ProcurementDocument.Kind.values:
        errors["kind"] = "Select the kind of document"
    if lot is not None and lot.system_id != system.pk:
        errors["lot"] = "Choose a lot of this purchasing system"
    if errors:
        raise ValidationError(errors)
    document = ProcurementDocument(system=system, lot=lot, kind=kind, title=title)
    document.full_clean()
    audit(document, by=by, reason="Document added")
    document.save()
    return document


def _publish(document, *, name: str, kind: str, size: int, content, change_note: str, by, moment):
    document = (
        ProcurementDocument.objects.select_for_update(of=("self",))
        .select_related("system", "lot")
        .get(pk=document.pk)
    )
    if document.withdrawn_at is not None:
        raise ValidationError(f"{document.title} has been withdrawn: it cannot have a new version.")
    change_note = (change_note or "").strip()
    highest = document.versions.aggregate(highest=Max("number"))["highest"] or 0
    if highest and not change_note:
        raise ValidationError({"change_note": "Enter what changed in this version"})
    version = DocumentVersion(
        document=document,
        number=highest + 1,
        file_name=name,
        file_type=kind,
        file_size=size,
        change_note=change_note or "First version.",
        published_at=moment,
        published_by=by,
    )
    version.file.save(name, content, save=False)
    try:
        version.full_clean()
        version.save()
    except Exception:
        version.file.storage.delete(version.file.name)  # files are not transactional
        raise
    audit(document, by=by, reason=f"Version {version.number} published")
    document.save()
    return version, _tell_providers(document, version)


def _tell_providers(document: ProcurementDocument, version: DocumentVersion) -> int:
    scope = f"the {document.system.name}" + (f", {document.lot}" if document.lot_id else "")
    published = uk_date(timezone.localtime(version.published_at))
    told = 0
    for provider in providers_to_tell(document).order_by("name", "pk").iterator(chunk_size=500):
        provider_notify(
            provider=provider,
            subject=(
                f"New version of {document.title}: {document.system.name}"
                if version.number > 1
                else f"New document, {document.title}: {document.system.name}"
            ),
            body=(
                f"The council has published version {version.number} of {document.title} for {scope} on "
                f"{published}.\n\nWhat changed:\n{version.change_note}"
            ),
            link=version.get_absolute_url(),
        )
        told += 1
    return told


@transaction.atomic
def version_publish(*, document: ProcurementDocument, upload, change_note: str = "", by, moment=None):
    """Publishes an uploaded file as the document's next version (a PDF, DOCX or XLSX, checked by its
    content, up to 10 MB). Returns (version, how many providers were told)."""
    checked = uploads.check_document(upload)
    return _publish(
        document,
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        content=upload,
        change_note=change_note,
        by=by,
        moment=moment or timezone.now(),
    )


def questionnaire_pdf(system: PurchasingSystem, *, moment=None) -> bytes:
    """The selection questionnaire as providers are asked it, as a PDF (every section and question, the
    lots each is for, and which are asked only "if so")."""
    sections = list(QuestionSection.objects.filter(system=system).select_related("lot").order_by("number"))
    questions = (
        Question.objects.filter(section__system=system)
        .select_related("lot", "condition_question")
        .order_by("section__number", "position")
    )
    by_section = {section.pk: [] for section in sections}
    for question in questions:
        by_section[question.section_id].append(question)
    for section in sections:
        section.items = by_section[section.pk]
    return render_pdf(
        "pdf/fps_questionnaire.html",
        {"system": system, "sections": sections, "produced_at": moment or timezone.now()},
    )


@transaction.atomic
def questionnaire_publish(*, system: PurchasingSystem, change_note: str = "", by, moment=None):
    """Makes the questionnaire as it is now into a PDF and publishes it as the next version of the
    system's "Selection questionnaire" document (added the first time)."""
    moment = moment or timezone.now()
    document = (
        ProcurementDocument.objects.filter(
            system=system, kind=ProcurementDocument.Kind.QUESTIONNAIRE, lot=None, withdrawn_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if document is None:
        document = document_add(
            system=system, kind=ProcurementDocument.Kind.QUESTIONNAIRE, title="Selection questionnaire", by=by
        )
    data = questionnaire_pdf(system, moment=moment)
    name = f"{system.code}-selection-questionnaire-{timezone.localdate(moment).isoformat()}.pdf"
    return _publish(
        document,
        name=name,
        kind="pdf",
        size=len(data),
        content=ContentFile(data),
        change_note=change_note,
        by=by,
        moment=moment,
    )


@transaction.atomic
def document_withdraw(*, document: ProcurementDocument, reason: str, by, moment=None):
    """A document no longer in force leaves the public list (its versions stay, for the applications
    declared against them)."""
    document = ProcurementDocument.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at is not None:
        raise ValidationError(f"{document.title} is already withdrawn.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the document is withdrawn"})
    document.withdrawn_at = moment or timezone.now()
    audit(document, by=by, reason=f"Withdrawn: {reason}")
    document.save()
    return document
