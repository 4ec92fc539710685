"""Finance officers' money pages (MANAGE_FUNDING_MONEY): rounds, offers (one at a time or with the
calculator), acceptance, refusal and payment, changed amounts, refused money placed, money retained, and
unspent money reclaimed. Each calls one service; the services say why when they refuse."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.forms import add_validation_errors
from portal.templatetags.govuk import money

from .. import queries, services
from ..forms import (
    AllocationForm,
    AmountForm,
    CalculatorForm,
    ReasonForm,
    RefusedMoneyForm,
    RoundForm,
    StatusForm,
    initial_for,
)
from ..models import ZERO, AllocationStatus, ReturnStatus
from ..tables import CalculatorTable
from .common import manage_money


def saved(request, form, write, success: str, to):
    """Call `write()`; on a ValidationError put its messages on the form and return None."""
    try:
        result = write()
    except ValidationError as error:
        add_validation_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(to(result) if callable(to) else to)


@manage_money
def allocation_add(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = saved(
            request,
            form,
            lambda: services.allocation_create(
                round=round_,
                provider=data["provider"],
                amount=data["amount"],
                basis=data["basis"],
                by=request.user,
                reason=data["reason"],
                offered_on=timezone.localdate(),
            ),
            lambda allocation: f"{allocation.provider.name} is offered {money(allocation.amount)}.",
            round_,
        )
        if done:
            return done
    return render(
        request,
        "funding/allocation_add.html",
        {"round": round_, "form": form, "left": services.round_available(round_)},
    )


@manage_money
def calculator(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    proposals, available = services.calculator_proposals(round_)
    form = CalculatorForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and proposals and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.calculator_approve(
                round=round_,
                amounts=form.amounts(),
                by=request.user,
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            ),
            lambda made: f"{len(made)} allocation{'s' if len(made) != 1 else ''} offered.",
            round_,
        )
        if done:
            return done
    return render(
        request,
        "funding/calculator.html",
        {
            "round": round_,
            "form": form,
            "table": CalculatorTable([{"proposal": p, "field": f} for p, f in form.rows()]),
            "available": available,
            "proposed": sum((p.amount for p in proposals), ZERO),
        },
    )


@manage_money
def allocation_status(request, pk):
    allocation = queries.get_allocation_for_user(request.user, pk)
    if not services.TRANSITIONS[allocation.status]:
        raise PermissionDenied(
            f"A {allocation.get_status_display().lower()} allocation's status cannot change."
        )
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.allocation_set_status(
                allocation=allocation,
                status=form.cleaned_data["status"],
                paid_on=form.cleaned_data.get("paid_on"),
                by=request.user,
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            ),
            "The allocation is updated.",
            allocation,
        )
        if done:
            return done
    return render(request, "funding/allocation_status.html", {"allocation": allocation, "form": form})


@manage_money
def allocation_amount(request, pk):
    allocation = queries.get_allocation_for_user(request.user, pk)
    if allocation.status not in (AllocationStatus.OFFERED, AllocationStatus.ACCEPTED):
        raise PermissionDenied("Only an offered or accepted allocation's amount can change.")
    form = AmountForm(request.POST or None, initial={"amount": allocation.amount})
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.allocation_change_amount(
                allocation=allocation,
                amount=form.cleaned_data["amount"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            ),
            "The amount is changed.",
            allocation,
        )
        if done:
            return done
    return render(request, "funding/allocation_amount.html", {"allocation": allocation, "form": form})


@manage_money
def refused_money(request, pk):
    allocation = queries.get_allocation_for_user(request.user, pk)
    if allocation.status != AllocationStatus.REFUSED:
        raise PermissionDenied("Only refused money can be redistributed or returned.")
    left = services.refused_left(allocation)
    form = RefusedMoneyForm(request.POST or None, initial={"amount": left})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write():
            if data["action"] == "redistribute":
                return services.refused_money_redistribute(
                    allocation=allocation,
                    to_provider=data["to_provider"],
                    amount=data["amount"],
                    by=request.user,
                    reason=data["reason"],
                    today=timezone.localdate(),
                )
            return services.refused_money_return(
                allocation=allocation, amount=data["amount"], by=request.user, reason=data["reason"]
            )

        done = saved(request, form, write, "The ledger shows where the refused money went.", allocation)
        if done:
            return done
    return render(
        request, "funding/refused_money.html", {"allocation": allocation, "form": form, "left": left}
    )


@manage_money
def round_retain(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    form = AmountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.round_retain(
                round=round_,
                amount=form.cleaned_data["amount"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            ),
            f"{money(form.cleaned_data['amount'])} is recorded as retained by the council.",
            round_,
        )
        if done:
            return done
    return render(
        request,
        "funding/round_retain.html",
        {"round": round_, "form": form, "left": services.round_available(round_)},
    )


@manage_money
def return_reclaim(request, pk):
    provider_return = queries.get_return_for_user(request.user, pk)
    if provider_return.status != ReturnStatus.SUBMITTED or provider_return.unspent <= 0:
        raise PermissionDenied("There is no unspent money to reclaim on this return.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.return_reclaim(
                provider_return=provider_return, by=request.user, reason=form.cleaned_data["reason"]
            ),
            "The unspent money is recorded as reclaimed and returned to the funder.",
            provider_return.allocation,
        )
        if done:
            return done
    return render(request, "funding/return_reclaim.html", {"provider_return": provider_return, "form": form})


@manage_money
def round_add(request, slug):
    stream = queries.get_stream_for_user(request.user, slug)
    form = RoundForm(
        request.POST or None,
        initial={"status": "expected", "rule": stream.rounds.values_list("rule", flat=True).last()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        done = saved(
            request,
            form,
            lambda: services.round_create(stream=stream, data=data, by=request.user, reason=reason),
            lambda round_: f"{round_.name} is added to {stream.name}.",
            lambda round_: round_,
        )
        if done:
            return done
    return render(request, "funding/round_form.html", {"stream": stream, "form": form, "round": None})


@manage_money
def round_edit(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    form = RoundForm(request.POST or None, initial=initial_for(round_, services.ROUND_FIELDS))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        done = saved(
            request,
            form,
            lambda: services.round_update(round=round_, data=data, by=request.user, reason=reason),
            "The round is updated.",
            round_,
        )
        if done:
            return done
    return render(
        request, "funding/round_form.html", {"stream": round_.stream, "form": form, "round": round_}
    )
