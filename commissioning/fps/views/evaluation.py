"""FPS views: evaluation (see urls.py).

Commissioners work the queue of submitted applications, evaluate each section, ask clarification
questions and decide each lot (the delegated officer); they keep the admitted-provider register (suspend,
reinstate, remove) and add lots and application windows. The register itself, and its CSV, are public.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from committees.services import interest_matches
from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.pdf import pdf_response, render_pdf

from ..forms.evaluation import (
    ClarificationForm,
    DecisionForm,
    PassRemainingForm,
    SectionEvaluationForm,
)
from ..history import application_history
from ..models import (
    Application,
    ApplicationLot,
    PurchasingSystem,
    Question,
    QuestionSection,
)
from ..services import evaluation as services
from ..tables.evaluation import (
    ClarificationTable,
    QueueFilter,
    QueueTable,
    SectionSummaryTable,
    queue_queryset,
)

# Reads ------------------------------------------------------------------------------------------------


def get_application_for_evaluation(user, reference: str) -> Application:
    """404 unless the user may see the application and it has been submitted (drafts, and drafts withdrawn
    without being submitted, are the provider's alone)."""
    return get_object_or_404(
        Application.objects.visible_to(user)
        .exclude(status=Application.Status.DRAFT)
        .exclude(status=Application.Status.WITHDRAWN, submitted_at__isnull=True)
        .select_related("provider", "window__system", "submitted_by"),
        reference=reference,
    )


def posted(request):
    """The form's data on a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


def duration_text(delta: datetime.timedelta | None) -> str:
    """'2 days 3 hours', '5 hours 10 minutes', 'under a minute'."""
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 60 * 24)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes and not days:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts) or "under a minute"


def answer_text(answer) -> str:
    if answer is None:
        return ""
    if answer.choice:
        return answer.get_choice_display()
    return answer.text


def evaluation_data(application: Application) -> dict:
    """What the evaluation page and the application PDF show, in a fixed number of queries: the sections
    the application's lots ask with each question's answer and flags, the evaluations, the clarifications
    with their clocks, and each lot with its decision and what stops one."""
    now = timezone.now()
    application_lots = list(
        application.application_lots.select_related("lot", "decided_by", "admission").order_by("lot__number")
    )
    lot_ids = [al.lot_id for al in application_lots]
    sections = list(
        QuestionSection.objects.filter(services.sections_for_lots(application.window.system_id, lot_ids))
        .select_related("lot")
        .order_by("number")
    )
    evaluations = {e.section_id: e for e in application.evaluations.select_related("evaluated_by", "section")}
    clarifications = list(application.clarifications.select_related("section", "asked_by", "answered_by"))
    for clarification in clarifications:
        clarification.time_taken = duration_text(clarification.time_to_answer)
        clarification.waiting = (
            "" if clarification.answered_at else duration_text(now - clarification.asked_at)
        )
        clarification.overdue = bool(
            clarification.respond_by
            and not clarification.answered_at
            and clarification.respond_by < timezone.localdate()
        )

    by_section = services.question_facts(application, sections, lot_ids)
    for items in by_section.values():
        for item in items:
            question, answer = item["question"], item["answer"]
            item["label"] = f"{question.number} {question.text}" + (
                "" if question.mandatory else " (optional)"
            )
            item["text"] = answer_text(answer) if item["answered"] else ""
            item["document_url"] = (
                services.link_to("fps:document", answer.pk)
                if item["answered"] and question.kind == Question.Kind.DOCUMENT
                else ""
            )
    section_rows = []
    for section in sections:
        items = by_section[section.pk]
        failing = sum(1 for item in items if item["fails"])
        missing = sum(1 for item in items if item["missing"])
        section_rows.append(
            {
                "section": section,
                "items": items,
                "evaluation": evaluations.get(section.pk),
                "failing": failing,
                "failing_text": f"{failing} failing answer{'s' if failing != 1 else ''}",
                "missing": missing,
                "missing_text": f"{missing} unanswered",
                "clarifications": [c for c in clarifications if c.section_id == section.pk],
            }
        )
    lots = []
    for application_lot in application_lots:
        lot_sections = [s for s in sections if s.lot_id in (None, application_lot.lot_id)]
        lots.append(
            {
                "application_lot": application_lot,
                "lot": application_lot.lot,
                "admission": getattr(application_lot, "admission", None),
                "blockers": services.decision_blockers(lot_sections, evaluations),
            }
        )
    return {
        "application": application,
        "sections": section_rows,
        "evaluated": len(evaluations),
        "clarifications": clarifications,
        "open_clarifications": sum(1 for c in clarifications if c.is_open),
        "lots": lots,
        "section_table": SectionSummaryTable(section_rows),
        "clarification_table": ClarificationTable(clarifications),
    }


def is_evaluable(application: Application) -> bool:
    return application.status in services.EVALUABLE


# The queue --------------------------------------------------------------------------------------------


@permission_required(perms.VIEW_FPS_APPLICATIONS, raise_exception=True)
def queue(request):
    # A delegated officer who does not evaluate opens the queue on what is theirs: ready for a decision.
    deciding_only = not request.user.has_perm(perms.EVALUATE_FPS_APPLICATION)
    defaults = {"status": QueueFilter.READY} if deciding_only else None
    queue_filter = QueueFilter(request.GET, queryset=queue_queryset(), defaults=defaults)
    table = QueueTable(queue_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    systems = list(PurchasingSystem.objects.order_by("name", "pk"))
    return render(
        request,
        "fps/evaluation/queue.html",
        {
            "filter": queue_filter,
            "table": table,
            "systems": systems,
            "can_manage": request.user.has_perm(perms.MANAGE_FPS),
            "deciding_only": deciding_only,
        },
    )


# One application ----------------------------------------------------------------------------------------


def render_evaluation(
    request, application: Application, *, bound: SectionEvaluationForm | None = None, section=None
):
    """The one-page evaluation: every section's answers with its pass/fail form (while the application is
    evaluable by this user and the section's lots are undecided), "pass all sections not yet evaluated",
    the clarifications, each lot's decision form for a delegated officer, and the history. `bound` is a
    section's form that failed validation, shown in place with the error summary at the top."""
    data = evaluation_data(application)
    evaluable = is_evaluable(application)
    can_evaluate = evaluable and request.user.has_perm(perms.EVALUATE_FPS_APPLICATION)
    may_decide = request.user.has_perm(perms.DECIDE_FPS_APPLICATION)
    decide_refusal = services.evaluator_refusal(application, request.user) if may_decide else ""
    can_decide = may_decide and evaluable and not decide_refusal
    decided = {
        item["application_lot"].lot_id
        for item in data["lots"]
        if item["application_lot"].decision != ApplicationLot.Decision.PENDING
    }
    passable = 0
    for row in data["sections"]:
        row["locked"] = services.section_is_locked(row["section"], None, decided)
        row["form"] = None
        if not can_evaluate or row["locked"]:
            continue
        if bound is not None and section is not None and section.pk == row["section"].pk:
            row["form"] = bound
            continue
        evaluation = row["evaluation"]
        initial = {"result": evaluation.result, "notes": evaluation.notes} if evaluation else None
        row["form"] = SectionEvaluationForm(initial=initial, section=row["section"])
        if evaluation is None and not row["failing"] and not row["missing"]:
            passable += 1
    for lot in data["lots"]:
        pending = lot["application_lot"].decision == ApplicationLot.Decision.PENDING
        # Until every section the lot asks is evaluated there is nothing to decide: the page lists them.
        ready = not lot["blockers"]["missing"]
        lot["form"] = DecisionForm(lot=lot["lot"]) if can_decide and pending and ready else None
    return render(
        request,
        "fps/evaluation/evaluate.html",
        {
            **data,
            "can_evaluate": can_evaluate,
            "is_evaluable": evaluable,
            "passable": passable,
            "may_decide": may_decide,
            "can_decide": can_decide,
            "decide_refusal": decide_refusal,
            "error_form": bound,
            "history": application_history(application),
            "interest_warnings": interest_matches.provider_warnings(
                request.user, application.provider, role=interest_matches.APPLICANT
            ),
        },
    )


@permission_required(perms.VIEW_FPS_APPLICATIONS, raise_exception=True)
def evaluate(request, reference):
    application = get_application_for_evaluation(request.user, reference)
    return render_evaluation(request, application)


def next_section_anchor(application: Application, after: int) -> str:
    """Where to go once a section is saved: the next section not yet evaluated (the first one before it if
    none follows), else the decisions."""
    evaluated = set(application.evaluations.values_list("section_id", flat=True))
    remaining = [s.number for s in services.relevant_sections(application) if s.pk not in evaluated]
    following = [n for n in remaining if n > after] or remaining
    return f"#section-{following[0]}" if following else "#decisions"


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
def evaluate_section(request, reference, number):
    """Saves one section's evaluation from the one-page evaluation (a GET goes to that section there)."""
    application = get_application_for_evaluation(request.user, reference)
    section = get_object_or_404(services.relevant_sections(application), number=number)
    page = reverse("fps:evaluate", args=[application.reference])
    if request.method != "POST":
        return redirect(page + f"#section-{section.number}")
    if not is_evaluable(application):
        messages.info(
            request, f"Application {application.reference} is {application.get_status_display().lower()}."
        )
        return redirect(page + f"#section-{section.number}")
    form = SectionEvaluationForm(request.POST, section=section)
    if form.is_valid():
        try:
            evaluation = services.section_evaluate(
                application=application,
                section=section,
                result=form.cleaned_data["result"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"Section {section.number} of {application.reference}: "
                f"{evaluation.get_result_display().lower()}.",
            )
            return redirect(page + next_section_anchor(application, section.number))
    return render_evaluation(request, application, bound=form, section=section)


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
def pass_remaining(request, reference):
    """Pass every section not yet evaluated, after a confirmation that lists them (and those held back for
    a failing or missing answer, which need judging one by one)."""
    application = get_application_for_evaluation(request.user, reference)
    back = reverse("fps:evaluate", args=[application.reference])
    refusal = ""
    found = {"passable": [], "held_back": []}
    if not is_evaluable(application):
        refusal = f"Application {application.reference} is {application.get_status_display().lower()}."
    else:
        found = services.sections_to_pass(application)
        if not found["passable"]:
            refusal = "There are no sections left to pass in one go: every section is evaluated"
            refusal += ", or needs judging one by one." if found["held_back"] else "."
    numbers = ",".join(str(s.number) for s in found["passable"])
    form = PassRemainingForm(posted(request), initial={"sections": numbers})
    count = len(found["passable"])

    def action(form):
        passed = services.sections_pass_remaining(
            application=application, numbers=form.cleaned_data["sections"], by=request.user
        )
        listed = ", ".join(str(e.section.number) for e in passed)
        return (
            f"Section{'s' if len(passed) != 1 else ''} {listed} of {application.reference} passed.",
            back + next_section_anchor(application, 0),
        )

    return confirm_or_refuse(
        request,
        title=f"Pass {count} section{'s' if count != 1 else ''} not yet evaluated?",
        refused_title="No sections to pass in one go",
        caption=f"{application.reference}, {application.provider.name}",
        summary=[(f"Section {s.number}", s.title) for s in found["passable"]],
        warning="Each of these will be recorded as a pass by you, with no notes.",
        button=f"Pass {count} section{'s' if count != 1 else ''}",
        button_style="",
        refusal=refusal,
        back=back,
        form=form,
        action=action,
        template="fps/evaluation/pass_remaining.html",
        context={"held_back": found["held_back"], "application": application},
    )


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
def clarification_ask(request, reference):
    application = get_application_for_evaluation(request.user, reference)
    back = reverse("fps:evaluate", args=[application.reference]) + "#clarifications"
    if not is_evaluable(application):
        messages.info(
            request, f"Application {application.reference} is {application.get_status_display().lower()}."
        )
        return redirect(back)
    sections = services.relevant_sections(application)
    initial = {}
    if request.GET.get("section", "").isdigit():
        initial["section"] = sections.filter(number=int(request.GET["section"])).first()
    form = ClarificationForm(posted(request), sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.clarification_ask(
                application=application,
                section=form.cleaned_data["section"],
                question=form.cleaned_data["question"],
                respond_by=form.cleaned_data["respond_by"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"Your question is sent to {application.provider.name}. The clock has started."
            )
            return redirect(back)
    return render(
        request,
        "fps/evaluation/clarification_ask.html",
        {"application": application, "form": form, "back": back},
    )


@permission_required(perms.DECIDE_FPS_APPLICATION, raise_exception=True)
def decide(request, reference, lot):
    application = get_application_for_evaluation(request.user, reference)
    application_lot = get_object_or_404(
        application.application_lots.select_related("lot", "decided_by"), lot__number=lot
    )
    back = reverse("fps:evaluate", args=[application.reference]) + f"#lot-{lot}"
    form = DecisionForm(posted(request), lot=application_lot.lot)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_lot_decide(
                application_lot=application_lot,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                expected_decision=form.cleaned_data["expected"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
            application_lot.refresh_from_db()
        else:
            application_lot.refresh_from_db()
            messages.success(
                request,
                f"Lot {lot} of {application.reference}: {application_lot.get_decision_display().lower()}. "
                f"{application.provider.name} has been told.",
            )
            return redirect(back)
    data = evaluation_data(application)
    lot_data = next(item for item in data["lots"] if item["application_lot"].pk == application_lot.pk)
    decided = application_lot.decision != ApplicationLot.Decision.PENDING
    refusal = services.evaluator_refusal(application, request.user)
    return render(
        request,
        "fps/evaluation/decide.html",
        {
            **data,
            "lot_data": lot_data,
            "form": form,
            "decided": decided,
            "decide_refusal": refusal,
            "can_decide": is_evaluable(application) and not decided and not refusal,
            "back": back,
        },
    )


@permission_required(perms.VIEW_FPS_APPLICATIONS, raise_exception=True)
def application_pdf(request, reference):
    application = get_application_for_evaluation(request.user, reference)
    data = evaluation_data(application)
    pdf = render_pdf(
        "pdf/fps_application.html",
        {
            **data,
            "history": application_history(application),
            "produced_at": timezone.now(),
            "produced_by": request.user,
        },
    )
    return pdf_response(f"{application.reference}.pdf", pdf)
