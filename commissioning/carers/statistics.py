"""The carers hub's numbers, with no personal data: for the commissioners' statistics page and the
performance scorecard.

Public functions for the scorecard (any period, dates inclusive):
- `distinct_carers_supported(start, end)`: "Numbers of distinct individuals supported through the Carers
  Hub": carers with at least one service of the catalogue allocated to them in the period.
- `carers_service_rate_per_10k(start, end, population=None)`: "Rate of carers receiving a carer service
  (per 10k population)": the same count per 10,000 people (settings.CARERS_POPULATION by default).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .disclosure import THRESHOLD, Equation, suppress
from .models import (
    OUTCOME_MEASURES,
    Allocation,
    CarerType,
    CatalogueService,
    Need,
    OutcomeScore,
    Referral,
    Route,
)

SUPPRESS_BELOW = THRESHOLD


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _after(day: date) -> datetime:
    return _start(day + timedelta(days=1))


def distinct_carers_supported(start: date, end: date) -> int:
    """Distinct carers with a service allocated between `start` and `end` (both included)."""
    return (
        Allocation.objects.filter(allocated_at__gte=_start(start), allocated_at__lt=_after(end))
        .values("carer_id")
        .distinct()
        .count()
    )


def carers_service_rate_per_10k(start: date, end: date, population: int | None = None) -> Decimal:
    """Carers receiving a service per 10,000 people, to one decimal place."""
    population = population or settings.CARERS_POPULATION
    rate = Decimal(distinct_carers_supported(start, end)) * 10_000 / Decimal(population)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- The statistics page ------------------------------------------------------------------------------
def financial_year_of(day: date) -> int:
    """The financial year (April to March) a day falls in, by its first year: 2025 for 2025-26."""
    return day.year if day.month >= 4 else day.year - 1


def quarters(year: int) -> list[tuple[str, date, date]]:
    """Q1 to Q4 of a financial year: (label, first day, last day)."""
    starts = [
        date(year, 4, 1),
        date(year, 7, 1),
        date(year, 10, 1),
        date(year + 1, 1, 1),
        date(year + 1, 4, 1),
    ]
    return [(f"Q{n + 1}", starts[n], starts[n + 1] - timedelta(days=1)) for n in range(4)]


def periods(year: int, today: date | None = None) -> list[tuple[str, date, date]]:
    """The four quarters and the year to date (to today, or the whole year once it is over)."""
    today = today or timezone.localdate()
    year_end = date(year + 1, 3, 31)
    return [*quarters(year), ("Year to date", date(year, 4, 1), min(today, year_end))]


def _by_period(field: str, spans) -> dict:
    return {
        label: Count(field, filter=Q(**{f"{field}__gte": _start(first), f"{field}__lt": _after(last)}))
        for label, first, last in spans
    }


def _counts(queryset, groups: list[str], field: str, spans) -> list[dict]:
    """One grouped query: a row per combination of `groups`, with its count in each period (p0, p1, ...).
    Several tables are summed from it, so the period is scanned once (from a covering index)."""
    annotations = {f"p{i}": agg for i, agg in enumerate(_by_period(field, spans).values())}
    return list(queryset.values(*groups).annotate(**annotations).order_by())


def _table(rows: list[dict], group: str, labels: dict, periods: int) -> list[dict]:
    """One row per category (in `labels` order), one count per period, summed from `_counts` rows."""
    totals = {key: [0] * periods for key in labels}
    for row in rows:
        if row[group] in totals:
            for i in range(periods):
                totals[row[group]][i] += row[f"p{i}"]
    return [{"key": key, "label": label, "counts": totals[key]} for key, label in labels.items()]


def year_statistics(year: int, today: date | None = None) -> dict:
    """Every table of the statistics page for a financial year, in five queries. Counts only:
    suppression of small numbers is applied when they are shown (the `suppress` filter)."""
    spans = periods(year, today)
    n = len(spans)
    first, last = spans[0][1], spans[3][2]
    received = Referral.objects.filter(received_at__gte=_start(first), received_at__lt=_after(last))
    allocations = Allocation.objects.filter(allocated_at__gte=_start(first), allocated_at__lt=_after(last))
    closed = Referral.objects.filter(closed_at__gte=_start(first), closed_at__lt=_after(last))

    distinct = allocations.aggregate(
        **{
            f"p{i}": Count(
                "carer_id",
                distinct=True,
                filter=Q(allocated_at__gte=_start(a), allocated_at__lt=_after(b)),
            )
            for i, (_label, a, b) in enumerate(spans)
        }
    )
    received_rows = _counts(received, ["route", "carer_type", "level_of_need"], "received_at", spans)
    closed_rows = _counts(closed, list(OUTCOME_MEASURES), "closed_at", spans)
    service_rows = _counts(allocations, ["service_id"], "allocated_at", spans)
    services = {s.pk: str(s) for s in CatalogueService.objects.all()}

    by_route = _table(received_rows, "route", dict(Route.choices), n)
    outcomes = []
    for field, measure in OUTCOME_MEASURES.items():
        labels = {score.value: f"{measure}: {score.label.lower()}" for score in OutcomeScore}
        labels[""] = f"{measure}: not recorded"
        for row in _table(closed_rows, field, labels, n):
            outcomes.append({**row, "key": f"{field}:{row['key']}"})
    need_labels = {need.value: need.label for need in Need}
    need_labels[""] = "Not yet assessed"
    stats = {
        "year": year,
        "periods": [label for label, _a, _b in spans],
        "spans": spans,
        # Every referral has a route, so the routes add up to all referrals received.
        "referrals": [sum(row["counts"][i] for row in by_route) for i in range(n)],
        "carers_supported": [distinct[f"p{i}"] for i in range(n)],
        "by_route": by_route,
        "by_carer_type": _table(received_rows, "carer_type", dict(CarerType.choices), n),
        "by_need": _table(received_rows, "level_of_need", need_labels, n),
        "by_service": _table(service_rows, "service_id", services, n),
        "by_outcome": outcomes,
    }
    stats["tables"] = published_tables(stats)
    protect(stats["tables"])
    return stats


# --- What the page publishes, and keeping small numbers from being worked out --------------------------
# Every table the page (and nothing else) publishes, in reading order. Each row has a key; its cells are
# (table, row key, period index). A row's year to date (the last period) is the sum of its quarters.
ADDITIVE_TABLES = ["route", "carer_type", "need", "service", "outcome"]


def published_tables(stats: dict) -> list[dict]:
    overview = [
        {"key": "referrals", "label": "Referrals received", "counts": stats["referrals"]},
        {"key": "carers", "label": "Distinct carers supported", "counts": stats["carers_supported"]},
    ]
    return [
        {"key": "overview", "caption": "Referrals and carers supported", "rows": overview},
        {"key": "route", "caption": "Referrals by route", "rows": stats["by_route"]},
        {"key": "carer_type", "caption": "Referrals by carer type", "rows": stats["by_carer_type"]},
        {"key": "need", "caption": "Referrals by level of need", "rows": stats["by_need"]},
        {"key": "service", "caption": "Services allocated", "rows": stats["by_service"]},
        {"key": "outcome", "caption": "Outcomes at closure", "rows": stats["by_outcome"]},
    ]


def equations(tables: list[dict]) -> tuple[list[Equation], set]:
    """What a reader knows ties the published counts together, and the totals that are never published
    (allocations and closures per period). Distinct carers are not a sum of anything: a carer supported
    in two quarters counts once in the year."""
    by_key = {table["key"]: table["rows"] for table in tables}
    periods = len(by_key["overview"][0]["counts"])
    quarters, year = range(periods - 1), periods - 1
    found, hidden = [], set()

    def year_to_date(cells, counts):
        # The year to date is the quarters' sum once the year is over (or nothing is dated after today):
        # a reader can only use the equation when it holds, and an equation that does not hold proves
        # nothing, so it is left out.
        if counts[year] == sum(counts[q] for q in quarters):
            found.append(Equation.total(cells[year], [cells[q] for q in quarters]))

    referrals = [("overview", "referrals", p) for p in range(periods)]
    year_to_date(referrals, by_key["overview"][0]["counts"])
    for table in ADDITIVE_TABLES:
        for row in by_key[table]:
            year_to_date([(table, row["key"], p) for p in range(periods)], row["counts"])
    for p in range(periods):
        # Every referral has one route, one carer type and one level of need ("not yet assessed").
        for table in ["route", "carer_type", "need"]:
            found.append(Equation.total(referrals[p], [(table, row["key"], p) for row in by_key[table]]))
        allocated = ("hidden", "allocations", p)
        hidden.add(allocated)
        found.append(Equation.total(allocated, [("service", row["key"], p) for row in by_key["service"]]))
        closed = ("hidden", "closed", p)
        hidden.add(closed)
        for measure in OUTCOME_MEASURES:
            rows = [row for row in by_key["outcome"] if row["key"].startswith(f"{measure}:")]
            found.append(Equation.total(closed, [("outcome", row["key"], p) for row in rows]))
    measure = next(iter(OUTCOME_MEASURES))
    totals = {
        "allocations": [sum(row["counts"][p] for row in by_key["service"]) for p in range(periods)],
        "closed": [
            sum(row["counts"][p] for row in by_key["outcome"] if row["key"].startswith(f"{measure}:"))
            for p in range(periods)
        ],
    }
    for name, counts in totals.items():
        year_to_date([("hidden", name, p) for p in range(periods)], counts)
    return found, hidden


def protect(tables: list[dict]) -> None:
    """Give each row `cells`: (count, hidden) per period, hiding every count from 1 to 4 and, by
    secondary suppression, whatever else would let one be worked out (commissioning/carers/disclosure.py)."""
    values = {
        (table["key"], row["key"], p): count
        for table in tables
        for row in table["rows"]
        for p, count in enumerate(row["counts"])
    }
    found, hidden_totals = equations(tables)
    hidden = suppress(values, found, hidden_totals, order=list(values))
    for table in tables:
        for row in table["rows"]:
            row["cells"] = [
                (count, (table["key"], row["key"], p) in hidden) for p, count in enumerate(row["counts"])
            ]
