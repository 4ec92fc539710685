"""Checks every upload goes through before it is parsed or stored (issue 13):

- `zip_refusal(archive)`: an Office file (.xlsx, .docx) is a ZIP; one that would unpack to more than
  UPLOAD_MAX_UNPACKED_BYTES, or whose parts unpack to more than UPLOAD_MAX_ZIP_RATIO times their packed
  size, is a zip bomb and is refused from its directory alone, before anything is decompressed (zipfile
  never unpacks more than a part's declared size: a part that lies fails its CRC check).
- `pdf_active_content(data)`: what in a PDF would run or open something in a reader (JavaScript, launch
  actions, embedded files, rich media, XFA forms). Such a PDF is refused: council documents never need it.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

# Names in a PDF that make it do something when opened or clicked, and what to call each in a message.
ACTIVE_PDF_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/Launch": "a launch action",
    "/EmbeddedFile": "an embedded file",
    "/EmbeddedFiles": "an embedded file",
    "/RichMedia": "rich media",
    "/XFA": "an XFA form",
    "/SubmitForm": "a form that submits itself",
    "/ImportData": "a form that imports data",
    "/GoToE": "a link into an embedded file",
}
MAX_PDF_OBJECTS = 200_000


def max_unpacked_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)


def max_zip_ratio() -> int:
    return getattr(settings, "UPLOAD_MAX_ZIP_RATIO", 100)


def zip_refusal(archive: zipfile.ZipFile, filename: str) -> str | None:
    """Why this ZIP-based file is refused as a zip bomb, or None."""
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    limit = max_unpacked_bytes()
    if unpacked > limit:
        return (
            f"{filename} would unpack to {unpacked // (1024 * 1024)} MB, more than the "
            f"{limit // (1024 * 1024)} MB allowed: remove unused sheets or images, or save it as CSV."
        )
    ratio = max_zip_ratio()
    if len(infos) > 10_000 or any(
        info.file_size > ratio * max(info.compress_size, 1) and info.file_size > 1024 * 1024 for info in infos
    ):
        return f"{filename} is compressed far more than a real document would be, so it was not opened."
    if packed and unpacked > ratio * packed and unpacked > 1024 * 1024:
        return f"{filename} is compressed far more than a real document would be, so it was not opened."
    return None


def zip_refusal_of_bytes(data: bytes, filename: str) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return zip_refusal(archive, filename)
    except zipfile.BadZipFile:
        return None  # not a ZIP: the caller's own checks say what it is


def pdf_active_content(data: bytes) -> list[str]:
    """What the PDF holds that would run or open something (e.g. ["JavaScript"]), in the order found;
    an empty list for a plain document. Every object is walked, compressed object streams included."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    reader = pypdf.PdfReader(io.BytesIO(data))
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    visited = 0
    while stack and visited < MAX_PDF_OBJECTS:
        item = stack.pop()
        visited += 1
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                item = item.get_object()
            except Exception:  # noqa: BLE001, S112 - a broken reference holds nothing to run
                continue
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                label = ACTIVE_PDF_KEYS.get(str(name))
                if label is None and str(name) == "/S" and isinstance(value, NameObject):
                    label = ACTIVE_PDF_KEYS.get(str(value))
                if label is None and str(name) == "/Type" and str(value) == "/EmbeddedFile":
                    label = "an embedded file"
                if label and label not in found:
                    found.append(label)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def pdf_refusal(data: bytes, filename: str) -> str | None:
    """The GOV.UK message refusing a PDF with active content, or None."""
    try:
        found = pdf_active_content(data)
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot walk is refused by the caller's own check
        return None
    if found:
        return (
            f"{filename} contains {' and '.join(found)}, which the portal does not accept in a PDF. "
            "Save it again as a plain PDF (for example, print it to PDF) and upload that."
        )
    return None
