"""Lists: the hub's caseload, the assessor's referrals sent to social care; and hub staff entering a
referral made by telephone, face to face or email."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import services
from ..filters import CaseloadFilter
from ..forms import ReferralForm
from ..models import Referral, Status
from ..tables import CaseloadTable

CASELOAD_ORDER = ["-is_crisis", "-received_at", "-id"]  # crisis first, then newest (the indexes' order)


@permission_required(perms.VIEW_CARERS_REFERRALS, raise_exception=True)
def caseload(request):
    caseload_filter = CaseloadFilter(
        request.GET,
        # The order is spelled out (not left to Meta) so DeepPageQuerySet fetches deep pages in two steps.
        queryset=Referral.objects.visible_to(request.user).select_related("carer").order_by(*CASELOAD_ORDER),
    )
    table = CaseloadTable(caseload_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
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
