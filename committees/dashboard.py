"""The committees' panel on the home dashboard (portal/dashboard.py lists it)."""

from django.utils import timezone

from portal import permissions as perms

from .models import Action, Meeting, Report


def committees_panel(user):
    """Democratic services: the next meetings, reports awaiting publication, open actions.
    Report authors: their reports in progress."""
    if not user.has_perm(perms.DRAFT_REPORT):
        return None
    manage = user.has_perm(perms.MANAGE_COMMITTEES)
    in_progress = Report.objects.visible_to(user).exclude(status=Report.Status.PUBLISHED)
    return {
        "template": "committees/panels/committees.html",
        "manage": manage,
        "next_meetings": list(Meeting.objects.upcoming(timezone.localdate()).select_related("committee")[:3]),
        "drafts": in_progress.filter(status=Report.Status.DRAFT).count(),
        "submitted": in_progress.filter(status=Report.Status.SUBMITTED).count(),
        "open_actions": Action.objects.visible_to(user).open().count() if manage else None,
    }


def my_actions_panel(user):
    """Anyone linked to a person in the committees' register: the actions they own that are not done,
    soonest due first, overdue ones marked."""
    if not user.is_authenticated:
        return None
    actions = list(
        Action.objects.visible_to(user)
        .owned_by(user)
        .open()
        .select_related("meeting__committee")
        .order_by("due", "pk")[:10]
    )
    if not actions:
        return None
    return {
        "template": "committees/panels/my_actions.html",
        "actions": actions,
        "today": timezone.localdate(),
    }
