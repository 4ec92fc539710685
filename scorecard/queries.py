"""Reads behind the scorecard's pages, each built on the models' `visible_to(user)`.

Who reads what (ADR 018, issue 19):
- analysts (MANAGE_SCORECARD) read everything: drafts as they stand, every version, retired measures;
- everyone else, signed in or not, reads the quarters that have a published version, and only what was
  published: the latest version unless they ask for another (`?version=N`);
- staff readers (VIEW_PUBLISHED_SCORECARD) see, beside the published table, the analysts' reasons for
  setting a RAG themselves and the figures the portal computes; the public sees neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.fields.json import KeyTransform
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.history import Event, newest_first

from . import computed, table
from .models import (
    Cell,
    FinancialYear,
    Measure,
    MeasureQuarter,
    ScorecardQuarter,
    ScorecardVersion,
    is_analyst,
    is_staff_reader,
    parse_number,
)

INTERNAL_ROW_KEYS = ("override_reason", "rag_override", "rag_computed", "computation", "computed")


def get_year(label: str) -> FinancialYear:
    start = FinancialYear.parse(label)
    if start is None:
        raise Http404("No such financial year")
    return get_object_or_404(FinancialYear, start_year=start)


def get_quarter_for_user(user, year_label: str, quarter: int) -> ScorecardQuarter:
    """404 unless the quarter exists and the user may read it (analysts: any; others: published)."""
    year = get_year(year_label)
    return get_object_or_404(
        ScorecardQuarter.objects.visible_to(user).select_related("year"), year=year, quarter=quarter
    )


def get_measure_for_user(user, pk: int) -> Measure:
    return get_object_or_404(Measure.objects.visible_to(user).select_related("section"), pk=pk)


def public_row(row: dict) -> dict:
    """A published row as the public reads it: without the analysts' reasons and the portal's figures."""
    return {key: value for key, value in row.items() if key not in INTERNAL_ROW_KEYS}


def rows_for(
    user, scorecard_quarter: ScorecardQuarter, wanted: str = ""
) -> tuple[list[dict], ScorecardVersion | None]:
    """The table the user reads: a draft's live figures for analysts, else the latest published version
    (or the version asked for). Rows of a version are as recorded; the public's lose the internal keys."""
    versions = ScorecardVersion.objects.visible_to(user).filter(scorecard_quarter=scorecard_quarter)
    version = None
    if wanted.isdigit():
        version = get_object_or_404(versions, number=int(wanted))
    elif scorecard_quarter.is_published or not is_analyst(user):
        version = versions.order_by("-number").first()
    if version is None:
        return table.build_rows(scorecard_quarter.year, scorecard_quarter.quarter), None
    rows = sorted(version.rows.values(), key=lambda row: row["position"])
    if not is_staff_reader(user):
        rows = [public_row(row) for row in rows]
    return rows, version


def add_computed(rows: list[dict], scorecard_quarter: ScorecardQuarter) -> None:
    """Beside each computed measure's imported figure, the portal's own and the difference (staff only:
    the caller decides)."""
    computed_rows = [row for row in rows if row.get("computation")]
    if not computed_rows:
        return
    measures = Measure.objects.in_bulk([row["measure"] for row in computed_rows])
    for row in computed_rows:
        measure = measures.get(row["measure"])
        if measure is not None:
            row["computed"] = computed.compute(
                measure,
                scorecard_quarter.year,
                scorecard_quarter.quarter,
                row.get("ytd") or row.get(f"q{scorecard_quarter.quarter}", ""),
            )


@dataclass
class IndexEntry:
    """A quarter on the index, saying what this reader reads of it."""

    scorecard_quarter: ScorecardQuarter
    latest: ScorecardVersion | None  # the latest published version

    @property
    def label(self) -> str:
        return str(self.scorecard_quarter)


def index_entries(user) -> list[IndexEntry]:
    """Every quarter the user may read, newest first, with its latest published version (two queries)."""
    quarters = list(
        ScorecardQuarter.objects.visible_to(user)
        .select_related("year")
        .order_by("-year__start_year", "-quarter")
    )
    latest = {
        version.scorecard_quarter_id: version
        for version in ScorecardVersion.objects.visible_to(user)
        .filter(scorecard_quarter__in=quarters)
        .latest_per_quarter()
        .defer("rows")
    }
    return [IndexEntry(q, latest.get(q.pk)) for q in quarters]


def _point(label, kind, text, **extra) -> dict:
    return {
        "label": label,
        "kind": kind,
        "text": text,
        "number": parse_number(text)[1],
        "ytd": extra.get("ytd", ""),
        "rag": extra.get("rag", ""),
        "comments": extra.get("comments", ""),
        "target": extra.get("target", ""),
    }


def live_points(measure: Measure) -> list[dict]:
    """Every quarter and year-end of the measure as the cells stand now (analysts), oldest first."""
    points = []
    cells = Cell.objects.filter(measure=measure).select_related("year").order_by("year__start_year")
    notes = {(n.year_id, n.quarter): n for n in MeasureQuarter.objects.filter(measure=measure)}
    by_year: dict[FinancialYear, dict[str, Cell]] = {}
    for cell in cells:
        by_year.setdefault(cell.year, {})[cell.column] = cell
    for year, columns in by_year.items():
        target = columns["target"].text if "target" in columns else ""
        texts = {f"q{k}": columns[f"q{k}"].text for k in range(1, 5) if f"q{k}" in columns}
        for q in range(1, 5):
            cell = columns.get(f"q{q}")
            if cell is None:
                continue
            ytd = columns[f"ytd{q}"].text if f"ytd{q}" in columns else ""
            note = notes.get((year.pk, q))
            rag = (note.rag_override if note else "") or table.computed_rag(
                polarity=measure.polarity,
                year_to_date=measure.year_to_date,
                target=target,
                quarter=q,
                values={**texts, "ytd": ytd},
            )
            points.append(
                _point(
                    f"Q{q} {year.label}",
                    "quarter",
                    cell.text,
                    ytd=ytd,
                    rag=rag,
                    comments=note.commentary if note else "",
                    target=target,
                )
            )
        if "outturn" in columns:
            points.append(_point(f"{year.label} year end", "outturn", columns["outturn"].text))
    return points


def published_points(user, measure: Measure) -> list[dict]:
    """Every quarter and year-end of the measure as last published, oldest first (one query)."""
    versions = (
        ScorecardVersion.objects.visible_to(user)
        .filter(measures=measure)
        .annotate(row=KeyTransform(f"m{measure.pk}", "rows"))
        .values("scorecard_quarter__year__start_year", "scorecard_quarter__quarter", "number", "row")
        .order_by("scorecard_quarter__year__start_year", "scorecard_quarter__quarter", "-number")
    )
    latest: dict[tuple[int, int], dict] = {}
    for version in versions:
        key = (version["scorecard_quarter__year__start_year"], version["scorecard_quarter__quarter"])
        latest.setdefault(key, version["row"])
    # Each published table shows the year's quarters so far: a later quarter's table has the last word.
    values: dict[tuple[int, int], dict] = {}
    outturns: dict[int, str] = {}
    for (start, quarter), row in sorted(latest.items()):
        for k in range(1, quarter + 1):
            if row.get(f"q{k}"):
                values.setdefault((start, k), {}).update(text=row[f"q{k}"])
        values.setdefault((start, quarter), {}).update(
            ytd=row.get("ytd", ""),
            rag=row.get("rag", ""),
            comments=row.get("comments", ""),
            target=row.get("target", ""),
        )
        if row.get("outturn"):
            outturns[start - 1] = row["outturn"]
    points = []
    for start in sorted({start for start, _ in values} | set(outturns)):
        label = FinancialYear(start_year=start).label
        for q in range(1, 5):
            value = values.get((start, q))
            if value and value.get("text"):
                points.append(
                    _point(
                        f"Q{q} {label}",
                        "quarter",
                        value["text"],
                        ytd=value.get("ytd", ""),
                        rag=value.get("rag", ""),
                        comments=value.get("comments", ""),
                        target=value.get("target", ""),
                    )
                )
        if outturns.get(start):
            points.append(_point(f"{label} year end", "outturn", outturns[start]))
    return points


def measure_points(user, measure: Measure) -> list[dict]:
    return live_points(measure) if is_analyst(user) else published_points(user, measure)


def measure_changes(measure: Measure, limit: int = 20) -> list[Event]:
    """The latest changes to the measure's definition, figures, RAG and comments (analysts' page)."""
    found = []
    for record in (
        Measure.history.filter(id=measure.pk).select_related("history_user").order_by("-history_date")[:limit]
    ):
        found.append(
            Event(
                when=record.history_date,
                who=record.history_user,
                what=record.history_change_reason or "Definition changed",
                subject="Definition",
                history_id=record.history_id,
            )
        )
    cells = Cell.history.filter(measure_id=measure.pk).select_related("history_user", "year")
    for record in cells.order_by("-history_date")[:limit]:
        found.append(
            Event(
                when=record.history_date,
                who=record.history_user,
                what=f"{record.year.label} {Cell.Column(record.column).label}: {record.text or '(empty)'}"
                + (f" ({record.history_change_reason})" if record.history_change_reason else ""),
                subject="Figures",
                history_id=record.history_id,
            )
        )
    notes = MeasureQuarter.history.filter(measure_id=measure.pk).select_related("history_user", "year")
    for record in notes.order_by("-history_date")[:limit]:
        rag = (
            f"RAG set to {record.rag_override} ({record.override_reason})"
            if record.rag_override
            else "RAG worked out"
        )
        found.append(
            Event(
                when=record.history_date,
                who=record.history_user,
                what=f"Quarter {record.quarter} {record.year.label}: {rag}; "
                f"comments: {record.commentary[:80] or '(none)'}",
                subject="RAG and comments",
                history_id=record.history_id,
            )
        )
    return newest_first(found)[:limit]
