"""Issue 13, item 2: the committees' PDFs anyone may ask for (a report, a meeting's minutes, a live scorecard
appendix) are served from stored documents built once per version by the task worker
(committees/documents.py on portal/documents.py). An anonymous request never runs WeasyPrint: it gets
"being prepared" (202, refreshing) until the worker has built the file, then the stored file."""

from __future__ import annotations

import threading

import pytest
import weasyprint
from django.db import connection
from django.test import Client
from django.urls import reverse

from committees import documents as committee_documents
from committees.models import Appendix, Paragraph, scorecard_appendix_title
from portal import documents
from portal.models import StoredDocument
from tests.committees.factories import ReportFactory, add_section
from tests.scorecard.factories import published_quarter

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def worker_does_not_run(settings, tmp_path):
    """Tasks are queued, not run, until the test runs them as the worker would."""
    settings.TASKS = DUMMY_TASKS
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def no_weasyprint(monkeypatch):
    """Any use of WeasyPrint fails the test (and is counted, in case a view swallows the error)."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("WeasyPrint ran in the request")

    def forbid():
        monkeypatch.setattr(weasyprint.HTML, "__init__", refuse)
        monkeypatch.setattr(weasyprint.Document, "write_pdf", refuse)

    forbid()
    return calls, forbid


def run_worker():
    queued = list(StoredDocument.objects.filter(status=StoredDocument.Status.QUEUED))
    for document in queued:
        documents.build_stored_document.call(document.pk)
    return len(queued)


@pytest.mark.django_db
def test_anonymous_pdf_requests_are_served_from_storage_and_never_render(
    business, worker_does_not_run, no_weasyprint, monkeypatch
):
    calls, forbid = no_weasyprint
    report, january = business["published"], business["january"]
    published_quarter(year_start=2021, quarter=3)
    appendix = Appendix.objects.create(
        report=report,
        position=1,
        title=scorecard_appendix_title(1, 2021, 3),
        source=Appendix.Source.SCORECARD,
        scorecard_year=2021,
        scorecard_quarter=3,
    )
    urls = [
        reverse("committees:report-pdf", args=[report.pk]),
        reverse("committees:minutes-pdf", args=[january.pk]),
        reverse("committees:appendix", args=[appendix.pk]),
    ]
    anonymous = Client()
    for url in urls:
        for _ in range(2):  # asked twice: one build queued
            response = anonymous.get(url)
            assert response.status_code == 202, url
            assert response["Refresh"] == "5"
            assert "The document is being prepared" in response.text
    assert StoredDocument.objects.filter(status=StoredDocument.Status.QUEUED).count() == 3
    assert calls == []

    monkeypatch.undo()  # the worker lays the documents out
    assert run_worker() == 3
    forbid()
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert anonymous.get(urls[1])["Content-Disposition"].startswith("inline")

    # An edit to the report makes its stored PDF out of date: prepared again, one build; the others stand.
    Paragraph.objects.filter(section__report=report).update(text="A changed paragraph.")
    assert anonymous.get(urls[0]).status_code == 202
    assert anonymous.get(urls[1]).status_code == 200
    assert StoredDocument.objects.filter(status=StoredDocument.Status.QUEUED).count() == 1
    assert calls == []
    monkeypatch.undo()
    assert run_worker() == 1
    assert b"%PDF" in anonymous.get(urls[0]).content[:8]
    assert StoredDocument.objects.filter(kind=committee_documents.REPORT).count() == 1  # old file gone


@pytest.mark.django_db
def test_who_may_not_see_the_report_gets_404_not_a_build(business, worker_does_not_run, no_weasyprint):
    anonymous = Client()
    assert anonymous.get(reverse("committees:report-pdf", args=[business["draft"].pk])).status_code == 404
    assert anonymous.get(reverse("committees:minutes-pdf", args=[business["march"].pk])).status_code == 404
    assert not StoredDocument.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_anonymous_requests_queue_one_build(worker_does_not_run, no_weasyprint):
    """16 anonymous requests at once for one report (the attack in issue 13): each is told the document
    is being prepared, none renders it, and exactly one build is queued."""
    calls, _ = no_weasyprint
    report = ReportFactory(title="Day Opportunities Flexible Purchasing System")
    add_section(report, "1", "Purpose of the Report", ["This report seeks approval."])
    url = reverse("committees:report-pdf", args=[report.pk])
    statuses = []
    start = threading.Barrier(16)

    def ask(number):
        try:
            start.wait(timeout=30)
            statuses.append(Client(REMOTE_ADDR=f"198.51.100.{number + 1}").get(url).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(number,)) for number in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [202] * 16
    assert calls == []
    (document,) = StoredDocument.objects.filter(kind=committee_documents.REPORT, key=str(report.pk))
    assert document.status == StoredDocument.Status.QUEUED and document.task_id  # queued once
