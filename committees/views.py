"""Committee pages. Public pages say @login_not_required; what each visitor may see is decided by the
querysets (committees/models.py) and the page functions (committees/queries.py)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from icalendar import Calendar, Event

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.pdf import pdf_response
from portal.templatetags.govuk import govuk_date

from . import markup, queries, services
from . import pdf as committee_pdfs
from .filters import MeetingFilter, PersonFilter
from .forms import (
    AgendaItemForm,
    AppendixForm,
    ApproveMinutesForm,
    AttendanceForm,
    CommitteeForm,
    DeclarationForm,
    EndMembershipForm,
    MeetingForm,
    MembershipForm,
    MinuteForm,
    NewReportForm,
    PersonForm,
    PublishAgendaForm,
    ReportForm,
    ScorecardAppendixForm,
    SectionForm,
    WorkProgrammeItemForm,
)
from .models import (
    Action,
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Person,
    Report,
    ReportSection,
    WorkProgrammeItem,
)
from .search import search as run_search
from .tables import MeetingTable, PersonTable


@login_not_required
def committee_list(request):
    committees = Committee.objects.all()
    return render(
        request,
        "committees/index.html",
        {"committees": committees, "can_manage": queries.can_manage(request.user)},
    )


@login_not_required
def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "committees/committee.html",
        {
            "committee": committee,
            "memberships": queries.current_memberships(committee),
            "upcoming": committee.meetings.upcoming(today)[:5],
            "recent": committee.meetings.past(today)[:5],
            "has_work_programme": committee.work_programme.exists(),
            "can_manage": queries.can_manage(request.user),
        },
    )


@login_not_required
def meeting_list(request):
    meeting_filter = MeetingFilter(request.GET, queryset=Meeting.objects.select_related("committee"))
    table = MeetingTable(meeting_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "committees/meetings.html",
        {"filter": meeting_filter, "table": table, "can_manage": queries.can_manage(request.user)},
    )


@login_not_required
def meeting_detail(request, pk):
    meeting = queries.get_meeting(pk)
    context = queries.meeting_page(meeting, request.user)
    if context["agenda_visible"]:
        context["agenda_pack"] = queries.pack_state(meeting)
    return render(request, "committees/meeting.html", context)


@login_not_required
def meeting_minutes(request, pk):
    meeting = queries.get_meeting(pk)
    return render(request, "committees/minutes.html", queries.minutes_page(meeting, request.user))


@login_not_required
def report_detail(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    context = queries.report_page(report)
    context["can_edit"] = Report.objects.editable_by(request.user).filter(pk=report.pk).exists()
    context["can_manage"] = queries.can_manage(request.user)
    return render(request, "committees/report.html", context)


@login_not_required
def appendix_download(request, pk):
    """Uploaded files live under MEDIA_ROOT (private): served only to those who may see the report. A live
    scorecard appendix is the published quarter's PDF."""
    appendix = get_object_or_404(Appendix, pk=pk)
    queries.get_report_for_user(request.user, appendix.report_id)
    if appendix.is_scorecard:
        # A live appendix: the quarter's latest published version, to whoever may see the report (it is
        # in the public agenda pack too); nothing until the quarter is published.
        data = appendix.scorecard_pdf()
        if data is None:
            raise Http404("This scorecard quarter is not yet published.")
        return pdf_response(f"appendix-{appendix.pk}.pdf", data)
    if not appendix.has_file:
        raise Http404("This appendix has no file.")
    response = FileResponse(appendix.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="appendix-{appendix.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
def work_programme(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return render(
        request,
        "committees/work_programme.html",
        {
            "committee": committee,
            "items": queries.work_programme(committee),
            "can_manage": queries.can_manage(request.user),
        },
    )


@login_not_required
def search(request):
    text = request.GET.get("q", "")
    return render(request, "committees/search.html", {"q": text, **run_search(text, request.GET.get("page"))})


def calendar_response(meetings, name: str, request) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Cheshire East Council//Commissioning Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = request.get_host()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", meeting.committee.name)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + datetime.timedelta(hours=3))
        event.add("dtstamp", timezone.now())
        event.add("location", meeting.venue)
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@login_not_required
def meetings_ical(request):
    meetings = Meeting.objects.select_related("committee").order_by("date", "time", "pk")
    return calendar_response(meetings.iterator(chunk_size=1000), "Committee meetings", request)


@login_not_required
def committee_ical(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    meetings = committee.meetings.select_related("committee").order_by("date", "time", "pk")
    return calendar_response(meetings, f"{committee.name} meetings", request)


# PDFs -----------------------------------------------------------------------------------------------


@login_not_required
def report_pdf(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    reference = report.references.first()
    name = (reference.reference if reference else f"report-{report.pk}").replace("/", "-")
    return pdf_response(f"{name}.pdf", committee_pdfs.report_pdf(report))


@login_not_required
def minutes_pdf(request, pk):
    meeting = queries.get_meeting(pk)
    data = committee_pdfs.minutes_pdf(meeting, request.user)
    return pdf_response(f"minutes-{meeting.committee.code}-{meeting.date:%Y-%m-%d}.pdf", data)


def get_meeting_for_pack(request, pk) -> Meeting:
    meeting = queries.get_meeting(pk)
    if not (meeting.agenda_is_public or queries.can_manage(request.user)):
        raise Http404("The agenda is not published.")
    return meeting


@login_not_required
def pack_pdf(request, pk):
    """The public agenda pack as last built by the background task (docs/adr/007), from MEDIA_ROOT
    (private), to whoever may see the agenda. It holds part 1 documents only."""
    meeting = get_meeting_for_pack(request, pk)
    pack = AgendaPack.objects.latest_done_for(meeting)
    if pack is None or not pack.file:
        raise Http404("The agenda pack has not been prepared yet.")
    response = FileResponse(
        pack.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=pack.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_POST
def pack_prepare(request, pk):
    """Queue the agenda pack's build. Anyone who may see the agenda may ask: at most one pack is built
    per version of the meeting's documents (committees.services.pack_prepare)."""
    meeting = get_meeting_for_pack(request, pk)
    pack = services.pack_prepare(meeting=meeting, by=request.user)
    if pack is not None and pack.status == AgendaPack.Status.DONE:
        messages.success(request, "The agenda pack is ready")
    elif pack is not None and pack.status != AgendaPack.Status.FAILED:
        messages.success(request, "The agenda pack is being prepared: this page shows when it is ready")
    return redirect(f"{meeting.get_absolute_url()}#agenda-pack")


# Staff: meetings and agendas ------------------------------------------------------------------------


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
    return render(
        request, "committees/form.html", {"form": form, "title": "Schedule a meeting", "button": "Schedule"}
    )


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
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Change meeting details",
            "caption": str(meeting),
            "back": meeting.get_absolute_url(),
        },
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
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Add an agenda item",
            "caption": str(meeting),
            "back": meeting.get_absolute_url(),
        },
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
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Change an agenda item",
            "caption": str(item.meeting),
            "back": item.meeting.get_absolute_url(),
        },
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


# Staff: attendance, minutes and actions ---------------------------------------------------------------


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
    rows = meeting.attendance.select_related("person", "substitute_for")
    return render(request, "committees/attendance.html", {"meeting": meeting, "rows": rows, "form": form})


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
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": f"Add minute {services.next_minute_number(meeting)}",
            "caption": str(meeting),
            "back": meeting.get_absolute_url(),
        },
    )


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
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def action_list(request):
    actions = Paginator(queries.open_actions(), 50).get_page(request.GET.get("page"))
    return render(request, "committees/actions.html", {"page": actions})


@require_POST
@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def action_done(request, pk):
    action = get_object_or_404(Action, pk=pk)
    services.action_set_done(action=action, done=True, by=request.user)
    messages.success(request, "The action is marked as done.")
    return redirect("committees:actions")


# Staff: reports ---------------------------------------------------------------------------------------


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_list(request):
    """Reports not published yet that the user may see: their own, or all for democratic services."""
    reports = (
        Report.objects.visible_to(request.user)
        .exclude(status=Report.Status.PUBLISHED)
        .prefetch_related("references")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "committees/reports.html", {"page": page})


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_create(request):
    form = NewReportForm(
        request.POST or None, initial={"part": 1, "report_type": Report.ReportType.FOR_DECISION}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            report = services.report_create(
                data=data, committee=data.pop("committee"), meeting=data.pop("meeting"), by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Draft report {report.references.first()} is created.")
            return redirect(report)
    return render(
        request, "committees/form.html", {"form": form, "title": "Draft a report", "button": "Create draft"}
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_edit(request, pk):
    report = queries.get_report_to_edit(request.user, pk)
    title = report.title
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The report's details are updated.")
            return redirect(report)
    return render(
        request,
        "committees/form.html",
        {"form": form, "title": "Change report details", "caption": title, "back": report.get_absolute_url()},
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def section_add(request, pk):
    report = queries.get_report_to_edit(request.user, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        section = services.section_add(
            report=report,
            number=data["number"],
            heading=data["heading"],
            level=data["level"],
            by=request.user,
        )
        services.section_paragraphs_replace(section=section, paragraphs=data["paragraphs"])
        services.report_body_refresh(report)
        messages.success(request, f"The section “{section.heading}” is added.")
        return redirect(report)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Add a section",
            "caption": report.title,
            "back": report.get_absolute_url(),
            "markup_help": True,
        },
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def section_edit(request, pk):
    section = get_object_or_404(ReportSection.objects.select_related("report"), pk=pk)
    report = queries.get_report_to_edit(request.user, section.report_id)
    # Sub-headings, bullet points and tables are written as light markup (committees/markup.py), so
    # saving the form unchanged leaves the section as it was.
    initial = {
        "number": section.number,
        "heading": section.heading,
        "level": section.level,
        "paragraphs": markup.write(section.paragraphs.order_by("position", "pk")),
    }
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.section_update(
            section=section,
            number=data["number"],
            heading=data["heading"],
            level=data["level"],
            paragraphs=data["paragraphs"],
            by=request.user,
        )
        messages.success(request, f"The section “{section.heading}” is updated.")
        return redirect(report)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Change a section",
            "caption": report.title,
            "back": report.get_absolute_url(),
            "markup_help": True,
        },
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def appendix_add(request, pk):
    report = queries.get_report_to_edit(request.user, pk)
    form = AppendixForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appendix_add(
                report=report,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, "The appendix is added.")
            return redirect(report)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Add an appendix",
            "caption": report.title,
            "back": report.get_absolute_url(),
            "multipart": True,
        },
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def appendix_add_scorecard(request, pk):
    """A live appendix: a published quarter of the scorecard (docs/adr/006)."""
    report = queries.get_report_to_edit(request.user, pk)
    quarters = services.published_scorecard_quarters()
    form = ScorecardAppendixForm(request.POST or None, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        start_year, quarter = form.cleaned_data["quarter"]
        try:
            services.appendix_add_scorecard(
                report=report, start_year=start_year, quarter=quarter, by=request.user
            )
        except ValidationError as error:
            form.add_error("quarter", error.messages)
        else:
            messages.success(request, "The scorecard appendix is added.")
            return redirect(report)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": "Add the scorecard as an appendix",
            "caption": report.title,
            "back": report.get_absolute_url(),
            "intro": "" if quarters else "No scorecard quarter is published yet.",
        },
    )


@require_POST
@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_submit(request, pk):
    report = queries.get_report_to_edit(request.user, pk)
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The report is submitted to democratic services for publication.")
    return redirect(report)


@require_POST
@permission_required(perms.PUBLISH_REPORT, raise_exception=True)
def report_publish(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    services.report_publish(report=report, by=request.user)
    messages.success(request, "The report is published.")
    return redirect(report)


# Staff: committees, people, memberships and the work programme ------------------------------------------


def save_record_form(request, form, *, record, reason: str, success: str, redirect_to, context: dict):
    """The shared shape of the simple record forms: validate, save through the service, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(record=record, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to() if callable(redirect_to) else redirect_to)
    return render(request, "committees/form.html", {"form": form, **context})


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def committee_create(request):
    committee = Committee()
    form = CommitteeForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        committee.slug = unique_committee_slug(committee.name)
    return save_record_form(
        request,
        form,
        record=committee,
        reason="Created",
        success="The committee is added.",
        redirect_to=lambda: committee.get_absolute_url(),
        context={"title": "Add a committee", "back": reverse("committees:index")},
    )


def unique_committee_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:200] or "committee"
    slug, n = base, 2
    while Committee.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def committee_edit(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    form = CommitteeForm(request.POST or None, instance=committee)
    return save_record_form(
        request,
        form,
        record=committee,
        reason="Details edited",
        success="The committee's details are updated.",
        redirect_to=committee.get_absolute_url(),
        context={
            "title": "Change committee details",
            "caption": committee.name,
            "back": committee.get_absolute_url(),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def membership_add(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    membership = Membership(committee=committee)
    form = MembershipForm(request.POST or None, instance=membership)
    return save_record_form(
        request,
        form,
        record=membership,
        reason="Member added",
        success="The member is added.",
        redirect_to=committee.get_absolute_url(),
        context={"title": "Add a member", "caption": committee.name, "back": committee.get_absolute_url()},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def person_add(request):
    person = Person()
    form = PersonForm(request.POST or None, instance=person)
    return save_record_form(
        request,
        form,
        record=person,
        reason="Added",
        success="The person is added: you can now make them a member or record their attendance.",
        redirect_to=reverse("committees:people"),
        context={"title": "Add a person", "back": reverse("committees:people")},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def work_programme_add(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    item = WorkProgrammeItem(committee=committee)
    form = WorkProgrammeItemForm(request.POST or None, instance=item)
    return save_record_form(
        request,
        form,
        record=item,
        reason="Added to the work programme",
        success="The item is added to the work programme.",
        redirect_to=reverse("committees:work-programme", args=[committee.slug]),
        context={
            "title": "Add to the work programme",
            "caption": committee.name,
            "back": committee.get_absolute_url(),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def work_programme_edit(request, pk):
    item = get_object_or_404(WorkProgrammeItem.objects.select_related("committee"), pk=pk)
    form = WorkProgrammeItemForm(request.POST or None, instance=item)
    back = reverse("committees:work-programme", args=[item.committee.slug])
    return save_record_form(
        request,
        form,
        record=item,
        reason="Work programme item edited",
        success="The work programme item is updated.",
        redirect_to=back,
        context={"title": "Change a work programme item", "caption": item.committee.name, "back": back},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def work_programme_delete(request, pk):
    """A confirmation page; the item is deleted only by its POST."""
    item = get_object_or_404(WorkProgrammeItem.objects.select_related("committee"), pk=pk)
    back = reverse("committees:work-programme", args=[item.committee.slug])
    if request.method == "POST":
        services.work_programme_item_delete(item=item, by=request.user)
        messages.success(request, f"“{item.title}” is deleted from the work programme.")
        return redirect(back)
    return render(
        request,
        "committees/confirm_delete.html",
        {
            "title": "Delete this work programme item?",
            "caption": item.committee.name,
            "summary": [("Reference", item.reference), ("Title", item.title)],
            "warning": "It will no longer be on the committee's work programme.",
            "button": "Delete the item",
            "back": back,
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def membership_edit(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("committee", "person"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership)
    committee = membership.committee
    return save_record_form(
        request,
        form,
        record=membership,
        reason="Membership edited",
        success="The membership is updated.",
        redirect_to=committee.get_absolute_url(),
        context={
            "title": "Change a membership",
            "caption": committee.name,
            "back": committee.get_absolute_url(),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("committee", "person"), pk=pk)
    committee = membership.committee
    form = EndMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, end=form.cleaned_data["end"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{membership.person.name}'s membership is ended.")
            return redirect(committee.get_absolute_url())
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": f"End {membership.person.name}'s membership",
            "caption": committee.name,
            "back": committee.get_absolute_url(),
            "button": "End the membership",
        },
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
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "title": f"Change minute {minute.number}",
            "caption": str(meeting),
            "back": meeting.get_absolute_url(),
        },
    )


@require_POST
@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def attendance_remove(request, pk):
    row = get_object_or_404(Attendance.objects.select_related("person"), pk=pk)
    services.attendance_remove(row=row, by=request.user)
    messages.success(request, f"{row.person} is removed from the attendance.")
    return redirect("committees:attendance", pk=row.meeting_id)


@require_POST
@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def agenda_item_remove(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, f"“{item.title}” is removed from the agenda.")
    return redirect(item.meeting)


# Staff: declarations of interest ------------------------------------------------------------------------


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
    return render(
        request,
        "committees/form.html",
        {"form": form, "title": "Change a declaration of interest", "caption": str(meeting), "back": back},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def declaration_remove(request, pk):
    """A confirmation page; the declaration is removed only by its POST."""
    declaration = get_declaration(pk)
    back = reverse("committees:declarations", args=[declaration.meeting_id])
    if request.method == "POST":
        services.declaration_remove(declaration=declaration, by=request.user)
        messages.success(request, f"{declaration.person}'s declaration is removed.")
        return redirect(back)
    return render(
        request,
        "committees/confirm_delete.html",
        {
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
            "back": back,
        },
    )


# Staff: deleting meetings, draft reports, sections and appendices -----------------------------------------


def confirm_or_refuse(request, *, refusal: str, back: str, context: dict, delete):
    """The shape of every delete page: GET shows what will go and a warning (or why it cannot go); POST
    deletes (or refuses with the reason) and redirects with a message."""
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(back)
        try:
            success, to = delete()
        except services.CannotDelete as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, success)
        return redirect(to)
    return render(request, "committees/confirm_delete.html", {"refusal": refusal, "back": back, **context})


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
                ("Date and time", f"{govuk_date(meeting.date)} at {meeting.time:%H:%M}"),
                ("Venue", meeting.venue),
                ("Status", meeting.get_status_display()),
                ("Agenda items", meeting.agenda_items.count()),
            ],
            "warning": "The meeting and its agenda items will be deleted. Reports keep their references.",
            "button": "Delete the meeting",
        },
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_delete(request, pk):
    report = queries.get_report_to_edit(request.user, pk)
    references = ", ".join(r.reference for r in report.references.all())

    def delete():
        services.report_delete(report=report, by=request.user)
        return f"The draft “{report.title}” is deleted.", reverse("committees:reports")

    on_agenda = report.agenda_items.count()
    warning = "The draft, its sections and its appendices will be deleted."
    if on_agenda:
        warning += f" It will be taken off {on_agenda} agenda item{'s' if on_agenda != 1 else ''}."
    return confirm_or_refuse(
        request,
        refusal=services.report_delete_refusal(report),
        back=report.get_absolute_url(),
        delete=delete,
        context={
            "title": "Delete this draft report?",
            "refused_title": "This report cannot be deleted",
            "caption": references,
            "summary": [
                ("Title", report.title),
                ("Reference", references),
                ("Status", report.get_status_display()),
            ],
            "warning": warning + f" Its reference {references} will not be given to another report.",
            "button": "Delete the draft",
        },
    )


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def section_delete(request, pk):
    section = get_object_or_404(ReportSection.objects.select_related("report"), pk=pk)
    report = queries.get_report_to_edit(request.user, section.report_id)

    def delete():
        services.section_delete(section=section, by=request.user)
        return f"The section “{section.heading}” is deleted.", report.get_absolute_url()

    return confirm_or_refuse(
        request,
        refusal="",
        back=report.get_absolute_url(),
        delete=delete,
        context={
            "title": "Delete this section?",
            "caption": report.title,
            "summary": [
                ("Number", section.number),
                ("Heading", section.heading),
                ("Paragraphs", section.paragraphs.count()),
            ],
            "warning": "The section and all its paragraphs will be deleted from the report.",
            "button": "Delete the section",
        },
    )


def get_appendix_to_edit(request, pk) -> tuple[Appendix, Report]:
    appendix = get_object_or_404(Appendix, pk=pk)
    return appendix, queries.get_report_to_edit(request.user, appendix.report_id)


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def appendix_delete(request, pk):
    appendix, report = get_appendix_to_edit(request, pk)

    def delete():
        services.appendix_delete(appendix=appendix, by=request.user)
        return f"“{appendix.title}” is deleted.", report.get_absolute_url()

    return confirm_or_refuse(
        request,
        refusal="",
        back=report.get_absolute_url(),
        delete=delete,
        context={
            "title": "Delete this appendix?",
            "caption": report.title,
            "summary": [("Title", appendix.title), ("Kind", appendix.get_source_display())],
            "warning": "The appendix will be deleted from the report"
            + (", with its PDF file." if appendix.has_file else "."),
            "button": "Delete the appendix",
        },
    )


@require_POST
@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def appendix_move(request, pk):
    appendix, report = get_appendix_to_edit(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest("Say which way to move the appendix: up or down.")
    services.appendix_move(appendix=appendix, direction=direction, by=request.user)
    messages.success(request, f"“{appendix.title}” is moved {direction}.")
    return redirect(f"{report.get_absolute_url()}#appendices")


# Staff: the people register ----------------------------------------------------------------------------


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def person_list(request):
    people = PersonFilter(request.GET, queryset=queries.people_list())
    table = PersonTable(people.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "committees/people.html", {"filter": people, "table": table})


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def person_edit(request, pk):
    person = get_object_or_404(Person, pk=pk)
    name = person.name
    form = PersonForm(request.POST or None, instance=person)
    back = reverse("committees:people")
    if request.method == "POST":
        form.is_valid()  # the success message names the person as changed
    return save_record_form(
        request,
        form,
        record=person,
        reason="Details edited",
        success=f"{person.name}'s details are updated.",
        redirect_to=back,
        context={"title": "Change a person's details", "caption": name, "back": back},
    )
