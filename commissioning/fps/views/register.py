"""FPS views: the admitted-provider register (public, with its CSV) and commissioners' suspensions,
reinstatements and removals (see urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_tables2 import RequestConfig

from commissioning.providers.models import AREA_SHORT_NAMES, Area
from portal import permissions as perms
from portal.exports import csv_response
from portal.forms import add_validation_errors

from ..forms.evaluation import AdmissionChangeForm
from ..models import Admission, PurchasingSystem
from ..services import evaluation as services
from ..tables.evaluation import RegisterFilter, RegisterTable, register_queryset
from .evaluation import posted

# The register ----------------------------------------------------------------------------------------------


def register_lots(system):
    return list(
        system.lots.annotate(
            on_register=Count("admissions", filter=~Q(admissions__status=Admission.Status.REMOVED))
        ).order_by("number")
    )


@login_not_required
def register(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    lots = register_lots(system)
    chosen = request.GET.get("lot", "")
    lot = next((lot for lot in lots if str(lot.number) == chosen), lots[0] if lots else None)
    table = register_filter = None
    can_manage = request.user.has_perm(perms.MANAGE_FPS)
    if lot is not None:
        register_filter = RegisterFilter(
            request.GET, queryset=register_queryset(system, with_standing=can_manage).filter(lot=lot)
        )
        table = RegisterTable(register_filter.qs, can_manage=can_manage)
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "fps/evaluation/register.html",
        {
            "system": system,
            "lots": lots,
            "lot": lot,
            "filter": register_filter,
            "table": table,
            "can_manage": can_manage,
            "overview_url": services.link_to("fps:overview", system.slug),
        },
    )


@login_not_required
def register_csv(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    header = [
        "Lot",
        "Lot title",
        "Provider",
        "Companies House number",
        "Charity number",
        "CQC provider ID",
        "Town",
        "Postcode",
        # One value per cell (issue 18): a column for each care community, not a list in one cell.
        *(f"Serves {AREA_SHORT_NAMES[area]}" for area in Area),
        "Status",
        "Admitted",
    ]
    rows = (
        [
            admission.lot.number,
            admission.lot.title,
            admission.provider.name,
            admission.provider.companies_house_number,
            admission.provider.charity_number,
            admission.provider.cqc_provider_id,
            admission.provider.town,
            admission.provider.postcode,
            *("Yes" if area in admission.provider.areas_served else "No" for area in Area),
            admission.get_status_display(),
            timezone.localtime(admission.admitted_at).date().isoformat(),
        ]
        for admission in register_queryset(system).iterator(chunk_size=2000)
    )
    filename = f"{slugify(system.code)}-fps-register-{timezone.localdate().isoformat()}.csv"
    return csv_response(filename, header, rows)


def _admission_change(request, pk, *, action: str):
    admission = get_object_or_404(
        Admission.objects.visible_to(request.user).select_related("provider", "lot__system"), pk=pk
    )
    system = admission.lot.system
    back = reverse("fps:register", args=[system.slug]) + f"?lot={admission.lot.number}"
    allowed = {
        "suspend": [Admission.Status.ACTIVE],
        "reinstate": [Admission.Status.SUSPENDED],
        "remove": [Admission.Status.ACTIVE, Admission.Status.SUSPENDED],
    }[action]
    if admission.status not in allowed:
        messages.info(
            request,
            f"{admission.provider.name} is {admission.get_status_display().lower()} "
            f"on lot {admission.lot.number}.",
        )
        return redirect(back)
    labels = {
        "suspend": "Why is the provider being suspended?",
        "reinstate": "Why is the provider being reinstated?",
        "remove": "Why is the provider being removed?",
    }
    form = AdmissionChangeForm(posted(request), label=labels[action], removal=action == "remove")
    if request.method == "POST" and form.is_valid():
        service = {
            "suspend": services.admission_suspend,
            "reinstate": services.admission_reinstate,
            "remove": services.admission_remove,
        }[action]
        try:
            extra = {"excluded": form.cleaned_data["excluded"]} if action == "remove" else {}
            service(admission=admission, reason=form.cleaned_data["reason"], by=request.user, **extra)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            done = {"suspend": "suspended from", "reinstate": "reinstated on", "remove": "removed from"}[
                action
            ]
            messages.success(request, f"{admission.provider.name} is {done} lot {admission.lot.number}.")
            return redirect(back)
    return render(
        request,
        "fps/evaluation/admission_change.html",
        {"admission": admission, "system": system, "action": action, "form": form, "back": back},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def admission_suspend(request, pk):
    return _admission_change(request, pk, action="suspend")


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def admission_reinstate(request, pk):
    return _admission_change(request, pk, action="reinstate")


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def admission_remove(request, pk):
    return _admission_change(request, pk, action="remove")
