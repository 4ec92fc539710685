"""The application services: windows decided by the server's clock in UK time, references, answers and
their word limits, what is missing, submission, withdrawal and clarifications; each audited."""

import datetime
import os
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.fps.models import Application, ApplicationWindow, Notification, Question
from commissioning.fps.services import applications as services
from tests.commissioning.fps.factories import (
    ApplicationFactory,
    LotFactory,
    QuestionFactory,
    SectionFactory,
    WindowFactory,
    answer_all,
    fps_setup,
)
from tests.commissioning.fps.factories_provider import open_clarification, pdf_bytes, upload
from tests.factories import ProviderFactory, ProviderMembershipFactory

pytestmark = pytest.mark.django_db
UK = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def setup():
    return fps_setup()


@pytest.fixture
def member():
    return ProviderMembershipFactory()


def start(member, system, lots, **kwargs):
    return services.application_start(
        provider=member.provider, system=system, lots=lots, by=member.user, **kwargs
    )


class TestStart:
    def test_reference_is_code_year_and_sequence(self, setup, member):
        system, lots, window = setup
        window.opens_at = datetime.datetime(2022, 6, 1, 9, tzinfo=UK)
        window.save()
        application = start(member, system, [lots[0]])
        assert application.reference == "DO-2022-0001"
        assert application.status == Application.Status.DRAFT
        assert list(application.lots.all()) == [lots[0]]
        second = start(ProviderMembershipFactory(), system, lots)
        assert second.reference == "DO-2022-0002"

    def test_withdrawn_reference_is_never_reused(self, setup, member):
        system, lots, window = setup
        first = start(member, system, lots)
        services.application_withdraw(application=first, reason="Applied by mistake", by=member.user)
        again = start(member, system, lots)
        assert again.reference != first.reference
        assert int(again.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1

    def test_sequence_continues_past_9999(self, setup, member):
        system, lots, window = setup
        year = timezone.localtime(window.opens_at).year
        ApplicationFactory(reference=f"DO-{year}-9999", window=window)
        assert start(member, system, lots).reference == f"DO-{year}-10000"

    def test_refused_when_no_window_is_open_and_says_when_the_next_opens(self, setup, member):
        system, lots, window = setup
        window.opens_at = timezone.now() - datetime.timedelta(days=30)
        window.closes_at = timezone.now() - datetime.timedelta(days=1)
        window.save()
        WindowFactory(
            system=system,
            name="2023 application window",
            opens_at=datetime.datetime(2030, 6, 1, 9, tzinfo=UK),
            closes_at=datetime.datetime(2030, 6, 30, 17, tzinfo=UK),
        )
        with pytest.raises(ValidationError) as error:
            start(member, system, lots)
        assert error.value.messages == [
            "The Day Opportunities Flexible Purchasing System is not accepting applications at the moment. "
            "The 2023 application window opens at 9am on 1 June 2030 (UK time)."
        ]
        assert not Application.objects.exists()

    def test_window_edges_in_uk_time(self, setup, member):
        """A window closing at 5pm UK time in summer (BST) is closed at 16:00 UTC."""
        system, lots, window = setup
        window.opens_at = datetime.datetime(2022, 5, 1, 9, tzinfo=UK)
        window.closes_at = datetime.datetime(2022, 5, 31, 17, tzinfo=UK)
        window.save()
        just_before = datetime.datetime(2022, 5, 31, 15, 59, tzinfo=datetime.UTC)
        at_close = datetime.datetime(2022, 5, 31, 16, 0, tzinfo=datetime.UTC)
        assert start(member, system, lots, moment=just_before).window == window
        with pytest.raises(ValidationError):
            start(ProviderMembershipFactory(), system, lots, moment=at_close)

    def test_one_live_application_per_window(self, setup, member):
        system, lots, window = setup
        first = start(member, system, [lots[0]])
        with pytest.raises(ValidationError) as error:
            start(member, system, [lots[1]])
        assert first.reference in error.value.messages[0]

    def test_needs_a_lot_of_this_system(self, setup, member):
        system, lots, window = setup
        with pytest.raises(ValidationError):
            start(member, system, [])
        other_lot = LotFactory(system__slug="other", system__code="OT", number=1)
        with pytest.raises(ValidationError):
            start(member, system, [other_lot])
        lots[1].is_active = False
        lots[1].save()
        with pytest.raises(ValidationError):
            start(member, system, [lots[1]])

    def test_audited(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        record = application.history.latest()
        assert record.history_user == member.user
        assert record.history_change_reason == "Started"
        assert application.application_lots.first().history.latest().history_user == member.user


class TestAnswers:
    def test_word_limit(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        question = QuestionFactory(
            section=SectionFactory(system=system, number=4), number="4.2", word_limit=500
        )
        with pytest.raises(ValidationError) as error:
            services.answer_save(
                application=application, question=question, data={"text": "word " * 612}, by=member.user
            )
        assert error.value.messages == ["Question 4.2 must be 500 words or fewer (you wrote 612)"]
        services.answer_save(
            application=application, question=question, data={"text": "word " * 500}, by=member.user
        )
        assert application.answers.get(question=question).text.count("word") == 500

    def test_only_while_draft(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        question = Question.objects.get(number="1.1")
        application.status = Application.Status.SUBMITTED
        application.save()
        with pytest.raises(ValidationError):
            services.answer_save(
                application=application, question=question, data={"choice": "yes"}, by=member.user
            )
        assert not application.answers.exists()

    def test_not_after_the_window_closes(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        ApplicationWindow.objects.filter(pk=window.pk).update(closes_at=timezone.now())
        with pytest.raises(ValidationError) as error:
            services.answer_save(
                application=application,
                question=Question.objects.get(number="1.1"),
                data={"choice": "yes"},
                by=member.user,
            )
        assert "You can no longer change this application" in error.value.messages[0]

    def test_a_question_of_another_lot_is_refused(self, setup, member):
        system, lots, window = setup
        application = start(member, system, [lots[0]])
        with pytest.raises(ValidationError):
            services.answer_save(
                application=application,
                question=Question.objects.get(number="12.1"),
                data={"text": "Community support"},
                by=member.user,
            )

    def test_document_replaced(self, setup, member, settings, tmp_path, django_capture_on_commit_callbacks):
        settings.MEDIA_ROOT = tmp_path
        system, lots, window = setup
        application = start(member, system, lots)
        question = Question.objects.get(number="1.3")
        first = services.answer_save(
            application=application,
            question=question,
            data={"document": upload("Policy 2022.pdf", pdf_bytes())},
            by=member.user,
        )
        first_path = first.document.path
        assert first.document_name == "Policy 2022.pdf"
        assert first.document_type == "pdf"
        assert "Policy" not in first.document.name  # stored under a random name
        with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the change commits
            second = services.answer_save(
                application=application,
                question=question,
                data={"document": upload("Policy 2023.pdf", pdf_bytes())},
                by=member.user,
            )
        assert second.pk == first.pk
        assert second.document_name == "Policy 2023.pdf"
        assert not os.path.exists(first_path)
        assert os.path.exists(second.document.path)


class TestMissingAnswers:
    def test_only_the_lots_applied_for(self, setup, member):
        system, lots, window = setup
        application = start(member, system, [lots[0]])
        missing = [q.number for q in services.missing_answers(application)]
        assert missing == ["1.1", "1.2", "1.3", "11.1"]  # 1.4 is optional; 12.1 is Lot 2's

    def test_a_question_for_one_lot_in_a_common_section(self, setup, member):
        system, lots, window = setup
        QuestionFactory(
            section=system.sections.get(number=1), number="1.5", position=5, lot=lots[1], text="Lot 2 only?"
        )
        application = start(member, system, [lots[0]])
        assert "1.5" not in [q.number for q in services.missing_answers(application)]
        services.application_lots_change(application=application, lots=lots, by=member.user)
        assert "1.5" in [q.number for q in services.missing_answers(application)]

    def test_none_when_all_answered(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        answer_all(application)
        assert services.missing_answers(application) == []

    def test_dropping_a_lot_removes_its_answers(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        answer_all(application)
        services.application_lots_change(application=application, lots=[lots[0]], by=member.user)
        assert not application.answers.filter(question__number="12.1").exists()
        assert application.answers.filter(question__number="11.1").exists()
        assert application.history.latest().history_change_reason == "Lots changed to Lot 1"


class TestSubmit:
    def test_submits_and_notifies(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        answer_all(application)
        with pytest.raises(ValidationError):
            services.application_submit(
                application=application, declaration_name="", declaration_role="", by=member.user
            )
        services.application_submit(
            application=application,
            declaration_name="Jo Bloggs",
            declaration_role="Director",
            by=member.user,
        )
        application.refresh_from_db()
        assert application.status == Application.Status.SUBMITTED
        assert application.submitted_by == member.user
        assert application.declaration_name == "Jo Bloggs"
        record = application.history.latest()
        assert (record.history_user, record.history_change_reason) == (member.user, "Submitted")
        notification = Notification.objects.get(provider=member.provider)
        assert notification.subject == f"Application {application.reference} received"
        assert notification.link == application.get_absolute_url()

    def test_emails_after_commit(self, setup, member, django_capture_on_commit_callbacks):
        system, lots, window = setup
        application = start(member, system, lots)
        answer_all(application)
        with django_capture_on_commit_callbacks(execute=True):
            services.application_submit(
                application=application, declaration_name="Jo", declaration_role="Director", by=member.user
            )
        assert [m.to for m in mail.outbox] == [[member.user.email]]
        assert application.reference in mail.outbox[0].body

    def test_refused_after_the_window_closes(self, setup, member):
        system, lots, window = setup
        window.name = "2022 application window"
        window.opens_at = datetime.datetime(2022, 5, 1, 9, tzinfo=UK)
        window.closes_at = datetime.datetime(2022, 5, 31, 17, tzinfo=UK)
        window.save()
        application = ApplicationFactory(provider=member.provider, window=window, lots=lots)
        answer_all(application)
        with pytest.raises(ValidationError) as error:
            services.application_submit(
                application=application,
                declaration_name="Jo",
                declaration_role="Director",
                by=member.user,
                moment=datetime.datetime(2022, 5, 31, 17, 0, 1, tzinfo=UK),
            )
        assert error.value.messages == [
            "The 2022 application window closed at 5pm on 31 May 2022. Your application was not submitted."
        ]
        application.refresh_from_db()
        assert application.status == Application.Status.DRAFT
        assert not Notification.objects.exists()

    def test_each_missing_question_listed(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        with pytest.raises(services.IncompleteApplication) as error:
            services.application_submit(
                application=application, declaration_name="Jo", declaration_role="Director", by=member.user
            )
        assert [q.number for q in error.value.questions] == ["1.1", "1.2", "1.3", "11.1", "12.1"]
        assert error.value.messages[0].startswith("Answer question 1.1: Do you hold")
        assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT

    def test_not_twice(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        answer_all(application)
        kwargs = {"declaration_name": "Jo", "declaration_role": "Director", "by": member.user}
        services.application_submit(application=application, **kwargs)
        with pytest.raises(ValidationError):
            services.application_submit(application=application, **kwargs)


class TestWithdrawAndClarify:
    def test_withdraw_before_a_decision(self, setup, member):
        system, lots, window = setup
        application = start(member, system, lots)
        answer_all(application)
        services.application_submit(
            application=application, declaration_name="Jo", declaration_role="Director", by=member.user
        )
        with pytest.raises(ValidationError):
            services.application_withdraw(application=application, reason=" ", by=member.user)
        services.application_withdraw(application=application, reason="We have closed", by=member.user)
        application.refresh_from_db()
        assert application.status == Application.Status.WITHDRAWN
        assert application.withdrawn_reason == "We have closed"
        assert application.history.latest().history_change_reason == "Withdrawn"

    def test_not_after_a_decision(self, setup, member):
        system, lots, window = setup
        application = ApplicationFactory(
            provider=member.provider, window=window, lots=lots, status=Application.Status.SUBMITTED
        )
        application_lot = application.application_lots.first()
        application_lot.decision = "admitted"
        application_lot.save()
        with pytest.raises(ValidationError):
            services.application_withdraw(application=application, reason="Too late", by=member.user)
        application.status = Application.Status.DECIDED
        application.save()
        with pytest.raises(ValidationError):
            services.application_withdraw(application=application, reason="Too late", by=member.user)

    def test_answering_the_last_clarification_returns_it_to_submitted(self, setup, member):
        system, lots, window = setup
        application = ApplicationFactory(
            provider=member.provider, window=window, lots=lots, status=Application.Status.SUBMITTED
        )
        first = open_clarification(application, "Which insurer?")
        second = open_clarification(application, "Which policy year?")
        services.clarification_answer(clarification=first, answer="Acme Mutual", by=member.user)
        application.refresh_from_db()
        assert application.status == Application.Status.CLARIFICATION
        services.clarification_answer(clarification=second, answer="2022-23", by=member.user)
        application.refresh_from_db()
        assert application.status == Application.Status.SUBMITTED
        assert application.history.latest().history_change_reason == "Clarifications answered"
        first.refresh_from_db()
        assert first.answered_by == member.user and first.answered_at is not None
        assert first.history.latest().history_change_reason == "Answered"
        with pytest.raises(ValidationError):
            services.clarification_answer(clarification=first, answer="Again", by=member.user)


def test_uk_time():
    assert services.uk_time(datetime.datetime(2022, 5, 31, 16, tzinfo=datetime.UTC)) == "5pm on 31 May 2022"
    assert (
        services.uk_time(datetime.datetime(2022, 12, 1, 9, 30, tzinfo=datetime.UTC))
        == "9:30am on 1 December 2022"
    )


def test_another_provider_unaffected(setup):
    """Two organisations apply in the same window: each gets its own reference."""
    system, lots, window = setup
    a = services.application_start(
        provider=ProviderFactory(), system=system, lots=lots, by=ProviderMembershipFactory().user
    )
    b = services.application_start(
        provider=ProviderFactory(), system=system, lots=lots, by=ProviderMembershipFactory().user
    )
    assert a.reference != b.reference
