"""FPS views: public (see urls.py). What each purchasing system is, its lots and its application windows
(open or closed by the server's clock, shown in UK time). No sign-in needed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commissioning.providers.models import ProviderMembership

from ..models import Application, ApplicationWindow, Lot, PurchasingSystem
from ..tables.public import LotTable, PublicWindowTable, SpendTable


def url_or_none(name: str, *args) -> str | None:
    """A link to a page another part of the FPS provides, or None while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def systems_for_listing():
    return PurchasingSystem.objects.prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number")),
        Prefetch("windows", queryset=ApplicationWindow.objects.order_by("-opens_at", "-pk")),
    ).order_by("name", "pk")


@login_not_required
def index(request):
    now = timezone.now()
    systems = list(systems_for_listing())
    for system in systems:
        system.open_window = next((w for w in system.windows.all() if w.is_open(now)), None)
        system.active_lots = [lot for lot in system.lots.all() if lot.is_active]
    return render(request, "fps/public/index.html", {"systems": systems})


@login_not_required
def overview(request, slug):
    system = get_object_or_404(
        PurchasingSystem.objects.prefetch_related(
            Prefetch("lots", queryset=Lot.objects.order_by("number")),
            "spend_figures",
        ),
        slug=slug,
    )
    now = timezone.now()
    windows = list(system.windows.order_by("-opens_at", "-pk"))
    for window in windows:
        window._state_moment = now
    open_window = next((w for w in windows if w.state == ApplicationWindow.State.OPEN), None)
    next_window = min(
        (w for w in windows if w.state == ApplicationWindow.State.UPCOMING),
        key=lambda w: w.opens_at,
        default=None,
    )
    lots = list(system.lots.all())
    spend_figures = list(system.spend_figures.all())
    membership = ProviderMembership.for_user(request.user)
    own_application = None
    if membership is not None and open_window is not None:
        own_application = (
            Application.objects.own(request.user)
            .filter(window=open_window)
            .exclude(status=Application.Status.WITHDRAWN)
            .first()
        )
    return render(
        request,
        "fps/public/overview.html",
        {
            "system": system,
            "lot_table": LotTable(lots, system_name=system.name),
            "lots": lots,
            "windows": windows,
            "window_table": PublicWindowTable(windows, now=now),
            "open_window": open_window,
            "next_window": next_window,
            "spend_figures": spend_figures,
            "spend_table": SpendTable(spend_figures),
            "is_provider_user": membership is not None,
            "own_application": own_application,
            "register_url": url_or_none("fps:register", system.slug),
        },
    )
