"""Funding's panels on the home dashboard (portal/dashboard.py lists them)."""

from django.db.models import Count, Q
from django.utils import timezone

from commissioning.providers.models import ProviderMembership
from portal import permissions as perms

from .models import AllocationStatus, ProviderAllocation, Round


def deadlines_panel(user):
    """For finance officers and commissioners: money due to be spent or passported in the next 30 days."""
    if not user.has_perm(perms.VIEW_FUNDING):
        return None
    today = timezone.localdate()
    due = list(Round.objects.visible_to(user).due_within(today).select_related("stream")[:5])
    return {"template": "funding/panels/deadlines.html", "due": due, "today": today}


def provider_funding_panel(user):
    """For a provider's users: their allocations, offers to accept or refuse, and returns still to make."""
    if ProviderMembership.for_user(user) is None:
        return None
    counts = ProviderAllocation.objects.own(user).aggregate(
        allocations=Count("pk"),
        offers_to_answer=Count("pk", filter=Q(status=AllocationStatus.OFFERED)),
        returns_to_make=Count("pk", filter=Q(status=AllocationStatus.PAID, provider_return__isnull=True)),
    )
    return {"template": "funding/panels/provider_funding.html", **counts}
