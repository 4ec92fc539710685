"""The contracts app's panels on the home dashboard (portal/dashboard.py lists them)."""

from django.utils import timezone

from portal import permissions as perms

from .models import Contract
from .models.contracts import decision_notice_months

SHOWN = 5


def decisions_panel(user):
    """Contracts whose term ends within the notice period with no decision yet: the soonest first."""
    if not user.has_perm(perms.VIEW_CONTRACTS):
        return None
    due = Contract.objects.visible_to(user).needing_decision(timezone.localdate()).order_by("end_date", "pk")
    contracts = list(due.select_related("work_programme_item")[: SHOWN + 1])
    return {
        "template": "contracts/panels/decisions.html",
        "contracts": contracts[:SHOWN],
        "more": len(contracts) > SHOWN,
        "months": decision_notice_months(),
    }
