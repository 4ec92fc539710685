"""FPS views: procurement documents (see urls.py). Anyone may read and download the documents of a
purchasing system (public procurement documents); commissioners who run it add documents, publish new
versions (providers are told) and publish the questionnaire as a PDF made from the questionnaire."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import uploads
from ..forms.documents import DocumentForm, VersionForm
from ..models import DocumentVersion, ProcurementDocument, PurchasingSystem
from ..services import documents as services
from ..tables.documents import DocumentTable, VersionTable


def posted(request):
    return request.POST if request.method == "POST" else None


def documents_url(system) -> str:
    return reverse("fps:documents", args=[system.slug])


def told_text(told: int) -> str:
    return f"{told} provider{'' if told == 1 else 's'} {'has' if told == 1 else 'have'} been told."


@login_not_required
def documents(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    table = DocumentTable(list(services.current_versions(system)), slug=system.slug)
    return render(
        request,
        "fps/documents/index.html",
        {"system": system, "table": table, "can_manage": request.user.has_perm(perms.MANAGE_FPS)},
    )


@login_not_required
def document_versions(request, slug, pk):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    document = get_object_or_404(system.documents.select_related("lot"), pk=pk)
    table = VersionTable(document.versions.order_by("-number"))
    return render(
        request,
        "fps/documents/versions.html",
        {
            "system": system,
            "document": document,
            "table": table,
            "can_manage": request.user.has_perm(perms.MANAGE_FPS) and document.withdrawn_at is None,
        },
    )


@login_not_required
def document_download(request, pk):
    """A published version, as an attachment (never shown inline), under the name it was uploaded with."""
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    return uploads.file_response(version.file, name=version.file_name, kind=version.file_type, private=False)


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def document_add(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_add(
                system=system,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                lot=form.cleaned_data["lot"],
                by=request.user,
            )
            version, told = services.version_publish(
                document=document,
                upload=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{document.title} is published. {told_text(told)}")
            return redirect(documents_url(system))
    return render(
        request,
        "fps/documents/form.html",
        {"system": system, "form": form, "title": "Add a document", "button": "Publish the document"},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def version_add(request, slug, pk):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    document = get_object_or_404(system.documents.filter(withdrawn_at__isnull=True), pk=pk)
    form = VersionForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version, told = services.version_publish(
                document=document,
                upload=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"Version {version.number} of {document.title} is published. {told_text(told)}"
            )
            return redirect(document.get_absolute_url())
    return render(
        request,
        "fps/documents/form.html",
        {
            "system": system,
            "document": document,
            "form": form,
            "title": f"Publish a new version of {document.title}",
            "button": "Publish the version",
        },
    )


@require_POST
@permission_required(perms.MANAGE_FPS, raise_exception=True)
def questionnaire_publish(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    latest = ProcurementDocument.objects.filter(
        system=system, kind=ProcurementDocument.Kind.QUESTIONNAIRE, lot=None, withdrawn_at__isnull=True
    ).exists()
    try:
        version, told = services.questionnaire_publish(
            system=system,
            change_note="The questionnaire as it now stands." if latest else "",
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"The questionnaire is published as a PDF, version {version.number}. {told_text(told)}"
        )
    return redirect(documents_url(system))
