"""Quality assurance (issue 12, parts 5 and 7): quality visits scored on the nine domains of the
Performance Monitoring Framework, their reports and action plans (which the provider reads and answers
online), the providers due a visit (their risk level sets how often), and each provider's quality record:
risk, CQC rating and insurance. Providers see only their own completed visits and action plans (404 on
anyone else's); internal notes never reach them."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.history import record_history

from ..models import (
    ActionItem,
    Concern,
    Domain,
    DomainScore,
    InsuranceKind,
    InsurancePolicy,
    PlacementSuspension,
    ProviderQuality,
    QualityVisit,
)
from ..models.quality import MINIMUM_COVER, SCORE_COLOURS, VISIT_EVERY_MONTHS
from ..monitoring.access import (
    own_provider_id,
    picker_for,
    provider_for_quality,
    providers_due_a_visit,
    quality_officers,
    saved,
)
from ..monitoring.forms import (
    ActionForm,
    ActionReviewForm,
    InsuranceForm,
    QualityRecordForm,
    ReasonForm,
    RespondForm,
    VisitForm,
    VisitRecordForm,
)
from ..monitoring.tables import ActionTable, ConcernTable, DueTable, VisitFilter, VisitTable
from ..services import quality as services

view_quality = permission_required(perms.VIEW_QUALITY, raise_exception=True)
manage_quality = permission_required(perms.MANAGE_QUALITY, raise_exception=True)
DUE_SOON_DAYS = 30


def _staff_or_provider(user) -> bool:
    if not user.has_perm(perms.VIEW_QUALITY) and own_provider_id(user) is None:
        raise PermissionDenied("Only quality staff and providers' users have quality visits.")
    return user.has_perm(perms.VIEW_QUALITY)


# Visits ----------------------------------------------------------------------------------------------------


def visits_list(request):
    """Quality staff: every visit, filtered; a provider user: its own completed visits (the reports)."""
    staff = _staff_or_provider(request.user)
    rows = QualityVisit.objects.visible_to(request.user).select_related("provider", "officer")
    visit_filter = VisitFilter(request.GET, queryset=rows)
    table = VisitTable(visit_filter.qs, order_by=("-visit_date",), exclude=() if staff else ("provider",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "contracts/quality/visits.html",
        {"filter": visit_filter, "table": table, "staff": staff},
    )


@view_quality
def visits_due(request):
    """Providers due a visit within 30 days, the overdue first (at least yearly; their risk sets it)."""
    today = timezone.localdate()
    due_by = today + datetime.timedelta(days=DUE_SOON_DAYS)
    table = DueTable(providers_due_a_visit(request.user, by=due_by), today=today)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "contracts/quality/due.html",
        {"table": table, "today": today, "due_by": due_by, "every": VISIT_EVERY_MONTHS},
    )


@manage_quality
def visit_add(request):
    officers = list(quality_officers())
    initial = {"officer": str(request.user.pk), "announced": "yes"}
    if slug := request.GET.get("provider"):
        provider = provider_for_quality(request.user, slug)
        initial["provider"] = provider.name
    form = picker_for(VisitForm(request.POST or None, officers=officers, initial=initial), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = saved(
            request,
            form,
            lambda: services.visit_plan(
                provider=data["provider"],
                visit_date=data["visit_date"],
                announced=data["announced"],
                officer=data["officer"],
                by=request.user,
            ),
            lambda visit: (
                f"The visit to {visit.provider.name} on {visit.visit_date:%-d %B %Y} is recorded."
                + (" Now record what it found." if data["done"] == "done" else "")
            ),
            lambda visit: (
                reverse("contracts:visit-record", args=[visit.pk])
                if data["done"] == "done"
                else visit.get_absolute_url()
            ),
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/visit_form.html",
        {"form": form, "back_url": reverse("contracts:visits"), "title": "Record a quality visit"},
    )


def _visit(request, pk) -> QualityVisit:
    return get_object_or_404(
        QualityVisit.objects.visible_to(request.user).select_related("provider", "officer", "contract"), pk=pk
    )


def visit_detail(request, pk):
    visit = _visit(request, pk)
    staff = request.user.has_perm(perms.VIEW_QUALITY)
    scores = {s.domain: s for s in DomainScore.objects.filter(visit=visit)}
    domains = [
        {
            "label": domain.label,
            "score": scores.get(domain.value),
            "colour": SCORE_COLOURS.get(scores[domain.value].score) if domain.value in scores else None,
        }
        for domain in Domain
    ]
    actions = ActionTable(
        ActionItem.objects.visible_to(request.user).filter(visit=visit).select_related("provider"),
        show_provider=False,
        orderable=False,
    )
    manage = request.user.has_perm(perms.MANAGE_QUALITY)
    today = timezone.localdate()
    return render(
        request,
        "contracts/quality/visit.html",
        {
            "visit": visit,
            "domains": domains,
            "actions": actions,
            "staff": staff,
            "can_manage": manage,
            "can_record": manage
            and visit.status != QualityVisit.Status.CANCELLED
            and visit.visit_date <= today,
            "is_planned": visit.status == QualityVisit.Status.PLANNED,
            "history": record_history(visit, limit=30) if staff else None,
        },
    )


@manage_quality
def visit_edit(request, pk):
    visit = _visit(request, pk)
    if visit.status != QualityVisit.Status.PLANNED:
        messages.info(
            request, f"The visit is {visit.get_status_display().lower()}: its date and officer stand."
        )
        return redirect(visit)
    officers = list(quality_officers())
    initial = {
        "visit_date": visit.visit_date,
        "announced": "yes" if visit.announced else "no",
        "officer": str(visit.officer_id),
        "done": "planned",
    }
    form = VisitForm(request.POST or None, officers=officers, initial=initial, changing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = saved(
            request,
            form,
            lambda: services.visit_change(
                visit=visit,
                visit_date=data["visit_date"],
                announced=data["announced"],
                officer=data["officer"],
                contract=visit.contract,
                by=request.user,
            ),
            "The visit is changed.",
            lambda changed: (
                reverse("contracts:visit-record", args=[changed.pk])
                if data["done"] == "done"
                else changed.get_absolute_url()
            ),
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/visit_form.html",
        {
            "form": form,
            "back_url": visit.get_absolute_url(),
            "title": f"Change the visit to {visit.provider.name}",
        },
    )


@manage_quality
def visit_record(request, pk):
    """Scores on the nine domains, the report to the provider and internal notes (again, to correct)."""
    visit = _visit(request, pk)
    initial = {"summary": visit.summary, "internal_notes": visit.internal_notes}
    for score in DomainScore.objects.filter(visit=visit):
        initial[f"score_{score.domain}"] = score.score
        initial[f"findings_{score.domain}"] = score.findings
    form = VisitRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.visit_record(
                visit=visit,
                scores=form.scores(),
                summary=form.cleaned_data["summary"],
                internal_notes=form.cleaned_data["internal_notes"],
                by=request.user,
            ),
            "The visit is recorded. The provider can read the report online. Add the actions it must take.",
            visit.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/visit_record.html",
        {"form": form, "visit": visit, "back_url": visit.get_absolute_url()},
    )


@manage_quality
def visit_cancel(request, pk):
    visit = _visit(request, pk)
    return confirm_or_refuse(
        request,
        title=f"Cancel the visit to {visit.provider.name}?",
        summary=[("Provider", visit.provider.name), ("Date", f"{visit.visit_date:%-d %B %Y}")],
        warning="The visit stays in the provider's history as cancelled.",
        button="Cancel the visit",
        back=visit.get_absolute_url(),
        refusal=""
        if visit.status == QualityVisit.Status.PLANNED
        else f"The visit is {visit.get_status_display().lower()}: only a planned visit is cancelled.",
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.visit_cancel(visit=visit, reason=form.cleaned_data["reason"], by=request.user),
            ("The visit is cancelled.", visit.get_absolute_url()),
        )[1],
    )


def action_form_page(request, *, visit=None, concern=None):
    """Add an action to the provider's action plan, from a visit or from a concern."""
    source = visit or concern
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = saved(
            request,
            form,
            lambda: services.action_add(
                provider=source.provider,
                visit=visit,
                concern=concern,
                action=data["action"],
                owner=data["owner"],
                due_on=data["due_on"],
                domain=data["domain"],
                by=request.user,
            ),
            "The action is added to the provider's action plan. The provider sees it online.",
            source.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/action_form.html",
        {
            "form": form,
            "back_url": source.get_absolute_url(),
            "subject": str(visit) if visit else f"Concern: {concern.summary}",
        },
    )


@manage_quality
def action_add(request, pk):
    return action_form_page(request, visit=_visit(request, pk))


# Action plans ----------------------------------------------------------------------------------------------


def actions_list(request):
    """Quality staff: the actions not yet completed, soonest due first; a provider: its action plan."""
    staff = _staff_or_provider(request.user)
    rows = ActionItem.objects.visible_to(request.user).select_related("provider")
    show = request.GET.get("show", "outstanding")
    if show != "all":
        rows = rows.outstanding()
    table = ActionTable(rows, show_provider=staff, order_by=("due_on",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "contracts/quality/actions.html", {"table": table, "staff": staff, "show": show})


def _action(request, pk) -> ActionItem:
    return get_object_or_404(
        ActionItem.objects.visible_to(request.user).select_related(
            "provider", "visit", "concern", "responded_by"
        ),
        pk=pk,
    )


def action_detail(request, pk):
    item = _action(request, pk)
    staff = request.user.has_perm(perms.VIEW_QUALITY)
    is_own = own_provider_id(request.user) == item.provider_id
    open_ = item.status != ActionItem.Status.COMPLETED
    return render(
        request,
        "contracts/quality/action.html",
        {
            "item": item,
            "staff": staff,
            "can_respond": is_own and open_,
            "can_review": request.user.has_perm(perms.MANAGE_QUALITY) and open_,
            "overdue": item.is_overdue(timezone.localdate()),
            "history": record_history(item, limit=20),
        },
    )


def action_respond(request, pk):
    """The provider's own user says what it has done (staff who read it: 403)."""
    item = _action(request, pk)
    if own_provider_id(request.user) != item.provider_id:
        raise PermissionDenied("Only the provider's own users answer its action plan.")
    if item.status == ActionItem.Status.COMPLETED:
        messages.info(request, "The action is completed: no response is needed.")
        return redirect(item)
    form = RespondForm(request.POST or None, initial={"response": item.response})
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.action_respond(
                item=item, response=form.cleaned_data["response"], by=request.user
            ),
            "Your response is sent to the council's Contracts and Quality Assurance team.",
            item.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/action_respond.html",
        {"form": form, "item": item, "back_url": item.get_absolute_url()},
    )


@manage_quality
def action_review(request, pk):
    item = _action(request, pk)
    form = ActionReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complete = form.cleaned_data["decision"] == "complete"
        done = saved(
            request,
            form,
            lambda: services.action_review(
                item=item, complete=complete, note=form.cleaned_data["note"], by=request.user
            ),
            "The action is completed." if complete else "The provider is asked for more.",
            item.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/action_review.html",
        {"form": form, "item": item, "back_url": item.get_absolute_url()},
    )


# A provider's quality record (risk, CQC rating, insurance) ------------------------------------------------


@view_quality
def provider_quality(request, slug):
    provider = provider_for_quality(request.user, slug)
    record = ProviderQuality.objects.visible_to(request.user).filter(provider=provider).first()
    today = timezone.localdate()
    policies = {p.kind: p for p in InsurancePolicy.objects.visible_to(request.user).filter(provider=provider)}
    insurance = [
        {
            "kind": kind,
            "policy": policies.get(kind.value),
            "minimum": MINIMUM_COVER[kind],
            "expired": kind.value in policies and policies[kind.value].is_expired(today),
        }
        for kind in InsuranceKind
    ]
    visits = VisitTable(
        QualityVisit.objects.visible_to(request.user)
        .filter(provider=provider)
        .select_related("provider", "officer"),
        exclude=("provider",),
        orderable=False,
    )
    RequestConfig(request, paginate={"per_page": 10}).configure(visits)
    concerns = ConcernTable(
        Concern.objects.visible_to(request.user).filter(provider=provider).select_related("provider"),
        exclude=("provider",),
        orderable=False,
    )
    suspension = (
        PlacementSuspension.objects.visible_to(request.user)
        .filter(provider=provider, lifted_on__isnull=True)
        .first()
    )
    actions = ActionTable(
        ActionItem.objects.visible_to(request.user)
        .filter(provider=provider)
        .outstanding()
        .select_related("provider"),
        show_provider=False,
        orderable=False,
    )
    return render(
        request,
        "contracts/quality/provider.html",
        {
            "provider": provider,
            "record": record,
            "insurance": insurance,
            "visits": visits,
            "concerns": concerns,
            "actions": actions,
            "suspension": suspension,
            "can_manage": request.user.has_perm(perms.MANAGE_QUALITY),
            "overdue": record is None or record.next_visit_due is None or record.next_visit_due < today,
            "history": record_history(record, limit=20) if record else [],
        },
    )


@manage_quality
def quality_edit(request, slug):
    provider = provider_for_quality(request.user, slug)
    record = ProviderQuality.objects.visible_to(request.user).filter(provider=provider).first()
    initial = {"risk_level": "low"}
    if record:
        initial = {
            f: getattr(record, f)
            for f in ("risk_level", "risk_reason", "cqc_rating", "cqc_rating_date", "internal_notes")
        }
    form = QualityRecordForm(request.POST or None, initial=initial)
    back = reverse("contracts:quality", args=[provider.slug])
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.quality_update(provider=provider, by=request.user, **form.cleaned_data),
            lambda r: (
                f"{provider.name}'s quality record is saved. "
                f"Its next visit is due by {r.next_visit_due:%-d %B %Y}."
            ),
            back,
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/quality_form.html",
        {"form": form, "provider": provider, "back_url": back},
    )


@manage_quality
def insurance_edit(request, slug, kind):
    provider = provider_for_quality(request.user, slug)
    if kind not in InsuranceKind.values:
        raise Http404("No such kind of insurance.")
    kind = InsuranceKind(kind)
    policy = InsurancePolicy.objects.visible_to(request.user).filter(provider=provider, kind=kind).first()
    initial = (
        {"insurer": policy.insurer, "cover": policy.cover, "expires_on": policy.expires_on} if policy else {}
    )
    form = InsuranceForm(request.POST or None, initial=initial, kind=kind)
    back = reverse("contracts:quality", args=[provider.slug])
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.insurance_save(
                provider=provider, kind=kind, by=request.user, **form.cleaned_data
            ),
            lambda p: (
                f"{provider.name}'s {kind.label.lower()} insurance is recorded, "
                f"expiring {p.expires_on:%-d %B %Y}."
                + (" It has expired: a concern is opened." if p.is_expired(timezone.localdate()) else "")
            ),
            back,
        )
        if done:
            return done
    return render(
        request,
        "contracts/quality/insurance_form.html",
        {"form": form, "provider": provider, "kind": kind, "minimum": MINIMUM_COVER[kind], "back_url": back},
    )
