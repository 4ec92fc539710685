"""`{{ deadline|closes_in }}`: "closes in 6 days", "closes tomorrow", "closes today" or "closed", by the
server's clock in UK days (services.reminders.closes_in, the same words the reminder emails use)."""

from __future__ import annotations

from django import template

from ..services.reminders import closes_in as closes_in_words

register = template.Library()


@register.filter
def closes_in(deadline, verb: str = "closes"):
    if deadline is None:
        return ""
    return closes_in_words(deadline, verb=verb)
