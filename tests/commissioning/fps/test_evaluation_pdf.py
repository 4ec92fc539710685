"""The application as a PDF for the evaluation file."""

import io

import pypdf
import pytest
from django.urls import reverse

from commissioning.fps.services import evaluation as services
from portal.pdf import page_texts
from tests.commissioning.fps.factories import fps_setup
from tests.commissioning.fps.factories_evaluation import section, submitted_application

pytestmark = pytest.mark.django_db


def test_application_pdf(commissioner_client, own_provider, users):
    system, lots, window = fps_setup()
    application = submitted_application(provider=own_provider, lots=lots[:1], window=window)
    services.section_evaluate(
        application=application,
        section=section(application, 1),
        result="fail",
        notes="Insurance lapsed.",
        by=users["commissioner"],
    )
    response = commissioner_client.get(reverse("fps:application-pdf", args=[application.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{application.reference}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = " ".join(" ".join(page_texts(response.content)).split())
    assert "Own Organisation Ltd" in text
    assert application.reference in text
    assert "We run a day service in Crewe five days a week." in text
    assert "Do you hold employer" in text
    assert "Insurance lapsed." in text
    assert "policy.pdf" in text
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == f"Application {application.reference}, Own Organisation Ltd"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
