"""Financial years and quarters (April to March), the periods providers report their performance for.

A quarter is named by the year its financial year starts in and its number: (2026, 2) is Q2 2026-27,
1 July to 30 September 2026.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

# Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March (of the next calendar year).
QUARTER_START_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}


def return_due_days() -> int:
    """Days after a quarter ends by which its performance return is due (CONTRACTS_RETURN_DUE_DAYS)."""
    return int(getattr(settings, "CONTRACTS_RETURN_DUE_DAYS", 30))


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the financial year starts in
    number: int  # 1 to 4

    def __post_init__(self):
        if self.number not in QUARTER_START_MONTH:
            raise ValueError("A quarter is numbered 1 to 4")

    @property
    def start(self) -> datetime.date:
        calendar_year = self.year + 1 if self.number == 4 else self.year
        return datetime.date(calendar_year, QUARTER_START_MONTH[self.number], 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    @property
    def due_on(self) -> datetime.date:
        return self.end + datetime.timedelta(days=return_due_days())

    @property
    def financial_year(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    def __str__(self) -> str:
        return f"Q{self.number} {self.financial_year}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def has_ended(self, today: datetime.date) -> bool:
        return self.end < today

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def last_ended(cls, today: datetime.date) -> Quarter:
        """The most recent quarter that ended before today."""
        return cls.containing(today).previous()


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"
