"""Democratic services: the record of a meeting (attendance, declarations of interest, minutes, their
approval) and the actions arising."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import queries, services
from ..forms import (
    ApproveMinutesForm,
    AttendanceForm,
    DeclarationForm,
    MinuteForm,
)
from ..models import (
    Attendance,
    Declaration,
)
from ..tables import AttendanceTable
from .common import confirm_or_refuse, form_page


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def attendance_record(request, pk):
    meeting = queries.get_meeting(pk)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['person']} is recorded.")
            return redirect("committees:attendance", pk=meeting.pk)
    table = AttendanceTable(meeting.attendance.select_related("person", "substitute_for"))
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "committees/attendance.html", {"meeting": meeting, "table": table, "form": form})


@require_POST
@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def attendance_remove(request, pk):
    row = get_object_or_404(Attendance.objects.select_related("person"), pk=pk)
    services.attendance_remove(row=row, by=request.user)
    messages.success(request, f"{row.person} is removed from the attendance.")
    return redirect("committees:attendance", pk=row.meeting_id)


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def minute_add(request, pk):
    meeting = queries.get_meeting(pk)
    form = MinuteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resolution = None
        if data["resolution"]:
            resolution = {
                "unanimous": data["unanimous"],
                "preamble": "RESOLVED: That",
                "parts": data["resolution"],
            }
        try:
            minute = services.minute_add(
                meeting=meeting,
                title=data["title"],
                paragraphs=data["paragraphs"],
                questions=data["questions"],
                resolution=resolution,
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Minute {minute.number} is recorded.")
            return redirect("committees:minutes", pk=meeting.pk)
    return form_page(
        request,
        form=form,
        title=f"Add minute {services.next_minute_number(meeting)}",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


def resolution_text(parts) -> str:
    """A minute's resolution as the form writes it: "1. text", then "a. text" for its lettered parts."""
    lines = []
    for part in parts or []:
        label = f"{part['label']}. " if part.get("label") else ""
        lines.append(f"{label}{part.get('text', '')}")
        for sub in part.get("parts") or []:
            sub_label = f"{sub['label']}. " if sub.get("label") else ""
            lines.append(f"{sub_label}{sub.get('text', '')}")
    return "\n".join(lines)


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def minute_edit(request, pk, number):
    meeting = queries.get_meeting(pk)
    minute = queries.minute_for_meeting(meeting, number)
    initial = {
        "title": minute.title,
        "paragraphs": "\n\n".join(minute.paragraphs),
        "questions": "\n".join(minute.questions),
        "resolution": resolution_text(minute.resolution),
        "unanimous": minute.unanimous,
    }
    form = MinuteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resolution = None
        if data["resolution"]:
            preamble = minute.resolution_preamble or "RESOLVED: That"
            resolution = {"unanimous": data["unanimous"], "preamble": preamble, "parts": data["resolution"]}
        services.minute_update(
            minute=minute,
            title=data["title"],
            paragraphs=data["paragraphs"],
            questions=data["questions"],
            resolution=resolution,
            by=request.user,
        )
        messages.success(request, f"Minute {minute.number} is updated.")
        return redirect(f"{reverse('committees:minutes', args=[meeting.pk])}#minute-{minute.number}")
    return form_page(
        request,
        form=form,
        title=f"Change minute {minute.number}",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


def approval_empty_state(meeting, form) -> dict:
    """Minutes are approved at a later meeting of the same committee: with none scheduled, the list of
    meetings to choose from is empty, and the page says why and where to go."""
    if form.fields["at"].queryset.exists():
        return {}
    return {
        "intro": f"There is no meeting of the {meeting.committee.name} after this one to choose: minutes "
        "are approved as a correct record at the committee's next meeting. Schedule that meeting first.",
        "intro_link": (reverse("committees:meeting-create"), "Schedule a meeting"),
    }


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def minutes_approve(request, pk):
    """Record that a later meeting approved these minutes as a correct record: they become public."""
    meeting = queries.get_meeting(pk)
    form = ApproveMinutesForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_approve(meeting=meeting, at=form.cleaned_data["at"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The minutes are recorded as approved and are now public.")
            return redirect("committees:minutes", pk=meeting.pk)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Record the approval of these minutes",
            "caption": str(meeting),
            "back": meeting.get_absolute_url(),
            "button": "Record approval",
            **approval_empty_state(meeting, form),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def declarations(request, pk):
    """Record the meeting's declarations of interest, like its attendance: the form and those so far."""
    meeting = queries.get_meeting(pk)
    form = DeclarationForm(request.POST or None, instance=Declaration(meeting=meeting), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_add(meeting=meeting, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['person']}'s declaration is recorded.")
            return redirect("committees:declarations", pk=meeting.pk)
    return render(
        request,
        "committees/declarations.html",
        {"meeting": meeting, "rows": queries.declarations_page(meeting), "form": form},
    )


def get_declaration(pk) -> Declaration:
    return get_object_or_404(
        Declaration.objects.select_related("meeting", "meeting__committee", "person"), pk=pk
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def declaration_edit(request, pk):
    declaration = get_declaration(pk)
    meeting = declaration.meeting
    back = reverse("committees:declarations", args=[meeting.pk])
    form = DeclarationForm(request.POST or None, instance=declaration, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_update(declaration=declaration, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{declaration.person}'s declaration is updated.")
            return redirect(back)
    return form_page(
        request, form=form, title="Change a declaration of interest", caption=str(meeting), back=back
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def declaration_remove(request, pk):
    """A confirmation page; the declaration is removed only by its POST."""
    declaration = get_declaration(pk)
    back = reverse("committees:declarations", args=[declaration.meeting_id])

    def delete():
        services.declaration_remove(declaration=declaration, by=request.user)
        return f"{declaration.person}'s declaration is removed.", back

    return confirm_or_refuse(
        request,
        back=back,
        delete=delete,
        context={
            "title": "Remove this declaration of interest?",
            "caption": str(declaration.meeting),
            "summary": [
                ("Who", declaration.person.name),
                ("Agenda item", declaration.item),
                ("Kind of interest", declaration.kind),
                ("Declaration", declaration.text),
            ],
            "warning": "It will no longer be in the minutes of this meeting.",
            "button": "Remove the declaration",
        },
    )
