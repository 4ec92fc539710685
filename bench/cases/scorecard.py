"""The scorecard at scale: `scale` measures (200 at the default --scale) over 20 financial years, every
quarter imported through the import service and published, and the pages that read them.

Goals (issue 6): the quarter page p95 < 150 ms with flat queries; an import of the full sheet < 2 s; the
PDF < 5 s. The import is timed three ways: the preview of the full sheet (read, validate, compare: a GET
case), and two cases that run the whole import (check and apply) through the import service, rolled back
each time: a new year's sheet of `scale` measures with Q1-Q4 (every cell new), and a corrected sheet for
that year (every figure and comment changed). The generator prints how long its own imports took.
"""

from __future__ import annotations

import csv
import io
import time

from django.db import connection, transaction

from bench.registry import BenchCase, BenchError

YEARS = 20
LAST_YEAR = 2021  # 2002-03 to 2021-22
GOAL_MS = 150.0
IMPORT_GOAL_MS = 2000.0
PDF_GOAL_MS = 5000.0
SECTIONS = [
    "Benchmarking/ ASCOF Indicators",
    "Core Service Activity",
    "Care4CE",
    "Active Service Users",
    "Risk Enablement",
    "Commissioning Activity",
]
ANALYST = "bench-performance-analyst"
COMMISSIONER = "bench-commissioner"
import_timings_ms: list[float] = []


class RolledBack(Exception):
    pass


def title(n: int) -> str:
    return f"Bench measure {n:04d}: number of people supported in the period"


def make_measures(scale: int) -> None:
    from scorecard.models import Measure, Polarity, Section

    sections = [
        Section.objects.get_or_create(name=name, defaults={"order": i})[0] for i, name in enumerate(SECTIONS)
    ]
    have = Measure.objects.filter(title__startswith="Bench measure ").count()
    if have > scale:
        raise BenchError(f"The bench database has {have} scorecard measures, more than {scale}: use --reset.")
    Measure.objects.bulk_create(
        [
            Measure(
                title=title(n),
                section=sections[n * len(sections) // scale],
                order=n,
                polarity=[Polarity.HIGH, Polarity.LOW, Polarity.NOT_APPLICABLE][n % 3],
                unit="count",
                year_to_date=["sum", "snapshot", "cumulative", "average"][n % 4],
            )
            for n in range(have, scale)
        ]
    )


def year_sheet(start_year: int, measures, *, shift: int = 0) -> bytes:
    """A full sheet for the year; `shift` changes every figure (a corrected sheet)."""
    from scorecard import table
    from scorecard.models import FinancialYear

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header(FinancialYear(start_year=start_year)))
    section = None
    for i, measure in enumerate(measures):
        if measure.section.name != section:
            section = measure.section.name
            writer.writerow([section] + [""] * 12)
        base = 100 + (i * 37 + start_year * 11 + shift) % 900
        quarters = [f"{base + 10 * q:,}" for q in range(1, 5)]
        polarity = {"high": "High is good", "low": "Low is good", "n/a": "n/a"}[measure.polarity]
        target = "" if i % 5 else f"<{base * 4 + 50:,}"
        ytd = f"{sum(base + 10 * q for q in range(1, 5)):,}"
        comment = f"Commentary for {start_year} on measure {i}."
        writer.writerow(
            [
                measure.title,
                polarity,
                f"{base - 3}",
                f"{base + 4}",
                target,
                f"{base * 4:,}",
                *quarters,
                ytd,
                "",
                comment,
            ]
        )
    return out.getvalue().encode()


def generate(scale: int) -> None:
    from scorecard import services
    from scorecard.models import Cell, Measure, ScorecardQuarter

    import_timings_ms.clear()
    make_measures(scale)
    measures = list(Measure.objects.in_order().filter(title__startswith="Bench measure "))
    for start in range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1):
        if Cell.objects.filter(year__start_year=start, column="q4", measure__in=measures).count() >= len(
            measures
        ):
            continue
        # A larger scale adds measures to years already published: a new version of each quarter, as an
        # analyst would make to add them.
        for scorecard_quarter in ScorecardQuarter.objects.filter(
            year__start_year=start, status=ScorecardQuarter.Status.PUBLISHED
        ):
            services.scorecard_quarter_new_version(
                scorecard_quarter=scorecard_quarter, reason="Bench: more measures", user=None
            )
        data = year_sheet(start, measures)
        started = time.perf_counter()
        with transaction.atomic():
            record = services.scorecard_import_upload(
                data=data, filename=f"bench-{start}.csv", start_year=start, quarter=4, user=None
            )
            services.scorecard_import_apply(record=record, user=None)
        import_timings_ms.append((time.perf_counter() - started) * 1000)
        for quarter in range(1, 5):
            scorecard_quarter, _ = ScorecardQuarter.objects.get_or_create(year=record.year, quarter=quarter)
            if not scorecard_quarter.is_published:
                services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=None)
    # The latest quarter as a draft being corrected: the analyst's page builds it live.
    latest = ScorecardQuarter.objects.get(year__start_year=LAST_YEAR, quarter=4)
    if latest.is_published:
        services.scorecard_quarter_new_version(scorecard_quarter=latest, reason="Bench: draft", user=None)
    with connection.cursor() as cursor:
        for table_name in ["scorecard_cell", "scorecard_historicalcell", "scorecard_scorecardversion"]:
            cursor.execute(f"VACUUM ANALYZE {table_name}")
    if import_timings_ms:
        print(
            f"scorecard: imported {len(import_timings_ms)} year(s) of {len(measures)} measures through the "
            f"import service: slowest {max(import_timings_ms):.0f} ms"
        )


def bench_measures():
    from scorecard.models import Measure

    return list(Measure.objects.in_order().filter(title__startswith="Bench measure "))


def import_full_sheet(*, corrected: bool):
    """A timed action: the whole import of a full sheet for a year with no figures yet (1990), or of a
    corrected sheet for it after a first import (that first import not timed), rolled back."""

    def action(_client) -> float:
        from scorecard import services

        measures = bench_measures()
        elapsed_ms = 0.0
        try:
            with transaction.atomic():
                for shift in (0, 7) if corrected else (0,):
                    data = year_sheet(1990, measures, shift=shift)
                    if shift:
                        data = data.replace(b"Commentary for", b"Revised commentary for")
                    started = time.perf_counter()
                    record = services.scorecard_import_upload(
                        data=data, filename=f"bench-1990-{shift}.csv", start_year=1990, quarter=4, user=None
                    )
                    services.scorecard_import_apply(record=record, user=None)
                    elapsed_ms = (time.perf_counter() - started) * 1000
                raise RolledBack
        except RolledBack:
            pass
        return elapsed_ms

    return action


def pending_import_url() -> str:
    """A full sheet of the latest year with one figure changed, uploaded and waiting for its preview."""
    from scorecard import services
    from scorecard.models import ImportRecord, Measure

    record = ImportRecord.objects.filter(applied_at__isnull=True, filename="bench-preview.csv").first()
    if record is None:
        measures = list(Measure.objects.in_order().filter(title__startswith="Bench measure "))
        data = year_sheet(LAST_YEAR, measures).replace(b"Commentary for 2021 on measure 0.", b"Corrected.")
        record = services.scorecard_import_upload(
            data=data, filename="bench-preview.csv", start_year=LAST_YEAR, quarter=4, user=None
        )
    return f"/scorecard/import/{record.pk}/"


def first_measure_url() -> str:
    from scorecard.models import Measure

    measure = Measure.objects.filter(title__startswith="Bench measure ").order_by("pk").first()
    return f"/scorecard/measures/{measure.pk}/"


def cases(scale: int) -> list[BenchCase]:
    published = f"/scorecard/{LAST_YEAR}-{(LAST_YEAR + 1) % 100:02d}/q3/"
    draft = f"/scorecard/{LAST_YEAR}-{(LAST_YEAR + 1) % 100:02d}/q4/"
    return [
        BenchCase(
            "scorecard: quarter page, published (commissioner)", COMMISSIONER, published, goal_ms=GOAL_MS
        ),
        BenchCase("scorecard: quarter page, draft built live (analyst)", ANALYST, draft, goal_ms=GOAL_MS),
        BenchCase(
            "scorecard: quarter page filtered by section and RAG",
            COMMISSIONER,
            published + "?section=Care4CE&rag=none",
            goal_ms=GOAL_MS,
        ),  # fmt: skip
        BenchCase(
            "scorecard: measure page, 20 years (commissioner)", COMMISSIONER, first_measure_url, goal_ms=500
        ),
        BenchCase("scorecard: measure page, 20 years (analyst)", ANALYST, first_measure_url, goal_ms=500),
        BenchCase("scorecard: CSV export", COMMISSIONER, published + "scorecard.csv", goal_ms=500),
        BenchCase("scorecard: XLSX export", COMMISSIONER, published + "scorecard.xlsx", goal_ms=1000),
        BenchCase(
            "scorecard: PDF of the quarter",
            COMMISSIONER,
            published + "scorecard.pdf",
            goal_ms=PDF_GOAL_MS,
            repeat=5,
            warmup=1,
        ),  # fmt: skip
        BenchCase(
            "scorecard: import preview of the full sheet",
            ANALYST,
            pending_import_url,
            goal_ms=IMPORT_GOAL_MS,
            repeat=5,
            warmup=1,
        ),  # fmt: skip
        BenchCase(
            "scorecard: import of a new year's full sheet (check and apply)",
            ANALYST,
            "scorecard.services.scorecard_import_upload + scorecard_import_apply",
            goal_ms=IMPORT_GOAL_MS,
            repeat=5,
            warmup=1,
            action=import_full_sheet(corrected=False),
            count_queries=False,
        ),
        BenchCase(
            "scorecard: import of a corrected full sheet (check and apply)",
            ANALYST,
            "scorecard.services.scorecard_import_upload + scorecard_import_apply",
            goal_ms=IMPORT_GOAL_MS,
            repeat=5,
            warmup=1,
            action=import_full_sheet(corrected=True),
            count_queries=False,
        ),
    ]
