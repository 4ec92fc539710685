"""The provider's journey through HTTP: start, answer section by section, upload, check, submit, withdraw,
answer a clarification; closed windows; documents checked by content; another provider sees nothing."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.fps.models import Answer, Application, ApplicationWindow, Notification, Question
from portal.timefmt import govuk_date
from tests.commissioning.fps.factories import fps_setup
from tests.commissioning.fps.factories_provider import (
    docx_bytes,
    open_clarification,
    own_application,
    pdf_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def field(question_number: str) -> str:
    return f"q{Question.objects.get(number=question_number).pk}"


def close_window(window, *, ago=datetime.timedelta(minutes=1)):
    ApplicationWindow.objects.filter(pk=window.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30), closes_at=timezone.now() - ago
    )


def test_the_whole_journey(provider_client, own_provider, users, django_capture_on_commit_callbacks):
    system, lots, window = fps_setup()
    overview = provider_client.get(reverse("fps:overview", args=[system.slug]))
    assert "Apply" in text(overview)

    # Start, choosing Lot 1.
    start_url = reverse("fps:application-start", args=[system.slug])
    assert provider_client.get(start_url).status_code == 200
    response = provider_client.post(start_url, {"lots": [lots[0].pk]})
    application = Application.objects.get(provider=own_provider)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    year = timezone.localtime(window.opens_at).year
    assert application.reference == f"DO-{year}-0001"

    # The task list: two sections, none started.
    page = text(provider_client.get(application.get_absolute_url()))
    assert "govuk-task-list" in page
    assert page.count("Not started") == 2
    assert "Lot 2: Community Support service description" not in page

    # Section 1, part done, then "come back later".
    section_1 = reverse("fps:application-section", args=[application.reference, 1])
    form = provider_client.get(section_1)
    body = text(form)
    assert 'data-maxwords="250"' in body and "govuk-character-count" in body
    assert 'type="file"' in body and 'class="govuk-radios' in body
    response = provider_client.post(section_1, {field("1.1"): "yes", "action": "later"})
    assert response["Location"] == application.get_absolute_url()
    page = text(provider_client.get(application.get_absolute_url()))
    assert "In progress" in page

    # Finish section 1 with "Save and continue": on to section 11.
    response = provider_client.post(
        section_1,
        {
            field("1.1"): "yes",
            field("1.2"): "yes",
            field("1.3"): upload("Safeguarding policy.pdf", pdf_bytes()),
            field("1.4"): "We employ local people.",
            "action": "continue",
        },
    )
    assert response["Location"] == reverse("fps:application-section", args=[application.reference, 11])
    response = provider_client.post(
        response["Location"], {field("11.1"): "A day centre in Crewe.", "action": "continue"}
    )
    check_url = reverse("fps:application-check", args=[application.reference])
    assert response["Location"] == check_url
    page = text(provider_client.get(application.get_absolute_url()))
    assert page.count("Completed") >= 2 and "Not started" not in page

    # Check answers: summary lists with Change links; the document links to its download.
    check = text(provider_client.get(check_url))
    assert "govuk-summary-list" in check
    assert check.count(">Change<") == 6  # the lots and five questions
    answer = Answer.objects.get(application=application, question__number="1.3")
    assert reverse("fps:document", args=[answer.pk]) in check

    # Submit with the declaration.
    with django_capture_on_commit_callbacks(execute=True):
        response = provider_client.post(
            check_url, {"declaration_name": "Jo Bloggs", "declaration_role": "Director", "confirm": "true"}
        )
    assert response["Location"] == reverse("fps:application-submitted", args=[application.reference])
    done = text(provider_client.get(response["Location"]))
    assert "govuk-panel--confirmation" in done and application.reference in done
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject

    # Submitted: read-only; the sections redirect to the answers.
    response = provider_client.get(section_1)
    assert response.status_code == 302 and response["Location"] == check_url
    assert ">Change<" not in text(provider_client.get(check_url))

    # The message, then read.
    messages_page = text(provider_client.get(reverse("fps:notifications")))
    assert f"Application {application.reference} received" in messages_page and "New" in messages_page
    assert Notification.objects.get().read_at is not None

    # The list of applications.
    listing = text(provider_client.get(reverse("fps:applications")))
    assert application.reference in listing and "Submitted" in listing


def test_start_refused_when_the_window_is_closed(provider_client, own_provider):
    system, lots, window = fps_setup()
    close_window(window)
    url = reverse("fps:application-start", args=[system.slug])
    page = text(provider_client.get(url))
    assert "is not accepting applications at the moment" in page
    assert "Start the application" not in page
    response = provider_client.post(url, {"lots": [lots[0].pk]})
    assert response.status_code == 200
    assert "is not accepting applications at the moment" in text(response)
    assert not Application.objects.exists()
    overview = text(provider_client.get(reverse("fps:overview", args=[system.slug])))
    assert "Applications are closed" in overview and "fps/day-opportunities/apply" not in overview


def test_late_submission_refused(provider_client, own_provider):
    application = own_application(own_provider, answered=True)
    window = application.window
    ApplicationWindow.objects.filter(pk=window.pk).update(name="2022 application window")
    # Closed at midday yesterday (UK time), so the message's wording does not depend on the clock.
    midday = (timezone.localtime() - datetime.timedelta(days=1)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    ApplicationWindow.objects.filter(pk=window.pk).update(
        opens_at=midday - datetime.timedelta(days=30), closes_at=midday
    )
    check_url = reverse("fps:application-check", args=[application.reference])
    assert "This application can no longer be submitted" in text(provider_client.get(check_url))
    response = provider_client.post(
        check_url, {"declaration_name": "Jo Bloggs", "declaration_role": "Director", "confirm": "true"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "govuk-error-summary" in page
    assert f"The 2022 application window closed at midday on {govuk_date(midday)}." in page
    assert "Your application was not submitted." in page
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not Notification.objects.exists()
    # Answers cannot be changed either.
    section = reverse("fps:application-section", args=[application.reference, 1])
    response = provider_client.post(section, {field("1.4"): "Changed", "action": "later"})
    assert "can no longer be changed" in text(response)
    assert Answer.objects.get(application=application, question__number="1.4").text != "Changed"


def test_each_missing_mandatory_question_listed(provider_client, own_provider):
    application = own_application(own_provider, lots=2)
    check_url = reverse("fps:application-check", args=[application.reference])
    response = provider_client.post(
        check_url, {"declaration_name": "Jo Bloggs", "declaration_role": "Director", "confirm": "true"}
    )
    assert response.status_code == 200
    summary = text(response).split('govuk-error-summary__list">')[1].split("</ul>")[0]
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', summary)
    assert [label.split(":")[0] for _, label in items] == [
        "Answer question 1.1",
        "Answer question 1.2",
        "Answer question 1.3",
        "Answer question 11.1",
        "Answer question 12.1",
    ]
    section_1 = reverse("fps:application-section", args=[application.reference, 1])
    assert items[0][0] == f"{section_1}#id_{field('1.1')}_0"
    assert items[2][0] == f"{section_1}#id_{field('1.3')}"
    assert items[4][0].startswith(reverse("fps:application-section", args=[application.reference, 12]))
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def test_declaration_needed(provider_client, own_provider):
    application = own_application(own_provider, answered=True)
    check_url = reverse("fps:application-check", args=[application.reference])
    page = text(provider_client.post(check_url, {}))
    assert "Enter the name of the person making the declaration" in page
    assert "Confirm the declaration to submit the application" in page
    assert "Answer question" not in page


def test_declaration_and_missing_answers_listed_together(provider_client, own_provider):
    application = own_application(own_provider)
    check_url = reverse("fps:application-check", args=[application.reference])
    page = text(provider_client.post(check_url, {}))
    assert "Enter the name of the person making the declaration" in page
    assert "Answer question 1.1" in page and "Answer question 11.1" in page
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def test_word_limit_through_the_form(provider_client, own_provider):
    application = own_application(own_provider)
    section = reverse("fps:application-section", args=[application.reference, 11])
    number = Question.objects.get(number="11.1")
    response = provider_client.post(section, {field("11.1"): "word " * 251, "action": "continue"})
    assert f"Question {number.number} must be 250 words or fewer (you wrote 251)" in text(response)
    assert not Answer.objects.filter(application=application).exists()


class TestUploads:
    def post(self, client, application, name, data):
        section = reverse("fps:application-section", args=[application.reference, 1])
        return client.post(section, {field("1.3"): upload(name, data), "action": "later"})

    def test_a_pdf_that_is_really_html_is_refused(self, provider_client, own_provider):
        application = own_application(own_provider)
        response = self.post(provider_client, application, "policy.pdf", b"<html><script>x</script></html>")
        assert response.status_code == 200
        assert "must be a PDF, a Word document (DOCX) or an Excel spreadsheet (XLSX)" in text(response)
        assert not Answer.objects.filter(application=application).exclude(document="").exists()

    def test_a_fake_pdf_signature_is_refused(self, provider_client, own_provider):
        application = own_application(own_provider)
        response = self.post(provider_client, application, "policy.pdf", b"%PDF-1.7\nnot really a pdf")
        assert "could not be opened" in text(response)

    def test_a_zip_that_is_not_office_is_refused(self, provider_client, own_provider):
        import io
        import zipfile

        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("evil.exe", b"MZ")
        application = own_application(own_provider)
        response = self.post(provider_client, application, "policy.docx", data.getvalue())
        assert "must be a PDF" in text(response)

    @pytest.mark.parametrize(
        ("name", "builder", "kind"),
        [
            ("policy.docx", docx_bytes, "docx"),
            ("staffing.xlsx", xlsx_bytes, "xlsx"),
            ("p.pdf", pdf_bytes, "pdf"),
        ],
    )
    def test_real_documents_accepted_whatever_their_name(
        self, provider_client, own_provider, name, builder, kind
    ):
        application = own_application(own_provider)
        # The name's extension does not matter; the content does.
        response = self.post(provider_client, application, name.replace(f".{kind}", ".txt"), builder())
        assert response.status_code == 302
        answer = Answer.objects.get(application=application, question__number="1.3")
        assert answer.document_type == kind

    def test_oversize_refused(self, provider_client, own_provider):
        application = own_application(own_provider)
        data = pdf_bytes() + b"\n%" + b"x" * (10 * 1024 * 1024)
        response = self.post(provider_client, application, "big.pdf", data)
        assert "must be smaller than 10 MB" in text(response)
        assert not Answer.objects.filter(application=application).exclude(document="").exists()

    def test_download_is_an_attachment_with_the_original_name(
        self, provider_client, commissioner_client, own_provider
    ):
        application = own_application(own_provider)
        data = docx_bytes()
        self.post(provider_client, application, "Our policy.docx", data)
        answer = Answer.objects.get(application=application, question__number="1.3")
        for client in (provider_client, commissioner_client):
            response = client.get(reverse("fps:document", args=[answer.pk]))
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment;")
            assert "Our policy.docx" in response["Content-Disposition"]
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            assert b"".join(response.streaming_content) == data


class TestAnotherProvider:
    @pytest.fixture
    def application(self, own_provider):
        application = own_application(own_provider, status=Application.Status.SUBMITTED, answered=True)
        self.clarification = open_clarification(application)
        return application

    def test_gets_404_everywhere(self, client_for, application):
        other = client_for("other-provider")
        ref = application.reference
        document = application.answers.exclude(document="").get()
        urls = [
            reverse("fps:application", args=[ref]),
            reverse("fps:application-lots", args=[ref]),
            reverse("fps:application-section", args=[ref, 1]),
            reverse("fps:application-check", args=[ref]),
            reverse("fps:application-submitted", args=[ref]),
            reverse("fps:application-withdraw", args=[ref]),
            reverse("fps:document", args=[document.pk]),
            reverse("fps:clarification-answer", args=[self.clarification.pk]),
        ]
        for url in urls:
            assert other.get(url).status_code == 404, url
            assert other.post(url, {"reason": "x", "answer": "x"}).status_code == 404, url
        application.refresh_from_db()
        assert application.status == Application.Status.CLARIFICATION
        self.clarification.refresh_from_db()
        assert self.clarification.is_open

    def test_own_list_shows_only_own(self, client_for, application):
        other = text(client_for("other-provider").get(reverse("fps:applications")))
        assert application.reference not in other

    def test_commissioner_reads_but_cannot_change(self, commissioner_client, application):
        page = text(commissioner_client.get(application.get_absolute_url()))
        assert application.reference in page and "Withdraw this application" not in page
        response = commissioner_client.post(
            reverse("fps:application-withdraw", args=[application.reference]), {"reason": "x"}
        )
        assert response.status_code == 403


def test_withdraw(provider_client, own_provider):
    application = own_application(own_provider, status=Application.Status.SUBMITTED, answered=True)
    url = reverse("fps:application-withdraw", args=[application.reference])
    assert "Withdraw this application" in text(provider_client.get(application.get_absolute_url()))
    assert "Enter why you are withdrawing" in text(provider_client.post(url, {"reason": ""}))
    response = provider_client.post(url, {"reason": "We are no longer providing day care"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    page = text(provider_client.get(application.get_absolute_url()))
    assert "We are no longer providing day care" in page and "Withdraw this application" not in page
    # Withdrawn: a new application can be started in the same window.
    response = provider_client.get(reverse("fps:application-start", args=[application.window.system.slug]))
    assert response.status_code == 200


def test_clarification_answer(provider_client, own_provider):
    application = own_application(own_provider, status=Application.Status.SUBMITTED, answered=True)
    clarification = open_clarification(application, "What is your insurer's name?")
    page = text(provider_client.get(application.get_absolute_url()))
    assert "What is your insurer&#x27;s name?" in page or "What is your insurer's name?" in page
    url = reverse("fps:clarification-answer", args=[clarification.pk])
    assert "Enter your answer" in text(provider_client.post(url, {"answer": " "}))
    response = provider_client.post(url, {"answer": "Acme Mutual"})
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    clarification.refresh_from_db()
    assert clarification.answer == "Acme Mutual"
    # Answered already: back to the application.
    assert provider_client.get(url).status_code == 302


def test_change_lots(provider_client, own_provider):
    application = own_application(own_provider, lots=1)
    lots = list(application.window.system.lots.order_by("number"))
    url = reverse("fps:application-lots", args=[application.reference])
    assert "Select at least one lot" in text(provider_client.post(url, {}))
    provider_client.post(url, {"lots": [lot.pk for lot in lots]})
    assert set(application.application_lots.values_list("lot_id", flat=True)) == {lot.pk for lot in lots}
    assert "service description" in text(provider_client.get(application.get_absolute_url()))


def test_staff_cannot_start_and_providers_cannot_list_others(client_for):
    system, lots, window = fps_setup()
    assert (
        client_for("commissioner").get(reverse("fps:application-start", args=[system.slug])).status_code
        == 403
    )
    assert client_for("commissioner").get(reverse("fps:applications")).status_code == 403


def test_existing_application_redirects_from_start(provider_client, own_provider):
    application = own_application(own_provider)
    response = provider_client.get(reverse("fps:application-start", args=[application.window.system.slug]))
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
