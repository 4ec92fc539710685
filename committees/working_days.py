"""Clear working days in England and Wales, for call-in deadlines (docs/adr/033).

Bank holidays come from the `holidays` package (pinned in pyproject.toml; its "GB"/"ENG" calendar is the
GOV.UK England and Wales list, including one-off days such as 19 September 2022), never from a hand-kept
list. A working day is Monday to Friday and not a bank holiday. "N clear working days after" a day does
not count that day itself: the deadline is the end of the Nth working day after it.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def clear_working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The last of `count` clear working days after `day` (`day` itself is not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    found = 0
    while found < count:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day
