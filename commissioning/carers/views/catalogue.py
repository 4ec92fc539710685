"""The service catalogue (Levels of Need) for the hub's staff: read it, correct a service, retire one the
hub no longer offers (never deleted: allocations point at it) and bring it back (ADR 052)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.history import record_history

from .. import services
from ..forms.catalogue import CatalogueReasonForm, CatalogueServiceForm
from ..models import CatalogueService

manage_catalogue = permission_required(perms.CHANGE_CARERS_REFERRALS, raise_exception=True)


@manage_catalogue
def catalogue(request):
    return render(
        request,
        "carers/catalogue.html",
        {"services": CatalogueService.objects.annotate(allocated=Count("allocations")).order_by("position")},
    )


@manage_catalogue
def catalogue_edit(request, code):
    service = get_object_or_404(CatalogueService, code=code)
    initial = {field: getattr(service, field) for field in services.CATALOGUE_FIELDS}
    form = CatalogueServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.catalogue_service_update(service=service, data=data, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The service is updated.")
            return redirect("carers:catalogue")
    return render(
        request,
        "carers/catalogue_form.html",
        {"form": form, "service": service, "history": record_history(service, limit=20)},
    )


@manage_catalogue
def catalogue_retire(request, code):
    service = get_object_or_404(CatalogueService, code=code)
    back = reverse("carers:catalogue")
    return confirm_or_refuse(
        request,
        title=f"Retire {service.name}?",
        caption="Service catalogue",
        summary=[("Service", service.name), ("Level of need", service.get_tier_display())],
        warning="Staff can no longer allocate it. Allocations already made stay on carers' records.",
        button="Retire service",
        refusal=f"{service.name} is already retired." if service.is_retired else "",
        refused_title=f"{service.name} is retired",
        back=back,
        form=CatalogueReasonForm(request.POST or None),
        action=lambda form: (
            services.catalogue_service_retire(
                service=service, by=request.user, reason=form.cleaned_data["reason"]
            ),
            (f"{service.name} is retired: it can no longer be allocated.", back),
        )[1],
    )


@manage_catalogue
def catalogue_reinstate(request, code):
    service = get_object_or_404(CatalogueService, code=code)
    back = reverse("carers:catalogue")
    return confirm_or_refuse(
        request,
        title=f"Reinstate {service.name}?",
        caption="Service catalogue",
        summary=[("Service", service.name), ("Level of need", service.get_tier_display())],
        warning="Staff can allocate it again.",
        button="Reinstate service",
        button_style="",
        refusal="" if service.is_retired else f"{service.name} is not retired.",
        refused_title=f"{service.name} is offered",
        back=back,
        form=CatalogueReasonForm(request.POST or None),
        action=lambda form: (
            services.catalogue_service_reinstate(
                service=service, by=request.user, reason=form.cleaned_data["reason"]
            ),
            (f"{service.name} is reinstated: it can be allocated again.", back),
        )[1],
    )
