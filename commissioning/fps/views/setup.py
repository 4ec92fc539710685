"""FPS views: setting up a purchasing system (issue 14: no dead ends). Commissioners who run the FPS set
up a new system, change its name, description or term, and change or remove a lot (a lot that
applications, admissions or packages refer to stays, and the page says why)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors

from ..forms.setup import LotChangeForm, LotRemoveForm, SystemChangeForm, SystemCreateForm
from ..models import PurchasingSystem
from ..services import setup as services


def posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, *, form, title: str, caption: str, button: str, back: str, intro: str = ""):
    return render(
        request,
        "fps/system/setup_form.html",
        {"form": form, "title": title, "caption": caption, "button": button, "back": back, "intro": intro},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def system_create(request):
    form = SystemCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            system = services.system_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The {system.name} is set up. Add its lots and application windows.")
            return redirect(system)
    return _form_page(
        request,
        form=form,
        title="Set up a purchasing system",
        caption="Flexible purchasing systems",
        button="Set up the system",
        back=reverse("fps:index"),
        intro="It starts in development. Add its lots, application windows and questionnaire next.",
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def system_edit(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    form = SystemChangeForm(posted(request), system=system)
    if request.method == "POST" and form.is_valid():
        try:
            system = services.system_change(system=system, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The {system.name} is changed.")
            return redirect(system)
    return _form_page(
        request,
        form=form,
        title="Change the name, description or term",
        caption=system.name,
        button="Save changes",
        back=system.get_absolute_url(),
        intro="Every application window must lie within the term.",
    )


def get_lot(system: PurchasingSystem, pk: int):
    return get_object_or_404(system.lots.select_related("system"), pk=pk)


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def lot_edit(request, slug, pk):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    lot = get_lot(system, pk)
    form = LotChangeForm(posted(request), lot=lot)
    if request.method == "POST" and form.is_valid():
        try:
            lot = services.lot_change(lot=lot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{lot} is changed.")
            return redirect(system)
    return _form_page(
        request,
        form=form,
        title=f"Change lot {lot.number}",
        caption=system.name,
        button="Save changes",
        back=system.get_absolute_url(),
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def lot_remove(request, slug, pk):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    lot = get_lot(system, pk)

    def remove(form):
        services.lot_remove(lot=lot, reason=form.cleaned_data["reason"], by=request.user)
        return f"{lot} is removed.", system.get_absolute_url()

    return confirm_or_refuse(
        request,
        title=f"Remove lot {lot.number}?",
        refused_title=f"Lot {lot.number} cannot be removed",
        caption=system.name,
        summary=[("Lot", str(lot)), ("Description", lot.description or "None")],
        warning="The lot and its own questions will be removed. Its history is kept.",
        button="Remove the lot",
        refusal=services.lot_removal_refusal(lot),
        back=system.get_absolute_url(),
        form=LotRemoveForm(posted(request)),
        action=remove,
    )
