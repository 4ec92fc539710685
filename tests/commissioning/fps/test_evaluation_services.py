"""The evaluation services' rules: evaluating, clarifications, decisions (and two deciders at once),
the register's suspensions and removals, adding lots and windows."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.fps.models import (
    Admission,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Clarification,
    Notification,
    PurchasingSystem,
    SectionEvaluation,
)
from commissioning.fps.services import evaluation as services
from commissioning.fps.services import system as system_services
from portal.forms import uk_datetime
from portal.permissions import Role
from tests.commissioning.fps.factories import ApplicationFactory, fps_setup
from tests.commissioning.fps.factories_evaluation import (
    admitted,
    evaluate_all,
    evaluation_of,
    section,
    submitted_application,
)
from tests.factories import ProviderMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    return UserFactory(username="ann", first_name="Ann", last_name="Smith", role=Role.COMMISSIONER)


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", first_name="Bob", last_name="Jones", role=Role.COMMISSIONER)


@pytest.fixture
def setup(db):
    return fps_setup()


@pytest.fixture
def application(setup):
    system, lots, window = setup
    app = submitted_application(lots=lots, window=window)
    ProviderMembershipFactory(provider=app.provider, user__email="manager@provider.example.org")
    return app


def lot_of(application, number) -> ApplicationLot:
    return application.application_lots.get(lot__number=number)


# Evaluating sections ------------------------------------------------------------------------------------


def test_section_evaluate_records_result_and_history(application, ann):
    evaluation = services.section_evaluate(
        application=application, section=section(application, 1), result="pass", notes="", by=ann
    )
    assert evaluation.result == "pass" and evaluation.evaluated_by == ann
    record = evaluation.history.latest()
    assert record.history_user == ann and record.history_change_reason == "Section 1 evaluated: pass"


def test_section_evaluate_again_changes_the_same_record(application, ann, bob):
    services.section_evaluate(
        application=application, section=section(application, 1), result="pass", notes="", by=ann
    )
    services.section_evaluate(
        application=application, section=section(application, 1), result="fail", notes="No insurance.", by=bob
    )
    evaluation = evaluation_of(application, 1)
    assert evaluation.result == "fail" and evaluation.evaluated_by == bob
    assert evaluation.history.count() == 2


def test_a_fail_needs_notes(application, ann):
    with pytest.raises(ValidationError) as error:
        services.section_evaluate(
            application=application, section=section(application, 1), result="fail", notes=" ", by=ann
        )
    assert error.value.message_dict == {"notes": ["Enter notes saying why the section fails"]}


@pytest.mark.parametrize(
    "status", [Application.Status.DRAFT, Application.Status.WITHDRAWN, Application.Status.DECIDED]
)
def test_only_submitted_applications_are_evaluated(application, ann, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    with pytest.raises(ValidationError, match="cannot be evaluated"):
        services.section_evaluate(
            application=application, section=section(application, 1), result="pass", notes="", by=ann
        )


def test_clarification_status_may_be_evaluated(application, ann):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.CLARIFICATION)
    evaluation = services.section_evaluate(
        application=application, section=section(application, 1), result="pass", notes="", by=ann
    )
    stored = SectionEvaluation.objects.get(application=application, section=section(application, 1))
    assert (stored.pk, stored.result, stored.evaluated_by) == (evaluation.pk, "pass", ann)
    application.refresh_from_db()
    assert application.status == Application.Status.CLARIFICATION  # evaluating does not end the wait


def test_a_section_of_another_lot_is_refused(setup, ann):
    system, lots, window = setup
    application = submitted_application(lots=lots[:1], window=window)
    with pytest.raises(ValidationError, match="not part of application"):
        services.section_evaluate(
            application=application, section=section(application, 12), result="pass", notes="", by=ann
        )


def test_a_section_cannot_change_after_its_lot_is_decided(application, ann, decider):
    evaluate_all(application, by=ann)
    services.application_lot_decide(
        application_lot=lot_of(application, 1), decision="admitted", reasons="", by=decider
    )
    with pytest.raises(ValidationError, match="lot 1 of .* has been decided on it"):
        services.section_evaluate(
            application=application, section=section(application, 1), result="fail", notes="x", by=ann
        )
    # Lot 2's own section can still change: lot 2 is pending.
    services.section_evaluate(
        application=application, section=section(application, 12), result="fail", notes="x", by=ann
    )


# Clarifications ---------------------------------------------------------------------------------------


def test_clarification_ask_sets_status_notifies_and_starts_the_clock(application, ann):
    respond_by = timezone.localdate() + datetime.timedelta(days=5)
    clarification = services.clarification_ask(
        application=application,
        section=section(application, 1),
        question="Please send the insurance certificate.",
        respond_by=respond_by,
        by=ann,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.CLARIFICATION
    assert clarification.asked_by == ann and clarification.is_open and clarification.asked_at
    assert application.history.latest().history_change_reason == "Clarification requested"
    notification = Notification.objects.get(provider=application.provider)
    assert "Please send the insurance certificate." in notification.body
    assert notification.link  # the answer page, or the application while that page does not exist
    assert [m.to for m in mail.outbox] == []  # sent on commit


def test_clarification_email_is_sent_on_commit(application, ann, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_ask(
            application=application, section=None, question="Which towns?", respond_by=None, by=ann
        )
    assert len(mail.outbox) == 1
    assert "Which towns?" in mail.outbox[0].body
    assert mail.outbox[0].to == ["manager@provider.example.org"]


def test_clarification_link_goes_to_the_answer_page_when_it_exists(application, ann):
    clarification = services.clarification_ask(
        application=application, section=None, question="Which towns?", respond_by=None, by=ann
    )
    expected = services.link_to(
        "fps:clarification-answer", clarification.pk, fallback=services.application_link(application)
    )
    assert Notification.objects.get().link == expected


def test_clarification_needs_a_question_and_a_future_date(application, ann):
    with pytest.raises(ValidationError) as error:
        services.clarification_ask(
            application=application,
            section=None,
            question=" ",
            respond_by=timezone.localdate() - datetime.timedelta(days=1),
            by=ann,
        )
    assert set(error.value.message_dict) == {"question", "respond_by"}
    assert not Clarification.objects.exists()


def test_no_clarification_on_a_decided_application(application, ann):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.DECIDED)
    with pytest.raises(ValidationError):
        services.clarification_ask(
            application=application, section=None, question="Q?", respond_by=None, by=ann
        )


# Decisions --------------------------------------------------------------------------------------------------


def test_admit_creates_an_admission_and_notifies(
    application, ann, django_capture_on_commit_callbacks, decider
):
    evaluate_all(application, by=ann)
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.application_lot_decide(
            application_lot=lot_of(application, 1),
            decision="admitted",
            reasons="Meets every criterion.",
            by=decider,
        )
    assert decided.decision == "admitted" and decided.decided_by == decider and decided.decided_at
    admission = Admission.objects.get()
    assert admission.provider == application.provider and admission.lot.number == 1
    assert admission.status == Admission.Status.ACTIVE and admission.application_lot == decided
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED  # lot 2 is still pending
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Admitted to Lot 1")
    assert "Meets every criterion." in mail.outbox[0].body


def test_all_lots_decided_makes_the_application_decided(
    application, ann, django_capture_on_commit_callbacks, decider
):
    evaluate_all(application, by=ann)
    services.application_lot_decide(
        application_lot=lot_of(application, 1), decision="admitted", reasons="", by=decider
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_lot_decide(
            application_lot=lot_of(application, 2),
            decision="rejected",
            reasons="No community service yet.",
            by=decider,
        )
    application.refresh_from_db()
    assert application.status == Application.Status.DECIDED and application.decided_at
    assert application.history.latest().history_change_reason == "Decided"
    assert "No community service yet." in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Not admitted to Lot 2")
    assert Admission.objects.count() == 1


def test_reject_needs_reasons(application, ann, decider):
    evaluate_all(application, by=ann)
    with pytest.raises(ValidationError) as error:
        services.application_lot_decide(
            application_lot=lot_of(application, 1), decision="rejected", reasons="  ", by=decider
        )
    assert error.value.message_dict == {"reasons": ["Enter the reasons for not admitting the provider"]}
    assert lot_of(application, 1).decision == "pending"


def test_no_decision_until_every_section_of_the_lot_is_evaluated(application, ann, decider):
    evaluate_all(application, by=ann, except_numbers=[11])
    with pytest.raises(ValidationError) as error:
        services.application_lot_decide(
            application_lot=lot_of(application, 1), decision="rejected", reasons="x", by=decider
        )
    assert error.value.messages == [
        "Evaluate section 11 (Lot 1: Building Based Services service description) before deciding lot 1"
    ]
    # Lot 2 does not ask section 11: it can be decided.
    services.application_lot_decide(
        application_lot=lot_of(application, 2), decision="admitted", reasons="", by=decider
    )


def test_admit_only_when_every_section_passed(application, ann, decider):
    evaluate_all(application, by=ann)
    services.section_evaluate(
        application=application, section=section(application, 1), result="fail", notes="No insurance", by=ann
    )
    with pytest.raises(ValidationError) as error:
        services.application_lot_decide(
            application_lot=lot_of(application, 1), decision="admitted", reasons="", by=decider
        )
    assert "Section 1 (Organisation and declarations) failed" in error.value.messages
    assert not Admission.objects.exists()
    services.application_lot_decide(
        application_lot=lot_of(application, 1), decision="rejected", reasons="Failed section 1", by=decider
    )


def test_two_deciders_cannot_both_win(application, ann, decider, second_decider):
    """Both delegated officers loaded the lot while it was pending; the second to save is refused and told who
    decided it and when."""
    evaluate_all(application, by=ann)
    dees_view = lot_of(application, 1)
    eds_view = lot_of(application, 1)
    services.application_lot_decide(application_lot=dees_view, decision="admitted", reasons="", by=decider)
    with pytest.raises(ValidationError) as error:
        services.application_lot_decide(
            application_lot=eds_view, decision="rejected", reasons="No.", by=second_decider
        )
    (message,) = error.value.messages
    assert re.fullmatch(
        rf"Lot 1 of {application.reference} was already decided by Dee Okafor at "
        r"(\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} \w+ \d{4}: admitted\.",
        message,
    ), message
    fresh = lot_of(application, 1)
    assert fresh.decision == "admitted" and fresh.decided_by == decider
    assert Admission.objects.count() == 1


def test_already_decided_message_format(application, ann):
    lot = lot_of(application, 2)
    lot.decision, lot.decided_by = "admitted", ann
    lot.decided_at = timezone.make_aware(datetime.datetime(2022, 6, 3, 10, 42))
    assert services.already_decided_message(lot) == (
        f"Lot 2 of {application.reference} was already decided by Ann Smith "
        "at 10:42am on 3 June 2022: admitted."
    )


def test_no_decision_on_a_withdrawn_application(application, ann, decider):
    evaluate_all(application, by=ann)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="cannot be decided"):
        services.application_lot_decide(
            application_lot=lot_of(application, 1), decision="admitted", reasons="", by=decider
        )


def test_admitting_a_provider_already_on_the_lot_is_refused(application, ann, decider):
    admitted(provider=application.provider, lot=lot_of(application, 1).lot)
    evaluate_all(application, by=ann)
    with pytest.raises(ValidationError, match="already on the FPS for this lot"):
        services.application_lot_decide(
            application_lot=lot_of(application, 1), decision="admitted", reasons="", by=decider
        )
    assert lot_of(application, 1).decision == "pending"


# The register --------------------------------------------------------------------------------------------


def test_suspend_reinstate_remove(application, ann, django_capture_on_commit_callbacks):
    admission = admitted(provider=application.provider, lot=lot_of(application, 1).lot)
    with django_capture_on_commit_callbacks(execute=True):
        services.admission_suspend(admission=admission, reason="CQC rating inadequate", by=ann)
    admission.refresh_from_db()
    assert admission.status == "suspended" and admission.status_reason == "CQC rating inadequate"
    assert admission.history.latest().history_change_reason == "Suspended: CQC rating inadequate"
    assert admission.history.latest().history_user == ann
    assert "CQC rating inadequate" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="cannot be suspended"):
        services.admission_suspend(admission=admission, reason="again", by=ann)
    services.admission_reinstate(admission=admission, reason="Re-inspected: good", by=ann)
    admission.refresh_from_db()
    assert admission.status == "active"
    with pytest.raises(ValidationError, match="cannot be reinstated"):
        services.admission_reinstate(admission=admission, reason="again", by=ann)
    services.admission_remove(admission=admission, reason="Stopped trading", by=ann)
    admission.refresh_from_db()
    assert admission.status == "removed"
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.admission_remove(admission=admission, reason="again", by=ann)


@pytest.mark.parametrize("action", ["admission_suspend", "admission_remove"])
def test_register_changes_need_a_reason(application, ann, action):
    admission = admitted(provider=application.provider, lot=lot_of(application, 1).lot)
    with pytest.raises(ValidationError) as error:
        getattr(services, action)(admission=admission, reason="", by=ann)
    assert list(error.value.message_dict) == ["reason"]


def test_a_long_reason_is_kept_whole_and_the_history_reason_is_cut(application, ann):
    admission = admitted(provider=application.provider, lot=lot_of(application, 1).lot)
    reason = "Safeguarding concerns. " * 20
    services.admission_suspend(admission=admission, reason=reason, by=ann)
    admission.refresh_from_db()
    assert admission.status_reason == reason.strip()
    assert len(admission.history.latest().history_change_reason) == 100


# Lots and windows -----------------------------------------------------------------------------------------


def test_lot_add_takes_the_next_number(setup, ann):
    system, lots, window = setup
    lot = system_services.lot_add(system=system, title="Employment, Skills and Training", by=ann)
    assert lot.number == 3 and lot.history.latest().history_user == ann


def test_lot_add_refuses_a_repeated_title(setup, ann):
    system, lots, window = setup
    with pytest.raises(ValidationError, match="already has a lot called"):
        system_services.lot_add(system=system, title="community support", by=ann)


def test_lot_add_only_during_the_term(setup, ann):
    system, lots, window = setup
    PurchasingSystem.objects.filter(pk=system.pk).update(go_live=datetime.date(2010, 1, 1))
    with pytest.raises(ValidationError, match="ended on 1 January 2015"):
        system_services.lot_add(system=system, title="New", by=ann)


def test_window_add(setup, ann):
    system, lots, window = setup
    opens = window.closes_at + datetime.timedelta(days=100)  # within the term (to July 2027)
    added = system_services.window_add(
        system=system,
        name="2023 window",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=30),
        by=ann,
    )
    assert added.history.latest().history_user == ann


def test_window_add_refuses_overlap(setup, ann):
    system, lots, window = setup
    with pytest.raises(ValidationError, match="would overlap the Open window"):
        system_services.window_add(
            system=system,
            name="Overlapping",
            opens_at=window.closes_at - datetime.timedelta(hours=1),
            closes_at=window.closes_at + datetime.timedelta(days=10),
            by=ann,
        )
    # Touching is not overlapping: one closes as the next opens.
    system_services.window_add(
        system=system,
        name="Next",
        opens_at=window.closes_at,
        closes_at=window.closes_at + datetime.timedelta(days=10),
        by=ann,
    )


def test_window_add_must_close_after_it_opens(setup, ann):
    system, lots, window = setup
    opens = window.closes_at + datetime.timedelta(days=100)
    with pytest.raises(ValidationError) as error:
        system_services.window_add(system=system, name="Backwards", opens_at=opens, closes_at=opens, by=ann)
    assert error.value.message_dict == {"closes_at": ["The window must close after it opens"]}
    assert ApplicationWindow.objects.count() == 1


def test_uk_time_is_bst_in_summer_and_gmt_in_winter():
    summer = uk_datetime(datetime.date(2022, 6, 1), datetime.time(9, 0))
    winter = uk_datetime(datetime.date(2022, 12, 1), datetime.time(9, 0))
    assert summer.astimezone(datetime.UTC).hour == 8
    assert winter.astimezone(datetime.UTC).hour == 9


def test_draft_applications_are_not_in_the_queue_service(setup, ann):
    system, lots, window = setup
    draft = ApplicationFactory(window=window, lots=lots[:1])
    with pytest.raises(ValidationError):
        services.section_evaluate(
            application=draft, section=section(draft, 1), result="pass", notes="", by=ann
        )
