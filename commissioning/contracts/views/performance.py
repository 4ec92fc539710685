"""Provider performance (issue 12, part 4): contracts staff set a contract's KPIs and see each KPI's history
as a chart and a table; the provider's users submit each quarter's return online; officers review returns
and chase the late ones (the list's "Late: to chase" view). Providers see only their own returns (404 on
anyone else's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.history import record_history

from ..models import Kpi, PerformanceReturn, ReturnStatus, ReturnValue
from ..monitoring.access import contract_for, own_provider_id, saved
from ..monitoring.charts import chart_summary, kpi_chart, kpi_points, value_text
from ..monitoring.forms import KpiForm, ReturnAskForm, ReturnSubmitForm, ReviewForm
from ..monitoring.tables import ReturnFilter, ReturnTable
from ..periods import Quarter
from ..services import performance as services

view_contracts = permission_required(perms.VIEW_CONTRACTS, raise_exception=True)
manage_contracts = permission_required(perms.MANAGE_CONTRACTS, raise_exception=True)


def returns_list(request):
    """Staff: every return, filtered (the late ones to chase first); a provider user: its own returns."""
    staff = request.user.has_perm(perms.VIEW_CONTRACTS)
    if not staff and own_provider_id(request.user) is None:
        raise PermissionDenied("Only contracts staff and providers' users have performance returns.")
    today = timezone.localdate()
    rows = PerformanceReturn.objects.visible_to(request.user).select_related("contract", "provider")
    returns_filter = ReturnFilter(request.GET, queryset=rows, today=today)
    table = ReturnTable(returns_filter.qs, order_by=("-period",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "contracts/performance/returns.html",
        {"filter": returns_filter, "table": table, "staff": staff},
    )


def return_detail(request, pk):
    performance_return = get_object_or_404(
        PerformanceReturn.objects.visible_to(request.user).select_related(
            "contract", "provider", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    is_own = own_provider_id(request.user) == performance_return.provider_id
    values = list(
        ReturnValue.objects.filter(performance_return=performance_return)
        .select_related("kpi")
        .order_by("kpi__position", "kpi_id")
    )
    for value in values:
        value.text = value_text(value.value, value.kpi.unit)
        value.target_text = value_text(value.target, value.kpi.unit)
    return render(
        request,
        "contracts/performance/return.html",
        {
            "return": performance_return,
            "values": values,
            "is_own": is_own,
            "can_submit": is_own and performance_return.is_open,
            "can_review": request.user.has_perm(perms.MANAGE_CONTRACTS)
            and performance_return.status == ReturnStatus.SUBMITTED,
            "can_see_contract": request.user.has_perm(perms.VIEW_CONTRACTS),
            "history": record_history(performance_return, limit=30),
        },
    )


def return_submit(request, pk):
    """The provider's own user fills in a value for each KPI and submits (staff who read it: 403)."""
    performance_return = get_object_or_404(
        PerformanceReturn.objects.visible_to(request.user).select_related("contract", "provider"), pk=pk
    )
    if own_provider_id(request.user) != performance_return.provider_id:
        raise PermissionDenied("Only the provider's own users submit its return.")
    if not performance_return.is_open:
        messages.info(
            request,
            f"This return is {performance_return.get_status_display().lower()}: there is nothing to submit.",
        )
        return redirect(performance_return)
    quarter = performance_return.period
    kpis = list(
        Kpi.objects.filter(contract_id=performance_return.contract_id)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=quarter.end))
        .order_by("position", "pk")
    )
    initial = {}
    for value in ReturnValue.objects.filter(performance_return=performance_return):
        initial[f"kpi_{value.kpi_id}"] = f"{value.value:g}"
        initial[f"comment_{value.kpi_id}"] = value.comment
    initial["commentary"] = performance_return.commentary
    form = ReturnSubmitForm(request.POST or None, kpis=kpis, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.return_submit(
                performance_return=performance_return,
                values=form.values(),
                commentary=form.cleaned_data["commentary"],
                by=request.user,
            ),
            lambda r: (
                "Your return has been sent to the council."
                + (
                    " It shows a KPI off target (red): say why in the commentary if you have not."
                    if r.rag == "red"
                    else ""
                )
            ),
            performance_return.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/performance/return_submit.html",
        {"return": performance_return, "form": form, "back_url": performance_return.get_absolute_url()},
    )


@manage_contracts
def return_review(request, pk):
    performance_return = get_object_or_404(
        PerformanceReturn.objects.visible_to(request.user).select_related("contract", "provider"), pk=pk
    )
    if performance_return.status != ReturnStatus.SUBMITTED:
        messages.info(request, "Only a submitted return is reviewed.")
        return redirect(performance_return)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        done = saved(
            request,
            form,
            lambda: services.return_review(
                performance_return=performance_return,
                accept=accept,
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            "The return is accepted." if accept else "The return is sent back to the provider to correct.",
            performance_return.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "contracts/performance/return_review.html",
        {"return": performance_return, "form": form, "back_url": performance_return.get_absolute_url()},
    )


# A contract's KPIs -----------------------------------------------------------------------------------------


@view_contracts
def contract_kpis(request, reference):
    """The contract's KPIs, each with its history as a chart and the same figures in a table."""
    contract = contract_for(request.user, reference)
    kpis = list(Kpi.objects.filter(contract=contract).order_by("position", "pk"))
    values = (
        ReturnValue.objects.filter(kpi__contract=contract, performance_return__contract=contract)
        .select_related("performance_return__provider")
        .order_by("performance_return__year", "performance_return__quarter", "pk")
    )
    by_kpi: dict[int, list] = {}
    for value in values:
        by_kpi.setdefault(value.kpi_id, []).append(value)
    for kpi in kpis:
        kpi.points = kpi_points(kpi, by_kpi.get(kpi.pk, []))
        kpi.chart = kpi_chart(kpi, kpi.points)
        kpi.summary = chart_summary(kpi, kpi.points)
        kpi.target_text = value_text(kpi.target, kpi.unit)
    recent = ReturnTable(
        PerformanceReturn.objects.visible_to(request.user)
        .filter(contract=contract)
        .select_related("contract", "provider"),
        order_by=("-period",),
        exclude=("contract",),
    )
    RequestConfig(request, paginate={"per_page": 12}).configure(recent)
    return render(
        request,
        "contracts/performance/kpis.html",
        {
            "contract": contract,
            "kpis": kpis,
            "returns": recent,
            "can_manage": request.user.has_perm(perms.MANAGE_CONTRACTS),
        },
    )


@manage_contracts
def kpi_add(request, reference):
    contract = contract_for(request.user, reference)
    form = KpiForm(request.POST or None)
    back = _kpis_url(contract)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "position": contract.kpis.count() + 1}
        done = saved(
            request,
            form,
            lambda: services.kpi_add(contract=contract, data=data, by=request.user),
            lambda kpi: f"“{kpi.measure}” is now measured on {contract.title}.",
            back,
        )
        if done:
            return done
    return render(
        request,
        "contracts/performance/kpi_form.html",
        {"contract": contract, "form": form, "back_url": back, "title": "Add a KPI"},
    )


@manage_contracts
def kpi_edit(request, pk):
    kpi = get_object_or_404(Kpi.objects.select_related("contract"), pk=pk)
    contract = contract_for(request.user, kpi.contract.reference)
    initial = {f: getattr(kpi, f) for f in ("measure", "description", "unit", "target", "polarity")}
    form = KpiForm(request.POST or None, initial=initial, changing=True)
    back = _kpis_url(contract)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        done = saved(
            request,
            form,
            lambda: services.kpi_update(
                kpi=kpi, data=data, reason=form.cleaned_data["reason"], by=request.user
            ),
            "The KPI is changed. Returns already submitted keep the target they were measured against.",
            back,
        )
        if done:
            return done
    return render(
        request,
        "contracts/performance/kpi_form.html",
        {"contract": contract, "form": form, "back_url": back, "title": f"Change “{kpi.measure}”"},
    )


@manage_contracts
def return_ask(request, reference):
    """Ask a provider party for the return of a quarter that has ended (the daily check asks for the
    quarter just ended by itself)."""
    contract = contract_for(request.user, reference)
    providers = sorted(
        {party.provider for party in contract.parties.select_related("provider") if party.provider_id},
        key=lambda p: p.name,
    )
    form = ReturnAskForm(request.POST or None, providers=providers)
    back = _kpis_url(contract)
    if request.method == "POST" and form.is_valid():
        provider = next(p for p in providers if str(p.pk) == form.cleaned_data["provider"])
        done = saved(
            request,
            form,
            lambda: services.return_open(
                contract=contract, provider=provider, quarter=form.quarter(), by=request.user
            ),
            lambda r: f"{provider.name} is asked for its return for {r.period}, due {r.due_on:%-d %B %Y}.",
            back,
        )
        if done:
            return done
    return render(
        request,
        "contracts/performance/return_ask.html",
        {
            "contract": contract,
            "form": form,
            "back_url": back,
            "last_ended": Quarter.last_ended(timezone.localdate()),
        },
    )


def _kpis_url(contract) -> str:
    from django.urls import reverse

    return reverse("contracts:kpis", args=[contract.reference])
