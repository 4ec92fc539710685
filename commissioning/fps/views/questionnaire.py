"""FPS views: the questionnaire editor (see urls.py). Commissioners who run the FPS add, change, reorder and
remove its sections and questions; the services refuse what would break answers already given."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors

from ..forms.questionnaire import QuestionForm, SectionForm
from ..models import PurchasingSystem, Question, QuestionSection
from ..services import questionnaire as services
from ..tables.questionnaire import QuestionTable


def posted(request):
    return request.POST if request.method == "POST" else None


def get_system(slug: str) -> PurchasingSystem:
    return get_object_or_404(PurchasingSystem, slug=slug)


def get_section(system: PurchasingSystem, pk: int) -> QuestionSection:
    return get_object_or_404(system.sections.select_related("lot", "system"), pk=pk)


def get_question(system: PurchasingSystem, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(section__system=system).select_related(
            "section__system", "section__lot", "lot", "condition_question"
        ),
        pk=pk,
    )


def editor_url(system: PurchasingSystem, section: QuestionSection | None = None) -> str:
    url = reverse("fps:questionnaire", args=[system.slug])
    return f"{url}#section-{section.pk}" if section is not None else url


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def questionnaire(request, slug):
    """Every section with its questions (three queries, whatever their number)."""
    system = get_system(slug)
    answered = _answered_counts(system)
    sections = list(
        system.sections.select_related("lot").prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.select_related("lot", "condition_question").order_by("position"),
            )
        )
    )
    refusal = services.editing_refusal(system)
    for index, section in enumerate(sections):
        section.table = QuestionTable(
            list(section.questions.all()),
            slug=system.slug,
            answered=answered,
            caption=str(section),
            editable=not refusal,
        )
        section.is_first, section.is_last = index == 0, index == len(sections) - 1
    return render(
        request,
        "fps/questionnaire/index.html",
        {
            "system": system,
            "sections": sections,
            "refusal": refusal,
            "question_count": sum(len(s.table.rows) for s in sections),
        },
    )


def _answered_counts(system: PurchasingSystem) -> dict[int, int]:
    """How many applications answered each question of the system: one query."""
    return dict(
        Question.objects.filter(section__system=system, answers__isnull=False)
        .annotate(n=Count("answers__application", distinct=True))
        .values_list("pk", "n")
    )


@require_POST
@permission_required(perms.MANAGE_FPS, raise_exception=True)
def questionnaire_move(request, slug):
    """One button per row of the editor: "section:<pk>:up", "question:<pk>:down"."""
    system = get_system(slug)
    kind, _, rest = request.POST.get("move", "").partition(":")
    pk, _, direction = rest.partition(":")
    if not pk.isdigit() or kind not in ("section", "question"):
        messages.error(request, "Choose what to move with its Up or Down button.")
        return redirect(editor_url(system))
    try:
        if kind == "section":
            section = services.section_move(
                section=get_section(system, int(pk)), direction=direction, by=request.user
            )
            messages.success(request, f"Section {section.title} is now section {section.number}.")
            return redirect(editor_url(system, section))
        question = services.question_move(
            question=get_question(system, int(pk)), direction=direction, by=request.user
        )
        messages.success(request, f"The question is now question {question.number}.")
        return redirect(editor_url(system, question.section))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(editor_url(system))


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def section_add(request, slug):
    system = get_system(slug)
    form = SectionForm(posted(request), system=system)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(system=system, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"Section {section.number}, {section.title}, is added. Add its questions."
            )
            return redirect(editor_url(system, section))
    return render(
        request,
        "fps/questionnaire/form.html",
        {"system": system, "form": form, "title": "Add a section", "button": "Add the section"},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def section_edit(request, slug, pk):
    system = get_system(slug)
    section = get_section(system, pk)
    initial = {"title": section.title, "guidance": section.guidance, "lot": section.lot}
    form = SectionForm(posted(request), system=system, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_change(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Section {section.number} is changed.")
            return redirect(editor_url(system, section))
    return render(
        request,
        "fps/questionnaire/form.html",
        {
            "system": system,
            "form": form,
            "title": f"Change section {section.number}",
            "button": "Save the section",
            "section": section,
        },
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def section_remove(request, slug, pk):
    system = get_system(slug)
    section = get_section(system, pk)
    answered = services.answered_count(section=section)

    def remove(form):
        services.section_remove(section=section, by=request.user)
        return f"Section {section.number}, {section.title}, is removed.", editor_url(system)

    refusal = services.editing_refusal(system) or (
        f"Section {section.number} has answers in {services.applications_text(answered)}: it cannot be "
        "removed. Change its questions instead."
        if answered
        else ""
    )
    return confirm_or_refuse(
        request,
        title=f"Remove section {section.number}, {section.title}?",
        refused_title=f"Section {section.number} cannot be removed",
        caption=f"{system.name}: questionnaire",
        summary=[
            ("Section", str(section)),
            ("Questions", section.questions.count()),
            ("Asked of", str(section.lot) if section.lot else "Applicants to every lot"),
        ],
        warning="The section and its questions will be removed. Later sections are renumbered.",
        button="Remove the section",
        refusal=refusal,
        back=editor_url(system, section),
        action=remove,
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def question_add(request, slug, pk):
    system = get_system(slug)
    section = get_section(system, pk)
    form = QuestionForm(posted(request), section=section)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_add(section=section, data=form.data_for_service(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Question {question.number} is added.")
            return redirect(editor_url(system, section))
    return render(
        request,
        "fps/questionnaire/form.html",
        {
            "system": system,
            "form": form,
            "section": section,
            "title": f"Add a question to section {section.number}",
            "button": "Add the question",
        },
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def question_edit(request, slug, pk):
    system = get_system(slug)
    question = get_question(system, pk)
    form = QuestionForm(posted(request), section=question.section, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_change(question=question, data=form.data_for_service(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Question {question.number} is changed.")
            return redirect(editor_url(system, question.section))
    return render(
        request,
        "fps/questionnaire/form.html",
        {
            "system": system,
            "form": form,
            "section": question.section,
            "question": question,
            "answered": services.answered_count(question=question),
            "title": f"Change question {question.number}",
            "button": "Save the question",
        },
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def question_remove(request, slug, pk):
    system = get_system(slug)
    question = get_question(system, pk)
    answered = services.answered_count(question=question)
    dependants = list(question.dependants.order_by("position").values_list("number", flat=True))
    refusal = services.editing_refusal(system) or ""
    if not refusal and answered:
        refusal = (
            f"Question {question.number} has answers in {services.applications_text(answered)}: it cannot "
            "be removed. You can make it optional, or change its wording."
        )
    elif not refusal and dependants:
        refusal = f"Question {', '.join(dependants)} depends on question {question.number}: change it first."

    def remove(form):
        services.question_remove(question=question, by=request.user)
        return f"Question {question.number} is removed.", editor_url(system, question.section)

    return confirm_or_refuse(
        request,
        title=f"Remove question {question.number}?",
        refused_title=f"Question {question.number} cannot be removed",
        caption=f"{system.name}: section {question.section.number}",
        summary=[("Question", f"{question.number} {question.text}"), ("Kind", question.get_kind_display())],
        warning="The question will be removed from the questionnaire. Later questions are renumbered.",
        button="Remove the question",
        refusal=refusal,
        back=editor_url(system, question.section),
        action=remove,
    )
