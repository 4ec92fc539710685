"""The FPS's panels on the home dashboard (portal/dashboard.py lists them)."""

from django.db.models import Count, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.providers.models import Provider, ProviderMembership
from portal import permissions as perms

from .models import Admission, Application, ApplicationWindow, Bid, Notification, Package, PublicQuestion


def queue_panel(user):
    """Commissioners: what is waiting for evaluation, and for providers' clarification answers; delegated
    officers: what is ready for a decision."""
    if not user.has_perm(perms.VIEW_FPS_APPLICATIONS):
        return None
    counts = Application.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
        clarification=Count("pk", filter=Q(status=Application.Status.CLARIFICATION)),
    )
    evaluates = user.has_perm(perms.EVALUATE_FPS_APPLICATION)
    decides = user.has_perm(perms.DECIDE_FPS_APPLICATION)
    ready = Application.objects.visible_to(user).ready_for_decision().count() if decides else None
    questions = None
    if user.has_perm(perms.MANAGE_FPS):
        questions = PublicQuestion.objects.visible_to(user).filter(status=PublicQuestion.Status.ASKED).count()
    return {
        "template": "fps/evaluation/panel.html",
        "evaluates": evaluates,
        "ready": ready,
        "questions": questions,
        **counts,
    }


def _count(queryset):
    """A queryset's row count as a scalar subquery, so several counts come back in one query."""
    counted = queryset.order_by().annotate(_one=Value(1)).values("_one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def provider_panel(user):
    """Provider users: the open window, their applications in progress, packages they can bid for, and
    unread messages: two queries, whatever the numbers."""
    membership = ProviderMembership.for_user(user)
    if membership is None:
        return None
    provider_id = membership.provider_id
    now = timezone.now()
    applications = Application.objects.own(user)
    admitted_lots = (
        Admission.objects.visible_to(user).current().filter(provider_id=provider_id).values("lot_id")
    )
    open_packages = Package.objects.visible_to(user).filter(
        status=Package.Status.PUBLISHED, bid_deadline__gt=now, lot_id__in=admitted_lots
    )
    own_bids = Bid.objects.own(user).values("package_id")
    counts = (
        Provider.objects.visible_to(user)
        .filter(pk=provider_id)
        .annotate(
            drafts=_count(applications.filter(status=Application.Status.DRAFT)),
            clarifications=_count(applications.filter(status=Application.Status.CLARIFICATION)),
            open_packages=_count(open_packages),
            unbid_packages=_count(open_packages.exclude(pk__in=own_bids)),
            unread=_count(Notification.objects.visible_to(user).unread()),
        )
        .values("drafts", "clarifications", "open_packages", "unbid_packages", "unread")
        .get()
    )
    return {
        "template": "fps/provider/panel.html",
        "open_window": ApplicationWindow.objects.open_at(now).select_related("system").first(),
        **counts,
    }
