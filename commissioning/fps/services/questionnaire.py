"""Writes for the selection questionnaire: commissioners add, change, reorder and remove sections and
questions in the portal (no admin, no deployment).

Numbers follow the order: sections are 1, 2, 3...; a section's questions are <section>.1, <section>.2...
Every change renumbers, so "move up" and "remove" never leave gaps. A question or section that providers
have answered cannot be removed (the answers point at it), and a question's kind cannot change once
answered: add a new question instead. "If so" questions depend on an earlier yes or no question of the
same section, which must always be asked itself.

Each write is one transaction on the locked purchasing system row (so two editors renumber in turn), is
validated with full_clean(), and leaves a history record saying who did it and why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError

from ..models import Answer, Lot, PurchasingSystem, Question, QuestionSection
from .common import audit

# What a commissioner sets on a question (the form's fields are these, in this order).
QUESTION_FIELDS = [
    "text",
    "hint",
    "kind",
    "mandatory",
    "pass_answer",
    "word_limit",
    "lot",
    "condition_question",
    "condition_answer",
]
SECTION_FIELDS = ["title", "guidance", "lot"]
UP, DOWN = "up", "down"


class QuestionnaireLocked(ValidationError):
    """The questionnaire cannot change now (the system has ended, or its conditions are fixed)."""


def editing_refusal(system: PurchasingSystem) -> str | None:
    """Why the questionnaire cannot be changed now, or None if it can."""
    if system.status == PurchasingSystem.Status.ENDED:
        return f"The {system.name} has ended: its questionnaire can no longer change."
    refusal = getattr(system, "conditions_change_refusal", None)
    return refusal() if callable(refusal) else None


def _lock(system: PurchasingSystem) -> PurchasingSystem:
    system = PurchasingSystem.objects.select_for_update().get(pk=system.pk)
    refusal = editing_refusal(system)
    if refusal:
        raise QuestionnaireLocked(refusal)
    return system


def applications_text(count: int) -> str:
    return f"{count} application{'s' if count != 1 else ''}"


def answered_count(*, question: Question | None = None, section: QuestionSection | None = None) -> int:
    """How many applications have answered this question (or any question of this section)."""
    answers = Answer.objects.all()
    answers = answers.filter(question=question) if question is not None else answers
    answers = answers.filter(question__section=section) if section is not None else answers
    return answers.values("application_id").distinct().count()


def _renumber(system: PurchasingSystem) -> None:
    """Sections 1..n in their order, and each section's questions <n>.1, <n>.2... in theirs. Two passes, so
    the unique numbers never clash on the way."""
    sections = list(system.sections.order_by("number", "pk"))
    for offset, section in enumerate(sections, start=1):
        QuestionSection.objects.filter(pk=section.pk).update(number=10000 + offset)
    for number, section in enumerate(sections, start=1):
        if section.number != number:
            section.number = number
        QuestionSection.objects.filter(pk=section.pk).update(number=number)
        questions = list(section.questions.order_by("position", "pk"))
        for question in questions:
            Question.objects.filter(pk=question.pk).update(number=f"~{question.pk}")
        for position, question in enumerate(questions, start=1):
            Question.objects.filter(pk=question.pk).update(position=position, number=f"{number}.{position}")


def _check_section(section: QuestionSection) -> None:
    errors = {}
    section.title = (section.title or "").strip()
    section.guidance = (section.guidance or "").strip()
    if not section.title:
        errors["title"] = "Enter the section's title"
    if section.lot_id and section.lot.system_id != section.system_id:
        errors["lot"] = "Choose a lot of this purchasing system"
    if errors:
        raise ValidationError(errors)


def _check_question(question: Question) -> None:
    """The rules a question's settings must keep, with GOV.UK messages on the fields they concern."""
    errors = {}
    question.text = (question.text or "").strip()
    question.hint = (question.hint or "").strip()
    section = question.section
    if not question.text:
        errors["text"] = "Enter the question"
    if question.kind not in Question.Kind.values:
        errors["kind"] = "Select the kind of answer"
    if question.kind == Question.Kind.PASS_FAIL:
        if question.pass_answer not in ("yes", "no"):
            errors["pass_answer"] = "Select the answer that passes"  # noqa: S105 - a message
    else:
        question.pass_answer = ""
    if question.kind != Question.Kind.TEXT:
        question.word_limit = None
    if question.lot_id is not None:
        if question.lot.system_id != section.system_id:
            errors["lot"] = "Choose a lot of this purchasing system"
        elif section.lot_id and question.lot_id != section.lot_id:
            errors["lot"] = f"Section {section.number} is for {section.lot} only: leave the lot blank"
    parent = question.condition_question
    if parent is None:
        question.condition_answer = ""
    else:
        if parent.pk == question.pk:
            errors["condition_question"] = "A question cannot depend on itself"
        elif parent.section_id != section.pk:
            errors["condition_question"] = "Choose a question of the same section"
        elif not parent.is_yes_no:
            errors["condition_question"] = f"Question {parent.number} is not a yes or no question"
        elif parent.condition_question_id is not None:
            errors["condition_question"] = (
                f"Question {parent.number} is itself asked only sometimes: choose one that is always asked"
            )
        elif question.pk and question.dependants.exists():
            errors["condition_question"] = (
                f"Other questions depend on question {question.number}: it must always be asked"
            )
        if question.condition_answer not in ("yes", "no"):
            errors["condition_answer"] = "Select the answer that asks this question"
    if errors:
        raise ValidationError(errors)


def _check_order(section: QuestionSection) -> None:
    """Every "If so" question comes after the question it depends on."""
    positions = {q.pk: q.position for q in section.questions.all()}
    for question in section.questions.exclude(condition_question=None).select_related("condition_question"):
        if positions.get(question.condition_question_id, 0) >= question.position:
            raise ValidationError(
                f"Question {question.number} depends on question {question.condition_question.number}, "
                "so it must come after it"
            )


# Sections ---------------------------------------------------------------------------------------------


@transaction.atomic
def section_add(*, system: PurchasingSystem, title: str, guidance: str = "", lot: Lot | None = None, by):
    """A new section at the end of the questionnaire."""
    system = _lock(system)
    highest = system.sections.aggregate(highest=Max("number"))["highest"] or 0
    section = QuestionSection(system=system, number=highest + 1, title=title, guidance=guidance, lot=lot)
    _check_section(section)
    section.full_clean()
    audit(section, by=by, reason=f"Section {section.number} added")
    section.save()
    _renumber(system)
    section.refresh_from_db()
    return section


@transaction.atomic
def section_change(*, section: QuestionSection, title: str, guidance: str = "", lot: Lot | None = None, by):
    _lock(section.system)
    section = QuestionSection.objects.select_for_update().get(pk=section.pk)
    section.title, section.guidance, section.lot = title, guidance, lot
    _check_section(section)
    if lot is not None and section.questions.exclude(lot=None).exclude(lot=lot).exists():
        raise ValidationError({"lot": "Some of its questions are for another lot: change them first"})
    section.full_clean()
    audit(section, by=by, reason=f"Section {section.number} changed")
    section.save()
    return section


@transaction.atomic
def section_remove(*, section: QuestionSection, by) -> None:
    """Removes a section and its questions, unless providers have answered any of them (or evaluators
    evaluated it, or asked about it)."""
    system = _lock(section.system)
    section = QuestionSection.objects.select_for_update().get(pk=section.pk)
    answered = answered_count(section=section)
    if answered:
        raise ValidationError(
            f"Section {section.number} has answers in {applications_text(answered)}: "
            "it cannot be removed. Change its questions instead."
        )
    for question in section.questions.order_by("-position"):  # "If so" questions before theirs
        audit(question, by=by, reason=f"Removed with section {section.number}")
        question.delete()
    audit(section, by=by, reason=f"Section {section.number} removed")
    try:
        section.delete()
    except ProtectedError as error:
        raise ValidationError(
            f"Section {section.number} has been evaluated or asked about: it cannot be removed."
        ) from error
    _renumber(system)


@transaction.atomic
def section_move(*, section: QuestionSection, direction: str, by) -> QuestionSection:
    """Moves a section one place up or down (its questions are renumbered with it)."""
    system = _lock(section.system)
    section = QuestionSection.objects.get(pk=section.pk)
    sections = list(system.sections.order_by("number", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other < len(sections):
        raise ValidationError(f"Section {section.number} cannot move {direction or 'there'}.")
    sections[index], sections[other] = sections[other], sections[index]
    for number, item in enumerate(sections, start=1):
        QuestionSection.objects.filter(pk=item.pk).update(number=10000 + number)
    for number, item in enumerate(sections, start=1):
        QuestionSection.objects.filter(pk=item.pk).update(number=number)
    _renumber(system)
    section.refresh_from_db()
    audit(section, by=by, reason=f"Moved {direction} to section {section.number}")
    section.save()
    return section


# Questions --------------------------------------------------------------------------------------------


def _apply(question: Question, data: dict) -> None:
    for name in QUESTION_FIELDS:
        if name in data:
            setattr(question, name, data[name])
    if question.word_limit in ("", 0):
        question.word_limit = None
    question.mandatory = bool(question.mandatory)


@transaction.atomic
def question_add(*, section: QuestionSection, data: dict, by) -> Question:
    """A new question at the end of its section."""
    system = _lock(section.system)
    section = QuestionSection.objects.select_for_update().get(pk=section.pk)
    highest = section.questions.aggregate(highest=Max("position"))["highest"] or 0
    question = Question(section=section, position=highest + 1, number=f"{section.number}.{highest + 1}")
    _apply(question, data)
    _check_question(question)
    question.full_clean()
    audit(question, by=by, reason=f"Question {question.number} added")
    question.save()
    _renumber(system)
    question.refresh_from_db()
    return question


@transaction.atomic
def question_change(*, question: Question, data: dict, by) -> Question:
    """Changes a question's settings. Its kind cannot change once providers have answered it."""
    _lock(question.section.system)
    question = Question.objects.select_for_update().select_related("section").get(pk=question.pk)
    old_kind = question.kind
    _apply(question, data)
    if question.kind != old_kind and (answered := answered_count(question=question)):
        raise ValidationError(
            {
                "kind": f"Question {question.number} has answers in {applications_text(answered)}: "
                "its kind cannot change. Add a new question instead"
            }
        )
    _check_question(question)
    question.full_clean()
    _check_order(question.section)
    audit(question, by=by, reason=f"Question {question.number} changed")
    question.save()
    return question


@transaction.atomic
def question_remove(*, question: Question, by) -> None:
    """Removes a question nobody has answered and no other question depends on."""
    system = _lock(question.section.system)
    question = Question.objects.select_for_update().select_related("section").get(pk=question.pk)
    answered = answered_count(question=question)
    if answered:
        raise ValidationError(
            f"Question {question.number} has answers in {applications_text(answered)}: "
            "it cannot be removed. You can make it optional, or change its wording."
        )
    dependants = list(question.dependants.order_by("position"))
    if dependants:
        numbers = ", ".join(q.number for q in dependants)
        raise ValidationError(
            f"Question {numbers} depend{'s' if len(dependants) == 1 else ''} on question "
            f"{question.number}: change or remove {'it' if len(dependants) == 1 else 'them'} first."
        )
    audit(question, by=by, reason=f"Question {question.number} removed")
    question.delete()
    _renumber(system)


@transaction.atomic
def question_move(*, question: Question, direction: str, by) -> Question:
    """Moves a question one place up or down within its section; an "If so" question stays after the
    question it depends on."""
    system = _lock(question.section.system)
    question = Question.objects.select_related("section").get(pk=question.pk)
    questions = list(question.section.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other < len(questions):
        raise ValidationError(f"Question {question.number} cannot move {direction or 'there'}.")
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        Question.objects.filter(pk=item.pk).update(position=position)
    _check_order(question.section)
    _renumber(system)
    question.refresh_from_db()
    audit(question, by=by, reason=f"Moved {direction} to question {question.number}")
    question.save()
    return question
