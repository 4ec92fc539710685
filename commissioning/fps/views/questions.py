"""FPS views: public questions and answers (see urls.py).

Providers ask about an application window while it is open (from the window's questions page) or about a
package before its bid deadline; commissioners see the questions in a queue with who asked, and answer:
published (the question reworded so that it names nobody, with the answer, to everyone who can see that
window or package) or privately to the asker. Each window has a public log of its published questions and
answers, which never says who asked; a package's are shown only to the providers who can see the package
(admitted to its lot). Access goes through `PublicQuestion.objects.visible_to(user)` and `own(user)`.
"""

from __future__ import annotations

from functools import partial

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from commissioning.providers.models import ProviderMembership
from portal import permissions as perms
from portal.filters import SidePanelFilterSet
from portal.forms import add_validation_errors

from .. import history
from ..forms.questions import AnswerForm, AskForm
from ..models import PublicQuestion, PurchasingSystem
from ..services import questions as services
from ..tables.questions import OwnQuestionTable, QuestionQueueTable
from .calloffs import get_package_for_user, provider_membership_or_403

PER_PAGE = 20


def posted(request):
    return request.POST if request.method == "POST" else None


def may_answer(user) -> bool:
    return user.has_perm(perms.MANAGE_FPS) or user.has_perm(perms.MANAGE_FPS_PACKAGES)


def may_answer_item(user, item: PublicQuestion) -> bool:
    """Window questions are for those who run the FPS; package questions for those who manage packages."""
    return user.has_perm(perms.MANAGE_FPS_PACKAGES if item.package_id else perms.MANAGE_FPS)


def get_window(slug: str, pk: int):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    return get_object_or_404(system.windows.select_related("system"), pk=pk)


def published_page(request, questions):
    return Paginator(questions.order_by("-answered_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))


def own_table(request, questions):
    if ProviderMembership.for_user(request.user) is None:
        return None
    return OwnQuestionTable(questions.own(request.user).order_by("-asked_at", "-pk"))


# A window's questions and answers (public) and asking about it (provider users) ---------------------------


@login_not_required
def window_questions(request, slug, pk):
    window = get_window(slug, pk)
    visible = PublicQuestion.objects.visible_to(request.user).filter(window=window)
    membership = ProviderMembership.for_user(request.user)
    return render(
        request,
        "fps/questions/log.html",
        {
            "system": window.system,
            "window": window,
            "page": published_page(request, visible.published()),
            "own_table": own_table(request, visible),
            "can_ask": membership is not None and window.is_open(),
            "ask_url": reverse("fps:window-question-ask", args=[slug, pk]),
            "back_url": window.system.get_absolute_url(),
            "back_text": f"Back to the {window.system.name}",
            "can_answer": may_answer(request.user),
        },
    )


def _ask(request, *, ask, refusal: str | None, subject: str, caption: str, back_url: str):
    """The ask form: `ask(question=..., by=...)` is the service (its window or package and provider bound)."""
    form = AskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            ask(question=form.cleaned_data["question"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Your question is sent. You will be told when the council answers it.")
            return redirect(back_url)
    return render(
        request,
        "fps/questions/ask.html",
        {"form": form, "subject": subject, "caption": caption, "refusal": refusal, "back_url": back_url},
    )


def window_question_ask(request, slug, pk):
    window = get_window(slug, pk)
    membership = ProviderMembership.for_user(request.user)
    if membership is None:
        raise PermissionDenied("Only providers' users ask questions about applying.")
    return _ask(
        request,
        ask=partial(services.question_ask_about_window, window=window, provider=membership.provider),
        refusal=services.window_question_refusal(window, membership.provider),
        subject=f"the {window.name}",
        caption=window.system.name,
        back_url=reverse("fps:window-questions", args=[slug, pk]),
    )


# A package's questions and answers (providers who can see it, commissioners) ------------------------------


def package_questions(request, reference):
    package = get_package_for_user(request.user, reference)
    visible = PublicQuestion.objects.visible_to(request.user).filter(package=package)
    membership = ProviderMembership.for_user(request.user)
    refusal = services.package_question_refusal(package, membership.provider) if membership else True
    return render(
        request,
        "fps/questions/log.html",
        {
            "package": package,
            "page": published_page(request, visible.published()),
            "own_table": own_table(request, visible),
            "can_ask": not refusal,
            "ask_url": reverse("fps:package-question-ask", args=[reference]),
            "back_url": package.get_absolute_url(),
            "back_text": f"Back to package {package.reference}",
            "can_answer": may_answer(request.user),
        },
    )


def package_question_ask(request, reference):
    package = get_package_for_user(request.user, reference)
    membership = provider_membership_or_403(request.user)
    return _ask(
        request,
        ask=partial(services.question_ask_about_package, package=package, provider=membership.provider),
        refusal=services.package_question_refusal(package, membership.provider),
        subject=f"care package {package.reference}",
        caption=package.title,
        back_url=reverse("fps:package-questions", args=[reference]),
    )


# The commissioners' queue and answering ---------------------------------------------------------------


class QuestionFilter(SidePanelFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=PublicQuestion.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = PublicQuestion
        fields: list[str] = []


def question_queue(request):
    if not may_answer(request.user):
        raise PermissionDenied("Only commissioners answer providers' questions.")
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = PublicQuestion.Status.ASKED
    questions = PublicQuestion.objects.visible_to(request.user).select_related(
        "system", "window", "package", "asked_by_provider"
    )
    question_filter = QuestionFilter(data, queryset=questions.order_by("-asked_at", "-pk"))
    table = QuestionQueueTable(question_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    waiting = questions.filter(status=PublicQuestion.Status.ASKED).count()
    return render(
        request,
        "fps/questions/queue.html",
        {"filter": question_filter, "table": table, "waiting": waiting},
    )


def question_answer(request, pk):
    if not may_answer(request.user):
        raise PermissionDenied("Only commissioners answer providers' questions.")
    item = get_object_or_404(
        PublicQuestion.objects.visible_to(request.user).select_related(
            "system", "window", "package__lot", "asked_by_provider", "asked_by", "answered_by"
        ),
        pk=pk,
    )
    if not may_answer_item(request.user, item):
        raise PermissionDenied("Questions about packages are answered by those who manage packages.")
    form = AnswerForm(posted(request), item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["how"] == AnswerForm.PUBLISH:
                first = item.status != PublicQuestion.Status.PUBLISHED
                services.question_publish(
                    item=item,
                    published_question=data["published_question"],
                    answer=data["answer"],
                    by=request.user,
                )
                done = "is published" if first else "is corrected"
            else:
                services.question_answer_privately(item=item, answer=data["answer"], by=request.user)
                done = f"is answered to {item.asked_by_provider.name} only"
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The question about {item.subject} {done}.")
            return redirect("fps:question-queue")
    return render(
        request,
        "fps/questions/answer.html",
        {"item": item, "form": form, "history": history.question_history(item)},
    )
