"""A KPI's history on one contract as a server-rendered SVG chart (the scorecard's way, portal.charts):
black line and round markers, a dashed target line, every value written beside its point. The page puts
the same figures in a table."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from scorecard.chart import history_svg

from ..models import Kpi, ReturnValue, Unit

UNIT_AXIS = {
    Unit.PERCENT: "Per cent",
    Unit.NUMBER: "Number",
    Unit.HOURS: "Hours",
    Unit.DAYS: "Days",
    Unit.POUNDS: "Pounds (£)",
}


def value_text(value, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == Unit.PERCENT:
        return f"{text}%"
    if unit == Unit.POUNDS:
        return f"£{text}"
    return text


def kpi_points(kpi: Kpi, values: list[ReturnValue]) -> list[dict]:
    """The KPI's submitted values, oldest quarter first, for the chart and its table."""
    ordered = sorted(values, key=lambda v: (v.performance_return.year, v.performance_return.quarter))
    return [
        {
            "label": str(v.performance_return.period),
            "number": v.value,
            "text": value_text(v.value, kpi.unit),
            "kind": "quarter",
            "value": v,
        }
        for v in ordered
    ]


CHART_CACHE_SECONDS = 24 * 3600


def kpi_chart(kpi: Kpi, points: list[dict]) -> str | None:
    """The chart, drawn once for the same figures (drawing takes far longer than the rest of the page): the
    cache key is a digest of everything drawn, so a new value or target draws a new chart."""
    drawn = repr((kpi.measure, str(kpi.target), kpi.unit, [(p["label"], str(p["number"])) for p in points]))
    key = "contracts-kpi-chart:" + hashlib.sha256(drawn.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = (
            history_svg(
                points,
                title=f"{kpi.measure}: each quarter's value against the target",
                target=kpi.target,
                unit_label=UNIT_AXIS[Unit(kpi.unit)],
            )
            or ""
        )
        cache.set(key, found, CHART_CACHE_SECONDS)
    return found or None


def chart_summary(kpi: Kpi, points: list[dict]) -> str:
    """The chart's text alternative: what it shows, in words (the table below has every figure)."""
    if not points:
        return ""
    latest = points[-1]
    return (
        f"Line chart of {kpi.measure} for {len(points)} quarter{'s' if len(points) != 1 else ''}, "
        f"{points[0]['label']} to {latest['label']}, against a target of {value_text(kpi.target, kpi.unit)}. "
        f"Latest: {latest['text']} in {latest['label']}. The table below gives every value."
    )
