import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from commissioning.providers.models import Provider, ProviderMembership
from portal import permissions as perms
from portal.exports import csv_response
from portal.forms import add_validation_errors
from portal.pdf import pdf_response, render_pdf
from portal.templatetags.govuk import money

from . import services
from .exports import APPENDIX_HEADER, BCF_HEADER, appendix_csv_rows, appendix_rows, bcf_csv_rows, bcf_groups
from .forms import (
    AllocationForm,
    AmountForm,
    BasisForm,
    CalculatorForm,
    FunderForm,
    ReasonForm,
    RefusedMoneyForm,
    ReturnForm,
    RoundForm,
    StatusForm,
    StreamForm,
)
from .giving import package
from .models import (
    ZERO,
    AllocationStatus,
    FundingStream,
    LedgerEntry,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    ReturnStatus,
    Round,
    Section75Agreement,
    money_sum,
)
from .summary import funding_summary
from .tables import AllocationTable, BasisTable, LedgerTable, ReturnTable, StreamTable

view_funding = permission_required(perms.VIEW_FUNDING, raise_exception=True)
manage_money = permission_required(perms.MANAGE_FUNDING_MONEY, raise_exception=True)
export_funding = permission_required(perms.EXPORT_FUNDING, raise_exception=True)


def get_round_for_user(user, pk) -> Round:
    return get_object_or_404(Round.objects.visible_to(user).select_related("stream__funder"), pk=pk)


def get_allocation_for_user(user, pk) -> ProviderAllocation:
    """404 unless funding staff, or a user of the allocation's provider."""
    return get_object_or_404(
        ProviderAllocation.objects.visible_to(user).select_related("provider", "round__stream"), pk=pk
    )


def round_totals(queryset):
    """Rounds with what their money has become, and what is left to allocate."""
    rounds = list(queryset.with_totals())
    for r in rounds:
        r.left = r.allocation - (r.allocated or ZERO) - (r.retained or ZERO) - (r.returned_to_funder or ZERO)
        r.returned_total = (r.returned_to_funder or ZERO) + (r.reclaimed or ZERO)
    return rounds


@view_funding
def stream_list(request):
    today = timezone.localdate()
    streams = FundingStream.objects.visible_to(request.user).select_related("funder").with_totals()
    table = StreamTable(streams)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    due = list(Round.objects.visible_to(request.user).due_within(today).select_related("stream")[:20])
    totals = Round.objects.visible_to(request.user).aggregate(
        confirmed=money_sum("allocation", is_estimate=False),
        estimated=money_sum("allocation", is_estimate=True),
    )
    return render(
        request,
        "funding/stream_list.html",
        {
            "table": table,
            "due": due,
            "today": today,
            "totals": totals,
            "can_export": request.user.has_perm(perms.EXPORT_FUNDING),
            "can_manage": request.user.has_perm(perms.MANAGE_FUNDING_MONEY),
        },
    )


@view_funding
def stream_detail(request, slug):
    stream = get_object_or_404(
        FundingStream.objects.visible_to(request.user).select_related("funder"), slug=slug
    )
    rounds = round_totals(stream.rounds.order_by("position", "pk"))
    # By the rounds' ids (already fetched) rather than a join, so the count and the page read one index.
    allocations = ProviderAllocation.objects.filter(round_id__in=[r.pk for r in rounds]).select_related(
        "provider", "round"
    )
    round_choice = request.GET.get("round", "")
    if round_choice.isdigit():
        allocations = allocations.filter(round_id=int(round_choice))
    status_choice = request.GET.get("status", "")
    if status_choice in AllocationStatus.values:
        allocations = allocations.filter(status=status_choice)
    # By provider name: PostgreSQL walks the providers' name index and stops at the page's rows.
    table = AllocationTable(allocations.order_by("provider__name", "pk"))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    returns = ReturnTable(
        ProviderReturn.objects.filter(allocation__round_id__in=[r.pk for r in rounds])
        .select_related("allocation__provider", "allocation__round")
        .order_by("-submitted_on", "-pk"),
        prefix="returns-",
    )
    RequestConfig(request, paginate={"per_page": 10}).configure(returns)
    return render(
        request,
        "funding/stream_detail.html",
        {
            "stream": stream,
            "rounds": rounds,
            "table": table,
            "returns": returns,
            "round_choice": round_choice,
            "status_choice": status_choice,
            "statuses": AllocationStatus.choices,
            "total": sum((r.allocation for r in rounds if not r.is_estimate), ZERO),
            "can_manage": request.user.has_perm(perms.MANAGE_FUNDING_MONEY),
        },
    )


@view_funding
def round_detail(request, pk):
    round_ = get_round_for_user(request.user, pk)
    (totals,) = round_totals(Round.objects.filter(pk=round_.pk))
    table = AllocationTable(
        ProviderAllocation.objects.filter(round=round_)
        .select_related("provider", "round")
        .order_by("provider__name", "pk"),
        exclude=["round"],
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    ledger = LedgerEntry.objects.filter(round=round_).select_related(
        "from_allocation__provider", "to_allocation__provider", "recorded_by"
    )[:100]
    return render(
        request,
        "funding/round_detail.html",
        {
            "round": round_,
            "totals": totals,
            "table": table,
            "ledger": ledger,
            "can_manage": request.user.has_perm(perms.MANAGE_FUNDING_MONEY),
            "history": round_.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


@manage_money
def allocation_add(request, pk):
    round_ = get_round_for_user(request.user, pk)
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(
                round=round_,
                provider=form.cleaned_data["provider"],
                amount=form.cleaned_data["amount"],
                basis=form.cleaned_data["basis"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                offered_on=timezone.localdate(),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{allocation.provider.name} is offered {money(allocation.amount)}.")
            return redirect(round_)
    return render(
        request,
        "funding/allocation_add.html",
        {"round": round_, "form": form, "left": services.round_available(round_)},
    )


@manage_money
def calculator(request, pk):
    round_ = get_round_for_user(request.user, pk)
    proposals, available = services.calculator_proposals(round_)
    form = CalculatorForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and proposals and form.is_valid():
        try:
            made = services.calculator_approve(
                round=round_,
                amounts=form.amounts(),
                by=request.user,
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{len(made)} allocation{'s' if len(made) != 1 else ''} offered.")
            return redirect(round_)
    return render(
        request,
        "funding/calculator.html",
        {
            "round": round_,
            "form": form,
            "available": available,
            "proposed": sum((p.amount for p in proposals), ZERO),
        },
    )


def allocation_detail(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    provider_return = ProviderReturn.objects.filter(allocation=allocation).prefetch_related("lines").first()
    is_own = ProviderMembership.for_user(request.user) is not None and (
        ProviderMembership.for_user(request.user).provider_id == allocation.provider_id
    )
    can_manage = request.user.has_perm(perms.MANAGE_FUNDING_MONEY)
    return render(
        request,
        "funding/allocation_detail.html",
        {
            "allocation": allocation,
            "provider_return": provider_return,
            "ledger": LedgerEntry.objects.filter(
                Q(from_allocation=allocation) | Q(to_allocation=allocation)
            ).select_related("from_allocation__provider", "to_allocation__provider"),
            "can_manage": can_manage,
            "can_change_status": can_manage and bool(services.TRANSITIONS[allocation.status]),
            "refused_left": services.refused_left(allocation)
            if allocation.status == AllocationStatus.REFUSED
            else None,
            "can_submit_return": is_own
            and allocation.status == AllocationStatus.PAID
            and provider_return is None,
            "history": allocation.history.select_related("history_user").order_by(
                "-history_date", "-history_id"
            )[:50],
            "is_staff_view": request.user.has_perm(perms.VIEW_FUNDING),
        },
    )


@manage_money
def allocation_status(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    if not services.TRANSITIONS[allocation.status]:
        raise PermissionDenied(
            f"A {allocation.get_status_display().lower()} allocation's status cannot change."
        )
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_set_status(
                allocation=allocation,
                status=form.cleaned_data["status"],
                paid_on=form.cleaned_data.get("paid_on"),
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The allocation is updated.")
            return redirect(allocation)
    return render(request, "funding/allocation_status.html", {"allocation": allocation, "form": form})


@manage_money
def refused_money(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    if allocation.status != AllocationStatus.REFUSED:
        raise PermissionDenied("Only refused money can be redistributed or returned.")
    left = services.refused_left(allocation)
    form = RefusedMoneyForm(request.POST or None, initial={"amount": left})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "redistribute":
                services.refused_money_redistribute(
                    allocation=allocation,
                    to_provider=data["to_provider"],
                    amount=data["amount"],
                    by=request.user,
                    reason=data["reason"],
                    today=timezone.localdate(),
                )
            else:
                services.refused_money_return(
                    allocation=allocation, amount=data["amount"], by=request.user, reason=data["reason"]
                )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The ledger shows where the refused money went.")
            return redirect(allocation)
    return render(
        request, "funding/refused_money.html", {"allocation": allocation, "form": form, "left": left}
    )


def return_submit(request, pk):
    """A provider's own user makes the return for a paid allocation."""
    allocation = get_allocation_for_user(request.user, pk)
    membership = ProviderMembership.for_user(request.user)
    if membership is None or membership.provider_id != allocation.provider_id:
        raise PermissionDenied("Only the provider's own users make its return.")
    if (
        allocation.status != AllocationStatus.PAID
        or ProviderReturn.objects.filter(allocation=allocation).exists()
    ):
        messages.info(request, "There is no return to make for this allocation.")
        return redirect(allocation)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_submit(
                allocation=allocation,
                spend=form.spend(),
                unspent=form.cleaned_data["unspent"],
                notes=form.cleaned_data["notes"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Your return has been sent to the council. Thank you.")
            return redirect(allocation)
    return render(request, "funding/return_submit.html", {"allocation": allocation, "form": form})


@manage_money
def return_reclaim(request, pk):
    provider_return = get_object_or_404(
        ProviderReturn.objects.visible_to(request.user).select_related(
            "allocation__provider", "allocation__round__stream"
        ),
        pk=pk,
    )
    if provider_return.status != ReturnStatus.SUBMITTED or provider_return.unspent <= 0:
        raise PermissionDenied("There is no unspent money to reclaim on this return.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.return_reclaim(
            provider_return=provider_return, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "The unspent money is recorded as reclaimed and returned to the funder.")
        return redirect(provider_return.allocation)
    return render(request, "funding/return_reclaim.html", {"provider_return": provider_return, "form": form})


def ledger_context(request, provider):
    allocations = (
        ProviderAllocation.objects.filter(provider=provider)
        .select_related("round__stream", "provider_return")
        .order_by("-round__starts_on", "round__stream__name", "pk")
    )
    table = LedgerTable(allocations)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    totals = ProviderAllocation.objects.filter(provider=provider).aggregate(
        count=Count("pk"),
        active=money_sum(
            "amount", status__in=[AllocationStatus.OFFERED, AllocationStatus.ACCEPTED, AllocationStatus.PAID]
        ),
        paid=money_sum("amount", status=AllocationStatus.PAID),
        refused=money_sum("amount", status=AllocationStatus.REFUSED),
    )
    totals["reclaimed"] = LedgerEntry.objects.filter(
        from_allocation__provider=provider, kind="reclaimed"
    ).aggregate(total=money_sum("amount"))["total"]
    return {"provider": provider, "table": table, "totals": totals}


@view_funding
def provider_ledger(request, slug):
    provider = get_object_or_404(Provider.objects.all(), slug=slug)
    return render(request, "funding/provider_ledger.html", ledger_context(request, provider))


def my_funding(request):
    membership = ProviderMembership.for_user(request.user)
    if membership is None:
        raise Http404("You do not act for a provider organisation.")
    context = ledger_context(request, membership.provider)
    context["own"] = True
    return render(request, "funding/provider_ledger.html", context)


@view_funding
def bcf(request):
    groups, totals = bcf_groups()
    agreements = Section75Agreement.objects.prefetch_related(Prefetch("services_in_scope"))
    return render(
        request,
        "funding/bcf.html",
        {
            "groups": groups,
            "totals": totals,
            "agreements": agreements,
            "can_export": request.user.has_perm(perms.EXPORT_FUNDING),
        },
    )


@view_funding
def summary(request):
    return render(
        request,
        "funding/summary.html",
        {"summary": funding_summary(), "can_export": request.user.has_perm(perms.EXPORT_FUNDING)},
    )


@export_funding
def appendix_csv(request):
    return csv_response("funding-streams-appendix.csv", APPENDIX_HEADER, appendix_csv_rows(appendix_rows()))


@export_funding
def appendix_pdf(request):
    return pdf_response(
        "funding-streams-appendix.pdf", render_pdf("funding/pdf/appendix.html", {"rows": appendix_rows()})
    )


@export_funding
def bcf_csv(request):
    return csv_response("better-care-fund-schemes.csv", BCF_HEADER, bcf_csv_rows())


@export_funding
def bcf_pdf(request):
    groups, totals = bcf_groups()
    schemes = [scheme for group in groups for scheme in group["schemes"]]
    return pdf_response(
        "better-care-fund-schemes.pdf",
        render_pdf(
            "funding/pdf/bcf.html",
            {"schemes": sorted(schemes, key=lambda s: s.scheme_id), "groups": groups, "totals": totals},
        ),
    )


@export_funding
def grants_json(request):
    response = HttpResponse(json.dumps(package(), indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.json"'
    return response


@manage_money
def round_add(request, slug):
    stream = get_object_or_404(FundingStream.objects.visible_to(request.user), slug=slug)
    form = RoundForm(
        request.POST or None,
        initial={"status": "expected", "rule": stream.rounds.values_list("rule", flat=True).last()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            round_ = services.round_create(stream=stream, data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{round_.name} is added to {stream.name}.")
            return redirect(round_)
    return render(request, "funding/round_form.html", {"stream": stream, "form": form, "round": None})


@manage_money
def round_edit(request, pk):
    round_ = get_round_for_user(request.user, pk)
    initial = {field: getattr(round_, field) for field in services.ROUND_FIELDS}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.round_update(round=round_, data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The round is updated.")
            return redirect(round_)
    return render(
        request, "funding/round_form.html", {"stream": round_.stream, "form": form, "round": round_}
    )


@manage_money
def round_retain(request, pk):
    round_ = get_round_for_user(request.user, pk)
    form = AmountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_retain(
                round=round_,
                amount=form.cleaned_data["amount"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"{money(form.cleaned_data['amount'])} is recorded as retained by the council."
            )
            return redirect(round_)
    return render(
        request,
        "funding/round_retain.html",
        {"round": round_, "form": form, "left": services.round_available(round_)},
    )


@manage_money
def allocation_amount(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    if allocation.status not in (AllocationStatus.OFFERED, AllocationStatus.ACCEPTED):
        raise PermissionDenied("Only an offered or accepted allocation's amount can change.")
    form = AmountForm(request.POST or None, initial={"amount": allocation.amount})
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_change_amount(
                allocation=allocation,
                amount=form.cleaned_data["amount"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The amount is changed.")
            return redirect(allocation)
    return render(request, "funding/allocation_amount.html", {"allocation": allocation, "form": form})


# Funders, streams and the calculator's bases -------------------------------------------------------------


@manage_money
def funder_add(request):
    form = FunderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            funder = services.funder_create(data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{funder.name} is added: you can now choose it for a funding stream.")
            return redirect("funding:stream-add")
    return render(request, "funding/funder_form.html", {"form": form})


@manage_money
def stream_add(request):
    form = StreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            stream = services.stream_create(data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{stream.name} is added.")
            return redirect(stream)
    return render(request, "funding/stream_form.html", {"form": form, "stream": None})


@manage_money
def stream_edit(request, slug):
    stream = get_object_or_404(FundingStream.objects.visible_to(request.user), slug=slug)
    initial = {field: getattr(stream, field) for field in services.STREAM_FIELDS}
    form = StreamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.stream_update(stream=stream, data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The funding stream is updated.")
            return redirect(stream)
    return render(
        request,
        "funding/stream_form.html",
        {
            "form": form,
            "stream": stream,
            "history": stream.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


@view_funding
def basis_list(request, pk):
    round_ = get_round_for_user(request.user, pk)
    can_manage = request.user.has_perm(perms.MANAGE_FUNDING_MONEY)
    table = BasisTable(
        ProviderBasis.objects.filter(round=round_)
        .select_related("provider")
        .order_by("provider__name", "pk"),
        can_manage=can_manage,
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "funding/basis_list.html",
        {
            "round": round_,
            "table": table,
            "can_manage": can_manage,
            "form": BasisForm() if can_manage else None,
        },
    )


@manage_money
def basis_add(request, pk):
    round_ = get_round_for_user(request.user, pk)
    form = BasisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        provider = data.pop("provider")
        reason = data.pop("reason")
        try:
            basis = services.basis_create(
                round=round_, provider=provider, data=data, by=request.user, reason=reason
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{basis.provider.name}'s figures are added.")
            return redirect("funding:bases", pk=round_.pk)
    return render(request, "funding/basis_form.html", {"round": round_, "form": form, "basis": None})


@manage_money
def basis_edit(request, pk):
    basis = get_object_or_404(
        ProviderBasis.objects.filter(round__in=Round.objects.visible_to(request.user)).select_related(
            "provider", "round__stream"
        ),
        pk=pk,
    )
    initial = {field: getattr(basis, field) for field in services.BASIS_FIELDS}
    form = BasisForm(request.POST or None, initial=initial, with_provider=False)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.basis_update(basis=basis, data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{basis.provider.name}'s figures are corrected.")
            return redirect("funding:bases", pk=basis.round_id)
    return render(
        request,
        "funding/basis_form.html",
        {
            "round": basis.round,
            "form": form,
            "basis": basis,
            "history": basis.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )
