"""Actions arising from meetings: democratic services record them (from a minute's resolution or on their
own), change and close them; owners see theirs and mark them done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.history import record_history

from .. import queries, services
from ..filters import ActionFilter
from ..forms.actions import ActionForm, resolution_text
from ..models import Action
from ..tables import ActionTable
from .common import form_page


def get_action_for_user(user, pk: int) -> Action:
    action = (
        Action.objects.visible_to(user)
        .select_related("owner", "minute", "meeting__committee")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    return action


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def action_list(request):
    action_filter = ActionFilter(
        request.GET,
        queryset=Action.objects.visible_to(request.user)
        .select_related("owner", "minute", "meeting__committee")
        .order_by("due", "pk"),
    )
    table = ActionTable(action_filter.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "committees/actions_list.html", {"table": table, "filter": action_filter})


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def action_create(request, pk):
    """A new action of the meeting; `?minute=N` starts it from minute N's resolution."""
    meeting = queries.get_meeting(pk)
    initial = {}
    number = request.GET.get("minute", "")
    if number.isdigit() and len(number) < 6:
        minute = meeting.minutes.filter(number=int(number)).first()
        if minute is not None:
            initial = {"minute": minute.number, "text": resolution_text(minute)}
    form = ActionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(meeting=meeting, data=form.service_data(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The action is recorded.")
            return redirect("committees:action", pk=action.pk)
    return form_page(
        request,
        form=form,
        title="Record an action",
        caption=str(meeting),
        back=reverse("committees:minutes", args=[meeting.pk]),
        button="Record the action",
    )


def action_detail(request, pk):
    action = get_action_for_user(request.user, pk)
    return render(
        request,
        "committees/action.html",
        {
            "action": action,
            "can_manage": request.user.has_perm(perms.MANAGE_COMMITTEES),
            "history": record_history(action, limit=50),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def action_edit(request, pk):
    action = get_action_for_user(request.user, pk)
    initial = {
        "minute": action.minute.number if action.minute_id else None,
        "text": action.text,
        "owner": action.owner_id,
        "due": action.due,
        "status": action.status,
    }
    form = ActionForm(request.POST or None, meeting=action.meeting, action=action, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, data=form.service_data(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The action is changed.")
            return redirect("committees:action", pk=action.pk)
    return form_page(
        request,
        form=form,
        title="Change the action",
        caption=str(action.meeting),
        back=reverse("committees:action", args=[action.pk]),
    )


@require_POST
def action_done(request, pk):
    """Democratic services or the action's owner mark it done."""
    action = get_action_for_user(request.user, pk)
    if action.done:
        raise PermissionDenied("The action is already done.")
    services.action_set_done(action=action, done=True, by=request.user)
    messages.success(request, "The action is marked as done.")
    if request.user.has_perm(perms.MANAGE_COMMITTEES) and request.POST.get("next") != "action":
        return redirect("committees:actions")
    return redirect("committees:action", pk=action.pk)
