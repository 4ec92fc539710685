"""FPS views: provider (see urls.py). A provider's users start, answer, check and submit their
organisation's application, withdraw it, answer clarification questions and read their messages.

Every application is fetched through `get_application_for_user` (Application.objects.visible_to): another
organisation's application, document or clarification is a 404, never a 403. Commissioners may read an
application and its answers here; only the provider's own users change it, and only while it is a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from commissioning.providers.models import ProviderMembership
from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.templatetags.govuk import error_summary

from .. import uploads
from ..forms.applications import (
    ClarificationAnswerForm,
    LotsForm,
    SectionForm,
    SubmitForm,
    WithdrawForm,
)
from ..models import (
    Answer,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Clarification,
    Notification,
    PurchasingSystem,
    Question,
    QuestionSection,
)
from ..services import applications as services
from ..tables.applications import ProviderApplicationTable

PER_PAGE = 25


# Fetching, with the user's rights ---------------------------------------------------------------------


def membership_or_403(user) -> ProviderMembership:
    membership = ProviderMembership.for_user(user)
    if membership is None:
        raise PermissionDenied("Only a provider organisation's users can do this.")
    return membership


def get_application_for_user(user, reference: str) -> Application:
    """404 unless the user may see this application (its own organisation's users, or commissioners)."""
    return get_object_or_404(
        Application.objects.visible_to(user).select_related("window__system", "provider"),
        reference=reference,
    )


def get_own_application(user, reference: str) -> Application:
    """The application, for its own organisation's users; 404 if unseen, 403 for a commissioner."""
    application = get_application_for_user(user, reference)
    membership = ProviderMembership.for_user(user)
    if membership is None or membership.provider_id != application.provider_id:
        raise PermissionDenied("Only the applicant's own users can change an application.")
    return application


def url_or_none(name: str, *args) -> str | None:
    """A link to a page another part of the FPS provides, or None while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# What a page shows of an application -------------------------------------------------------------------


@dataclass
class SectionView:
    section: QuestionSection
    questions: list[Question] = field(default_factory=list)
    answers: dict[int, Answer] = field(default_factory=dict)
    change_base: str = ""

    @property
    def asked(self) -> list[Question]:
        """The section's questions this application is asked ("If so" ones only when their earlier answer
        asks for them)."""
        return [q for q in self.questions if q.is_asked(self.answers)]

    def _answered(self, question: Question) -> bool:
        return question.pk in self.answers and self.answers[question.pk].is_answered

    @property
    def rows(self) -> list[dict]:
        """The questions, each with its answer, its label and (when `change_base` is set, for an
        application that can still change) the link to change it."""
        rows = []
        for question in self.asked:
            change_url = f"{self.change_base}#{question_anchor(question)}" if self.change_base else None
            optional = "" if question.mandatory else " (optional)"
            rows.append(
                {
                    "question": question,
                    "answer": self.answers.get(question.pk),
                    "label": f"{question.number} {question.text}{optional}",
                    "change_url": change_url,
                    "hidden_text": f"the answer to question {question.number}",
                }
            )
        return rows

    @property
    def status(self) -> str:
        asked = self.asked
        answered = [q for q in asked if self._answered(q)]
        complete = all(self._answered(q) for q in asked if q.mandatory)
        if answered and complete:
            return "Completed"
        if answered:
            return "In progress"
        return "Not started"

    @property
    def missing(self) -> list[Question]:
        return [q for q in self.asked if q.mandatory and not self._answered(q)]


def application_sections(application: Application, lot_ids=None) -> list[SectionView]:
    """The sections the application's lots ask, each with its questions and answers (three queries)."""
    if lot_ids is None:
        lot_ids = [al.lot_id for al in application.application_lots.all()]
    questions = list(services.applicable_questions(application, lot_ids))
    by_pk = {q.pk: q for q in questions}
    answers = {}
    for answer in application.answers.filter(question_id__in=list(by_pk)):
        answer.question = by_pk[answer.question_id]
        answers[answer.question_id] = answer
    sections: dict[int, SectionView] = {}
    for question in questions:
        view = sections.setdefault(question.section_id, SectionView(section=question.section))
        view.questions.append(question)
        if question.pk in answers:
            view.answers[question.pk] = answers[question.pk]
    return list(sections.values())


def question_anchor(question: Question) -> str:
    suffix = "_0" if question.kind in (Question.Kind.PASS_FAIL, Question.Kind.DECLARATION) else ""
    return f"id_q{question.pk}{suffix}"


def section_url(application: Application, section: QuestionSection) -> str:
    return reverse("fps:application-section", args=[application.reference, section.number])


# Lists ---------------------------------------------------------------------------------------------------


def application_list(request):
    membership = membership_or_403(request.user)
    applications = (
        Application.objects.own(request.user)
        .select_related("window__system")
        .prefetch_related(Prefetch("application_lots", queryset=ApplicationLot.objects.select_related("lot")))
        .order_by("-created_at", "-pk")
    )
    table = ProviderApplicationTable(applications, provider_name=membership.provider.name)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    open_windows = list(
        ApplicationWindow.objects.open_at()
        .select_related("system")
        .exclude(system__status=PurchasingSystem.Status.ENDED)
        .order_by("closes_at", "pk")
    )
    applied = set(
        Application.objects.own(request.user)
        .filter(window__in=open_windows)
        .exclude(status=Application.Status.WITHDRAWN)
        .values_list("window_id", flat=True)
    )
    for window in open_windows:
        window.can_apply = window.pk not in applied
    return render(
        request,
        "fps/provider/applications.html",
        {
            "provider": membership.provider,
            "table": table,
            "open_windows": open_windows,
            "unread": Notification.objects.visible_to(request.user).unread().count(),
        },
    )


def notifications(request):
    membership = membership_or_403(request.user)
    page = Paginator(
        Notification.objects.visible_to(request.user).order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    items = list(page.object_list)
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        Notification.objects.visible_to(request.user).filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request,
        "fps/provider/notifications.html",
        {"provider": membership.provider, "page": page, "items": items, "unread": set(unread)},
    )


# Starting an application and choosing lots --------------------------------------------------------------


def application_start(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    membership = membership_or_403(request.user)
    window = system.windows.open_at().order_by("closes_at", "pk").first()
    if window is not None:
        existing = (
            Application.objects.own(request.user)
            .filter(window=window)
            .exclude(status=Application.Status.WITHDRAWN)
            .first()
        )
        if existing is not None:
            messages.info(
                request,
                f"Your organisation already has an application in the {window.name}: {existing.reference}.",
            )
            return redirect(existing)
    form = LotsForm(request.POST if request.method == "POST" else None, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                provider=membership.provider,
                system=system,
                lots=form.cleaned_data["lots"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Your application {application.reference} is started.")
            return redirect(application)
    return render(
        request,
        "fps/provider/start.html",
        {
            "system": system,
            "window": window,
            "closed_message": None if window else services.no_window_message(system),
            "form": form,
        },
    )


def application_lots(request, reference):
    application = get_own_application(request.user, reference)
    if not application.is_editable:
        messages.info(request, "The lots of a submitted application cannot be changed.")
        return redirect(application)
    current = list(application.application_lots.values_list("lot_id", flat=True))
    form = LotsForm(
        request.POST if request.method == "POST" else None,
        system=application.window.system,
        current=current,
        initial={"lots": current},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_lots_change(
                application=application, lots=form.cleaned_data["lots"], by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The lots you are applying for are updated.")
            return redirect(application)
    return render(request, "fps/provider/lots.html", {"application": application, "form": form})


# The task list, sections and answers ------------------------------------------------------------------------


def application_detail(request, reference):
    application = get_application_for_user(request.user, reference)
    application_lots = list(application.application_lots.select_related("lot"))
    sections = application_sections(application, [al.lot_id for al in application_lots])
    membership = ProviderMembership.for_user(request.user)
    is_own = membership is not None and membership.provider_id == application.provider_id
    clarifications = list(application.clarifications.select_related("section").order_by("asked_at", "pk"))
    window = application.window
    return render(
        request,
        "fps/provider/application.html",
        {
            "application": application,
            "application_lots": application_lots,
            "sections": sections,
            "completed": sum(1 for s in sections if s.status == "Completed"),
            "is_own": is_own,
            "can_edit": is_own and application.is_editable,
            "window_open": window.is_open(),
            "can_withdraw": is_own
            and application.can_withdraw
            and all(al.decision == ApplicationLot.Decision.PENDING for al in application_lots),
            "clarifications": clarifications,
            "evaluate_url": (
                url_or_none("fps:evaluate", application.reference)
                if request.user.has_perm(perms.VIEW_FPS_APPLICATIONS)
                else None
            ),
        },
    )


def application_section(request, reference, number):
    application = get_own_application(request.user, reference)
    sections = application_sections(application)
    position = next((i for i, s in enumerate(sections) if s.section.number == number), None)
    if position is None:
        raise Http404("This application has no such section.")
    if not application.is_editable:
        messages.info(request, "This application is submitted: its answers can no longer be changed.")
        return redirect("fps:application-check", application.reference)
    current = sections[position]
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        questions=current.questions,
        answers=current.answers,
    )
    window_open = application.window.is_open()
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for question, data in form.answer_data():
                    services.answer_save(
                        application=application, question=question, data=data, by=request.user
                    )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            if request.POST.get("action") == "later":
                messages.success(
                    request,
                    "Your answers are saved. You can come back and finish the application until "
                    f"{services.uk_time(application.window.closes_at)} (UK time).",
                )
                return redirect(application)
            if position + 1 < len(sections):
                return redirect(section_url(application, sections[position + 1].section))
            return redirect("fps:application-check", application.reference)
    return render(
        request,
        "fps/provider/section.html",
        {
            "application": application,
            "current": current,
            "form": form,
            "window_open": window_open,
            "closed_message": None if window_open else services.window_closed_message(application.window),
        },
    )


def document_download(request, pk):
    answer = get_object_or_404(Answer.objects.visible_to(request.user).exclude(document=""), pk=pk)
    return uploads.document_response(answer)


def application_check(request, reference):
    """Every answer by section with Change links, then the declaration and submit. Commissioners and
    submitted applications see it read-only."""
    application = get_application_for_user(request.user, reference)
    membership = ProviderMembership.for_user(request.user)
    is_own = membership is not None and membership.provider_id == application.provider_id
    can_submit = is_own and application.is_editable
    form = SubmitForm(request.POST if request.method == "POST" else None) if can_submit else None
    error_items = []
    missing = []
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied("This application cannot be submitted.")
        if form.is_valid():
            try:
                services.application_submit(
                    application=application,
                    declaration_name=form.cleaned_data["declaration_name"],
                    declaration_role=form.cleaned_data["declaration_role"],
                    by=request.user,
                )
            except services.IncompleteApplication as error:
                missing = error.questions
            except ValidationError as error:
                add_validation_errors(form, error)
                missing = []
            else:
                return redirect("fps:application-submitted", application.reference)
        else:
            # Say everything at once: the declaration's errors and every unanswered question.
            missing = services.missing_answers(application)
        error_items = error_summary(form)["items"] + [
            {
                "text": services.missing_message(q),
                "href": f"{section_url(application, q.section)}#{question_anchor(q)}",
            }
            for q in missing
        ]
    application_lots = list(application.application_lots.select_related("lot"))
    sections = application_sections(application, [al.lot_id for al in application_lots])
    window_open = application.window.is_open()
    if can_submit and window_open:
        for section in sections:
            section.change_base = section_url(application, section.section)
    return render(
        request,
        "fps/provider/check.html",
        {
            "application": application,
            "application_lots": application_lots,
            "sections": sections,
            "form": form,
            "error_items": error_items,
            "can_submit": can_submit,
            "window_open": window_open,
            "closed_message": (
                services.window_closed_message(application.window) if can_submit and not window_open else None
            ),
        },
    )


def application_submitted(request, reference):
    application = get_own_application(request.user, reference)
    if application.status == Application.Status.DRAFT:
        return redirect(application)
    return render(request, "fps/provider/submitted.html", {"application": application})


def application_withdraw(request, reference):
    application = get_own_application(request.user, reference)
    decided = application.application_lots.exclude(decision=ApplicationLot.Decision.PENDING).exists()
    if not application.can_withdraw or decided:
        messages.info(request, f"Application {application.reference} can no longer be withdrawn.")
        return redirect(application)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Application {application.reference} is withdrawn.")
            return redirect(application)
    return render(request, "fps/provider/withdraw.html", {"application": application, "form": form})


def clarification_answer(request, pk):
    clarification = get_object_or_404(
        Clarification.objects.visible_to(request.user).select_related(
            "application__window__system", "application__provider", "section"
        ),
        pk=pk,
    )
    application = clarification.application
    get_own_application(request.user, application.reference)
    if not clarification.is_open:
        messages.info(request, "This clarification question has already been answered.")
        return redirect(application)
    form = ClarificationAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.clarification_answer(
                clarification=clarification, answer=form.cleaned_data["answer"], by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Your answer is sent to the commissioning team.")
            return redirect(application)
    return render(
        request,
        "fps/provider/clarification.html",
        {"application": application, "clarification": clarification, "form": form},
    )
