"""The providers' panels on the home dashboard (portal/dashboard.py lists them)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from portal import permissions as perms

from .models import Provider, ProviderMembership


def own_organisation_panel(user):
    membership = ProviderMembership.for_user(user)
    if membership is None:
        return None
    provider = membership.provider
    return {
        "template": "providers/panels/own_organisation.html",
        "provider": provider,
        "colleagues": provider.memberships.count(),
    }


def register_panel(user):
    if not user.has_perm(perms.VIEW_PROVIDER_REGISTER):
        return None
    since = timezone.now() - timedelta(days=30)
    counts = Provider.objects.visible_to(user).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        recent=Count("pk", filter=Q(created_at__gte=since)),
        deactivated=Count("pk", filter=Q(is_active=False)),
    )
    return {"template": "providers/panels/register.html", **counts}
