"""The FPS's panels on the home dashboard (portal/dashboard.py lists them)."""

from django.db.models import Count, Q
from django.utils import timezone

from commissioning.providers.models import ProviderMembership
from portal import permissions as perms

from .models import Admission, Application, ApplicationWindow, Bid, Notification, Package


def queue_panel(user):
    """Commissioners: what is waiting for evaluation, and for providers' clarification answers."""
    if not user.has_perm(perms.EVALUATE_FPS_APPLICATION):
        return None
    counts = Application.objects.aggregate(
        submitted=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
        clarification=Count("pk", filter=Q(status=Application.Status.CLARIFICATION)),
    )
    return {"template": "fps/evaluation/panel.html", **counts}


def provider_panel(user):
    """Provider users: the open window, their applications in progress, packages they can bid for, and
    unread messages, in a fixed number of queries."""
    membership = ProviderMembership.for_user(user)
    if membership is None:
        return None
    provider_id = membership.provider_id
    now = timezone.now()
    applications = Application.objects.filter(provider_id=provider_id).aggregate(
        drafts=Count("pk", filter=Q(status=Application.Status.DRAFT)),
        clarifications=Count("pk", filter=Q(status=Application.Status.CLARIFICATION)),
    )
    admitted_lots = Admission.objects.current().filter(provider_id=provider_id).values("lot_id")
    open_packages = Package.objects.filter(
        status=Package.Status.PUBLISHED, bid_deadline__gt=now, lot_id__in=admitted_lots
    )
    return {
        "template": "fps/provider/panel.html",
        "open_window": ApplicationWindow.objects.open_at(now).select_related("system").first(),
        **applications,
        "open_packages": open_packages.count(),
        "unbid_packages": open_packages.exclude(
            pk__in=Bid.objects.filter(provider_id=provider_id).values("package_id")
        ).count(),
        "unread": Notification.objects.filter(provider_id=provider_id, read_at__isnull=True).count(),
    }
