"""Case work on a referral (hub workers and assessors, on the referrals they may see): documents, tasks,
the case worker and the details the national returns need."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors

from .. import services
from ..filters import TaskFilter
from ..forms import CaseWorkerForm, DocumentForm, ReturnDetailsForm, TaskForm
from ..models import CaseTask
from ..tables import TaskTable
from ..uploads import document_response
from .fetch import (
    get_document_for_user,
    get_referral_for_user,
    get_task_for_user,
    posted,
    require_case_worker,
)


def _page(request, template: str, context: dict):
    return render(request, f"carers/{template}", context)


# --- Documents -------------------------------------------------------------------------------------------
def document_add(request, reference):
    referral = get_referral_for_user(request.user, reference)
    require_case_worker(request.user)
    form = DocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                referral=referral,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
            if "file" not in form.errors and form.non_field_errors():
                form.errors["file"] = form.errors.pop("__all__")
        else:
            messages.success(request, "The document is added.")
            return redirect(referral)
    return _page(request, "document_form.html", {"referral": referral, "form": form})


def document_download(request, reference, pk):
    document = get_document_for_user(request.user, reference, pk)
    require_case_worker(request.user)
    services.record_view(
        user=request.user,
        carer=document.referral.carer,
        referral=document.referral,
        what="document (download)",
    )
    return document_response(document)


def document_remove(request, reference, pk):
    document = get_document_for_user(request.user, reference, pk)
    require_case_worker(request.user)
    referral = document.referral

    def remove(form):
        services.document_remove(document=document, by=request.user)
        return "The document is removed.", referral.get_absolute_url()

    return confirm_or_refuse(
        request,
        title="Are you sure you want to remove this document?",
        caption=f"Referral {referral.reference}",
        summary=[("Document", document.title), ("File", document.original_name)],
        warning="The file is deleted. The referral's history keeps who removed it and when.",
        button="Remove document",
        back=referral.get_absolute_url(),
        action=remove,
    )


# --- Tasks -----------------------------------------------------------------------------------------------
def task_list(request):
    """The user's own open tasks first (due soonest first), or everyone's they can see."""
    require_case_worker(request.user)
    tasks = CaseTask.objects.visible_to(request.user).select_related("referral", "owner")
    task_filter = TaskFilter(request.GET, queryset=tasks, request=request)
    table = TaskTable(task_filter.qs.order_by("due_on", "pk"))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return _page(request, "tasks.html", {"filter": task_filter, "table": table})


def task_add(request, reference):
    referral = get_referral_for_user(request.user, reference)
    require_case_worker(request.user)
    owners = services.case_workers()
    initial = {"owner": referral.owner_id or request.user.pk}
    form = TaskForm(posted(request), owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_add(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The task is added.")
            return redirect(referral)
    return _page(request, "task_form.html", {"referral": referral, "form": form, "task": None})


def task_edit(request, pk):
    task = get_task_for_user(request.user, pk)
    require_case_worker(request.user)
    initial = {"title": task.title, "owner": task.owner_id, "due_on": task.due_on, "notes": task.notes}
    form = TaskForm(posted(request), owners=services.case_workers(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(task=task, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The task is saved.")
            return redirect(task.referral)
    services.record_view(user=request.user, carer=task.referral.carer, referral=task.referral, what="task")
    return _page(request, "task_form.html", {"referral": task.referral, "form": form, "task": task})


@require_POST
def task_done(request, pk):
    task = get_task_for_user(request.user, pk)
    require_case_worker(request.user)
    done = request.POST.get("done", "yes") != "no"
    services.task_done(task=task, by=request.user, done=done)
    messages.success(request, "The task is done." if done else "The task is open again.")
    return redirect(
        request.POST.get("next") if request.POST.get("next") == "tasks" and False else task.referral
    )


# --- The case worker and the national returns' details ---------------------------------------------------
def referral_case_worker(request, reference):
    referral = get_referral_for_user(request.user, reference)
    if not request.user.has_perm(perms.CHANGE_CARERS_REFERRALS):
        raise PermissionDenied("Only the carers hub assigns case workers.")
    form = CaseWorkerForm(
        posted(request), owners=services.case_workers(), initial={"owner": referral.owner_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_assign(referral=referral, owner=form.cleaned_data["owner"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The case worker is saved.")
            return redirect(referral)
    return _page(request, "case_worker.html", {"referral": referral, "form": form})


def referral_return_details(request, reference):
    referral = get_referral_for_user(request.user, reference)
    require_case_worker(request.user)
    initial = {
        "carer_type": referral.carer_type,
        "assessment_method": referral.assessment_method,
        "support_type": referral.support_type,
    }
    form = ReturnDetailsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_set_return_details(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The details for the national returns are saved.")
            return redirect(referral)
    return _page(request, "return_details.html", {"referral": referral, "form": form})
