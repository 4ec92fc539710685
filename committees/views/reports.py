"""Report authors (their own drafts) and democratic services (every report): drafting, sections,
appendices, submission, publication and deleting drafts."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import markup, queries, services
from ..forms import (
    AppendixForm,
    NewReportForm,
    ReportForm,
    ReturnReportForm,
    ScorecardAppendixForm,
    SectionForm,
)
from ..models import (
    Appendix,
    Report,
    ReportSection,
)
from ..tables import ReportListTable, markup_examples
from .common import confirm_or_refuse, form_page


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_list(request):
    """Reports not published yet that the user may see: their own, or all for democratic services."""
    reports = (
        Report.objects.visible_to(request.user)
        .exclude(status=Report.Status.PUBLISHED)
        .prefetch_related("references")
        .order_by("-created_at", "-pk")
    )
    table = ReportListTable(reports)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "committees/reports.html", {"table": table})


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def report_create(request):
    form = NewReportForm(
        request.POST or None, initial={"part": 1, "report_type": Report.ReportType.FOR_DECISION}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            report = services.report_create(
                data=data,
                committee=data.pop("committee"),
                meeting=data.pop("meeting"),
                by=request.user,
                standard_sections=data.pop("standard_sections", False),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Draft report {report.references.first()} is created.")
            return redirect(report)
    return form_page(request, form=form, title="Draft a report", button="Create draft")


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
    return form_page(
        request, form=form, title="Change report details", caption=title, back=report.get_absolute_url()
    )


def _section_page(request, report, form, title, save, done):
    """The add and change section pages: one form, saved by `save(**cleaned_data)` (a service)."""
    if request.method == "POST" and form.is_valid():
        section = save(**form.cleaned_data, by=request.user)
        messages.success(request, f"The section “{section.heading}” is {done}.")
        return redirect(report)
    back = report.get_absolute_url()
    extras = {"markup_help": True, "markup_examples": markup_examples()}
    return form_page(request, form=form, title=title, caption=report.title, back=back, **extras)


@permission_required(perms.DRAFT_REPORT, raise_exception=True)
def section_add(request, pk):
    report = queries.get_report_to_edit(request.user, pk)
    form = SectionForm(request.POST or None)
    add = functools.partial(services.section_add, report=report)
    return _section_page(request, report, form, "Add a section", add, "added")


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
    change = functools.partial(services.section_update, section=section)
    return _section_page(request, report, form, "Change a section", change, "updated")


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
    return form_page(
        request,
        form=form,
        title="Add an appendix",
        caption=report.title,
        back=report.get_absolute_url(),
        multipart=True,
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
    return form_page(
        request,
        form=form,
        title="Add the scorecard as an appendix",
        caption=report.title,
        back=report.get_absolute_url(),
        intro="" if quarters else "No scorecard quarter is published yet.",
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


def report_summary(report) -> list[tuple[str, object]]:
    references = ", ".join(r.reference for r in report.references.all())
    return [
        ("Title", report.title),
        ("Reference", references),
        ("Part", report.get_part_display()),
        ("Status", report.get_status_display()),
    ]


@permission_required(perms.PUBLISH_REPORT, raise_exception=True)
def report_publish(request, pk):
    """Publishing is final for the public: a confirmation page first."""
    report = queries.get_report_for_user(request.user, pk)

    def publish():
        services.report_publish(report=report, by=request.user)
        return "The report is published.", report.get_absolute_url()

    if report.part == 1:
        warning = "Once published, anyone can read it, download it as a PDF and find it in search."
    else:
        warning = "It is exempt (part 2): once published, only staff who may see exempt papers can read it."
    return confirm_or_refuse(
        request,
        back=report.get_absolute_url(),
        delete=publish,
        refusal="This report is already published." if report.is_published else "",
        context={
            "title": "Publish this report?",
            "refused_title": "This report is already published",
            "caption": report.title,
            "summary": report_summary(report),
            "warning": warning,
            "button": "Publish the report",
            "button_style": "",
        },
    )


@permission_required(perms.PUBLISH_REPORT, raise_exception=True)
def report_return(request, pk):
    """Send a submitted report back to its author as a draft, with the reason (emailed to them)."""
    report = queries.get_report_for_user(request.user, pk)
    refusal = ""
    if report.status != Report.Status.SUBMITTED:
        refusal = "Only a report submitted for publication can be returned to its author."

    def send_back(form):
        services.report_return_to_draft(report=report, by=request.user, reason=form.cleaned_data["reason"])
        return "The report is returned to its author as a draft.", report.get_absolute_url()

    author = report.author
    return confirm_or_refuse(
        request,
        back=report.get_absolute_url(),
        delete=send_back,
        refusal=refusal,
        form=ReturnReportForm(request.POST if request.method == "POST" else None),
        context={
            "title": "Return this report to its author?",
            "refused_title": "This report cannot be returned",
            "caption": report.title,
            "summary": [
                *report_summary(report),
                ("Author", (author.get_full_name() or author.username) if author else "Not recorded"),
            ],
            "warning": "It becomes a draft again: the author is emailed the reason, and can change it and "
            "submit it again.",
            "button": "Return the report",
            "button_style": "secondary",
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
