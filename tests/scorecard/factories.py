"""Small scorecards for tests: sections and measures made directly, figures through the import."""

from __future__ import annotations

import csv
import io

from scorecard import services, table
from scorecard.models import FinancialYear, ImportRecord, Measure, Polarity, ScorecardQuarter, Section


def make_measures(
    count: int = 3, *, section_names=("Benchmarking/ ASCOF Indicators", "Core Service Activity")
):
    sections = [
        Section.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(section_names)
    ]
    measures = []
    for i in range(count):
        measure, _ = Measure.objects.get_or_create(
            title=f"Number of test things {i + 1}",
            defaults={
                "section": sections[i % len(sections)],
                "order": i,
                "polarity": Polarity.LOW,
                "unit": "count",
                "year_to_date": "sum",
            },
        )
        measures.append(measure)
    return measures


def sheet(year_start: int, rows: list[list[str]], *, with_sections: bool = True) -> bytes:
    """A CSV in the published layout: `rows` are the 13 cells of each measure."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header(FinancialYear(start_year=year_start)))
    section = None
    for row in rows:
        measure = Measure.objects.select_related("section").get(title=row[0]) if with_sections else None
        if measure is not None and measure.section.name != section:
            section = measure.section.name
            writer.writerow([section] + [""] * 12)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def measure_row(
    measure: Measure, *, target="<100", ye="90", q=("10", "20", "30"), ytd="60", rag="", comments=""
):
    quarters = list(q) + [""] * (4 - len(q))
    return [measure.title, "Low is good", "", "", target, ye, *quarters, ytd, rag, comments]


def import_sheet(
    data: bytes, *, year_start: int = 2021, quarter: int = 3, user=None, filename="sheet.csv"
) -> int:
    record = services.scorecard_import_upload(
        data=data, filename=filename, start_year=year_start, quarter=quarter, user=user
    )
    return services.scorecard_import_apply(record=record, user=user)


def published_quarter(count: int = 3, *, year_start: int = 2021, quarter: int = 3) -> ScorecardQuarter:
    """A published quarter with `count` measures (made once; later calls return it)."""
    existing = ScorecardQuarter.objects.filter(year__start_year=year_start, quarter=quarter).first()
    if existing is not None and existing.is_published:
        return existing
    measures = make_measures(count)
    q = tuple(str(10 * k) for k in range(1, quarter + 1))
    import_sheet(
        sheet(
            year_start,
            [
                measure_row(m, q=q, ytd=str(sum(int(x) for x in q)), comments=f"About {m.pk}")
                for m in measures
            ],
        ),
        year_start=year_start,
        quarter=quarter,
    )
    scorecard_quarter = ScorecardQuarter.objects.get(year__start_year=year_start, quarter=quarter)
    services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=None)
    return scorecard_quarter


def matrix_kwargs(kind: str) -> dict:
    scorecard_quarter = published_quarter()
    measure = Measure.objects.order_by("pk").first()
    base = {"year": scorecard_quarter.year.label, "quarter": scorecard_quarter.quarter}
    if kind == "quarter":
        return base
    if kind == "export":
        return {**base, "fmt": "csv"}
    if kind == "measure-edit":
        return {**base, "pk": measure.pk}
    if kind == "measure":
        return {"pk": measure.pk}
    if kind == "import-preview":
        record = ImportRecord.objects.filter(applied_at__isnull=True).first()
        if record is None:
            record = services.scorecard_import_upload(
                data=sheet(2021, [measure_row(measure)]),
                filename="pending.csv",
                start_year=2021,
                quarter=3,
                user=None,
            )
        return {"pk": record.pk}
    raise ValueError(kind)
