"""Issue 13: documents on demand stay cheap (portal/documents.py). A test kind of document stands for the
committees' and scorecard's PDFs: the mechanism is the same for every kind."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult  # noqa: F401 - the worker's table exists in tests too
from pypdf import PdfWriter

from portal import documents
from portal.models import StoredDocument
from portal.worker import RETRY_RESETS

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def tiny_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def kind(settings, tmp_path):
    """A document per provider whose inputs are its name; counts its builds."""
    from commissioning.providers.models import Provider

    settings.MEDIA_ROOT = tmp_path
    builds = []

    def gather(key):
        # Its one source: the provider's row (the name is what the document shows).
        return Provider.objects.values_list("pk", "name").get(pk=key)

    def lay_out(gathered):
        builds.append(gathered[0])
        return tiny_pdf()

    made = documents.register(
        documents.DocumentKind(
            name="test-profile",
            gather=gather,
            lay_out=lay_out,
            filename=lambda provider: f"{provider.slug}.pdf",
        )
    )
    object.__setattr__(made, "builds", builds)  # the kind is frozen; the test reads its builds
    yield made
    documents.KINDS.pop("test-profile", None)


@pytest.fixture
def worker_does_not_run(settings):
    """Tasks are queued, not run, until the test runs them as the worker would."""
    settings.TASKS = DUMMY_TASKS


def anonymous(address="198.51.100.1"):
    request = RequestFactory().get("/doc", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def run_worker():
    for document in StoredDocument.objects.filter(status=StoredDocument.Status.QUEUED):
        documents.build_stored_document.call(document.pk)


def test_no_anonymous_request_renders_a_pdf(kind, own_provider, worker_does_not_run):
    first = documents.respond(anonymous(), "test-profile", own_provider)
    assert first.status_code == 202
    assert first["Refresh"] == "5"
    assert b"The document is being prepared" in first.content
    assert kind.builds == []  # nothing was rendered in the request
    again = documents.respond(anonymous("198.51.100.2"), "test-profile", own_provider)
    assert again.status_code == 202
    assert StoredDocument.objects.count() == 1  # both requests wait for the one build
    run_worker()
    assert kind.builds == [own_provider.pk]
    served = documents.respond(anonymous(), "test-profile", own_provider)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served.content.startswith(b"%PDF")
    # Served from storage: no new build while the inputs are the same.
    documents.respond(anonymous(), "test-profile", own_provider)
    assert kind.builds == [own_provider.pk]


def test_a_change_of_inputs_makes_a_new_build_and_the_old_file_goes(kind, own_provider, worker_does_not_run):
    documents.respond(anonymous(), "test-profile", own_provider)
    run_worker()
    old = StoredDocument.objects.get()
    old_path = old.file.path
    own_provider.name = "Renamed Ltd"
    own_provider.save()
    assert documents.respond(anonymous(), "test-profile", own_provider).status_code == 202
    run_worker()
    assert documents.respond(anonymous(), "test-profile", own_provider).status_code == 200
    assert len(kind.builds) == 2
    assert StoredDocument.objects.count() == 1
    import os

    assert not os.path.exists(old_path)


def test_anonymous_builds_are_limited_per_address(kind, settings, worker_does_not_run):
    from tests.factories import ProviderFactory

    settings.DOCUMENT_BUILDS_PER_ADDRESS = 2
    providers = ProviderFactory.create_batch(3)
    assert documents.respond(anonymous(), "test-profile", providers[0]).status_code == 202
    assert documents.respond(anonymous(), "test-profile", providers[1]).status_code == 202
    limited = documents.respond(anonymous(), "test-profile", providers[2])
    assert limited.status_code == 429
    assert b"Too many documents requested" in limited.content
    # Waiting for a build already queued is not a new build; another address has its own allowance.
    assert documents.respond(anonymous(), "test-profile", providers[0]).status_code == 202
    assert documents.respond(anonymous("203.0.113.9"), "test-profile", providers[2]).status_code == 202
    # A ready document is served whatever the count.
    run_worker()
    assert documents.respond(anonymous(), "test-profile", providers[2]).status_code == 200


def test_staff_may_have_a_cheap_document_built_in_their_request(
    kind, own_provider, users, worker_does_not_run
):
    import dataclasses

    documents.register(dataclasses.replace(kind, build_inline_for=lambda user: True))
    request = RequestFactory().get("/doc")
    request.user = users["commissioner"]
    response = documents.respond(request, "test-profile", own_provider)
    assert response.status_code == 200
    assert kind.builds == [own_provider.pk]
    assert documents.respond(anonymous(), "test-profile", own_provider).status_code == 200  # stored


def test_a_stale_build_is_queued_again(kind, own_provider, worker_does_not_run):
    from datetime import timedelta

    from django.utils import timezone

    documents.respond(anonymous(), "test-profile", own_provider)
    StoredDocument.objects.update(
        status=StoredDocument.Status.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    assert documents.respond(anonymous(), "test-profile", own_provider).status_code == 202
    document = StoredDocument.objects.get()
    assert document.status == StoredDocument.Status.QUEUED


def test_a_build_whose_worker_died_waits_to_be_built_again(kind, own_provider, worker_does_not_run):
    documents.respond(anonymous(), "test-profile", own_provider)
    StoredDocument.objects.update(status=StoredDocument.Status.RUNNING)
    assert RETRY_RESETS["portal.documents.build_stored_document"] == "portal.documents.reset_for_retry"
    documents.reset_for_retry(StoredDocument.objects.get().pk)
    assert StoredDocument.objects.get().status == StoredDocument.Status.QUEUED
