"""Helpers for the provider journey's tests: real documents built in memory, and an application of the
fixture organisation `own_provider` in the open window."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.fps.models import Application, Clarification
from tests.commissioning.fps.factories import ApplicationFactory, answer_all, fps_setup


def pdf_bytes() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Policy</w:t></w:r></w:p></w:body>'
            "</w:document>",
        )
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Staffing"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def own_application(provider, *, status=Application.Status.DRAFT, answered=False, lots=1, reference=None):
    """An application of `provider` to the FPS's open window (made by fps_setup) for its first `lots`."""
    system, made_lots, window = fps_setup()
    kwargs = {"reference": reference} if reference else {}
    application = ApplicationFactory(
        provider=provider, window=window, lots=made_lots[:lots], status=status, **kwargs
    )
    if answered:
        answer_all(application)
    return application


def open_clarification(application, question="Please send your insurance certificate's expiry date."):
    from portal.permissions import Role
    from tests.factories import UserFactory

    application.status = Application.Status.CLARIFICATION
    application.save()
    asker = UserFactory(username="matrix-evaluator", role=Role.COMMISSIONER)
    return Clarification.objects.create(application=application, question=question, asked_by=asker)
