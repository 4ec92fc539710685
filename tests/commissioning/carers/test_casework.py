"""Case work on a referral: documents (type by content, size limit, served as attachments), tasks with an
owner and a due date on the owner's dashboard, the case worker, and the daily reminders (through the task
worker, idempotent)."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from commissioning.carers import services
from commissioning.carers.models import CaseDocument, CaseTask, RecordView, ReminderSent, Status
from commissioning.carers.services.reminders import send_reminders
from tests.commissioning.carers.factories import CaredForFactory, ReferralFactory
from tests.forms import with_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(hub_user):
    referral = ReferralFactory(status=Status.CONTACTED, owner=hub_user)
    CaredForFactory(carer=referral.carer)
    return referral


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(hub_client, referral, name, content, title="Carer's assessment"):
    return hub_client.post(
        reverse("carers:document-add", args=[referral.reference]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


# --- Documents -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("assessment.pdf", pdf_bytes(), "pdf"),
        ("photo-of-letter.png", png_bytes(), "png"),
        ("notes.docx", docx_bytes(), "docx"),
        ("scan.txt", png_bytes(), "png"),  # the name does not count: the content does
    ],
)
def test_documents_are_typed_by_content_and_served_as_attachments(
    hub_client, hub_user, referral, name, content, kind
):
    response = upload(hub_client, referral, name, content)
    assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()
    document = CaseDocument.objects.get()
    assert document.kind == kind and document.original_name == name and document.size == len(content)
    assert name not in document.file.name  # stored under a random name
    assert document.history.get().history_user == hub_user
    page = hub_client.get(referral.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page and "Carer&#x27;s assessment" in page

    response = hub_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;") and name in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    assert RecordView.objects.filter(carer=referral.carer, what="document (download)").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.pdf", b"%PDF-1.4 this is not really a PDF", "The selected PDF could not be opened"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 100, "The selected file must be a PDF, a Word document"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"not an image", "The selected image could not be opened"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("page.html", b"<html><script>alert(1)</script></html>", "must be a PDF, a Word document"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(hub_client, referral, name, content, message):
    response = upload(hub_client, referral, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not CaseDocument.objects.exists()


def test_the_size_limit(hub_client, referral, monkeypatch):
    from commissioning.carers import uploads

    monkeypatch.setattr(uploads, "MAX_BYTES", 1000)
    response = upload(hub_client, referral, "big.pdf", pdf_bytes() + b"\x00" * 2000)
    assert "The selected file must be smaller than" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_removing_a_document_asks_first_and_deletes_the_file(
    hub_client, referral, django_capture_on_commit_callbacks
):
    upload(hub_client, referral, "assessment.pdf", pdf_bytes())
    document = CaseDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    url = reverse("carers:document-remove", args=[referral.reference, document.pk])
    assert "Are you sure you want to remove this document?" in hub_client.get(url).content.decode()
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert hub_client.post(url).status_code == 302
    assert not CaseDocument.objects.exists() and not storage.exists(name)
    assert CaseDocument.history.filter(id=document.pk, history_type="-").exists()


def test_other_roles_never_reach_a_document(client_for, hub_client, referral):
    upload(hub_client, referral, "assessment.pdf", pdf_bytes())
    document = CaseDocument.objects.get()
    for role in ["commissioner", "performance-analyst", "provider", "social-care-assessor"]:
        assert client_for(role).get(document.get_absolute_url()).status_code == 404, role


# --- Tasks -----------------------------------------------------------------------------------------------
def task_post(user, **changes):
    due = timezone.localdate() + timedelta(days=2)
    return with_dates(
        {"title": "Call back about respite", "owner": user.pk, "due_on": due, **changes}, "due_on"
    )


def test_a_task_with_an_owner_and_due_date_shows_on_the_owners_dashboard(hub_client, hub_user, referral):
    response = hub_client.post(reverse("carers:task-add", args=[referral.reference]), task_post(hub_user))
    assert response.status_code == 302
    task = CaseTask.objects.get()
    assert task.owner == hub_user and task.created_by == hub_user
    assert task.history.get().history_change_reason == "Task added"
    home = hub_client.get(reverse("home")).content.decode()
    assert "Your carers hub work" in home and task.get_absolute_url() in home and task.title in home
    assert task.title in hub_client.get(reverse("carers:tasks")).content.decode()
    # Done: off the dashboard, and a second click changes nothing.
    for _ in range(2):
        assert hub_client.post(reverse("carers:task-done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at and task.done_by == hub_user and task.history.count() == 2
    assert task.get_absolute_url() not in hub_client.get(reverse("home")).content.decode()


def test_a_task_owner_must_see_the_referral(hub_client, referral, users):
    assessor = users["social-care-assessor"]  # the referral was not sent to social care
    response = hub_client.post(reverse("carers:task-add", args=[referral.reference]), task_post(assessor))
    assert "Choose someone who can see this referral" in response.content.decode()
    assert not CaseTask.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter the task"),
        ({"owner": ""}, "Choose who will do the task"),
        ({"owner": "999999"}, "Choose someone from the list"),
        ({"due_on": "31/2/2026"}, "Due date must be a real date"),
    ],
)
def test_task_validation(hub_client, hub_user, referral, changes, message):
    response = hub_client.post(
        reverse("carers:task-add", args=[referral.reference]), task_post(hub_user, **changes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not CaseTask.objects.exists()


def test_task_list_filters(hub_client, hub_user, referral, users):
    today = timezone.localdate()
    mine = services.task_add(referral=referral, title="Mine", owner=hub_user, due_on=today, by=hub_user)
    services.task_add(
        referral=referral, title="Overdue one", owner=hub_user, due_on=today - timedelta(days=3), by=hub_user
    )
    done = services.task_add(referral=referral, title="Done one", owner=hub_user, due_on=today, by=hub_user)
    services.task_done(task=done, by=hub_user)

    def titles(**query):
        page = hub_client.get(reverse("carers:tasks"), query).content.decode()
        return {title for title in ["Mine", "Overdue one", "Done one"] if f">{title}<" in page}

    assert titles() == {"Mine", "Overdue one"}
    assert titles(status="overdue") == {"Overdue one"}
    assert titles(status="done") == {"Done one"}
    assert titles(status="all") == {"Mine", "Overdue one", "Done one"}
    assert mine.get_absolute_url()


# --- Reminders -------------------------------------------------------------------------------------------
def test_reminders_email_each_owner_once(referral, hub_user, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    services.task_add(referral=referral, title="Due today", owner=hub_user, due_on=today, by=hub_user)
    services.task_add(
        referral=referral, title="Next week", owner=hub_user, due_on=today + timedelta(days=7), by=hub_user
    )
    reviewed = ReferralFactory(
        status=Status.PLAN_IN_PLACE, owner=hub_user, review_due_on=today + timedelta(days=10)
    )
    for _ in range(2):  # the daily run twice: each reminder goes once
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today)
    to_hub_user = [m for m in mail.outbox if m.to == [hub_user.email]]
    assert len(to_hub_user) == 1
    (email,) = to_hub_user
    assert "1 task due" in email.body and "1 annual review due within 2 weeks" in email.body
    assert "Due today" not in email.body and reviewed.reference not in email.body  # no case detail
    assert ReminderSent.objects.count() == 3  # the task, the review, the carer's review invitation


def test_a_task_moved_to_a_new_date_is_reminded_again(referral, hub_user, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    task = services.task_add(referral=referral, title="Due today", owner=hub_user, due_on=today, by=hub_user)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today)
    tomorrow = today + timedelta(days=1)
    services.task_update(task=task, by=hub_user, title=task.title, owner=hub_user, due_on=tomorrow)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(tomorrow)
    assert len([m for m in mail.outbox if m.to == [hub_user.email]]) == 2


def test_reviews_without_a_case_worker_go_to_the_hubs_mailbox(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ReferralFactory(status=Status.PLAN_IN_PLACE, review_due_on=today)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today)
    assert [m.to for m in mail.outbox] == [[settings.CARERS_HUB_EMAIL]]


def test_the_daily_command_queues_the_reminders_for_the_worker(
    referral, hub_user, django_capture_on_commit_callbacks
):
    services.task_add(
        referral=referral, title="Due", owner=hub_user, due_on=timezone.localdate(), by=hub_user
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("carers_reminders", stdout=out)
    assert "queued for the task worker" in out.getvalue()
    assert ReminderSent.objects.filter(kind="task-due").count() == 1
    assert [m.to for m in mail.outbox] == [[hub_user.email]]


# --- The case worker and the national returns' details ---------------------------------------------------
def test_assigning_a_case_worker_and_recording_the_return_details(hub_client, users, referral):
    other = users["carers-hub-worker"]
    url = reverse("carers:case-worker", args=[referral.reference])
    assert hub_client.post(url, {"owner": other.pk}).status_code == 302
    response = hub_client.post(
        reverse("carers:return-details", args=[referral.reference]),
        {"carer_type": "parent", "assessment_method": "joint", "support_type": "direct-payment"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.carer_type, referral.assessment_method, referral.support_type) == (
        "parent",
        "joint",
        "direct-payment",
    )
    assert referral.history.latest().history_change_reason == "National return details changed"
