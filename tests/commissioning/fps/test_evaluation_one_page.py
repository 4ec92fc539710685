"""The one-page evaluation (every section's answers with its own pass/fail form, "pass all sections not yet
evaluated" after a confirmation) and the delegated officer's decision (never by one of the evaluators, unless
FPS_EVALUATOR_MAY_DECIDE allows it and the decision says so)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commissioning.fps.models import ApplicationLot, SectionEvaluation
from commissioning.fps.services import evaluation as services
from portal.permissions import Role
from tests.commissioning.fps.factories import fps_setup
from tests.commissioning.fps.factories_evaluation import evaluate_all, section, submitted_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(own_provider):
    system, lots, window = fps_setup()
    return submitted_application(provider=own_provider, lots=lots, window=window)


@pytest.fixture
def commissioner(users):
    return users["commissioner"]


@pytest.fixture
def delegated(users):
    return users["delegated-officer"]


@pytest.fixture
def both_roles(db):
    """A small team's officer who both evaluates and decides."""
    user = UserFactory(username="both", first_name="Sam", last_name="Both", role=Role.COMMISSIONER)
    user.groups.add(Group.objects.get(name=Role.DELEGATED_OFFICER.label))
    return user


def evaluate_url(application):
    return reverse("fps:evaluate", args=[application.reference])


def pass_url(application):
    return reverse("fps:evaluate-pass-remaining", args=[application.reference])


def decide_url(application, lot=1):
    return reverse("fps:decide", args=[application.reference, lot])


def fail_answer(application, number="1.1"):
    answer = application.answers.get(question__number=number)
    answer.choice = "no"  # the passing answer is yes
    answer.save()


# The one page -------------------------------------------------------------------------------------------


def test_every_section_has_its_own_form_with_its_own_ids(client_for, application):
    page = client_for(Role.COMMISSIONER).get(evaluate_url(application)).content.decode()
    for number in (1, 11, 12):
        action = reverse("fps:evaluate-section", args=[application.reference, number])
        assert f'<form method="post" action="{action}"' in page
        assert f'id="section-{number}-result_0"' in page and f'id="section-{number}-notes"' in page
        assert f"Does section {number} pass?" in page and f"Save section {number}" in page
    assert len(re.findall(r'action="[^"]*/sections/\d+/"', page)) == 3
    # Pass and fail side by side (GOV.UK inline radios).
    assert "govuk-radios--inline" in page
    assert pass_url(application) in page


def test_a_saved_section_keeps_its_choice_and_notes_in_its_form(client_for, application, commissioner):
    services.section_evaluate(
        application=application,
        section=section(application, 1),
        result="fail",
        notes="No cover.",
        by=commissioner,
    )
    page = client_for(Role.COMMISSIONER).get(evaluate_url(application)).content.decode()
    assert 'id="section-1-result_1" name="result" type="radio" value="fail" checked' in page
    assert "No cover.</textarea>" in page


def test_after_the_last_section_the_page_goes_to_the_decisions(client_for, application, commissioner):
    evaluate_all(application, by=commissioner, except_numbers=[12])
    url = reverse("fps:evaluate-section", args=[application.reference, 12])
    response = client_for(Role.COMMISSIONER).post(url, {"result": "pass"})
    assert response["Location"] == evaluate_url(application) + "#decisions"


def test_a_section_of_a_decided_lot_has_no_form(client_for, application, commissioner, delegated):
    evaluate_all(application, by=commissioner)
    services.application_lot_decide(
        application_lot=application.application_lots.get(lot__number=2),
        decision="rejected",
        reasons="No base.",
        by=delegated,
    )
    page = client_for(Role.COMMISSIONER).get(evaluate_url(application)).content.decode()
    # Lot 2 is decided: its own section 12 and section 1 (asked of every lot) cannot change; 11 still can.
    assert 'id="section-11-result_0"' in page
    assert 'id="section-12-result_0"' not in page and 'id="section-1-result_0"' not in page
    assert "This section cannot change: a lot decided on it has been decided." in page


def test_the_delegated_officer_reads_the_page_but_does_not_evaluate(client_for, application):
    client = client_for(Role.DELEGATED_OFFICER)
    page = client.get(evaluate_url(application)).content.decode()
    assert "Do you hold employer" in page and 'id="section-1-result_0"' not in page
    assert pass_url(application) not in page
    url = reverse("fps:evaluate-section", args=[application.reference, 1])
    assert client.post(url, {"result": "pass"}).status_code == 403
    assert client.get(pass_url(application)).status_code == 403
    assert client.post(pass_url(application), {"sections": "1,11,12"}).status_code == 403
    assert not SectionEvaluation.objects.exists()


# Pass all sections not yet evaluated ----------------------------------------------------------------------


def test_pass_remaining_lists_the_sections_and_holds_back_flagged_ones(client_for, application, commissioner):
    fail_answer(application)  # section 1 has a failing answer: judged one by one
    services.section_evaluate(
        application=application, section=section(application, 12), result="pass", notes="", by=commissioner
    )
    client = client_for(Role.COMMISSIONER)
    response = client.get(pass_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pass 1 section not yet evaluated?" in page
    assert "Section 11" in page and "Lot 1: Building Based Services service description" in page
    assert (
        "Not included: judge these one by one" in page and "Section 1: Organisation and declarations" in page
    )
    assert 'name="sections" value="11"' in page
    response = client.post(pass_url(application), {"sections": "11"})
    assert response.status_code == 302
    assert response["Location"] == evaluate_url(application) + "#section-1"
    passed = SectionEvaluation.objects.get(application=application, section__number=11)
    assert passed.result == "pass" and passed.evaluated_by == commissioner and passed.notes == ""
    assert not SectionEvaluation.objects.filter(application=application, section__number=1).exists()


def test_pass_remaining_passes_every_unflagged_section(client_for, application, commissioner):
    response = client_for(Role.COMMISSIONER).post(pass_url(application), {"sections": "1,11,12"})
    assert response["Location"] == evaluate_url(application) + "#decisions"
    assert sorted(application.evaluations.values_list("section__number", "result")) == [
        (1, "pass"),
        (11, "pass"),
        (12, "pass"),
    ]
    assert all(e.history.latest().history_user == commissioner for e in application.evaluations.all())


CHANGED = "The sections not yet evaluated have changed since the list was shown: check the list again."
NOT_VALID = "The list of sections is not valid: check the list again"


@pytest.mark.parametrize(
    "posted, message",
    [
        ("1,11", CHANGED),
        ("1,11,12,13", CHANGED),
        ("", NOT_VALID),
        ("1;11", NOT_VALID),
        ("9" * 2000, NOT_VALID),
    ],
)
def test_pass_remaining_refuses_a_list_that_is_not_the_one_shown(client_for, application, posted, message):
    response = client_for(Role.COMMISSIONER).post(pass_url(application), {"sections": posted})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page and message in page
    assert not SectionEvaluation.objects.exists()


def test_pass_remaining_answers_a_nul_character_with_the_bad_input_page(client_for, application):
    response = client_for(Role.COMMISSIONER).post(pass_url(application), {"sections": "1,11,\x0012"})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not SectionEvaluation.objects.exists()


def test_pass_remaining_with_nothing_left_says_so(client_for, application, commissioner):
    evaluate_all(application, by=commissioner)
    client = client_for(Role.COMMISSIONER)
    page = client.get(pass_url(application)).content.decode()
    assert "No sections to pass in one go" in page and 'name="sections"' not in page
    response = client.post(pass_url(application), {"sections": "1"})
    assert response.status_code == 302
    assert SectionEvaluation.objects.count() == 3


def test_pass_remaining_service_leaves_out_sections_of_decided_lots(application, commissioner, delegated):
    evaluate_all(application, by=commissioner, except_numbers=[11])
    services.application_lot_decide(
        application_lot=application.application_lots.get(lot__number=2),
        decision="admitted",
        reasons="",
        by=delegated,
    )
    found = services.sections_to_pass(application)
    assert [s.number for s in found["passable"]] == [11] and found["held_back"] == []
    services.sections_pass_remaining(application=application, numbers=[11], by=commissioner)
    assert application.evaluations.get(section__number=11).result == "pass"


# The delegated officer's decision ---------------------------------------------------------------------------


def test_only_a_delegated_officer_decides(application, commissioner):
    evaluate_all(application, by=commissioner)
    with pytest.raises(PermissionDenied):
        services.application_lot_decide(
            application_lot=application.application_lots.get(lot__number=1),
            decision="admitted",
            reasons="",
            by=commissioner,
        )
    assert not ApplicationLot.objects.exclude(decision="pending").exists()


def test_an_evaluator_cannot_decide_the_application(application, both_roles, commissioner, client_for):
    evaluate_all(application, by=commissioner)
    services.section_evaluate(
        application=application, section=section(application, 11), result="pass", notes="", by=both_roles
    )
    lot = application.application_lots.get(lot__number=1)
    with pytest.raises(ValidationError) as error:
        services.application_lot_decide(application_lot=lot, decision="admitted", reasons="", by=both_roles)
    assert error.value.messages == [
        f"You evaluated section 11 of application {application.reference}: another delegated officer must "
        "decide it."
    ]
    client = client_for("anonymous")
    client.force_login(both_roles)
    page = client.get(evaluate_url(application)).content.decode()
    assert "another delegated officer must decide it" in page and decide_url(application, 1) not in page
    response = client.post(
        decide_url(application), {"lot-1-decision": "admitted", "lot-1-expected": "pending"}
    )
    assert (
        response.status_code == 200
        and "another delegated officer must decide it" in response.content.decode()
    )
    lot.refresh_from_db()
    assert lot.decision == "pending"


def test_an_earlier_evaluation_changed_by_someone_else_still_counts(application, both_roles, commissioner):
    services.section_evaluate(
        application=application, section=section(application, 1), result="fail", notes="x", by=both_roles
    )
    evaluate_all(application, by=commissioner)  # section 1 re-evaluated by the commissioner
    assert application.evaluations.get(section__number=1).evaluated_by == commissioner
    assert services.sections_evaluated_by(application, both_roles) == [1]
    with pytest.raises(ValidationError, match="You evaluated section 1 of"):
        services.application_lot_decide(
            application_lot=application.application_lots.get(lot__number=1),
            decision="admitted",
            reasons="",
            by=both_roles,
        )


def test_a_small_team_setting_lets_an_evaluator_decide_and_the_decision_says_so(
    settings, application, both_roles, client_for
):
    settings.FPS_EVALUATOR_MAY_DECIDE = True
    evaluate_all(application, by=both_roles)
    decided = services.application_lot_decide(
        application_lot=application.application_lots.get(lot__number=1),
        decision="admitted",
        reasons="",
        by=both_roles,
    )
    assert decided.decided_by == both_roles and decided.decided_by_evaluator is True
    assert decided.history.latest().history_change_reason == (
        "Lot 1 admitted by one of its evaluators (allowed for small teams)"
    )
    page = client_for(Role.DELEGATED_OFFICER).get(evaluate_url(application)).content.decode()
    assert "who also evaluated the application (allowed for small teams)" in page


def test_a_decision_by_someone_else_records_no_evaluator(application, commissioner, delegated):
    evaluate_all(application, by=commissioner)
    decided = services.application_lot_decide(
        application_lot=application.application_lots.get(lot__number=1),
        decision="admitted",
        reasons="",
        by=delegated,
    )
    assert decided.decided_by_evaluator is False
    assert decided.history.latest().history_change_reason == "Lot 1 admitted"


# The delegated officer's queue and dashboard ---------------------------------------------------------------


def test_the_delegated_officers_queue_opens_on_applications_ready_for_a_decision(
    client_for, own_provider, commissioner
):
    system, lots, window = fps_setup()
    ready = submitted_application(provider=own_provider, lots=lots[:1], window=window)
    evaluate_all(ready, by=commissioner)
    part = submitted_application(lots=lots, window=window)  # lot 1 ready, lot 2's section not evaluated
    evaluate_all(part, by=commissioner, except_numbers=[12])
    not_yet = submitted_application(lots=lots[:1], window=window)
    evaluate_all(not_yet, by=commissioner, except_numbers=[11])
    response = client_for(Role.DELEGATED_OFFICER).get(reverse("fps:queue"))
    listed = {row.record.reference for row in response.context["table"].page.object_list}
    assert listed == {ready.reference, part.reference}
    # Commissioners open it on everything awaiting evaluation, and may ask for the ready ones.
    response = client_for(Role.COMMISSIONER).get(reverse("fps:queue"))
    assert len(response.context["table"].page.object_list) == 3
    response = client_for(Role.COMMISSIONER).get(reverse("fps:queue") + "?status=ready")
    assert {row.record.reference for row in response.context["table"].page.object_list} == listed


def test_the_delegated_officers_dashboard_panel(client_for, application, commissioner):
    evaluate_all(application, by=commissioner)
    page = client_for(Role.DELEGATED_OFFICER).get(reverse("home")).content.decode()
    assert "1 application ready for a decision" in page and "to evaluate" not in page
    page = client_for(Role.COMMISSIONER).get(reverse("home")).content.decode()
    assert "1 application to evaluate" in page
