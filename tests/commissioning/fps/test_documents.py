"""Versioned procurement documents (issue 17): uploads checked like the providers' own (type by content,
size), each version kept with its change note, providers told of a new version, the questionnaire made
into a PDF, and an application recording the versions its declaration was made against."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from commissioning.fps.models import Application, DocumentVersion, Notification, ProcurementDocument
from commissioning.fps.services import applications as application_services
from commissioning.fps.services import documents as services
from portal.pdf import page_texts
from tests.commissioning.fps.factories import AdmissionFactory, ApplicationFactory, answer_all, fps_setup
from tests.commissioning.fps.factories_provider import docx_bytes, pdf_bytes, upload
from tests.factories import ProviderFactory, ProviderMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return fps_setup()


def test_versions_are_kept_and_providers_told(setup, users, django_capture_on_commit_callbacks):
    system, lots, window = setup
    by = users["commissioner"]
    applying = ProviderFactory()
    ProviderMembershipFactory(provider=applying, user__email="applying@example.org")
    ApplicationFactory(window=window, provider=applying, lots=lots[:1])
    admitted = ProviderFactory()
    ProviderMembershipFactory(provider=admitted, user__email="admitted@example.org")
    AdmissionFactory(lot=lots[1], provider=admitted)
    document = services.document_add(
        system=system, kind=ProcurementDocument.Kind.SPECIFICATION, title="Core service specification", by=by
    )
    with django_capture_on_commit_callbacks(execute=True):
        first, told = services.version_publish(
            document=document, upload=upload("spec.pdf", pdf_bytes()), by=by
        )
    assert (first.number, first.file_type, told) == (1, "pdf", 2)
    with pytest.raises(ValidationError) as error:
        services.version_publish(document=document, upload=upload("spec.docx", docx_bytes()), by=by)
    assert error.value.message_dict == {"change_note": ["Enter what changed in this version"]}
    with pytest.raises(ValidationError, match="must be a PDF"):
        services.version_publish(
            document=document, upload=upload("spec.pdf", b"MZ not a pdf at all"), change_note="x", by=by
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second, told = services.version_publish(
            document=document,
            upload=upload("spec.docx", docx_bytes()),
            change_note="Section 4 rewritten",
            by=by,
        )
    assert second.number == 2 and told == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["admitted@example.org", "applying@example.org"]
    assert "Section 4 rewritten" in mail.outbox[0].body
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    assert Notification.objects.filter(provider=applying, subject__startswith="New version").exists()


def test_a_lot_document_is_told_to_that_lot_only(setup, users, django_capture_on_commit_callbacks):
    system, lots, window = setup
    other_lot = ProviderFactory()
    ApplicationFactory(window=window, provider=other_lot, lots=lots[1:])
    document = services.document_add(
        system=system,
        kind=ProcurementDocument.Kind.GUIDANCE,
        title="Lot 1 guidance",
        lot=lots[0],
        by=users["commissioner"],
    )
    _, told = services.version_publish(
        document=document, upload=upload("g.pdf", pdf_bytes()), by=users["commissioner"]
    )
    assert told == 0


def test_the_questionnaire_as_a_pdf(setup, users):
    system, lots, window = setup
    version, _ = services.questionnaire_publish(system=system, by=users["commissioner"])
    assert version.document.kind == ProcurementDocument.Kind.QUESTIONNAIRE and version.file_type == "pdf"
    text = " ".join(page_texts(version.file.read()))
    assert "Do you hold employer" in text and "Organisation and declarations" in text


def test_an_application_records_the_versions_it_declared_against(setup, users):
    system, lots, window = setup
    by = users["commissioner"]
    spec = services.document_add(system=system, kind="specification", title="Specification", by=by)
    services.version_publish(document=spec, upload=upload("s.pdf", pdf_bytes()), by=by)
    current, _ = services.version_publish(
        document=spec, upload=upload("s.pdf", pdf_bytes()), change_note="v2", by=by
    )
    lot2 = services.document_add(system=system, kind="guidance", title="Lot 2 only", lot=lots[1], by=by)
    services.version_publish(document=lot2, upload=upload("l.pdf", pdf_bytes()), by=by)
    application = ApplicationFactory(window=window, lots=lots[:1])
    answer_all(application)
    application_services.application_submit(
        application=application, declaration_name="A Person", declaration_role="Director", by=by
    )
    application = Application.objects.get(pk=application.pk)
    assert list(application.declared_versions.all()) == [current]
    assert DocumentVersion.objects.count() == 3


def test_the_documents_pages(client, client_for, setup):
    system, lots, window = setup
    commissioner = client_for("commissioner")
    url = f"/fps/{system.slug}/documents/add/"
    response = commissioner.post(
        url,
        {"title": "Specification", "kind": "specification", "file": upload("spec.pdf", b"<html>not a pdf")},
    )
    assert response.status_code == 200 and "must be a PDF" in response.content.decode()
    assert not ProcurementDocument.objects.exists()
    response = commissioner.post(
        url, {"title": "Specification", "kind": "specification", "file": upload("spec.pdf", pdf_bytes())}
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    page = client.get(f"/fps/{system.slug}/documents/").content.decode()
    assert "Specification" in page and version.get_absolute_url() in page
    download = client.get(version.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="spec.pdf"')
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
