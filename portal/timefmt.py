"""Dates and times as GOV.UK writes them, in UK time: one module, used by template filters and Python.

GOV.UK style: "28 March 2022", "10:30am", "5pm" (no ":00" for the hour, lower-case am/pm, no dots),
"midday" and "midnight" for 12pm and 12am.
"""

from __future__ import annotations

import datetime as dt

from django.template.defaultfilters import date as date_filter
from django.utils import timezone


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def govuk_date(value) -> str:
    """28 March 2022."""
    if not value:
        return ""
    return date_filter(_local(value), "j F Y")


def govuk_time(value) -> str:
    """10:30am, 5pm, midday, midnight (UK time for aware datetimes; a `time` as it is)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    return date_filter(value, "g:iA" if value.minute else "gA").lower()


def govuk_datetime(value) -> str:
    """28 March 2022 at 2:05pm, in UK time."""
    if not value:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


def uk_time(moment) -> str:
    """'5pm on 31 May 2022' (or '5:30pm on ...'), in UK time: deadlines in sentences."""
    return f"{govuk_time(moment)} on {govuk_date(moment)}"
