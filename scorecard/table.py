"""The scorecard table for a year and quarter, laid out like the published appendix, and its RAG.

`build_rows()` is the one query function behind the page, the exports (CSV, XLSX, PDF) and a published
version's record: three queries, whatever the number of measures.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from .models import (
    Cell,
    FinancialYear,
    Measure,
    MeasureQuarter,
    Polarity,
    Rag,
    YearToDate,
    parse_number,
    parse_target,
    quarter_column,
    ytd_column,
)

# The published appendix's columns, in order (the year's labels are filled in by `header()`).
LAYOUT = [
    ("title", "Measure"),
    ("polarity", "Polarity"),
    ("nw", "NW stat Av"),
    ("national", "National Av"),
    ("target", "{short} Target"),
    ("outturn", "Year end {previous}"),
    ("q1", "Quarter 1"),
    ("q2", "Quarter 2"),
    ("q3", "Quarter 3"),
    ("q4", "Quarter 4"),
    ("ytd", "{short} year to date"),
    ("rag", "RAG"),
    ("comments", "Comments"),
]
KEYS = [key for key, _ in LAYOUT]
VALUE_KEYS = ["nw", "national", "outturn", "q1", "q2", "q3", "q4", "ytd"]
RAG_LABELS = dict(Rag.choices)
POLARITY_LABELS = {Polarity.HIGH: "High is good", Polarity.LOW: "Low is good", Polarity.NOT_APPLICABLE: "n/a"}


def header(year: FinancialYear) -> list[str]:
    previous = f"{year.start_year - 1}-{year.start_year}"
    return [label.format(short=year.short_label, previous=previous) for _, label in LAYOUT]


def amber_tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "SCORECARD_AMBER_TOLERANCE_PERCENT", 5)))


def computed_rag(*, polarity: str, year_to_date: str, target: str, quarter: int, values: dict) -> str:
    """Red, amber or green from the target and polarity; "" when the measure is not rated.

    `values` maps "q1".."q4" and "ytd" to the cells' text. For measures whose year to date is a sum or
    cumulative, the target is the year's and is pro-rated to the quarter (a quarter of it a quarter), and
    the year to date is compared with it; otherwise the quarter's own value is. Meeting the target is
    green; missing it by no more than SCORECARD_AMBER_TOLERANCE_PERCENT of the target is amber.
    """
    if polarity not in (Polarity.HIGH, Polarity.LOW):
        return ""
    ok, op, goal = parse_target(target)
    if not ok or goal is None:
        return ""
    number = lambda key: parse_number(values.get(key, ""))[1]  # noqa: E731
    if year_to_date in (YearToDate.SUM, YearToDate.CUMULATIVE):
        value = number("ytd")
        if value is None and year_to_date == YearToDate.CUMULATIVE:
            value = number(f"q{quarter}")
        if value is None and year_to_date == YearToDate.SUM:
            parts = [number(f"q{q}") for q in range(1, quarter + 1)]
            value = sum(parts) if all(p is not None for p in parts) else None
        goal = goal * quarter / 4
    else:
        value = number(f"q{quarter}")
        if value is None:
            value = number("ytd")
    if value is None:
        return ""
    op = op or ("<=" if polarity == Polarity.LOW else ">=")
    meets = {"<": value < goal, "<=": value <= goal, ">": value > goal, ">=": value >= goal}[op]
    if meets:
        return Rag.GREEN
    if goal and abs(value - goal) * 100 / abs(goal) <= amber_tolerance():
        return Rag.AMBER
    return Rag.RED


def cells_for(year: FinancialYear, quarter: int, measure_ids=None) -> dict[tuple[int, str], Cell]:
    """The cells a table for the quarter shows, keyed by (measure pk, layout key): one query."""
    columns = [
        "nw",
        "national",
        "target",
        *[quarter_column(q) for q in range(1, quarter + 1)],
        ytd_column(quarter),
    ]
    query = Cell.objects.filter(year__start_year=year.start_year, column__in=columns) | Cell.objects.filter(
        year__start_year=year.start_year - 1, column=Cell.Column.OUTTURN
    )
    if measure_ids is not None:
        query = query.filter(measure_id__in=measure_ids)
    found = {}
    for cell in query.only("measure_id", "column", "text", "number", "year_id"):
        key = cell.column
        if key == Cell.Column.OUTTURN:
            key = "outturn"
        elif key == ytd_column(quarter):
            key = "ytd"
        found[(cell.measure_id, key)] = cell
    return found


def build_rows(year: FinancialYear, quarter: int, measures=None) -> list[dict]:
    """One dict per measure, in section order: the published layout's cells as text, plus the RAG worked
    out (`rag_computed`), the analyst's override and its reason, and what the page needs to link."""
    measures = list(measures if measures is not None else Measure.objects.current().in_order())
    cells = cells_for(year, quarter)
    notes = {
        note.measure_id: note
        for note in MeasureQuarter.objects.filter(year__start_year=year.start_year, quarter=quarter)
    }
    rows = []
    for position, measure in enumerate(measures):
        row = {
            "measure": measure.pk,
            "position": position,
            "section": measure.section.name,
            "title": measure.title,
            "ascof_code": measure.ascof_code,
            "polarity": POLARITY_LABELS.get(measure.polarity, ""),
            "unit": measure.unit,
            "computation": measure.computation,
        }
        for key in ["nw", "national", "target", "outturn", "q1", "q2", "q3", "q4", "ytd"]:
            cell = cells.get((measure.pk, key))
            row[key] = cell.text if cell else ""
        note = notes.get(measure.pk)
        row["rag_computed"] = computed_rag(
            polarity=measure.polarity,
            year_to_date=measure.year_to_date,
            target=row["target"],
            quarter=quarter,
            values=row,
        )
        row["rag_override"] = note.rag_override if note else ""
        row["override_reason"] = note.override_reason if note else ""
        row["rag"] = row["rag_override"] or row["rag_computed"]
        row["comments"] = note.commentary if note else ""
        rows.append(row)
    return rows


def layout_cells(row: dict) -> list[str]:
    """A row as the published layout's cells (the exports, and what an import compares)."""
    cells = []
    for key in KEYS:
        if key == "rag":
            cells.append(RAG_LABELS.get(row["rag"], ""))
        else:
            cells.append(row.get(key, ""))
    return cells


def layout_rows(rows: list[dict]) -> list[list[str]]:
    """The export's rows: a heading row (the section's name alone) before each section's measures."""
    out, section = [], None
    for row in rows:
        if row["section"] != section:
            section = row["section"]
            out.append([section] + [""] * (len(KEYS) - 1))
        out.append(layout_cells(row))
    return out


def filter_rows(rows: list[dict], *, section: str = "", rag: str = "") -> list[dict]:
    if section:
        rows = [row for row in rows if row["section"] == section]
    if rag == "none":
        rows = [row for row in rows if not row["rag"]]
    elif rag:
        rows = [row for row in rows if row["rag"] == rag]
    return rows


def grouped(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: list[tuple[str, list[dict]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row["section"]:
            groups.append((row["section"], []))
        groups[-1][1].append(row)
    return groups
