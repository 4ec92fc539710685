"""Writes for a provider's FPS application: start, choose lots, answer, submit, withdraw, answer a
clarification. Each is one transaction, validates with full_clean(), and leaves a history record saying
who did it and why. Whether a window is open is decided here, at the server's time, never by the page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from commissioning.providers.models import Provider, require_active

from .. import uploads
from ..models import (
    Answer,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Clarification,
    Lot,
    PurchasingSystem,
    Question,
)
from .common import audit, uk_time
from .documents import current_versions
from .notify import provider_notify

logger = logging.getLogger(__name__)


class IncompleteApplication(ValidationError):
    """Submitting with mandatory questions unanswered: `questions` lists each one, in order."""

    def __init__(self, questions: list[Question]):
        self.questions = questions
        super().__init__([missing_message(q) for q in questions])


# The starter's account may have been deleted since (created_by is SET_NULL): not a reason to refuse.
CREATOR = ["created_by"]


def word_count(text: str) -> int:
    return len(text.split())


def word_limit_message(question: Question, count: int) -> str:
    return f"Question {question.number} must be {question.word_limit} words or fewer (you wrote {count})"


def missing_message(question: Question) -> str:
    text = question.text if len(question.text) <= 90 else question.text[:87].rstrip() + "…"
    return f"Answer question {question.number}: {text}"


def window_closed_message(window: ApplicationWindow) -> str:
    return f"The {window.name} closed at {uk_time(window.closes_at)}."


def no_window_message(system: PurchasingSystem, moment=None) -> str:
    moment = moment or timezone.now()
    upcoming = system.windows.filter(opens_at__gt=moment).order_by("opens_at").first()
    message = f"The {system.name} is not accepting applications at the moment."
    if upcoming:
        message += f" The {upcoming.name} opens at {uk_time(upcoming.opens_at)} (UK time)."
    return message


# Reads the writes share ---------------------------------------------------------------------------------


def lot_scope(lot_ids: Iterable[int]) -> Q:
    """Questions asked of an applicant to these lots: those for all lots, and those of their lots (by the
    question's own lot or its section's)."""
    lot_ids = list(lot_ids)
    return (Q(lot__isnull=True) | Q(lot__in=lot_ids)) & (
        Q(section__lot__isnull=True) | Q(section__lot__in=lot_ids)
    )


def applicable_questions(application: Application, lot_ids: Iterable[int] | None = None) -> QuerySet:
    if lot_ids is None:
        lot_ids = application.application_lots.values_list("lot_id", flat=True)
    return (
        Question.objects.filter(section__system_id=application.window.system_id)
        .filter(lot_scope(lot_ids))
        .select_related("section__lot", "condition_question")
        .order_by("section__number", "position", "pk")
    )


def missing_answers(application: Application) -> list[Question]:
    """The mandatory questions for the lots applied to that are asked (an "If so" question only when its
    earlier answer asks for it) and have no answer yet, in questionnaire order."""
    answers = {a.question_id: a for a in application.answers.select_related("question")}
    return [
        question
        for question in applicable_questions(application).filter(mandatory=True)
        if question.is_asked(answers) and (question.pk not in answers or not answers[question.pk].is_answered)
    ]


def _open_window(system: PurchasingSystem, moment) -> ApplicationWindow | None:
    return system.windows.open_at(moment).order_by("closes_at", "pk").first()


def _check_lots(system: PurchasingSystem, lots: Iterable[Lot], *, keep: Iterable[int] = ()) -> list[Lot]:
    lots = list(lots)
    if not lots:
        raise ValidationError({"lots": "Select at least one lot"})
    keep = set(keep)
    for lot in lots:
        if lot.system_id != system.pk:
            raise ValidationError({"lots": f"{lot} is not part of the {system.name}"})
        if not lot.is_active and lot.pk not in keep:
            raise ValidationError({"lots": f"{lot} is not open to new applications"})
    return lots


def _next_reference(window: ApplicationWindow) -> str:
    """DO-2022-0007: the system's code, the window's opening year, then a sequence. Called with the system
    row locked; counts from the highest reference ever given (withdrawn applications keep theirs)."""
    year = timezone.localtime(window.opens_at).year
    prefix = f"{window.system.code}-{year}-"
    highest = (
        Application.objects.filter(reference__regex=rf"^{re.escape(prefix)}[0-9]+$")
        .annotate(sequence=Cast(Substr("reference", len(prefix) + 1), IntegerField()))
        .aggregate(highest=Max("sequence"))["highest"]
    )
    return f"{prefix}{(highest or 0) + 1:04d}"


def _lock(application: Application) -> Application:
    """The application locked for a change by its provider's users: refused if the provider is
    deactivated (every caller here is a provider's own action)."""
    application = (
        Application.objects.select_for_update()
        .select_related("window__system", "provider")
        .get(pk=application.pk)
    )
    require_active(application.provider)
    return application


def _require_draft(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(
            f"Application {application.reference} is {application.get_status_display().lower()}: "
            "it can no longer be changed."
        )


def _require_open(application: Application, moment) -> None:
    window = application.window
    if moment >= window.closes_at:
        raise ValidationError(f"{window_closed_message(window)} You can no longer change this application.")


# Writes ---------------------------------------------------------------------------------------------------


@transaction.atomic
def application_start(
    *, provider: Provider, system: PurchasingSystem, lots: Iterable[Lot], by, moment=None
) -> Application:
    """A draft application to the window open now, for the chosen lots. Refused when no window is open."""
    moment = moment or timezone.now()
    system = PurchasingSystem.objects.select_for_update().get(pk=system.pk)
    window = _open_window(system, moment)
    if window is None:
        raise ValidationError(no_window_message(system, moment))
    if not provider.is_active:
        raise ValidationError("A deactivated organisation cannot apply.")
    lots = _check_lots(system, lots)
    existing = (
        Application.objects.filter(provider=provider, window=window)
        .exclude(status=Application.Status.WITHDRAWN)
        .first()
    )
    if existing:
        raise ValidationError(
            f"Your organisation already has an application in the {window.name} "
            f"({existing.reference}). Change the lots on that one."
        )
    application = Application(
        reference=_next_reference(window), window=window, provider=provider, created_by=by
    )
    application.full_clean(exclude=CREATOR)
    audit(application, by=by, reason="Started")
    application.save()
    for lot in lots:
        application_lot = ApplicationLot(application=application, lot=lot)
        audit(application_lot, by=by, reason="Lot chosen")
        application_lot.save()
    return application


@transaction.atomic
def application_lots_change(*, application: Application, lots: Iterable[Lot], by, moment=None) -> Application:
    """Change the lots of a draft. Answers to questions only for a dropped lot are removed."""
    moment = moment or timezone.now()
    application = _lock(application)
    _require_draft(application)
    _require_open(application, moment)
    current = {al.lot_id: al for al in application.application_lots.all()}
    lots = _check_lots(application.window.system, lots, keep=current)
    wanted = {lot.pk for lot in lots}
    dropped = [al for lot_id, al in current.items() if lot_id not in wanted]
    for application_lot in dropped:
        audit(application_lot, by=by, reason="Lot removed")
        application_lot.delete()
    for lot in lots:
        if lot.pk not in current:
            application_lot = ApplicationLot(application=application, lot=lot)
            audit(application_lot, by=by, reason="Lot chosen")
            application_lot.save()
    if dropped:
        still_asked = applicable_questions(application, wanted).values("pk")
        stale = application.answers.exclude(question__in=still_asked)
        for answer in stale:
            if answer.document:
                name = answer.document.name
                storage = answer.document.storage
                transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        stale.delete()
    names = ", ".join(f"Lot {lot.number}" for lot in sorted(lots, key=lambda lot: lot.number))
    audit(application, by=by, reason=f"Lots changed to {names}")
    application.save()
    return application


@transaction.atomic
def answer_save(*, application: Application, question: Question, data: dict, by, moment=None) -> Answer:
    """Save one answer of a draft. `data` holds "text", "choice" or "document" (an uploaded file) as the
    question's kind needs; a missing key leaves that part as it was (a document is kept until replaced)."""
    moment = moment or timezone.now()
    application = _lock(application)
    _require_draft(application)
    _require_open(application, moment)
    if not applicable_questions(application).filter(pk=question.pk).exists():
        raise ValidationError(f"Question {question.number} is not part of this application.")
    answer = Answer.objects.filter(application=application, question=question).first() or Answer(
        application=application, question=question
    )
    old_file = new_file = None
    kind = question.kind
    if kind == Question.Kind.TEXT:
        if "text" in data:
            text = (data["text"] or "").strip()
            if question.word_limit and (count := word_count(text)) > question.word_limit:
                raise ValidationError(word_limit_message(question, count))
            answer.text = text
    elif kind in (Question.Kind.PASS_FAIL, Question.Kind.DECLARATION):
        if "choice" in data:
            choice = data["choice"] or ""
            if choice not in ("", "yes", "no"):
                raise ValidationError(f"Answer question {question.number} with yes or no")
            answer.choice = choice
    elif kind == Question.Kind.DOCUMENT and data.get("document"):
        upload = data["document"]
        checked = uploads.check_document(upload)
        if answer.document:
            old_file = (answer.document.storage, answer.document.name)
        try:
            answer.document.save(checked.name, upload, save=False)
        except OSError as error:  # a full disk or an unwritable folder: say so, keep the user's answers
            logger.error(
                "Could not store a document for %s, question %s: %s", application, question.number, error
            )
            raise ValidationError(
                f"Question {question.number}: the document could not be stored, so nothing on this page "
                "was saved. Your answers are still here: try again later, or save without the document."
            ) from error
        new_file = (answer.document.storage, answer.document.name)
        answer.document_name = checked.name
        answer.document_type = checked.kind
        answer.document_size = checked.size
    if question.condition_question_id is not None:
        parent = Answer.objects.filter(application=application, question_id=question.condition_question_id)
        if not question.is_asked({a.question_id: a for a in parent}):
            # Not asked (its earlier answer does not ask for it): whatever was posted is not kept.
            if new_file:
                new_file[0].delete(new_file[1])
                new_file = None
            _clear(answer)
    answer.updated_by = by
    try:
        answer.full_clean()
        answer.save()
    except Exception:
        if new_file:  # files are not transactional: do not leave this one behind
            new_file[0].delete(new_file[1])
        raise
    if old_file:
        storage, name = old_file
        transaction.on_commit(lambda: storage.delete(name))
    if question.is_yes_no:
        _clear_unasked_dependants(application, question, answer)
    return answer


def _clear(answer: Answer) -> None:
    """Empty an answer; its document (if any) is deleted once the transaction commits."""
    if answer.document:
        storage, name = answer.document.storage, answer.document.name
        transaction.on_commit(lambda: storage.delete(name))
    answer.text = ""
    answer.choice = ""
    answer.document = ""
    answer.document_name = ""
    answer.document_type = ""
    answer.document_size = None


def _clear_unasked_dependants(application: Application, question: Question, answer: Answer) -> None:
    """The answers to "If so" questions that this answer no longer asks are cleared."""
    stale = Answer.objects.filter(application=application, question__condition_question=question).exclude(
        question__condition_answer=answer.choice or "-"
    )
    for dependant in stale.select_related("question"):
        if dependant.is_answered:
            _clear(dependant)
            dependant.save()


@transaction.atomic
def application_submit(
    *, application: Application, declaration_name: str, declaration_role: str, by, moment=None
) -> Application:
    """Submit a complete draft while its window is open, with the declaration; the provider is notified."""
    moment = moment or timezone.now()
    application = _lock(application)
    _require_draft(application)
    window = application.window
    if moment >= window.closes_at:
        raise ValidationError(f"{window_closed_message(window)} Your application was not submitted.")
    if moment < window.opens_at:
        raise ValidationError(f"The {window.name} opens at {uk_time(window.opens_at)}. Submit it then.")
    errors = {}
    if not (declaration_name or "").strip():
        errors["declaration_name"] = "Enter the name of the person making the declaration"
    if not (declaration_role or "").strip():
        errors["declaration_role"] = "Enter their role in the organisation"
    if errors:
        raise ValidationError(errors)
    missing = missing_answers(application)
    if missing:
        raise IncompleteApplication(missing)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = moment
    application.submitted_by = by
    application.declaration_name = declaration_name.strip()
    application.declaration_role = declaration_role.strip()
    application.full_clean(exclude=CREATOR)
    audit(application, by=by, reason="Submitted")
    application.save()
    # The declaration is made against the procurement documents in force now: record which versions.
    lot_ids = list(application.application_lots.values_list("lot_id", flat=True))
    application.declared_versions.set(current_versions(window.system, lot_ids))
    lots = ", ".join(str(al.lot) for al in application.application_lots.select_related("lot"))
    provider_notify(
        provider=application.provider,
        subject=f"Application {application.reference} received",
        body=(
            f"We received your application {application.reference} to join the "
            f"{window.system.name} ({lots}) at {uk_time(moment)}. "
            "We will tell you when it has been evaluated, or if we need to ask you anything."
        ),
        link=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, reason: str, by, moment=None) -> Application:
    """Withdraw an application before any decision on it."""
    moment = moment or timezone.now()
    application = _lock(application)
    decided = application.application_lots.exclude(decision=ApplicationLot.Decision.PENDING).exists()
    if not application.can_withdraw or decided:
        raise ValidationError(
            f"Application {application.reference} is {application.get_status_display().lower()}: "
            "it can no longer be withdrawn."
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why you are withdrawing the application"})
    was_submitted = application.status != Application.Status.DRAFT
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = moment
    application.withdrawn_reason = reason.strip()
    application.full_clean(exclude=CREATOR)
    audit(application, by=by, reason="Withdrawn")
    application.save()
    if was_submitted:
        provider_notify(
            provider=application.provider,
            subject=f"Application {application.reference} withdrawn",
            body=f"Your application {application.reference} was withdrawn at {uk_time(moment)}.",
            link=application.get_absolute_url(),
        )
    return application


@transaction.atomic
def clarification_answer(*, clarification: Clarification, answer: str, by, moment=None) -> Clarification:
    """Answer an evaluator's clarification question; once none is open the application is back with the
    evaluators (Submitted)."""
    moment = moment or timezone.now()
    application = _lock(clarification.application)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if not clarification.is_open:
        raise ValidationError("This clarification question has already been answered.")
    if application.status not in (Application.Status.SUBMITTED, Application.Status.CLARIFICATION):
        raise ValidationError(
            f"Application {application.reference} is {application.get_status_display().lower()}: "
            "clarification questions can no longer be answered."
        )
    if not (answer or "").strip():
        raise ValidationError({"answer": "Enter your answer to the clarification question"})
    clarification.answer = answer.strip()
    clarification.answered_by = by
    clarification.answered_at = moment
    clarification.full_clean(exclude=["asked_by"])  # the asker's account may since have been deleted
    audit(clarification, by=by, reason="Answered")
    clarification.save()
    still_open = application.clarifications.filter(answered_at__isnull=True).exists()
    if not still_open and application.status == Application.Status.CLARIFICATION:
        application.status = Application.Status.SUBMITTED
        application.full_clean(exclude=CREATOR)
        audit(application, by=by, reason="Clarifications answered")
        application.save()
    return clarification
