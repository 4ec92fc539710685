"""FPS views: evaluation (see urls.py).

Commissioners work the queue of submitted applications, evaluate each section, ask clarification
questions and decide each lot (the delegated officer); they keep the admitted-provider register (suspend,
reinstate, remove) and add lots and application windows. The register itself, and its CSV, are public.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.exports import csv_response
from portal.forms import add_validation_errors
from portal.pdf import pdf_response, render_pdf

from ..forms.evaluation import (
    AdmissionChangeForm,
    ClarificationForm,
    DecisionForm,
    SectionEvaluationForm,
)
from ..history import application_history
from ..models import (
    Admission,
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
    RegisterFilter,
    RegisterTable,
    SectionSummaryTable,
    areas_text,
    queue_queryset,
    register_queryset,
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
    questions = (
        Question.objects.filter(section__in=sections)
        .filter(Q(lot__isnull=True) | Q(lot__in=lot_ids))
        .select_related("condition_question")
    )
    answers = {a.question_id: a for a in application.answers.all()}
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

    by_section: dict[int, list] = {s.pk: [] for s in sections}
    for question in questions.order_by("section__number", "position", "pk"):
        answer = answers.get(question.pk)
        if answer is not None:
            answer.question = question
        # An "If so" question its earlier answer does not ask is neither missing nor failing.
        asked = question.is_asked(answers)
        answered = asked and answer is not None and answer.is_answered
        document_url = ""
        if answered and question.kind == Question.Kind.DOCUMENT:
            document_url = services.link_to("fps:document", answer.pk)
        by_section[question.section_id].append(
            {
                "question": question,
                "label": f"{question.number} {question.text}" + ("" if question.mandatory else " (optional)"),
                "answer": answer,
                "answered": answered,
                "text": answer_text(answer) if answered else "",
                "document_url": document_url,
                "asked": asked,
                "fails": answered and answer.fails,
                "missing": asked and question.mandatory and not answered,
            }
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


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
def queue(request):
    queue_filter = QueueFilter(request.GET, queryset=queue_queryset())
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
        },
    )


# One application ----------------------------------------------------------------------------------------


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
def evaluate(request, reference):
    application = get_application_for_evaluation(request.user, reference)
    data = evaluation_data(application)
    can_decide = request.user.has_perm(perms.DECIDE_FPS_APPLICATION) and is_evaluable(application)
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
            "can_evaluate": is_evaluable(application),
            "can_decide": can_decide,
            "history": application_history(application),
        },
    )


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
def evaluate_section(request, reference, number):
    application = get_application_for_evaluation(request.user, reference)
    section = get_object_or_404(services.relevant_sections(application), number=number)
    back = reverse("fps:evaluate", args=[application.reference]) + f"#section-{section.number}"
    if not is_evaluable(application):
        messages.info(
            request, f"Application {application.reference} is {application.get_status_display().lower()}."
        )
        return redirect(back)
    evaluation = application.evaluations.filter(section=section).select_related("evaluated_by").first()
    initial = {"result": evaluation.result, "notes": evaluation.notes} if evaluation else None
    form = SectionEvaluationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_evaluate(
                application=application,
                section=section,
                result=form.cleaned_data["result"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Section {section.number} of {application.reference} is evaluated.")
            return redirect(back)
    data = evaluation_data(application)
    row = next(row for row in data["sections"] if row["section"].pk == section.pk)
    return render(
        request,
        "fps/evaluation/evaluate_section.html",
        {
            "application": application,
            "row": row,
            "evaluation": evaluation,
            "form": form,
            "back": back,
            "clarification_table": ClarificationTable(row["clarifications"]),
        },
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
    return render(
        request,
        "fps/evaluation/decide.html",
        {
            **data,
            "lot_data": lot_data,
            "form": form,
            "decided": decided,
            "can_decide": is_evaluable(application) and not decided,
            "back": back,
        },
    )


@permission_required(perms.EVALUATE_FPS_APPLICATION, raise_exception=True)
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


# The register ----------------------------------------------------------------------------------------------


def register_lots(system):
    return list(
        system.lots.annotate(
            on_register=Count("admissions", filter=~Q(admissions__status=Admission.Status.REMOVED))
        ).order_by("number")
    )


@login_not_required
def register(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    lots = register_lots(system)
    chosen = request.GET.get("lot", "")
    lot = next((lot for lot in lots if str(lot.number) == chosen), lots[0] if lots else None)
    table = register_filter = None
    can_manage = request.user.has_perm(perms.MANAGE_FPS)
    if lot is not None:
        register_filter = RegisterFilter(request.GET, queryset=register_queryset(system).filter(lot=lot))
        table = RegisterTable(register_filter.qs, can_manage=can_manage)
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "fps/evaluation/register.html",
        {
            "system": system,
            "lots": lots,
            "lot": lot,
            "filter": register_filter,
            "table": table,
            "can_manage": can_manage,
            "overview_url": services.link_to("fps:overview", system.slug),
        },
    )


@login_not_required
def register_csv(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    header = [
        "Lot",
        "Lot title",
        "Provider",
        "Companies House number",
        "Charity number",
        "CQC provider ID",
        "Town",
        "Postcode",
        "Areas served",
        "Status",
        "Admitted",
    ]
    rows = (
        [
            admission.lot.number,
            admission.lot.title,
            admission.provider.name,
            admission.provider.companies_house_number,
            admission.provider.charity_number,
            admission.provider.cqc_provider_id,
            admission.provider.town,
            admission.provider.postcode,
            areas_text(admission.provider.areas_served),
            admission.get_status_display(),
            timezone.localtime(admission.admitted_at).date().isoformat(),
        ]
        for admission in register_queryset(system).iterator(chunk_size=2000)
    )
    filename = f"{slugify(system.code)}-fps-register-{timezone.localdate().isoformat()}.csv"
    return csv_response(filename, header, rows)


def _admission_change(request, pk, *, action: str):
    admission = get_object_or_404(
        Admission.objects.visible_to(request.user).select_related("provider", "lot__system"), pk=pk
    )
    system = admission.lot.system
    back = reverse("fps:register", args=[system.slug]) + f"?lot={admission.lot.number}"
    allowed = {
        "suspend": [Admission.Status.ACTIVE],
        "reinstate": [Admission.Status.SUSPENDED],
        "remove": [Admission.Status.ACTIVE, Admission.Status.SUSPENDED],
    }[action]
    if admission.status not in allowed:
        messages.info(
            request,
            f"{admission.provider.name} is {admission.get_status_display().lower()} "
            f"on lot {admission.lot.number}.",
        )
        return redirect(back)
    labels = {
        "suspend": "Why is the provider being suspended?",
        "reinstate": "Why is the provider being reinstated?",
        "remove": "Why is the provider being removed?",
    }
    form = AdmissionChangeForm(posted(request), label=labels[action])
    if request.method == "POST" and form.is_valid():
        service = {
            "suspend": services.admission_suspend,
            "reinstate": services.admission_reinstate,
            "remove": services.admission_remove,
        }[action]
        try:
            service(admission=admission, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            done = {"suspend": "suspended from", "reinstate": "reinstated on", "remove": "removed from"}[
                action
            ]
            messages.success(request, f"{admission.provider.name} is {done} lot {admission.lot.number}.")
            return redirect(back)
    return render(
        request,
        "fps/evaluation/admission_change.html",
        {"admission": admission, "system": system, "action": action, "form": form, "back": back},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def admission_suspend(request, pk):
    return _admission_change(request, pk, action="suspend")


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def admission_reinstate(request, pk):
    return _admission_change(request, pk, action="reinstate")


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def admission_remove(request, pk):
    return _admission_change(request, pk, action="remove")
