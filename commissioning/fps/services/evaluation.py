"""Writes for the commissioners' side of stage 1: evaluating sections, asking clarification questions,
the delegated officer's decision per lot, the admitted-provider register (suspend, reinstate, remove),
and running the system (adding lots and application windows).

Each is one transaction, validates with full_clean(), and leaves a history record saying who did it and
why. A decision locks its rows (select_for_update) and checks that the lot is still as the decider saw it,
so two commissioners deciding the same lot at once cannot both win.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from portal import permissions as perms

from ..models import (
    Admission,
    Application,
    ApplicationLot,
    Clarification,
    Question,
    QuestionSection,
    SectionEvaluation,
)
from .common import audit, history_summary, link_to, uk_time
from .notify import provider_notify

EVALUABLE = (Application.Status.SUBMITTED, Application.Status.CLARIFICATION)
# Who started and submitted an application is history here, not something an evaluator's change checks
# (records loaded or imported without them are still evaluated).
APPLICATION_UNCHECKED = ["created_by", "submitted_by"]


def application_link(application: Application) -> str:
    return link_to("fps:application", application.reference)


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("window__system", "provider")
        .get(pk=application.pk)
    )


def _require_evaluable(application: Application) -> None:
    if application.status not in EVALUABLE:
        raise ValidationError(
            f"Application {application.reference} is {application.get_status_display().lower()}: "
            "it cannot be evaluated."
        )


# Reads the writes (and the pages) share ---------------------------------------------------------------


def sections_for_lots(system_id: int, lot_ids) -> Q:
    """Sections asked of applicants to these lots: those for every lot and those of the lots."""
    return Q(system_id=system_id) & (Q(lot__isnull=True) | Q(lot__in=list(lot_ids)))


def relevant_sections(application: Application, lot_ids=None):
    if lot_ids is None:
        lot_ids = application.application_lots.values_list("lot_id", flat=True)
    return QuestionSection.objects.filter(sections_for_lots(application.window.system_id, lot_ids)).order_by(
        "number"
    )


def question_facts(application: Application, sections, lot_ids) -> dict[int, list[dict]]:
    """Each section's questions (for these lots) with the application's answer and what an evaluator must
    notice: asked (an "If so" question its earlier answer does not ask is neither missing nor failing),
    answered, fails (a pass/fail answer the other way), missing (asked, mandatory, not answered). Two
    queries whatever the numbers."""
    answers = {a.question_id: a for a in application.answers.all()}
    questions = (
        Question.objects.filter(section__in=sections)
        .filter(Q(lot__isnull=True) | Q(lot__in=list(lot_ids)))
        .select_related("condition_question")
        .order_by("section__number", "position", "pk")
    )
    facts: dict[int, list[dict]] = {s.pk: [] for s in sections}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is not None:
            answer.question = question
        asked = question.is_asked(answers)
        answered = asked and answer is not None and answer.is_answered
        facts[question.section_id].append(
            {
                "question": question,
                "answer": answer,
                "asked": asked,
                "answered": answered,
                "fails": answered and answer.fails,
                "missing": asked and question.mandatory and not answered,
            }
        )
    return facts


def decided_lot_ids(application: Application) -> set[int]:
    return set(
        application.application_lots.exclude(decision=ApplicationLot.Decision.PENDING).values_list(
            "lot_id", flat=True
        )
    )


def section_is_locked(section: QuestionSection, lot_ids, decided: set[int]) -> bool:
    """A section cannot change once a lot decided on it has been decided: a section for every lot once any
    lot is decided, a lot's own section once that lot is."""
    return bool(decided) if section.lot_id is None else section.lot_id in decided


def sections_to_pass(application: Application) -> dict[str, list[QuestionSection]]:
    """For "pass all sections not yet evaluated": the sections not evaluated yet that may be passed in one
    go ("passable"), and those not evaluated that need an evaluator's judgement one by one because an
    answer fails or a mandatory one is missing ("held back"). Sections of decided lots are neither."""
    lot_ids = list(application.application_lots.values_list("lot_id", flat=True))
    sections = list(relevant_sections(application, lot_ids))
    evaluated = set(application.evaluations.values_list("section_id", flat=True))
    decided = decided_lot_ids(application)
    facts = question_facts(application, sections, lot_ids)
    passable, held_back = [], []
    for section in sections:
        if section.pk in evaluated or section_is_locked(section, lot_ids, decided):
            continue
        items = facts[section.pk]
        if any(item["fails"] or item["missing"] for item in items):
            held_back.append(section)
        else:
            passable.append(section)
    return {"passable": passable, "held_back": held_back}


def section_label(section: QuestionSection) -> str:
    return f"section {section.number} ({section.title})"


def decision_blockers(sections, evaluations: dict) -> dict[str, list[QuestionSection]]:
    """What stops a decision on a lot: its sections not evaluated yet ("missing"), and its sections that
    failed (which stop an admission only). `evaluations` maps section id to its SectionEvaluation."""
    return {
        "missing": [s for s in sections if s.pk not in evaluations],
        "failed": [s for s in sections if s.pk in evaluations and evaluations[s.pk].result == "fail"],
    }


def already_decided_message(application_lot: ApplicationLot) -> str:
    """'Lot 2 of DO-2022-0007 was already decided by Ann Smith at 10:42am on 3 June 2022: admitted.'"""
    who = str(application_lot.decided_by) if application_lot.decided_by else "someone else"
    when = f" at {uk_time(application_lot.decided_at)}" if application_lot.decided_at else ""
    return (
        f"Lot {application_lot.lot.number} of {application_lot.application.reference} was already decided "
        f"by {who}{when}: {application_lot.get_decision_display().lower()}."
    )


def sections_evaluated_by(application: Application, user) -> list[int]:
    """The numbers of the application's sections this user evaluated (now or in an earlier evaluation that
    someone later changed): someone who evaluated an application does not decide it."""
    if user is None or not user.is_authenticated:
        return []
    current = SectionEvaluation.objects.filter(application_id=application.pk, evaluated_by=user)
    earlier = SectionEvaluation.history.filter(application_id=application.pk, history_user=user)
    numbers = set(current.values_list("section__number", flat=True))
    numbers |= set(
        QuestionSection.objects.filter(pk__in=earlier.values("section_id")).values_list("number", flat=True)
    )
    return sorted(numbers)


def evaluator_refusal(application: Application, user) -> str:
    """Why this user may not decide the application ('' if they may): they evaluated it, and the setting
    FPS_EVALUATOR_MAY_DECIDE (for small teams) is off."""
    if settings.FPS_EVALUATOR_MAY_DECIDE:
        return ""
    numbers = sections_evaluated_by(application, user)
    if not numbers:
        return ""
    listed = ", ".join(str(n) for n in numbers)
    return (
        f"You evaluated section{'s' if len(numbers) != 1 else ''} {listed} of application "
        f"{application.reference}: another delegated officer must decide it."
    )


# Evaluation -------------------------------------------------------------------------------------------


@transaction.atomic
def section_evaluate(
    *, application: Application, section: QuestionSection, result: str, notes: str, by
) -> SectionEvaluation:
    """Pass or fail one section of a submitted application, with notes (required for a fail). Evaluated
    again, the same record changes (its history keeps the earlier result)."""
    application = _lock_application(application)
    _require_evaluable(application)
    lot_ids = list(application.application_lots.values_list("lot_id", flat=True))
    if not relevant_sections(application, lot_ids).filter(pk=section.pk).exists():
        raise ValidationError(f"Section {section.number} is not part of application {application.reference}.")
    notes = (notes or "").strip()
    errors = {}
    if result not in SectionEvaluation.Result.values:
        errors["result"] = "Select pass or fail"
    elif result == SectionEvaluation.Result.FAIL and not notes:
        errors["notes"] = "Enter notes saying why the section fails"
    if errors:
        raise ValidationError(errors)
    if section.lot_id:
        concerned = application.application_lots.filter(lot_id=section.lot_id)
    else:
        concerned = application.application_lots.all()
    decided = concerned.exclude(decision=ApplicationLot.Decision.PENDING).select_related("lot")
    if decided:
        numbers = ", ".join(str(al.lot.number) for al in decided)
        raise ValidationError(
            f"Section {section.number} cannot change: lot {numbers} of {application.reference} "
            "has been decided on it."
        )
    evaluation = SectionEvaluation.objects.filter(application=application, section=section).first()
    changing = evaluation is not None
    if evaluation is None:
        evaluation = SectionEvaluation(application=application, section=section)
    evaluation.result = result
    evaluation.notes = notes
    evaluation.evaluated_by = by
    evaluation.evaluated_at = timezone.now()
    evaluation.full_clean()
    verb = "re-evaluated" if changing else "evaluated"
    audit(
        evaluation,
        by=by,
        reason=f"Section {section.number} {verb}: {evaluation.get_result_display().lower()}",
    )
    evaluation.save()
    return evaluation


@transaction.atomic
def sections_pass_remaining(*, application: Application, numbers, by) -> list[SectionEvaluation]:
    """Pass, in one go, the sections not yet evaluated that the evaluator confirmed (`numbers`, as listed on
    the confirmation page). Sections with a failing or missing answer are never among them. If the list has
    changed since the page was shown (someone evaluated one, an answer changed), nothing is passed and the
    evaluator is asked to look again."""
    application = _lock_application(application)
    _require_evaluable(application)
    passable = sections_to_pass(application)["passable"]
    if not passable:
        raise ValidationError(f"Application {application.reference} has no sections left to pass in one go.")
    if sorted(s.number for s in passable) != sorted(set(numbers)):
        raise ValidationError(
            "The sections not yet evaluated have changed since the list was shown: check the list again."
        )
    return [
        section_evaluate(application=application, section=section, result="pass", notes="", by=by)
        for section in passable
    ]


@transaction.atomic
def clarification_ask(
    *,
    application: Application,
    section: QuestionSection | None,
    question: str,
    respond_by: datetime.date | None,
    by,
) -> Clarification:
    """Ask the provider a clarification question: the application waits for the answer (Clarification
    requested), the clock starts, and the provider is told."""
    application = _lock_application(application)
    _require_evaluable(application)
    question = (question or "").strip()
    errors = {}
    if not question:
        errors["question"] = "Enter the clarification question"
    if respond_by is not None and respond_by < timezone.localdate():
        errors["respond_by"] = "The date to respond by must be today or in the future"
    if section is not None and not relevant_sections(application).filter(pk=section.pk).exists():
        errors["section"] = f"Section {section.number} is not part of this application"
    if errors:
        raise ValidationError(errors)
    clarification = Clarification(
        application=application,
        section=section,
        question=question,
        asked_by=by,
        asked_at=timezone.now(),
        respond_by=respond_by,
    )
    clarification.full_clean()
    audit(clarification, by=by, reason="Clarification asked")
    clarification.save()
    if application.status != Application.Status.CLARIFICATION:
        application.status = Application.Status.CLARIFICATION
        application.full_clean(exclude=APPLICATION_UNCHECKED)
        audit(application, by=by, reason="Clarification requested")
        application.save()
    about = f" about section {section.number}, {section.title}" if section else ""
    deadline = f" Please answer by {date_filter(respond_by, 'j F Y')}." if respond_by else ""
    provider_notify(
        provider=application.provider,
        subject=f"A clarification question about application {application.reference}",
        body=(
            f"The evaluators of your application {application.reference} to join the "
            f"{application.window.system.name} have a question{about}:\n\n{question}\n\n"
            f"Answer it in the portal.{deadline}"
        ),
        link=link_to("fps:clarification-answer", clarification.pk, fallback=application_link(application)),
    )
    return clarification


# Decisions ---------------------------------------------------------------------------------------------


@transaction.atomic
def application_lot_decide(
    *,
    application_lot: ApplicationLot,
    decision: str,
    reasons: str,
    by,
    expected_decision: str = ApplicationLot.Decision.PENDING,
) -> ApplicationLot:
    """The delegated officer admits or rejects an application for one lot.

    `expected_decision` is the lot's decision the decider saw (pending): if someone decided it since, this
    is refused with who did and when. Only a delegated officer decides, and not one who evaluated the
    application, unless FPS_EVALUATOR_MAY_DECIDE allows it for a small team (the decision then records
    that its decider evaluated it). Every section the lot asks must have been evaluated; an admission
    needs them all passed; a rejection needs reasons. Admission puts the provider on the register. Once
    every lot is decided the application is Decided. The provider is told, with the reasons.
    """
    if not by.has_perm(perms.DECIDE_FPS_APPLICATION):
        raise PermissionDenied("Only a delegated officer decides admissions to the FPS.")
    application = _lock_application(application_lot.application)
    locked = (
        ApplicationLot.objects.select_for_update(of=("self",))
        .select_related("lot", "decided_by", "application")
        .get(pk=application_lot.pk)
    )
    if locked.decision != expected_decision or locked.decision != ApplicationLot.Decision.PENDING:
        raise ValidationError(already_decided_message(locked))
    if application.status not in EVALUABLE:
        raise ValidationError(
            f"Application {application.reference} is {application.get_status_display().lower()}: "
            "it cannot be decided."
        )
    refusal = evaluator_refusal(application, by)
    if refusal:
        raise ValidationError(refusal)
    decided_by_evaluator = bool(sections_evaluated_by(application, by))
    reasons = (reasons or "").strip()
    lot = locked.lot
    if decision not in (ApplicationLot.Decision.ADMITTED, ApplicationLot.Decision.REJECTED):
        raise ValidationError({"decision": "Select admit or do not admit"})
    if decision == ApplicationLot.Decision.REJECTED and not reasons:
        raise ValidationError({"reasons": "Enter the reasons for not admitting the provider"})
    sections = list(relevant_sections(application, [lot.pk]))
    evaluations = {e.section_id: e for e in application.evaluations.all()}
    blockers = decision_blockers(sections, evaluations)
    if blockers["missing"]:
        raise ValidationError(
            [f"Evaluate {section_label(s)} before deciding lot {lot.number}" for s in blockers["missing"]]
        )
    if decision == ApplicationLot.Decision.ADMITTED and blockers["failed"]:
        raise ValidationError(
            [
                *(f"Section {s.number} ({s.title}) failed" for s in blockers["failed"]),
                f"Lot {lot.number} cannot be admitted with a failed section: do not admit it, with reasons",
            ]
        )
    now = timezone.now()
    locked.decision = decision
    locked.reasons = reasons
    locked.decided_by = by
    locked.decided_at = now
    locked.decided_by_evaluator = decided_by_evaluator
    locked.full_clean()
    also = " by one of its evaluators (allowed for small teams)" if decided_by_evaluator else ""
    audit(locked, by=by, reason=f"Lot {lot.number} {locked.get_decision_display().lower()}{also}")
    locked.save()
    if decision == ApplicationLot.Decision.ADMITTED:
        admission = Admission(lot=lot, provider=application.provider, application_lot=locked, admitted_at=now)
        admission.full_clean()
        audit(admission, by=by, reason=f"Admitted to lot {lot.number} ({application.reference})")
        admission.save()
    if not application.application_lots.filter(decision=ApplicationLot.Decision.PENDING).exists():
        application.status = Application.Status.DECIDED
        application.decided_at = now
        application.full_clean(exclude=APPLICATION_UNCHECKED)
        audit(application, by=by, reason="Decided")
        application.save()
    system = application.window.system
    on = date_filter(timezone.localtime(now), "j F Y")
    if decision == ApplicationLot.Decision.ADMITTED:
        subject = f"Admitted to {lot}: application {application.reference}"
        body = (
            f"Your organisation has been admitted to the {system.name} for {lot}, "
            f"decided by the {system.delegated_decision_maker} on {on}."
            + (f"\n\n{reasons}" if reasons else "")
            + "\n\nYou will now receive the care packages published to this lot."
        )
    else:
        subject = f"Not admitted to {lot}: application {application.reference}"
        body = (
            f"Your organisation has not been admitted to the {system.name} for {lot}, "
            f"decided by the {system.delegated_decision_maker} on {on}.\n\nThe reasons:\n{reasons}\n\n"
            "You can apply again when the next application window opens."
        )
    provider_notify(
        provider=application.provider, subject=subject, body=body, link=application_link(application)
    )
    return locked


# The register ------------------------------------------------------------------------------------------


def _admission_change(
    admission: Admission,
    *,
    allowed_from,
    to: str,
    reason: str,
    by,
    verb: str,
    subject: str,
    body: str,
    excluded: bool = False,
) -> Admission:
    """Move an admission on the register and tell the provider: `subject` is followed by the lot, `body`
    is formatted with the lot, the system's name and the reason."""
    admission = (
        Admission.objects.select_for_update(of=("self",))
        .select_related("lot", "provider")
        .get(pk=admission.pk)
    )
    if admission.status not in allowed_from:
        raise ValidationError(
            f"{admission.provider.name} is {admission.get_status_display().lower()} on lot "
            f"{admission.lot.number}: it cannot be {verb}."
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter the reason it is {verb}: it is kept in the history"})
    admission.status = to
    admission.status_reason = reason
    admission.status_changed_at = timezone.now()
    admission.excluded = excluded
    admission.full_clean()
    what = f"{verb.capitalize()} as an excluded supplier" if excluded else verb.capitalize()
    audit(admission, by=by, reason=history_summary(f"{what}: {reason}"))
    admission.save()
    lot = admission.lot
    provider_notify(
        provider=admission.provider,
        subject=f"{subject} {lot}",
        body=body.format(lot=lot, system=lot.system.name, reason=admission.status_reason),
    )
    return admission


@transaction.atomic
def admission_suspend(*, admission: Admission, reason: str, by) -> Admission:
    """Suspended providers stay on the published register, marked so, and receive no new packages."""
    return _admission_change(
        admission,
        allowed_from=[Admission.Status.ACTIVE],
        to=Admission.Status.SUSPENDED,
        reason=reason,
        by=by,
        verb="suspended",
        subject="Suspended from",
        body="Your organisation is suspended from {lot} of the {system}. You will not receive new packages "
        "for this lot while suspended.\n\nThe reason:\n{reason}",
    )


@transaction.atomic
def admission_reinstate(*, admission: Admission, reason: str, by) -> Admission:
    return _admission_change(
        admission,
        allowed_from=[Admission.Status.SUSPENDED],
        to=Admission.Status.ACTIVE,
        reason=reason,
        by=by,
        verb="reinstated",
        subject="Reinstated on",
        body="Your organisation is reinstated on {lot} of the {system} and will receive new packages for "
        "this lot again.\n\n{reason}",
    )


@transaction.atomic
def admission_remove(*, admission: Admission, reason: str, by, excluded: bool = False) -> Admission:
    """Removed providers leave the published register (the record and its history stay). `excluded`: removed
    because the provider is or has become an excluded supplier (a dynamic market must remove them)."""
    return _admission_change(
        admission,
        allowed_from=[Admission.Status.ACTIVE, Admission.Status.SUSPENDED],
        to=Admission.Status.REMOVED,
        reason=reason,
        by=by,
        verb="removed",
        excluded=excluded,
        subject="Removed from",
        body="Your organisation has been removed from {lot} of the {system}.\n\nThe reason:\n{reason}\n\n"
        "You can apply again when a window opens.",
    )
