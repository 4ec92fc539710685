"""The provider's page's monitoring section (issue 12, part 8's hook for parts 4-7): its standing, latest
performance returns, quality visits, outstanding actions and open concerns, each read through the reader's
`visible_to` (a provider's users: their own returns, visit reports and action plans, never concerns or
internal notes; finance officers: returns, not quality). A fixed number of queries, lists capped."""

from __future__ import annotations

from ..models import ActionItem, Concern, PerformanceReturn, ProviderQuality, QualityVisit
from .tables import ActionTable, ConcernTable, ReturnTable, VisitTable

LISTED = 8


def monitoring(provider, user, *, internal: bool) -> dict:
    returns = ReturnTable(
        list(
            PerformanceReturn.objects.visible_to(user)
            .filter(provider=provider)
            .select_related("contract", "provider")
            .order_by("-year", "-quarter", "id")[:LISTED]
        ),
        orderable=False,
        exclude=("provider",),
    )
    visits = VisitTable(
        list(
            QualityVisit.objects.visible_to(user)
            .filter(provider=provider)
            .select_related("provider", "officer")
            .order_by("-visit_date", "-pk")[:LISTED]
        ),
        orderable=False,
        exclude=("provider",),
    )
    actions = ActionTable(
        list(
            ActionItem.objects.visible_to(user)
            .filter(provider=provider)
            .outstanding()
            .select_related("provider")
            .order_by("due_on", "pk")[:LISTED]
        ),
        show_provider=False,
        orderable=False,
    )
    concerns = list(
        Concern.objects.visible_to(user)
        .filter(provider=provider, status=Concern.Status.OPEN)
        .select_related("provider")
        .order_by("-opened_on", "-pk")[:LISTED]
    )
    record = ProviderQuality.objects.visible_to(user).filter(provider=provider).first()
    return {
        "template": "contracts/provider/_monitoring.html",
        "title": "Performance and quality",
        "internal": internal,
        "record": record,
        "returns": returns,
        "visits": visits,
        "actions": actions,
        "concerns": ConcernTable(concerns, orderable=False, exclude=("provider",)) if concerns else None,
        "listed": LISTED,
    }
