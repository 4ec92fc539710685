"""Documents on a case: checked by what they contain, never by their name, and given back only as
downloads (the FPS upload checks are the pattern: commissioning/fps/uploads.py, which this reuses for
PDF, Word and Excel files).

Accepted: PDF, DOCX and XLSX (as the FPS accepts them), and JPEG and PNG images (letters and forms are
often photographed), which Pillow must be able to open and verify. Up to 10 MB. Stored under MEDIA_ROOT
with a random name; the uploaded name is used only in the download's Content-Disposition header.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

from commissioning.fps.uploads import CONTENT_TYPES as DOCUMENT_TYPES
from commissioning.fps.uploads import MAX_BYTES, CheckedDocument, check_document, clean_name

IMAGE_MAGIC = {"jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
CONTENT_TYPES = {**DOCUMENT_TYPES, "jpeg": "image/jpeg", "png": "image/png"}
WRONG_TYPE = "The selected file must be a PDF, a Word document, an Excel spreadsheet, or a JPEG or PNG image"


def _image_kind(upload: UploadedFile) -> str | None:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    head = upload.read(8)
    kind = next((kind for kind, magic in IMAGE_MAGIC.items() if head.startswith(magic)), None)
    if kind is None:
        return None
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            opened = (image.format or "").lower()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError("The selected image could not be opened: it may be damaged") from None
    finally:
        upload.seek(0)
    if opened != kind:
        raise ValidationError(WRONG_TYPE)
    return kind


def check_case_document(upload: UploadedFile) -> CheckedDocument:
    """The document's kind, size and name; ValidationError with the GOV.UK message if it is refused."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The selected file is empty")
    if size > MAX_BYTES:
        raise ValidationError(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    kind = _image_kind(upload)
    if kind is not None:
        return CheckedDocument(kind=kind, size=size, name=clean_name(upload.name))
    try:
        return check_document(upload)
    except ValidationError as error:
        if "must be a PDF" in " ".join(error.messages):
            raise ValidationError(WRONG_TYPE) from None
        raise


def document_response(document) -> FileResponse:
    """The document as a download (never shown inline), under the name it was uploaded with."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("The document is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or f"document.{document.kind}",
        content_type=CONTENT_TYPES.get(document.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
