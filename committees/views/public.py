"""Pages for everyone: committees, meetings and their agendas, reports, minutes, the work programme,
search, calendars and PDFs. What each visitor may see is decided by the querysets (committees/models/)
and the page functions (committees/queries.py)."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import documents
from portal import permissions as perms
from portal.timefmt import govuk_date

from .. import agenda_pack, calendar, queries, services
from .. import documents as committee_documents
from ..filters import MeetingFilter
from ..models import (
    AgendaPack,
    Appendix,
    Committee,
    Meeting,
    Report,
)
from ..search import search as run_search
from ..services import interest_matches
from ..tables import (
    CommitteeTable,
    FormerCommitteeTable,
    MeetingTable,
    MembershipTable,
    WorkProgrammeTable,
    paragraph_table,
)


@login_not_required
def committee_list(request):
    table = CommitteeTable(Committee.objects.filter(ended_on__isnull=True))
    RequestConfig(request, paginate=False).configure(table)
    former = FormerCommitteeTable(
        Committee.objects.filter(ended_on__isnull=False).order_by("-ended_on", "name")
    )
    RequestConfig(request, paginate=False).configure(former)
    return render(
        request,
        "committees/index.html",
        {"table": table, "former": former, "can_manage": queries.can_manage(request.user)},
    )


def members_table(request, committee, memberships) -> MembershipTable:
    table = MembershipTable(
        memberships,
        board=committee.kind == Committee.Kind.BOARD,
        can_manage=queries.can_manage(request.user),
    )
    RequestConfig(request, paginate=False).configure(table)
    return table


@login_not_required
def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "committees/committee.html",
        {
            "committee": committee,
            "members_table": members_table(request, committee, queries.current_memberships(committee)),
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
    context["members_table"] = members_table(request, meeting.committee, context["memberships"])
    context["interest_warnings"] = interest_matches.meeting_warnings(request.user, meeting)
    if context["agenda_visible"]:
        context["agenda_pack"] = agenda_pack.pack_state(meeting)
    return render(request, "committees/meeting.html", context)


@login_not_required
def meeting_minutes(request, pk):
    meeting = queries.get_meeting(pk)
    return render(request, "committees/minutes.html", queries.minutes_page(meeting, request.user))


@login_not_required
def report_detail(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    context = queries.report_page(report)
    for section in context["sections"]:
        for paragraph in section.paragraphs.all():
            if paragraph.table:
                paragraph.data_table = paragraph_table(paragraph)
                RequestConfig(request, paginate=False).configure(paragraph.data_table)
    context["can_edit"] = Report.objects.editable_by(request.user).filter(pk=report.pk).exists()
    context["can_manage"] = queries.can_manage(request.user)
    context["can_publish"] = request.user.has_perm(perms.PUBLISH_REPORT)
    context["exempt_label"] = f"Part 2: exempt (paragraph {report.exempt_paragraph})"
    return render(request, "committees/report.html", context)


@login_not_required
def appendix_download(request, pk):
    """Uploaded files live under MEDIA_ROOT (private): served only to those who may see the report. A live
    scorecard appendix is the published quarter's PDF."""
    appendix = get_object_or_404(Appendix, pk=pk)
    queries.get_report_for_user(request.user, appendix.report_id)
    if appendix.is_scorecard:
        # A live appendix: the quarter's latest published version, to whoever may see the report (it is
        # in the public agenda pack too); nothing until the quarter is published. Stored, never rendered
        # for the request (committees/documents.py).
        if not appendix.scorecard_published:
            raise Http404("This scorecard quarter is not yet published.")
        return documents.respond(request, committee_documents.SCORECARD_APPENDIX, appendix)
    if not appendix.has_file:
        raise Http404("This appendix has no file.")
    response = FileResponse(appendix.file.open("rb"), content_type="application/pdf")
    # An attachment, never shown inline: an uploaded file is not rendered in the portal's origin.
    response["Content-Disposition"] = f'attachment; filename="appendix-{appendix.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
def work_programme(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    can_manage = queries.can_manage(request.user)
    tables = []
    for day, group in itertools.groupby(
        queries.work_programme(committee), key=lambda item: item.meeting_date
    ):
        caption = f"Meeting of {govuk_date(day)}" if day else "Meeting to be confirmed"
        table = WorkProgrammeTable(list(group), caption=caption, can_manage=can_manage)
        RequestConfig(request, paginate=False).configure(table)
        tables.append(table)
    return render(
        request,
        "committees/work_programme.html",
        {"committee": committee, "tables": tables, "can_manage": can_manage},
    )


@login_not_required
def search(request):
    text = request.GET.get("q", "")
    return render(request, "committees/search.html", {"q": text, **run_search(text, request.GET.get("page"))})


def calendar_response(meetings, name: str) -> HttpResponse:
    response = HttpResponse(calendar.feed(meetings, name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@login_not_required
def meetings_ical(request):
    meetings = calendar.with_revisions(
        Meeting.objects.select_related("committee").order_by("date", "time", "pk")
    )
    return calendar_response(meetings.iterator(chunk_size=1000), "Committee meetings")


@login_not_required
def committee_ical(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    meetings = committee.meetings.select_related("committee").order_by("date", "time", "pk")
    return calendar_response(calendar.with_revisions(meetings), f"{committee.name} meetings")


@login_not_required
def report_pdf(request, pk):
    """Stored and served from storage; built by the task worker (committees/documents.py)."""
    report = queries.get_report_for_user(request.user, pk)
    return documents.respond(request, committee_documents.REPORT, report)


@login_not_required
def minutes_pdf(request, pk):
    meeting = queries.get_meeting(pk)
    queries.check_minutes_visible(meeting, request.user)
    return documents.respond(request, committee_documents.MINUTES, meeting)


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
