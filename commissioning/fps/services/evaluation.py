"""Writes for the commissioners' side of stage 1: evaluating sections, asking clarification questions,
the delegated officer's decision per lot, the admitted-provider register (suspend, reinstate, remove),
and running the system (adding lots and application windows).

Each is one transaction, validates with full_clean(), and leaves a history record saying who did it and
why. A decision locks its rows (select_for_update) and checks that the lot is still as the decider saw it,
so two commissioners deciding the same lot at once cannot both win.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from ..models import (
    Admission,
    Application,
    ApplicationLot,
    Clarification,
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
    is refused with who did and when. Every section the lot asks must have been evaluated; an admission
    needs them all passed; a rejection needs reasons. Admission puts the provider on the register. Once
    every lot is decided the application is Decided. The provider is told, with the reasons.
    """
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
    locked.full_clean()
    audit(locked, by=by, reason=f"Lot {lot.number} {locked.get_decision_display().lower()}")
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
    admission: Admission, *, allowed_from, to: str, reason: str, by, verb: str
) -> Admission:
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
    admission.full_clean()
    audit(admission, by=by, reason=history_summary(f"{verb.capitalize()}: {reason}"))
    admission.save()
    return admission


@transaction.atomic
def admission_suspend(*, admission: Admission, reason: str, by) -> Admission:
    """Suspended providers stay on the published register, marked so, and receive no new packages."""
    admission = _admission_change(
        admission,
        allowed_from=[Admission.Status.ACTIVE],
        to=Admission.Status.SUSPENDED,
        reason=reason,
        by=by,
        verb="suspended",
    )
    provider_notify(
        provider=admission.provider,
        subject=f"Suspended from {admission.lot}",
        body=(
            f"Your organisation is suspended from {admission.lot} of the {admission.lot.system.name}. "
            f"You will not receive new packages for this lot while suspended.\n\nThe reason:\n"
            f"{admission.status_reason}"
        ),
    )
    return admission


@transaction.atomic
def admission_reinstate(*, admission: Admission, reason: str, by) -> Admission:
    admission = _admission_change(
        admission,
        allowed_from=[Admission.Status.SUSPENDED],
        to=Admission.Status.ACTIVE,
        reason=reason,
        by=by,
        verb="reinstated",
    )
    provider_notify(
        provider=admission.provider,
        subject=f"Reinstated on {admission.lot}",
        body=(
            f"Your organisation is reinstated on {admission.lot} of the {admission.lot.system.name} and "
            f"will receive new packages for this lot again.\n\n{admission.status_reason}"
        ),
    )
    return admission


@transaction.atomic
def admission_remove(*, admission: Admission, reason: str, by) -> Admission:
    """Removed providers leave the published register (the record and its history stay)."""
    admission = _admission_change(
        admission,
        allowed_from=[Admission.Status.ACTIVE, Admission.Status.SUSPENDED],
        to=Admission.Status.REMOVED,
        reason=reason,
        by=by,
        verb="removed",
    )
    provider_notify(
        provider=admission.provider,
        subject=f"Removed from {admission.lot}",
        body=(
            f"Your organisation has been removed from {admission.lot} of the {admission.lot.system.name}."
            f"\n\nThe reason:\n{admission.status_reason}\n\nYou can apply again when a window opens."
        ),
    )
    return admission
