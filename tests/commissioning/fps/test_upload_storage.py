"""Issue 13: an upload that cannot be stored (an unwritable media folder, a full disk) is a GOV.UK error on
the section's page with every answer the provider typed still there, not a 500 that loses them."""

import re

import pytest
from django.urls import reverse

from commissioning.fps.models import Answer, Question
from tests.commissioning.fps.factories_provider import own_application, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def field(question_number: str) -> str:
    return f"q{Question.objects.get(number=question_number).pk}"


def test_an_upload_that_cannot_be_stored_keeps_the_answers_and_says_so(
    provider_client, own_provider, settings, tmp_path, caplog
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocker / "media")
    application = own_application(own_provider)
    section = reverse("fps:application-section", args=[application.reference, 1])
    response = provider_client.post(
        section,
        {
            field("1.1"): "yes",
            field("1.3"): upload("policy.pdf", pdf_bytes()),
            field("1.4"): "We employ local people and buy from local suppliers.",
            "action": "later",
        },
    )
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "govuk-error-summary" in page
    assert "Question 1.3: the document could not be stored, so nothing on this page was saved" in page
    assert "We employ local people and buy from local suppliers." in page
    assert re.search(r'value="yes"\s+checked', response.content.decode())
    assert not Answer.objects.filter(application=application).exists()
    assert "Could not store a document" in caplog.text
