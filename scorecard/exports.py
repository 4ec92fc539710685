"""The scorecard's exports in the published layout: CSV and XLSX (which the import reads back unchanged)
and the landscape A4 PDF like the committee appendix. The page's downloads and export_scorecard use these."""

from __future__ import annotations

from portal.exports import csv_rows, xlsx_bytes
from portal.pdf import render_pdf

from . import table
from .models import ScorecardQuarter, ScorecardVersion

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def rows_of(scorecard_quarter: ScorecardQuarter, version: ScorecardVersion | None) -> list[dict]:
    """A published version's rows as recorded, or the draft's as they stand."""
    if version is not None:
        return sorted(version.rows.values(), key=lambda row: row["position"])
    return table.build_rows(scorecard_quarter.year, scorecard_quarter.quarter)


def filename(scorecard_quarter: ScorecardQuarter, version: ScorecardVersion | None, fmt: str) -> str:
    suffix = f"-v{version.number}" if version else "-draft"
    return f"scorecard-{scorecard_quarter.year.label}-q{scorecard_quarter.quarter}{suffix}.{fmt}"


def title(scorecard_quarter: ScorecardQuarter) -> str:
    start = scorecard_quarter.year.start_year
    return f"Adult Services Scorecard - Quarter {scorecard_quarter.quarter} {start}/{start + 1}"


def render(fmt: str, scorecard_quarter: ScorecardQuarter, rows: list[dict], version) -> bytes:
    heading = table.header(scorecard_quarter.year)
    if fmt == "csv":
        return "".join(csv_rows(heading, table.layout_rows(rows))).encode("utf-8")
    if fmt == "xlsx":
        sheet = f"Q{scorecard_quarter.quarter} {scorecard_quarter.year.label}"
        return xlsx_bytes({sheet: (heading, table.layout_rows(rows))})
    if fmt == "pdf":
        return render_pdf(
            "scorecard/pdf.html",
            {
                "title": title(scorecard_quarter),
                "groups": table.grouped(rows),
                "headings": heading,
                "version": version,
                "scorecard_quarter": scorecard_quarter,
            },
        )
    raise ValueError(f"No such format: {fmt}")


def published_appendix_pdf(*, start_year: int, quarter: int) -> bytes | None:
    """The latest published version of a quarter as the committee appendix PDF (for a committee report to
    merge as its appendix), or None when the quarter has never been published."""
    version = (
        ScorecardVersion.objects.select_related("scorecard_quarter__year")
        .filter(scorecard_quarter__year__start_year=start_year, scorecard_quarter__quarter=quarter)
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    return render("pdf", version.scorecard_quarter, rows_of(version.scorecard_quarter, version), version)
