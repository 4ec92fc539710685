"""The carers hub's panels on the home dashboard: counts only, for the roles that work referrals."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from portal import permissions as perms

from .models import CLOSED_STATUSES, CaseTask, Referral, Status


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


WORK_SHOWN = 5
REVIEW_NOTICE_DAYS = 14


def work_panel(user):
    """The worker's own work: open tasks due within a week (overdue first) and the annual reviews of their
    cases due within two weeks. Two queries."""
    if not (user.has_perm(perms.CHANGE_CARERS_REFERRALS) or user.has_perm(perms.ASSESS_CARERS_REFERRALS)):
        return None
    today = timezone.localdate()
    tasks = list(
        CaseTask.objects.visible_to(user)
        .filter(owner=user, done_at=None, due_on__lte=today + timedelta(days=7))
        .select_related("referral")
        .order_by("due_on", "pk")[: WORK_SHOWN + 1]
    )
    reviews = list(
        Referral.objects.visible_to(user)
        .filter(
            owner=user,
            status=Status.PLAN_IN_PLACE,
            review_due_on__lte=today + timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .only("reference", "review_due_on")
        .order_by("review_due_on", "pk")[: WORK_SHOWN + 1]
    )
    return {
        "template": "carers/panels/work.html",
        "tasks": tasks[:WORK_SHOWN],
        "more_tasks": len(tasks) > WORK_SHOWN,
        "reviews": reviews[:WORK_SHOWN],
        "more_reviews": len(reviews) > WORK_SHOWN,
        "today": today,
    }
