"""Providers of concern (issue 12, part 6): concerns (raised by officers, or opened by the daily eligibility
check), the monthly governance meeting with key partners that discusses them, and its decisions. A
decision to suspend new placements (confirmed first) suspends the provider across the portal at once, by
the FPS's own suspension; it is lifted only by a recorded decision once the action plan is complete.
Quality staff only: providers are told of decisions by email and answer their action plans."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.history import record_history

from ..models import ActionItem, Concern, Decision, GovernanceItem, GovernanceMeeting, PlacementSuspension
from ..monitoring.access import picker_for, provider_for_quality, saved
from ..monitoring.forms import ConcernForm, ItemForm, MeetingForm, ProviderChoiceForm, ReasonForm
from ..monitoring.tables import ActionTable, ConcernFilter, ConcernTable, MeetingTable
from ..services import concerns as services
from ..services.concerns import outstanding_actions, suspension_reason
from .quality import action_form_page

view_quality = permission_required(perms.VIEW_QUALITY, raise_exception=True)
manage_quality = permission_required(perms.MANAGE_QUALITY, raise_exception=True)


# Concerns --------------------------------------------------------------------------------------------------


@view_quality
def concerns_list(request):
    rows = Concern.objects.visible_to(request.user).select_related("provider")
    concern_filter = ConcernFilter(request.GET, queryset=rows)
    table = ConcernTable(concern_filter.qs, order_by=("-opened_on",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    suspensions = (
        PlacementSuspension.objects.visible_to(request.user)
        .filter(lifted_on__isnull=True)
        .select_related("provider")
        .order_by("suspended_on", "pk")
    )
    return render(
        request,
        "contracts/concerns/concerns.html",
        {"filter": concern_filter, "table": table, "suspensions": suspensions},
    )


@manage_quality
def concern_add(request):
    initial = {}
    if slug := request.GET.get("provider"):
        initial["provider"] = provider_for_quality(request.user, slug).name
    form = picker_for(ConcernForm(request.POST or None, initial=initial), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = saved(
            request,
            form,
            lambda: services.concern_open(
                provider=data["provider"],
                source=data["source"],
                summary=data["summary"],
                details=data["details"],
                opened_on=data["opened_on"],
                by=request.user,
            ),
            lambda concern: f"The concern about {concern.provider.name} is open. The provider is flagged.",
            lambda concern: concern.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/concerns/concern_form.html",
        {"form": form, "back_url": reverse("contracts:concerns")},
    )


def _concern(request, pk) -> Concern:
    return get_object_or_404(Concern.objects.visible_to(request.user).select_related("provider"), pk=pk)


@view_quality
def concern_detail(request, pk):
    concern = _concern(request, pk)
    actions = ActionTable(
        ActionItem.objects.visible_to(request.user).filter(concern=concern).select_related("provider"),
        show_provider=False,
        orderable=False,
    )
    discussed = (
        GovernanceItem.objects.visible_to(request.user)
        .filter(concerns=concern)
        .select_related("meeting")
        .order_by("-meeting__meeting_date", "-pk")
    )
    return render(
        request,
        "contracts/concerns/concern.html",
        {
            "concern": concern,
            "actions": actions,
            "discussed": discussed,
            "can_manage": request.user.has_perm(perms.MANAGE_QUALITY),
            "history": record_history(concern, limit=20),
        },
    )


@manage_quality
def concern_close(request, pk):
    concern = _concern(request, pk)
    return confirm_or_refuse(
        request,
        title=f"Close the concern about {concern.provider.name}?",
        summary=[("Concern", concern.summary), ("Opened", f"{concern.opened_on:%-d %B %Y}")],
        warning="The provider stays flagged while it has other open concerns or a suspension.",
        button="Close the concern",
        button_style="primary",
        back=concern.get_absolute_url(),
        refusal="" if concern.status == Concern.Status.OPEN else "The concern is already closed.",
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.concern_close(concern=concern, reason=form.cleaned_data["reason"], by=request.user),
            ("The concern is closed.", concern.get_absolute_url()),
        )[1],
    )


@manage_quality
def concern_action_add(request, pk):
    return action_form_page(request, concern=_concern(request, pk))


# The governance meeting -----------------------------------------------------------------------------------


@view_quality
def meetings_list(request):
    rows = GovernanceMeeting.objects.visible_to(request.user).annotate(discussed_count=Count("items"))
    table = MeetingTable(rows, order_by=("-meeting_date",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "contracts/concerns/meetings.html", {"table": table})


@manage_quality
def meeting_add(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.meeting_save(
                meeting=GovernanceMeeting(**form.cleaned_data), by=request.user, reason="Meeting recorded"
            ),
            "The meeting is recorded. Record each provider discussed and the decision.",
            lambda meeting: meeting.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/concerns/meeting_form.html",
        {"form": form, "back_url": reverse("contracts:meetings")},
    )


def _meeting(request, pk) -> GovernanceMeeting:
    return get_object_or_404(GovernanceMeeting.objects.visible_to(request.user), pk=pk)


@view_quality
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    picker = picker_for(
        ProviderChoiceForm(request.GET or None) if "provider" in request.GET else ProviderChoiceForm(),
        request.user,
    )
    if picker.is_bound and picker.is_valid() and request.user.has_perm(perms.MANAGE_QUALITY):
        return redirect("contracts:meeting-item", pk=meeting.pk, slug=picker.cleaned_data["provider"].slug)
    items = (
        GovernanceItem.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("provider", "recorded_by")
        .prefetch_related("concerns")
        .order_by("pk")
    )
    return render(
        request,
        "contracts/concerns/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "picker": picker,
            "can_manage": request.user.has_perm(perms.MANAGE_QUALITY),
            "history": record_history(meeting, limit=20),
        },
    )


@manage_quality
def item_add(request, pk, slug):
    """Record a provider discussed: the concerns, the discussion, the decision and its reason. Suspending
    new placements asks for confirmation first, saying what it does."""
    meeting = _meeting(request, pk)
    provider = provider_for_quality(request.user, slug)
    concerns = list(
        Concern.objects.visible_to(request.user)
        .filter(provider=provider)
        .order_by("-status", "-opened_on", "-pk")[:50]
    )
    form = ItemForm(request.POST or None, concerns=concerns)
    context = {
        "form": form,
        "meeting": meeting,
        "provider": provider,
        "back_url": meeting.get_absolute_url(),
        "open_actions": list(outstanding_actions(provider)[:10]),
        "current": PlacementSuspension.objects.visible_to(request.user)
        .filter(provider=provider, lifted_on__isnull=True)
        .first(),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == Decision.SUSPEND and not data["confirmed"] and context["current"] is None:
            return render(request, "contracts/concerns/suspend_confirm.html", context)
        done = saved(
            request,
            form,
            lambda: services.item_record(
                meeting=meeting,
                provider=provider,
                concerns=form.chosen_concerns(),
                discussion=data["discussion"],
                decision=data["decision"],
                reason=data["reason"],
                actions_agreed=data["actions_agreed"],
                by=request.user,
            ),
            lambda item: _decided(item),
            meeting.get_absolute_url(),
        )
        if done:
            return done
    return render(request, "contracts/concerns/item_form.html", context)


def _decided(item: GovernanceItem) -> str:
    if item.decision == Decision.SUSPEND:
        return (
            f"New placements with {item.provider.name} are suspended: it receives no new FPS packages and "
            f"cannot bid. {suspension_reason(item)}"
        )
    if item.decision == Decision.LIFT:
        return f"The suspension of new placements with {item.provider.name} is lifted."
    return f"The decision on {item.provider.name} is recorded: {item.get_decision_display().lower()}."
