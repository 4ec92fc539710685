"""FPS views: running a purchasing system (see urls.py). Commissioners who run the FPS add lots and keep
its application windows: add, correct and remove them (a window with applications stays, and the page
says why)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.timefmt import govuk_date, govuk_datetime

from ..forms.system import LotForm, WindowForm
from ..models import ApplicationWindow, PurchasingSystem
from ..services import system as services
from ..tables.system import WindowTable

# The service names a window's times; the form asks for each as a date and a time.
FORM_FIELD = {"opens_at": "opens_on", "closes_at": "closes_on"}


def posted(request):
    return request.POST if request.method == "POST" else None


def windows_url(system: PurchasingSystem) -> str:
    return reverse("fps:windows", args=[system.slug])


def get_window(system: PurchasingSystem, pk: int) -> ApplicationWindow:
    return get_object_or_404(system.windows.select_related("system"), pk=pk)


def form_errors(error: ValidationError) -> ValidationError:
    """The service's errors on the form's field names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({FORM_FIELD.get(name, name): errors for name, errors in error.error_dict.items()})


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def lot_add(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    back = reverse("fps:overview", args=[system.slug])
    form = LotForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lot = services.lot_add(system=system, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{lot} is added to the {system.name}.")
            return redirect(back)
    next_number = (system.lots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return render(
        request,
        "fps/evaluation/lot_add.html",
        {"system": system, "form": form, "next_number": next_number, "back": back},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def windows(request, slug):
    """The system's application windows, latest first, each with its number of applications."""
    system = get_object_or_404(PurchasingSystem, slug=slug)
    table = WindowTable(
        system.windows.annotate(application_count=Count("applications")).order_by("-opens_at", "-pk"),
        now=timezone.now(),
    )
    table.paginate(page=request.GET.get("page", 1), per_page=25)
    return render(
        request,
        "fps/system/windows.html",
        {"system": system, "table": table, "term": (system.go_live, system.ends)},
    )


def _window_values(form) -> dict:
    return {
        "name": form.cleaned_data["name"],
        "opens_at": form.cleaned_data["opens_at"],
        "closes_at": form.cleaned_data["closes_at"],
        "evaluation_by": form.cleaned_data["evaluation_by"],
    }


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def window_add(request, slug):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    form = WindowForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            window = services.window_add(system=system, by=request.user, **_window_values(form))
        except ValidationError as error:
            add_validation_errors(form, form_errors(error))
        else:
            messages.success(request, f"The {window.name} is added.")
            return redirect(windows_url(system))
    return render(
        request,
        "fps/system/window_form.html",
        {"system": system, "form": form, "window": None, "back": windows_url(system)},
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def window_edit(request, slug, pk):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    window = get_window(system, pk)
    form = WindowForm(posted(request), window=window)
    applications = window.applications.count()
    if request.method == "POST" and form.is_valid():
        try:
            window = services.window_change(window=window, by=request.user, **_window_values(form))
        except ValidationError as error:
            add_validation_errors(form, form_errors(error))
        else:
            messages.success(request, f"The {window.name} is changed.")
            return redirect(windows_url(system))
    return render(
        request,
        "fps/system/window_form.html",
        {
            "system": system,
            "form": form,
            "window": window,
            "applications": applications,
            "back": windows_url(system),
        },
    )


@permission_required(perms.MANAGE_FPS, raise_exception=True)
def window_remove(request, slug, pk):
    system = get_object_or_404(PurchasingSystem, slug=slug)
    window = get_window(system, pk)

    def remove(form):
        services.window_remove(window=window, by=request.user)
        return f"The {window.name} is removed.", windows_url(system)

    return confirm_or_refuse(
        request,
        title=f"Remove the {window.name}?",
        refused_title=f"The {window.name} cannot be removed",
        caption=system.name,
        summary=[
            ("Window", window.name),
            ("Opens", govuk_datetime(window.opens_at)),
            ("Closes", govuk_datetime(window.closes_at)),
            ("Evaluation to finish by", govuk_date(window.evaluation_by) or "Not set"),
            ("Applications", window.applications.count()),
        ],
        warning="The window will be removed: providers will not be able to apply in it.",
        button="Remove the window",
        refusal=services.window_removal_refusal(window) or "",
        back=windows_url(system),
        action=remove,
    )
