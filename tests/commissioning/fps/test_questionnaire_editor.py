"""The questionnaire editor (issue 14): commissioners add, change, reorder and remove sections and
questions in the portal; "If so" questions are asked only when their earlier answer asks for them, so they
are neither required nor flagged otherwise, in the provider's form (GOV.UK conditional reveal, working
without JavaScript) and in evaluation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.fps.forms.applications import SectionForm
from commissioning.fps.models import Answer, Question, QuestionSection
from commissioning.fps.services import applications as application_services
from commissioning.fps.services import questionnaire as services
from commissioning.fps.views.evaluation import evaluation_data
from tests.commissioning.fps.factories import ApplicationFactory, QuestionFactory, fps_setup

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "text": "Will you carry on a regulated activity?",
        "hint": "",
        "kind": Question.Kind.DECLARATION,
        "mandatory": True,
        "pass_answer": "",
        "word_limit": None,
        "lot": None,
        "condition_question": None,
        "condition_answer": "",
    }
    return {**values, **overrides}


@pytest.fixture
def setup(users):
    return fps_setup()


@pytest.fixture
def editor(users):
    return users["commissioner"]


def test_a_section_and_its_questions_are_numbered_in_order(setup, editor):
    system, lots, window = setup
    section = services.section_add(system=system, title="Care Quality Commission registration", by=editor)
    assert section.number == system.sections.count()
    first = services.question_add(section=section, data=data(), by=editor)
    second = services.question_add(
        section=section,
        data=data(
            text="If so: are you registered with the CQC?",
            kind=Question.Kind.PASS_FAIL,
            pass_answer="yes",
            condition_question=first,
            condition_answer="yes",
        ),
        by=editor,
    )
    # Renumbering after an add puts every section 1..n: the new one is last.
    section.refresh_from_db()
    assert (first.number, second.number) == (f"{section.number}.1", f"{section.number}.2")
    assert second.condition_text == f"Asked only if the answer to {first.number} is Yes"
    assert second.history.latest().history_user == editor


def test_the_rules_of_a_conditional_question(setup, editor):
    system, lots, window = setup
    section = QuestionSection.objects.get(system=system, number=1)
    other = QuestionSection.objects.get(system=system, number=11)
    text = Question.objects.get(section=section, kind=Question.Kind.TEXT)
    yes_no = Question.objects.get(section=section, kind=Question.Kind.DECLARATION)
    with pytest.raises(ValidationError, match="not a yes or no question"):
        services.question_add(
            section=section, data=data(condition_question=text, condition_answer="yes"), by=editor
        )
    with pytest.raises(ValidationError, match="same section"):
        services.question_add(
            section=other, data=data(condition_question=yes_no, condition_answer="yes"), by=editor
        )
    with pytest.raises(ValidationError, match="Select the answer that asks"):
        services.question_add(
            section=section, data=data(condition_question=yes_no, condition_answer=""), by=editor
        )
    dependant = services.question_add(
        section=section, data=data(condition_question=yes_no, condition_answer="yes"), by=editor
    )
    with pytest.raises(ValidationError, match="itself asked only sometimes"):
        services.question_add(
            section=section, data=data(condition_question=dependant, condition_answer="no"), by=editor
        )
    services.question_move(question=dependant, direction=services.UP, by=editor)  # 1.5 to 1.4
    services.question_move(question=dependant, direction=services.UP, by=editor)  # 1.4 to 1.3
    with pytest.raises(ValidationError, match="must come after it"):
        services.question_move(question=dependant, direction=services.UP, by=editor)  # above 1.2: refused


def test_a_pass_fail_question_needs_its_passing_answer(setup, editor):
    system, lots, window = setup
    section = QuestionSection.objects.get(system=system, number=1)
    with pytest.raises(ValidationError) as error:
        services.question_add(section=section, data=data(kind=Question.Kind.PASS_FAIL), by=editor)
    assert error.value.message_dict == {"pass_answer": ["Select the answer that passes"]}


def test_moving_renumbers_and_keeps_answers(setup, editor):
    system, lots, window = setup
    section = QuestionSection.objects.get(system=system, number=1)
    q1, q2 = section.questions.order_by("position")[:2]
    services.question_move(question=q2, direction=services.UP, by=editor)
    q1.refresh_from_db()
    q2.refresh_from_db()
    assert (q2.number, q1.number) == ("1.1", "1.2")
    services.section_move(section=section, direction=services.DOWN, by=editor)
    section.refresh_from_db()
    q2.refresh_from_db()
    assert section.number == 2 and q2.number == "2.1"
    with pytest.raises(ValidationError, match="cannot move up"):
        services.section_move(
            section=QuestionSection.objects.get(system=system, number=1), direction="up", by=editor
        )


def test_answered_questions_and_sections_cannot_be_removed_or_change_kind(setup, editor):
    system, lots, window = setup
    section = QuestionSection.objects.get(system=system, number=1)
    question = section.questions.get(kind=Question.Kind.TEXT)
    application = ApplicationFactory(window=window, lots=lots[:1])
    Answer.objects.create(application=application, question=question, text="Something")
    with pytest.raises(ValidationError, match="has answers in 1 application: it cannot be removed"):
        services.question_remove(question=question, by=editor)
    with pytest.raises(ValidationError, match="its kind cannot change"):
        services.question_change(question=question, data={"kind": Question.Kind.DOCUMENT}, by=editor)
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.section_remove(section=section, by=editor)
    unanswered = section.questions.get(kind=Question.Kind.DOCUMENT)
    services.question_remove(question=unanswered, by=editor)
    assert not Question.objects.filter(pk=unanswered.pk).exists()
    assert [q.number for q in section.questions.order_by("position")] == ["1.1", "1.2", "1.3"]


def test_if_so_questions_are_neither_required_nor_flagged_when_not_asked(setup, editor):
    system, lots, window = setup
    section = QuestionSection.objects.get(system=system, number=1)
    parent = section.questions.get(kind=Question.Kind.DECLARATION)
    dependant = services.question_add(
        section=section,
        data=data(
            text="If so: are you registered?",
            kind=Question.Kind.PASS_FAIL,
            pass_answer="yes",
            condition_question=parent,
            condition_answer="yes",
        ),
        by=editor,
    )
    application = ApplicationFactory(window=window, lots=lots[:1])
    application_services.answer_save(
        application=application, question=parent, data={"choice": "no"}, by=editor
    )
    # Posted without JavaScript, the revealed question's answer comes too: it is not kept.
    application_services.answer_save(
        application=application, question=dependant, data={"choice": "no"}, by=editor
    )
    assert Answer.objects.get(application=application, question=dependant).choice == ""
    assert dependant not in application_services.missing_answers(application)
    items = {i["question"].pk: i for row in evaluation_data(application)["sections"] for i in row["items"]}
    assert items[dependant.pk]["asked"] is False
    assert items[dependant.pk]["fails"] is False and items[dependant.pk]["missing"] is False

    # Asked, it is mandatory and its failing answer is flagged; changing the earlier answer clears it.
    application_services.answer_save(
        application=application, question=parent, data={"choice": "yes"}, by=editor
    )
    assert dependant in application_services.missing_answers(application)
    application_services.answer_save(
        application=application, question=dependant, data={"choice": "no"}, by=editor
    )
    items = {i["question"].pk: i for row in evaluation_data(application)["sections"] for i in row["items"]}
    assert items[dependant.pk]["fails"] is True
    application_services.answer_save(
        application=application, question=parent, data={"choice": "no"}, by=editor
    )
    assert Answer.objects.get(application=application, question=dependant).choice == ""


def test_the_section_form_reveals_if_so_questions_inside_their_answer(setup, editor):
    system, lots, window = setup
    section = QuestionSection.objects.get(system=system, number=1)
    parent = section.questions.get(kind=Question.Kind.DECLARATION)
    dependant = QuestionFactory(
        section=section,
        number="1.5",
        position=5,
        kind=Question.Kind.TEXT,
        text="If so: which one?",
        condition_question=parent,
        condition_answer="yes",
    )
    questions = list(section.questions.select_related("condition_question").order_by("position"))
    html = str(SectionForm(questions=questions, answers={}))
    reveal = f'data-aria-controls="conditional-q{parent.pk}-yes"'
    assert reveal in html
    block = html.split(f'id="conditional-q{parent.pk}-yes"', 1)[1]
    assert f'name="q{dependant.pk}"' in block.split("</fieldset>", 1)[0]
    # Hidden until "Yes" is chosen with JavaScript; without it, GOV.UK Frontend shows the block.
    assert "govuk-radios__conditional govuk-radios__conditional--hidden" in html
    assert html.count(f'name="q{dependant.pk}"') == 1


def test_the_editor_pages(client_for, setup):
    system, lots, window = setup
    client = client_for("commissioner")
    page = client.get(reverse("fps:questionnaire", args=[system.slug]))
    assert page.status_code == 200 and "Selection questionnaire" in page.content.decode()
    section = QuestionSection.objects.get(system=system, number=1)
    response = client.post(
        reverse("fps:question-add", args=[system.slug, section.pk]),
        {
            "text": "Do you have a complaints policy?",
            "kind": "pass-fail",
            "mandatory": "yes",
            "pass_answer": "yes",
        },
    )
    assert response.status_code == 302
    added = section.questions.get(text="Do you have a complaints policy?")
    assert (added.number, added.pass_answer, added.mandatory) == ("1.5", "yes", True)
    response = client.post(
        reverse("fps:question-add", args=[system.slug, section.pk]), {"text": "", "kind": "pass-fail"}
    )
    body = response.content.decode()
    assert (
        response.status_code == 200
        and "Enter the question" in body
        and "Select the answer that passes" in body
    )
    response = client.post(
        reverse("fps:questionnaire-move", args=[system.slug]), {"move": f"question:{added.pk}:up"}
    )
    added.refresh_from_db()
    assert response.status_code == 302 and added.number == "1.4"
    response = client.post(reverse("fps:question-remove", args=[system.slug, added.pk]))
    assert response.status_code == 302 and not Question.objects.filter(pk=added.pk).exists()
