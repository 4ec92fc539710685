"""Lists: the hub's caseload, the assessor's referrals sent to social care; and hub staff entering a
referral made by telephone, face to face or email."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import services
from ..filters import CaseloadFilter
from ..forms import ReferralForm
from ..models import Referral, Status
from ..tables import CaseloadTable

CASELOAD_ORDER = ["-is_crisis", "-received_at", "-id"]  # crisis first, then newest (the indexes' order)


# Up to this many referrals the caseload counts them; beyond it the count is the planner's estimate,
# shown as "about": counting a million referrals (COUNT(*) over an index) cost more than the page itself
# at the bench's scale (184 ms, against under 1 ms for the page's 25 rows from the first pages).
EXACT_COUNT_UP_TO = 10_000


def planner_estimate(queryset) -> int:
    """The number of rows PostgreSQL's planner expects `queryset` to return (from its statistics)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to EXACT_COUNT_UP_TO rows (reading no more than that many), and above that
    takes the planner's estimate (`estimated` is then True, and the page says "about")."""

    estimated = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list  # django-tables2's rows: their data's data is the queryset
        queryset = getattr(getattr(rows, "data", None), "data", rows).order_by().values("pk")
        exact = queryset[: EXACT_COUNT_UP_TO + 1].count()
        if exact <= EXACT_COUNT_UP_TO:
            return exact
        self.estimated = True
        estimate = planner_estimate(queryset)
        return max(exact, round(estimate, 3 - len(str(estimate))))  # to 3 significant figures


@permission_required(perms.VIEW_CARERS_REFERRALS, raise_exception=True)
def caseload(request):
    caseload_filter = CaseloadFilter(
        request.GET,
        # The order is spelled out (not left to Meta) so DeepPageQuerySet fetches deep pages in two steps.
        queryset=Referral.objects.visible_to(request.user).select_related("carer").order_by(*CASELOAD_ORDER),
    )
    table = CaseloadTable(caseload_filter.qs)
    RequestConfig(request, paginate={"per_page": 25, "paginator_class": EstimatedCountPaginator}).configure(
        table
    )
    return render(request, "carers/caseload.html", {"filter": caseload_filter, "table": table})


@permission_required(perms.CHANGE_CARERS_REFERRALS, raise_exception=True)
def referral_new(request):
    """Hub staff enter a referral made by telephone, face to face or email."""
    form = ReferralForm(request.POST or None, staff=True)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_receive(**form.service_arguments(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} is on the caseload.")
            return redirect(referral)
    return render(
        request,
        "carers/referral_new.html",
        {"form": form, "retention_years": settings.CARERS_RETENTION_YEARS},
    )


@permission_required(perms.ASSESS_CARERS_REFERRALS, raise_exception=True)
def assessor_list(request):
    """The referrals sent to social care: this assessor's, and those no assessor has taken yet."""
    referrals = Referral.objects.visible_to(request.user).select_related("carer").order_by(*CASELOAD_ORDER)
    waiting = CaseloadTable(
        referrals.filter(status__in=[Status.ASSESSOR_REVIEW, Status.SOCIAL_CARE]), prefix="waiting-"
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(waiting)
    return render(request, "carers/assessor_list.html", {"table": waiting})
