"""Invented applications, evaluations, clarifications, decisions and admissions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from commissioning.providers.models import Provider

from ..models import (
    Admission,
    Answer,
    Application,
    ApplicationLot,
    Clarification,
    Notification,
    Question,
    SectionEvaluation,
)
from .common import DEMO, day, link, moment, save, tiny_pdf

# Invented applications --------------------------------------------------------------------------------------


def demo_year(windows: dict) -> int:
    """`{year}` in the files' references: the year the demo window opened, fixed by the first load."""
    return timezone.localtime(windows[DEMO].opens_at).year


class People:
    """The demo users who act in the story (None when they were not made, as in some tests)."""

    def __init__(self, staff: dict):
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__startswith="provider-")}
        self.evaluator = User.objects.filter(username=staff["evaluator"]).first()
        self.decision_maker = User.objects.filter(username=staff["decision_maker"]).first()

    def for_provider(self, provider: Provider):
        return self.users.get(f"provider-{provider.slug}")


def organisation_answers(provider: Provider, trading_status: str) -> dict[str, str]:
    address = ", ".join(
        part
        for part in [provider.address_line_1, provider.address_line_2, provider.town, provider.postcode]
        if part
    )
    registrations = []
    if provider.companies_house_number:
        registrations.append(f"Companies House {provider.companies_house_number}")
    if provider.charity_number:
        registrations.append(f"Charity Commission {provider.charity_number}")
    if provider.cqc_provider_id:
        registrations.append(f"CQC provider ID {provider.cqc_provider_id}")
    return {
        "1.1": f"{provider.name}, {address}. Registered office and main trading address are the same.",
        "1.2": "; ".join(registrations) + ".",
        "1.3": trading_status,
        "1.4": f"{provider.contact_name}, {provider.contact_email}, {provider.contact_phone}.",
    }


def answer_values(question: Question, provider: Provider, typical: dict, overrides: dict) -> str:
    """What the provider answers: the application's own answer, else a passing provider's."""
    number = question.number
    if number in overrides:
        return overrides[number]
    regulated = bool(provider.cqc_provider_id)
    if number == "6.1":
        return "yes" if regulated else "no"
    if number in {"6.2", "6.3"} and not regulated:
        return ""
    if number in {"12.2"}:
        return ""  # section 54 applies to none of the demo providers (12.1 is No)
    if number == "12.1":
        return "no"
    if number == "1.5":
        return "yes"
    if question.kind == Question.Kind.PASS_FAIL:
        return question.pass_answer
    if question.kind == Question.Kind.DECLARATION:
        return "yes"
    if question.kind == Question.Kind.TEXT:
        text = typical.get(number, "")
        return text.format(name=provider.name, town=provider.town, cqc=provider.cqc_provider_id)
    return ""


def add_answers(application, provider, questions, lots, spec, data, user, when) -> None:
    overrides = dict(organisation_answers(provider, data["trading_status"][provider.slug]))
    overrides.update(spec.get("answers", {}))
    only_sections = set(spec.get("answered_sections", [])) if spec["status"] == "draft" else None
    lot_ids = {lot.pk for lot in lots}
    for question in questions.values():
        section = question.section
        lot_id = question.lot_id or section.lot_id
        if lot_id and lot_id not in lot_ids:
            continue
        if only_sections is not None and section.number not in only_sections:
            continue
        answer = Answer(application=application, question=question, updated_by=user)
        if question.kind == Question.Kind.DOCUMENT:
            name = data["documents"][question.number]
            content = tiny_pdf(
                "Demo document - invented for the demo, not a real document.",
                f"{name.removesuffix('.pdf')}",
                f"{provider.name} (demo provider)",
                f"Application {application.reference}, question {question.number}",
            )
            answer.document.save(name, ContentFile(content), save=False)
            answer.document_name = name
            answer.document_type = "pdf"
            answer.document_size = len(content)
        else:
            value = answer_values(question, provider, data["typical_answers"], overrides)
            if not value:
                continue
            if question.kind == Question.Kind.TEXT:
                answer.text = value
            else:
                answer.choice = value
        answer.save()
    Answer.objects.filter(application=application).update(updated_at=when)


def notify(provider: Provider, subject: str, body: str, link: str, when: datetime, today: date) -> None:
    """The in-portal message the services would leave (no email: this is loaded data). Read unless recent."""
    Notification.objects.create(
        provider=provider,
        subject=subject,
        body=body,
        link=link,
        created_at=when,
        read_at=None if when.date() >= today - timedelta(days=14) else when + timedelta(hours=2),
    )


def load_application(spec, data, system, windows, questions, people, today) -> Application | None:
    reference = spec["reference"].format(year=demo_year(windows))
    if Application.objects.filter(reference=reference).exists():
        return None
    provider = Provider.objects.get(slug=spec["provider"])
    user = people.for_provider(provider)
    evaluator, decision_maker = people.evaluator, people.decision_maker
    window = windows[spec["window"]]
    lots = [system.lots.get(number=n) for n in spec["lots"]]
    created = moment(spec["created"], today)
    status = spec["status"]
    path = link("fps:application", reference)

    application = save(
        Application(
            reference=reference,
            window=window,
            provider=provider,
            status=Application.Status.DRAFT,
            created_by=user,
            is_demo=True,
        ),
        user=user,
        reason="Application started",
        when=created,
    )
    app_lots = {}
    for lot in lots:
        app_lots[lot.number] = save(
            ApplicationLot(application=application, lot=lot), user=user, reason="Lot chosen", when=created
        )
    submitted = moment(spec["submitted"], today) if spec.get("submitted") else None
    add_answers(application, provider, questions, lots, spec, data, user, submitted or created)

    if submitted:
        application.status = Application.Status.SUBMITTED
        application.submitted_at = submitted
        application.submitted_by = user
        application.declaration_name, application.declaration_role = spec["declaration"]
        save(application, user=user, reason="Application submitted", when=submitted)
        notify(
            provider,
            f"Application {application.reference} received",
            f"We have received your application to the {system.name} for "
            f"{', '.join(str(lot) for lot in lots)}. We will tell you when it has been evaluated.",
            path,
            submitted,
            today,
        )

    sections = {s.number: s for s in system.sections.all()}
    for clarification in spec.get("clarifications", []):
        asked = moment(clarification["asked"], today)
        item = save(
            Clarification(
                application=application,
                section=sections[clarification["section"]],
                question=clarification["question"],
                asked_by=evaluator,
                asked_at=asked,
                respond_by=day(clarification["respond_by"], today),
            ),
            user=evaluator,
            reason="Clarification asked",
            when=asked,
        )
        application.status = Application.Status.CLARIFICATION
        save(application, user=evaluator, reason="Clarification asked", when=asked)
        notify(
            provider,
            f"A clarification question about application {application.reference}",
            f"Please answer by {item.respond_by:%-d %B %Y}: {item.question}",
            path,
            asked,
            today,
        )
        if clarification.get("answered"):
            answered = moment(clarification["answered"], today)
            item.answer = clarification["answer"]
            item.answered_by = user
            item.answered_at = answered
            save(item, user=user, reason="Clarification answered", when=answered)
            application.status = Application.Status.SUBMITTED
            save(application, user=user, reason="Clarification answered", when=answered)

    if status in {"submitted", "clarification", "decided"}:
        add_evaluations(application, spec, lots, sections, evaluator, submitted, today)

    if status == "decided":
        decided = moment(spec["decided"], today)
        for number, (decision, reasons) in spec["decisions"].items():
            app_lot = app_lots[int(number)]
            app_lot.decision = decision
            app_lot.reasons = reasons
            app_lot.decided_by = decision_maker
            app_lot.decided_at = decided
            label = "Admitted" if decision == ApplicationLot.Decision.ADMITTED else "Not admitted"
            save(app_lot, user=decision_maker, reason=f"{label} by the delegated officer", when=decided)
            if decision == ApplicationLot.Decision.ADMITTED:
                add_admission(app_lot, spec.get("admissions", {}).get(number), decision_maker, decided, today)
        application.status = Application.Status.DECIDED
        application.decided_at = decided
        save(application, user=decision_maker, reason="Decided", when=decided)
        outcomes = "; ".join(
            f"{app_lots[int(n)].lot}: {app_lots[int(n)].get_decision_display()}" for n in spec["decisions"]
        )
        notify(
            provider,
            f"Decision on application {application.reference}",
            f"The {system.delegated_decision_maker} has decided your application. {outcomes}.",
            path,
            decided,
            today,
        )

    if status == "withdrawn":
        at, reason = spec["withdrawn"]
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_at = moment(at, today)
        application.withdrawn_reason = reason
        save(application, user=user, reason="Application withdrawn", when=application.withdrawn_at)

    # auto_now_add stamped the day of loading: put back the day the provider started.
    Application.objects.filter(pk=application.pk).update(created_at=created)
    Application.history.filter(id=application.pk).update(created_at=created)
    return application


def add_evaluations(application, spec, lots, sections, evaluator, submitted, today) -> None:
    """Every section the application answers: from the file for submitted ones (only those listed), all of
    them for decided ones (pass unless the file says otherwise)."""
    given = spec.get("evaluations", {})
    lot_ids = {lot.pk for lot in lots}
    relevant = [s for s in sections.values() if s.lot_id is None or s.lot_id in lot_ids]
    decided = spec["status"] == "decided"
    when = moment(spec["decided"], today) - timedelta(days=3) if decided else submitted + timedelta(days=1)
    for section in relevant:
        if str(section.number) in given:
            result, notes = given[str(section.number)]
        elif decided:
            result, notes = "pass", "Meets the requirement."
        else:
            continue
        save(
            SectionEvaluation(
                application=application,
                section=section,
                result=result,
                notes=notes,
                evaluated_by=evaluator,
                evaluated_at=when,
            ),
            user=evaluator,
            reason=f"Section {section.number} evaluated",
            when=when,
        )


def add_admission(app_lot, later, decision_maker, decided, today) -> Admission:
    admission = save(
        Admission(
            lot=app_lot.lot,
            provider=app_lot.application.provider,
            application_lot=app_lot,
            admitted_at=decided,
        ),
        user=decision_maker,
        reason="Admitted",
        when=decided,
    )
    if later:
        at = moment(later["at"], today)
        admission.status = later["status"]
        admission.status_reason = later["reason"]
        admission.status_changed_at = at
        save(admission, user=decision_maker, reason=admission.get_status_display(), when=at)
    return admission
