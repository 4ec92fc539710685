"""Issue 13: uploads are checked before they are parsed or stored: zip bombs by their unpacked size and
ratio, PDFs that would run or open something (JavaScript, launch actions, embedded files); uploaded
committee appendices are downloaded as attachments."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from portal.uploads import pdf_active_content, zip_refusal_of_bytes

pytestmark = pytest.mark.django_db


def zip_bomb(unpacked_mb: int = 60) -> bytes:
    """An .xlsx-shaped ZIP whose one sheet unpacks to `unpacked_mb` MB of zeros (a few hundred KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (unpacked_mb * 1024 * 1024))
    return out.getvalue()


def pdf(kind: str = "plain") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if kind == "javascript":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    elif kind == "launch":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
    elif kind == "embedded":
        writer.add_attachment("payload.txt", b"hello")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_zip_bomb_is_refused_by_its_directory():
    bomb = zip_bomb(60)
    assert len(bomb) < 1024 * 1024
    assert "would unpack to 60 MB" in zip_refusal_of_bytes(bomb, "q3.xlsx")
    ratio_bomb = zip_bomb(5)  # under the size limit, but 1,000 to 1
    assert "compressed far more than a real document" in zip_refusal_of_bytes(ratio_bomb, "q3.xlsx")


@pytest.mark.parametrize(
    ("kind", "found"),
    [
        ("plain", []),
        ("javascript", ["JavaScript"]),
        ("launch", ["a launch action"]),
        ("embedded", ["an embedded file"]),
    ],
)
def test_active_content_in_a_pdf_is_found(kind, found):
    assert pdf_active_content(pdf(kind)) == found


def test_the_scorecard_import_refuses_a_zip_bomb_before_opening_it(client_for):
    upload = SimpleUploadedFile("q3.xlsx", zip_bomb(60), content_type="application/octet-stream")
    response = client_for("performance-analyst").post(
        reverse("scorecard:import"), {"year": "2021-22", "quarter": "3", "file": upload}
    )
    assert response.status_code == 200
    assert "would unpack to 60 MB" in response.content.decode()


class TestFpsDocuments:
    def post(self, client, provider, name, data):
        from commissioning.fps.models import Question
        from tests.commissioning.fps.factories_provider import own_application

        application = own_application(provider)
        section = reverse("fps:application-section", args=[application.reference, 1])
        question = Question.objects.get(number="1.3")
        return application, client.post(
            section, {f"q{question.pk}": SimpleUploadedFile(name, data), "action": "later"}
        )

    @pytest.mark.parametrize("kind", ["javascript", "launch", "embedded"])
    def test_a_pdf_with_active_content_is_refused(
        self, provider_client, own_provider, settings, tmp_path, kind
    ):
        settings.MEDIA_ROOT = tmp_path
        application, response = self.post(provider_client, own_provider, "policy.pdf", pdf(kind))
        assert response.status_code == 200
        assert "which the portal does not accept in a PDF" in response.content.decode()
        assert not application.answers.exclude(document="").exists()

    def test_a_plain_pdf_is_accepted(self, provider_client, own_provider, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        application, response = self.post(provider_client, own_provider, "policy.pdf", pdf())
        assert response.status_code == 302
        assert application.answers.exclude(document="").exists()

    def test_a_zip_bomb_is_refused(self, provider_client, own_provider, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        application, response = self.post(provider_client, own_provider, "staff.xlsx", zip_bomb(60))
        assert "would unpack to 60 MB" in response.content.decode()
        assert not application.answers.exclude(document="").exists()


class TestCommitteeAppendices:
    def test_a_pdf_with_javascript_is_refused(self, client_for, settings, tmp_path):
        from committees.models import Report
        from tests.committees.factories import ReportFactory

        settings.MEDIA_ROOT = tmp_path
        report = ReportFactory(status=Report.Status.DRAFT)
        response = client_for("democratic-services").post(
            reverse("committees:appendix-add", args=[report.pk]),
            {"title": "Appendix 1", "file": SimpleUploadedFile("a.pdf", pdf("javascript"))},
        )
        assert response.status_code == 200
        assert "contains JavaScript" in response.content.decode()
        assert not report.appendices.exists()

    def test_an_uploaded_appendix_is_downloaded_as_an_attachment(self, client_for, settings, tmp_path):
        from committees import services
        from tests.committees.factories import ReportFactory

        settings.MEDIA_ROOT = tmp_path
        report = ReportFactory()
        appendix = services.appendix_add(
            report=report, title="Appendix 1", upload=SimpleUploadedFile("a.pdf", pdf())
        )
        response = client_for("anonymous").get(reverse("committees:appendix", args=[appendix.pk]))
        assert response.status_code == 200
        assert re.match(r"attachment;", response["Content-Disposition"])
        assert response["X-Content-Type-Options"] == "nosniff"
