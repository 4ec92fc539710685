"""Documents providers upload with their FPS applications: checked by what they contain, never by their
name, and given back only as downloads.

Accepted: PDF (the "%PDF-" signature, and pypdf can open it), Word DOCX (a ZIP holding word/document.xml)
and Excel XLSX (a ZIP holding xl/workbook.xml), up to 10 MB. Anything else is refused whatever it is
called. Files are stored under MEDIA_ROOT with a random name (`Answer.document`); the original name is
kept in `Answer.document_name` and used only in the download's Content-Disposition header.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

from portal.uploads import pdf_refusal, zip_refusal

MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WRONG_TYPE = "The selected file must be a PDF, a Word document (DOCX) or an Excel spreadsheet (XLSX)"


@dataclass(frozen=True)
class CheckedDocument:
    kind: str  # "pdf", "docx" or "xlsx"
    size: int
    name: str  # the uploaded name, without any folders, for the download's header


def clean_name(name: str) -> str:
    """The uploaded file's own name: no folders, no control characters, at most 200 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"').strip()
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 190 - len(extension)]}.{extension}" if dot and len(extension) <= 8 else name[:200]
    return name or "document"


def _is_pdf(upload: UploadedFile) -> bool:
    import pypdf

    upload.seek(0)
    try:
        reader = pypdf.PdfReader(upload)
        return len(reader.pages) >= 0
    except Exception:  # pypdf raises many kinds for a damaged or fake PDF
        return False
    finally:
        upload.seek(0)


def _zip_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            refusal = zip_refusal(archive, "The selected file")
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if refusal:  # a zip bomb: refused by its declared sizes, before anyone unpacks it
        raise ValidationError(refusal)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_document(upload: UploadedFile) -> CheckedDocument:
    """The document's kind, size and name; ValidationError (with the GOV.UK message) if it is refused."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The selected file is empty")
    if size > MAX_BYTES:
        raise ValidationError(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(PDF_MAGIC):
        kind = "pdf" if _is_pdf(upload) else None
        if kind is None:
            raise ValidationError("The selected PDF could not be opened: it may be damaged")
        if refusal := pdf_refusal(upload.read(), "The selected PDF"):
            raise ValidationError(refusal)
        upload.seek(0)
    elif head.startswith(ZIP_MAGIC):
        kind = _zip_kind(upload)
    if kind is None:
        raise ValidationError(WRONG_TYPE)
    return CheckedDocument(kind=kind, size=size, name=clean_name(upload.name))


def document_response(answer) -> FileResponse:
    """The answer's document as a download (never shown inline), under the name it was uploaded with."""
    if not answer.document:
        raise Http404("This answer has no document.")
    return file_response(answer.document, name=answer.document_name, kind=answer.document_type)


def file_response(field_file, *, name: str, kind: str, private: bool = True) -> FileResponse:
    """A stored, checked file as a download (never shown inline): its own content type, nosniff, under
    the name it was uploaded with. `private` files are not kept by shared caches."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The document is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name or f"document.{kind or 'bin'}",
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response
