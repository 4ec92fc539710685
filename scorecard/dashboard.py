"""The scorecard's panel on the home dashboard (portal/dashboard.py lists it)."""

from collections import Counter

from portal import permissions as perms

from .models import ScorecardQuarter, ScorecardVersion


def scorecard_panel(user):
    """For scorecard readers: the latest published quarter and how many measures are red, amber, green;
    for analysts also the quarters in draft."""
    analyst = user.has_perm(perms.MANAGE_SCORECARD)
    if not (analyst or user.has_perm(perms.VIEW_PUBLISHED_SCORECARD)):
        return None
    version = (
        ScorecardVersion.objects.visible_to(user)
        .select_related("scorecard_quarter__year")
        .order_by("-scorecard_quarter__year__start_year", "-scorecard_quarter__quarter", "-number")
        .first()
    )
    counts = Counter(row.get("rag") or "none" for row in version.rows.values()) if version else Counter()
    drafts = (
        list(
            ScorecardQuarter.objects.visible_to(user)
            .filter(status=ScorecardQuarter.Status.DRAFT)
            .select_related("year")[:4]
        )
        if analyst
        else []
    )
    return {
        "template": "scorecard/panels/scorecard.html",
        "version": version,
        "counts": [
            ("red", counts["red"]),
            ("amber", counts["amber"]),
            ("green", counts["green"]),
            ("", counts["none"]),
        ],
        "drafts": drafts,
    }
