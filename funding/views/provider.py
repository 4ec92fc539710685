"""A provider's own users: their funding (all allocations and returns), an allocation's page (also read by
funding staff), accepting or refusing an offer, and the return for money paid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from commissioning.contracts.standing import standing_warning
from committees.services import interest_matches
from portal.history import record_history

from .. import queries, services
from ..forms import RespondForm, ReturnForm
from ..models import AllocationStatus, ProviderReturn
from ..tables import LedgerTable, ReturnLinesTable
from .common import can_manage, ledger_table
from .money import saved


def my_funding(request):
    provider = queries.own_provider(request.user)
    if provider is None:
        raise Http404("You do not act for a provider organisation.")
    table = LedgerTable(queries.provider_allocations(provider))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "funding/provider_ledger.html",
        {"provider": provider, "table": table, "totals": queries.provider_totals(provider), "own": True},
    )


def allocation_detail(request, pk):
    allocation = queries.get_allocation_for_user(request.user, pk)
    own = queries.own_provider(request.user)
    is_own = own is not None and own.pk == allocation.provider_id
    provider_return = ProviderReturn.objects.visible_to(request.user).filter(allocation=allocation).first()
    lines = None
    if provider_return is not None:
        lines = ReturnLinesTable(
            [
                *(
                    {"label": line.get_category_display(), "amount": line.amount}
                    for line in provider_return.lines.all()
                ),
                {"label": "Unspent", "amount": provider_return.unspent},
            ]
        )
    manage = can_manage(request.user)
    return render(
        request,
        "funding/allocation_detail.html",
        {
            "allocation": allocation,
            "provider_return": provider_return,
            "return_lines": lines,
            "ledger": ledger_table(queries.allocation_ledger(allocation)),
            "can_manage": manage,
            "interest_warnings": interest_matches.provider_warnings(
                request.user, allocation.provider, role=interest_matches.FUNDED
            ),
            "can_change_status": manage and bool(services.TRANSITIONS[allocation.status]),
            "refused_left": services.refused_left(allocation)
            if allocation.status == AllocationStatus.REFUSED
            else None,
            "can_respond": is_own and allocation.status == AllocationStatus.OFFERED,
            "can_submit_return": is_own
            and allocation.status == AllocationStatus.PAID
            and provider_return is None,
            "history": record_history(allocation, limit=50),
            "is_staff_view": not is_own,
            # Where money is placed, a provider of concern or suspended is flagged (issue 12).
            "standing_warning": standing_warning(allocation.provider) if not is_own else "",
        },
    )


def get_own_allocation(request, pk):
    """The allocation, for its own provider's users only: funding staff, who may read it, are refused
    (403); anyone else finds nothing (404)."""
    allocation = queries.get_allocation_for_user(request.user, pk)
    own = queries.own_provider(request.user)
    if own is None or own.pk != allocation.provider_id:
        raise PermissionDenied("Only the provider's own users answer for it.")
    return allocation


def allocation_respond(request, pk):
    """The provider accepts or refuses the money offered."""
    allocation = get_own_allocation(request, pk)
    if allocation.status != AllocationStatus.OFFERED:
        messages.info(
            request,
            f"This allocation is {allocation.get_status_display().lower()}: there is nothing to answer.",
        )
        return redirect(allocation)
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        done = saved(
            request,
            form,
            lambda: services.allocation_respond(
                allocation=allocation, accept=accept, by=request.user, reason=form.cleaned_data["reason"]
            ),
            "You have accepted the money. The council's finance team has been told."
            if accept
            else "You have refused the money. The council's finance team has been told.",
            allocation,
        )
        if done:
            return done
    return render(request, "funding/allocation_respond.html", {"allocation": allocation, "form": form})


def return_submit(request, pk):
    """A provider's own user makes the return for a paid allocation."""
    allocation = get_own_allocation(request, pk)
    if (
        allocation.status != AllocationStatus.PAID
        or ProviderReturn.objects.visible_to(request.user).filter(allocation=allocation).exists()
    ):
        messages.info(request, "There is no return to make for this allocation.")
        return redirect(allocation)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.return_submit(
                allocation=allocation,
                spend=form.spend(),
                unspent=form.cleaned_data["unspent"],
                notes=form.cleaned_data["notes"],
                by=request.user,
                today=timezone.localdate(),
            ),
            "Your return has been sent to the council. Thank you.",
            allocation,
        )
        if done:
            return done
    return render(request, "funding/return_submit.html", {"allocation": allocation, "form": form})
