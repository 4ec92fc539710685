"""The decisions register: public pages (the published decisions, searchable and filterable, a page per
decision) and democratic services' pages to record, correct and publish them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.history import record_history

from .. import queries, services
from ..filters import DecisionFilter
from ..forms.decisions import DecisionForm
from ..models import Decision, Meeting, Report
from ..models.decisions import call_in_working_days
from ..tables import DecisionTable
from .common import confirm_or_refuse, form_page


def get_decision_for_user(user, pk: int) -> Decision:
    decision = (
        Decision.objects.visible_to(user)
        .select_related("committee", "officer", "meeting", "minute", "report")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    return decision


@login_not_required
def decision_list(request):
    decision_filter = DecisionFilter(
        request.GET,
        queryset=Decision.objects.visible_to(request.user).select_related("committee", "officer"),
    )
    table = DecisionTable(decision_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "committees/decisions.html",
        {"filter": decision_filter, "table": table, "can_manage": queries.can_manage(request.user)},
    )


@login_not_required
def decision_detail(request, pk):
    decision = get_decision_for_user(request.user, pk)
    manage = queries.can_manage(request.user)
    report_visible = bool(
        decision.report_id and Report.objects.visible_to(request.user).filter(pk=decision.report_id).exists()
    )
    return render(
        request,
        "committees/decision.html",
        {
            "decision": decision,
            "can_manage": manage,
            "report_visible": report_visible,
            "call_in_open": decision.call_in_open(timezone.localdate()),
            "call_in_days": call_in_working_days(),
            "history": record_history(decision, limit=50) if manage else [],
        },
    )


def _source(request) -> tuple[Meeting | None, object]:
    """The meeting and minute a new decision comes from (`?meeting=<id>&minute=<number>`), if any."""
    meeting_id, number = request.GET.get("meeting", ""), request.GET.get("minute", "")
    if not (meeting_id.isdigit() and len(meeting_id) < 12):
        return None, None
    meeting = queries.get_meeting(int(meeting_id))
    minute = None
    if number.isdigit() and len(number) < 6:
        minute = meeting.minutes.filter(number=int(number)).first()
    return meeting, minute


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def decision_create(request):
    meeting, minute = _source(request)
    initial = {"maker": Decision.Maker.COMMITTEE, "call_in": True}
    if meeting is not None:
        initial.update(committee=meeting.committee_id, decided_on=meeting.date)
    if minute is not None:
        from ..forms.actions import resolution_text

        initial.update(title=minute.title, decision=resolution_text(minute))
    form = DecisionForm(request.POST or None, meeting=meeting, minute=minute, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(data=form.service_data(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The decision is recorded. Publish it when it may be made public.")
            return redirect(decision)
    return form_page(
        request,
        form=form,
        title="Record a decision",
        caption=str(meeting) if meeting else "Decisions register",
        back=reverse("committees:minutes", args=[meeting.pk]) if meeting else reverse("committees:decisions"),
        button="Record the decision",
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def decision_edit(request, pk):
    decision = get_decision_for_user(request.user, pk)
    initial = {
        "title": decision.title,
        "decision": decision.decision,
        "maker": decision.maker,
        "committee": decision.committee_id,
        "officer_name": decision.officer.name if decision.officer_id else "",
        "report": decision.report_id,
        "decided_on": decision.decided_on,
        "key_decision": decision.key_decision,
        "call_in": decision.call_in,
    }
    form = DecisionForm(
        request.POST or None, meeting=decision.meeting, minute=decision.minute, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, data=form.service_data(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The decision is changed.")
            return redirect(decision)
    return form_page(
        request,
        form=form,
        title="Change the decision",
        caption=decision.title,
        back=decision.get_absolute_url(),
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def decision_publish(request, pk):
    """A confirmation page; the decision is published (and its call-in deadline set) only by its POST."""
    decision = get_decision_for_user(request.user, pk)
    refusal = "This decision is already published." if decision.published_at else ""

    def publish():
        services.decision_publish(decision=decision, by=request.user)
        return "The decision is published.", decision.get_absolute_url()

    return confirm_or_refuse(
        request,
        back=decision.get_absolute_url(),
        refusal=refusal,
        delete=publish,
        context={
            "title": "Publish this decision?",
            "caption": decision.title,
            "summary": [
                ("Decision maker", decision.maker_name),
                ("Date of decision", decision.decided_on.strftime("%-d %B %Y")),
                (
                    "Call-in",
                    f"{call_in_working_days()} clear working days after today, bank holidays excluded"
                    if decision.call_in
                    else "Not subject to call-in",
                ),
            ],
            "warning": "Anyone will be able to read it in the decisions register.",
            "button": "Publish the decision",
            "button_style": "primary",
        },
    )
