"""Measures the portal can work out from its own data, beside the imported figures (which stay the record).

REGISTRY maps a measure's `computation` key to a function `(start, end) -> Decimal | int`. The carers
hub's statistics module is imported inside each function: if it is not there (or fails), the page says
the computed value is unavailable instead of failing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from .models import FinancialYear, Measure, parse_number

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    pass


def carers_distinct_supported(start: date, end: date):
    try:
        from commissioning.carers.statistics import distinct_carers_supported
    except ImportError as error:
        raise Unavailable("the carers hub's statistics are not available") from error
    return distinct_carers_supported(start, end)


def carers_rate_per_10k(start: date, end: date):
    try:
        from commissioning.carers.statistics import carers_service_rate_per_10k
    except ImportError as error:
        raise Unavailable("the carers hub's statistics are not available") from error
    return carers_service_rate_per_10k(start, end, settings.CARERS_POPULATION)


REGISTRY: dict[str, Callable[[date, date], object]] = {
    "carers-distinct-supported": carers_distinct_supported,
    "carers-rate-per-10k": carers_rate_per_10k,
}


def quarter_dates(year: FinancialYear, quarter: int) -> tuple[date, date]:
    """The year so far at the end of the quarter: 1 April to 30 June, 30 September, 31 December or 31 March.
    (Both computed measures are counted over the year so far, as the published figures are.)"""
    start = date(year.start_year, 4, 1)
    ends = {
        1: date(year.start_year, 6, 30),
        2: date(year.start_year, 9, 30),
        3: date(year.start_year, 12, 31),
        4: date(year.start_year + 1, 3, 31),
    }
    return start, ends[quarter]


@dataclass
class ComputedValue:
    value: Decimal | None
    imported: Decimal | None
    unavailable: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.imported is None:
            return None
        return self.value - self.imported


def compute(measure: Measure, year: FinancialYear, quarter: int, imported_text: str) -> ComputedValue | None:
    """The computed value for the quarter beside the imported one; None when the measure is not computed."""
    if not measure.computation:
        return None
    imported = parse_number(imported_text)[1]
    function = REGISTRY.get(measure.computation)
    if function is None:
        return ComputedValue(None, imported, f"no computation is registered as '{measure.computation}'")
    start, end = quarter_dates(year, quarter)
    try:
        value = function(start, end)
    except Unavailable as error:
        return ComputedValue(None, imported, str(error))
    except Exception:  # another app's failure must not take the scorecard down: log it, say so
        logger.exception("Computed measure %s failed", measure.computation)
        return ComputedValue(None, imported, "working it out failed (the error is in the log)")
    return ComputedValue(Decimal(str(value)), imported)
