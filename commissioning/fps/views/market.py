"""FPS views: a purchasing system's rules and, for a Procurement Act 2023 dynamic market, its notices (see
urls.py). The notices page is public (they are published on Find a Tender, and in the OCDS export);
commissioners who run the FPS change the rules, record the day a market was established, and record each
notice. Excluded suppliers are removed from the register (views/register.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from portal import permissions as perms
from portal.forms import add_validation_errors

from ..forms.market import MarketForm, NoticeForm
from ..models import PurchasingSystem
from ..services import market as services
from ..services.common import uk_date
from ..tables.market import NoticeTable
from .setup import _form_page, posted


def market_url(system) -> str:
    return reverse("fps:market", args=[system.slug])


@login_not_required
def market(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    notices = system.notices.select_related("package").order_by("published_on", "pk")
    can_manage = request.user.has_perm(perms.MANAGE_FPS)
    return render(
        request,
        "fps/market/index.html",
        {
            "system": system,
            "table": NoticeTable(notices),
            "can_manage": can_manage,
            "due": list(services.contract_details_due(system))
            if can_manage and system.is_dynamic_market
            else [],
            "refusal": system.conditions_change_refusal(),
        },
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def market_edit(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    form = MarketForm(posted(request), system=system)
    if request.method == "POST" and form.is_valid():
        try:
            system = services.market_change(system=system, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The {system.name}'s rules are saved.")
            return redirect(market_url(system))
    established = system.established_on
    return _form_page(
        request,
        form=form,
        title="Rules and date established",
        caption=system.name,
        button="Save",
        back=market_url(system),
        intro=(
            f"Established as a dynamic market on {uk_date(established)}: the rules and that date are fixed."
            if established
            else "A dynamic market's conditions for membership are fixed once it is established: changing "
            "them then needs a modification notice."
        ),
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def notice_add(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    form = NoticeForm(posted(request), system=system)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_record(system=system, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            late = (
                f" It was due by {uk_date(notice.due_by)}: it is marked late."
                if services.is_late(notice)
                else ""
            )
            messages.success(request, f"The {notice.get_kind_display()} is recorded.{late}")
            return redirect(market_url(system))
    return _form_page(
        request,
        form=form,
        title="Record a notice",
        caption=system.name,
        button="Record the notice",
        back=market_url(system),
        intro=(
            "A notice the council has published on Find a Tender. It cannot be dated before the event it "
            "reports, except an intention notice, which comes before the market is established."
        ),
    )
