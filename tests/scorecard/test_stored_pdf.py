"""Issue 13, item 2: a published scorecard quarter is public, and its PDF is a stored document built once
per version by the task worker (scorecard/documents.py): an anonymous request never runs WeasyPrint."""

from __future__ import annotations

import pytest

from portal.models import StoredDocument
from scorecard import documents as scorecard_documents
from tests.committees.test_stored_documents import (  # noqa: F401 - the fixtures are used by name
    no_weasyprint,
    run_worker,
    worker_does_not_run,
)
from tests.scorecard.factories import published_quarter

pytestmark = pytest.mark.django_db
Q3_PDF = "/scorecard/2021-22/q3/scorecard.pdf"


@pytest.mark.usefixtures("worker_does_not_run")
def test_the_published_pdf_is_stored_and_never_rendered_in_a_request(client, request, monkeypatch):
    calls, forbid = request.getfixturevalue("no_weasyprint")
    published_quarter(year_start=2021, quarter=3)
    for _ in range(3):
        response = client.get(Q3_PDF)
        assert response.status_code == 202
        assert "The document is being prepared" in response.text
    assert StoredDocument.objects.filter(kind=scorecard_documents.VERSION_PDF).count() == 1
    assert calls == []
    monkeypatch.undo()
    assert run_worker() == 1
    forbid()
    response = client.get(Q3_PDF)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'inline; filename="scorecard-2021-22-q3-v1.pdf"'
    assert calls == []
