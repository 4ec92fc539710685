"""Democratic services: scheduling meetings, their agendas, publishing them, deleting them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.timefmt import govuk_date, govuk_time

from .. import queries, services
from ..forms import (
    AgendaItemForm,
    MeetingForm,
    PublishAgendaForm,
)
from ..models import (
    AgendaItem,
    Meeting,
)
from .common import confirm_or_refuse, form_page


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"status": Meeting.Status.SCHEDULED})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The meeting of {govuk_date(meeting.date)} is scheduled.")
            return redirect(meeting)
    return form_page(request, form=form, title="Schedule a meeting", button="Schedule")


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def meeting_edit(request, pk):
    meeting = queries.get_meeting(pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The meeting's details are updated.")
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title="Change meeting details",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def agenda_publish(request, pk):
    """Publishing makes the agenda public. For a meeting already past, the user must say they mean it."""
    meeting = queries.get_meeting(pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.info(request, "The agenda is already published.")
        return redirect(meeting)
    in_past = meeting.date < timezone.localdate()
    form = PublishAgendaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_publish(
                meeting=meeting, by=request.user, confirmed_past=form.cleaned_data["confirm_past"]
            )
        except services.AgendaInPastNeedsConfirmation:
            form.add_error(
                "confirm_past",
                "This meeting has already taken place: confirm that you want to publish its agenda",
            )
        else:
            messages.success(request, "The agenda is published.")
            return redirect(meeting)
    if not in_past:
        form.fields.pop("confirm_past")
    return render(
        request, "committees/agenda_publish.html", {"form": form, "meeting": meeting, "in_past": in_past}
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def agenda_item_add(request, pk):
    meeting = queries.get_meeting(pk)
    next_number = meeting.agenda_items.count() + 1
    form = AgendaItemForm(request.POST or None, meeting=meeting, initial={"number": next_number, "part": 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The item is added to the agenda.")
            return redirect(meeting)
    return form_page(
        request, form=form, title="Add an agenda item", caption=str(meeting), back=meeting.get_absolute_url()
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def agenda_item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "meeting__committee"), pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The agenda item is updated.")
            return redirect(item.meeting)
    return form_page(
        request,
        form=form,
        title="Change an agenda item",
        caption=str(item.meeting),
        back=item.meeting.get_absolute_url(),
    )


@require_POST
@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def agenda_item_move(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest("Say which way to move the item: up or down.")
    services.agenda_item_move(item=item, direction=direction, by=request.user)
    messages.success(request, f"“{item.title}” is moved {direction}. Items are numbered in their new order.")
    return redirect(item.meeting)


@require_POST
@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def agenda_item_remove(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, f"“{item.title}” is removed from the agenda.")
    return redirect(item.meeting)


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def meeting_delete(request, pk):
    meeting = queries.get_meeting(pk)

    def delete():
        services.meeting_delete(meeting=meeting, by=request.user)
        return f"The meeting of {govuk_date(meeting.date)} is deleted.", meeting.committee.get_absolute_url()

    return confirm_or_refuse(
        request,
        refusal=services.meeting_delete_refusal(meeting),
        back=meeting.get_absolute_url(),
        delete=delete,
        context={
            "title": "Delete this meeting?",
            "refused_title": "This meeting cannot be deleted",
            "caption": meeting.committee.name,
            "summary": [
                ("Date and time", f"{govuk_date(meeting.date)} at {govuk_time(meeting.time)}"),
                ("Venue", meeting.venue),
                ("Status", meeting.get_status_display()),
                ("Agenda items", meeting.agenda_items.count()),
            ],
            "warning": "The meeting and its agenda items will be deleted. Reports keep their references.",
            "button": "Delete the meeting",
        },
    )
