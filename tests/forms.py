"""Building posts for forms: the GOV.UK date input posts a date as three fields."""

from __future__ import annotations

import datetime
import re


def date_parts(value) -> tuple[str, str, str]:
    """A date as the day, month and year a person types: 28, 3, 2022. `value` is a date (or datetime), a
    string typed the UK way ("31/2/2022", "28 3 2022"), a (day, month, year) tuple, or None for nothing."""
    if value is None or value == "":
        return ("", "", "")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return (str(value.day), str(value.month), str(value.year))
    if isinstance(value, str):
        parts = re.split(r"[/\s.-]+", value.strip())
        if len(parts) != 3:
            raise ValueError(f"{value!r} is not a day, month and year")
        return tuple(parts)
    day, month, year = value
    return (str(day), str(month), str(year))


def date_fields(name: str, value, *, prefix: str | None = None) -> dict[str, str]:
    """The keys the GOV.UK date input posts: date_fields("start_date", date(2022, 3, 28)) is
    {"start_date-day": "28", "start_date-month": "3", "start_date-year": "2022"}."""
    key = f"{prefix}-{name}" if prefix else name
    day, month, year = date_parts(value)
    return {f"{key}-day": day, f"{key}-month": month, f"{key}-year": year}


def with_dates(data: dict, *names: str) -> dict:
    """`data` with each named date (a date, a UK string or None) replaced by its three date-input keys;
    names not in `data` are left alone."""
    result = dict(data)
    for name in names:
        if name in result:
            result.update(date_fields(name, result.pop(name)))
    return result
