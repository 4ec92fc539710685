"""The carers hub's panels on the home dashboard: counts only, for the roles that work referrals."""

from django.db.models import Count, Q
from django.utils import timezone

from portal import permissions as perms

from .models import CLOSED_STATUSES, Referral, Status


def hub_panel(user):
    if not user.has_perm(perms.VIEW_CARERS_REFERRALS):
        return None
    counts = (
        Referral.objects.visible_to(user)
        .exclude(status__in=CLOSED_STATUSES)
        .aggregate(
            open=Count("pk"),
            crisis=Count("pk", filter=Q(is_crisis=True)),
            new=Count("pk", filter=Q(status=Status.RECEIVED)),
            overdue=Count(
                "pk", filter=Q(status=Status.PLAN_IN_PLACE, review_due_on__lte=timezone.localdate())
            ),
        )
    )
    return {"template": "carers/panels/hub.html", **counts}


def assessor_panel(user):
    if not user.has_perm(perms.ASSESS_CARERS_REFERRALS):
        return None
    waiting = (
        Referral.objects.visible_to(user)
        .filter(status__in=[Status.ASSESSOR_REVIEW, Status.SOCIAL_CARE])
        .count()
    )
    return {"template": "carers/panels/assessor.html", "waiting": waiting}
