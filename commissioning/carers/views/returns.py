"""The national returns for the performance analyst (no names, no contact details), and the hub's own
access log of searches and exports."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.exports import csv_response

from .. import returns, services
from ..forms import ReturnsForm
from ..models import RecordView
from ..tables import HubAccessLogTable

QUARTERS_SHOWN = 8


@permission_required(perms.EXPORT_CARERS_RETURNS, raise_exception=True)
def returns_page(request):
    quarters = returns.Quarter.of(timezone.localdate()).previous(QUARTERS_SHOWN)
    form = ReturnsForm(request.GET or None, quarters=quarters, initial={"quarter": quarters[1].slug})
    chosen = quarters[1]
    if form.is_bound and form.is_valid():
        chosen = returns.Quarter.parse(form.cleaned_data["quarter"])
    return render(
        request,
        "carers/returns.html",
        {"form": form, "quarter": chosen, "today": timezone.localdate()},
    )


@permission_required(perms.EXPORT_CARERS_RETURNS, raise_exception=True)
def returns_cld(request):
    chosen = request.GET.get("quarter", "")
    # No quarter asked for: the last one that is over.
    quarter = (
        returns.Quarter.parse(chosen) if chosen else returns.Quarter.of(timezone.localdate()).previous(2)[1]
    )
    if quarter is None:
        raise Http404("Choose a quarter, like 2025-q1.")
    rows = list(returns.cld_rows(quarter))
    services.record_view(
        user=request.user, carer=None, what=f"client level data {quarter.slug}", details={"rows": len(rows)}
    )
    return csv_response(f"carers-client-level-data-{quarter.slug}.csv", returns.CLD_HEADER, rows)


@permission_required(perms.EXPORT_CARERS_RETURNS, raise_exception=True)
def returns_sace(request):
    on = timezone.localdate()
    rows = list(returns.sace_rows(on))
    services.record_view(
        user=request.user, carer=None, what=f"survey of adult carers frame {on}", details={"rows": len(rows)}
    )
    return csv_response(f"survey-of-adult-carers-sample-frame-{on}.csv", returns.SACE_HEADER, rows)


def hub_access_log(request):
    """Searches and exports across the hub (each carer's own log is on their record)."""
    if not request.user.has_perm(perms.VIEW_CARERS_ACCESS_LOG):
        raise PermissionDenied
    views = (
        RecordView.objects.visible_to(request.user)
        .filter(carer=None)
        .select_related("user")
        .order_by("-viewed_at", "-pk")
    )
    table = HubAccessLogTable(views)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "carers/hub_access_log.html", {"table": table})
