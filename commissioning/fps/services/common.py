"""What every FPS service shares: the audit trail's who and why, UK times in messages (both the portal's
own, from portal/audit.py and portal/timefmt.py), and links to the FPS's pages."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from portal.audit import audit
from portal.timefmt import govuk_date as uk_date
from portal.timefmt import uk_time

__all__ = ["audit", "history_summary", "link_to", "uk_date", "uk_time"]

# A reason in a history row is a summary: the whole reason stays on the record itself.
SUMMARY_LENGTH = 100


def history_summary(reason: str) -> str:
    return reason if len(reason) <= SUMMARY_LENGTH else reason[: SUMMARY_LENGTH - 1] + "…"


def link_to(url_name: str, *args, fallback: str = "") -> str:
    """The path of a page another part of the FPS provides, or `fallback` while it does not exist."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return fallback
