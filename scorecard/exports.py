"""The scorecard's exports in the published layout: CSV and XLSX (which the import reads back unchanged)
and the landscape A4 PDF like the committee appendix. The page's downloads and export_scorecard use these."""

from __future__ import annotations

from portal.exports import XlsxCell, XlsxSheet, csv_rows, xlsx_bytes
from portal.pdf import render_html, render_pdf

from . import table
from .cells import number_format_for
from .models import RAG_FILLS, Rag, ScorecardQuarter, ScorecardVersion

# Characters per column of the XLSX, in the published layout's order (table.LAYOUT).
XLSX_WIDTHS = [60, 13, 10, 11, 11, 12, 11, 11, 11, 11, 13, 10, 90]
SECTION_FILL = ("ffffff", "1d70b8")  # the appendix's blue section bars
RAG_BY_LABEL = {label: value for value, label in Rag.choices}

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
        return xlsx_bytes({sheet: XlsxSheet(heading, xlsx_rows(rows), widths=XLSX_WIDTHS, wrap=(0, 12))})
    if fmt == "pdf":
        return render_pdf("scorecard/pdf.html", pdf_context(scorecard_quarter, rows, version))
    raise ValueError(f"No such format: {fmt}")


def pdf_context(scorecard_quarter: ScorecardQuarter, rows: list[dict], version) -> dict:
    """The PDF's template context (also gathered for the stored published PDF, scorecard/documents.py)."""
    return {
        "title": title(scorecard_quarter),
        "groups": table.grouped(rows),
        "headings": table.header(scorecard_quarter.year),
        "version": version,
        "scorecard_quarter": scorecard_quarter,
        "rag_fills": list(RAG_FILLS.items()),
    }


def xlsx_rows(rows: list[dict]):
    """The layout's rows with numbers as numbers (formatted to print as published), RAG cells filled in
    the appendix's colours and section headings as its blue bars. The import reads them back unchanged."""
    value_columns = {table.KEYS.index(key) for key in table.VALUE_KEYS} | {table.KEYS.index("target")}
    rag_column = table.KEYS.index("rag")
    for cells in table.layout_rows(rows):
        if not any(cells[1:]):
            font, fill = SECTION_FILL
            yield [XlsxCell(cells[0], fill=fill, font_colour=font, bold=True), *cells[1:]]
            continue
        out = []
        for index, text in enumerate(cells):
            typed = number_format_for(text) if index in value_columns else None
            if typed is not None:
                out.append(XlsxCell(typed[0], number_format=typed[1]))
            elif index == rag_column and RAG_BY_LABEL.get(text) in RAG_FILLS:
                font, fill = RAG_FILLS[RAG_BY_LABEL[text]]
                out.append(XlsxCell(text, fill=fill, font_colour=font, bold=True))
            else:
                out.append(text)
        yield out


def latest_published_version(*, start_year: int, quarter: int) -> ScorecardVersion | None:
    return (
        ScorecardVersion.objects.select_related("scorecard_quarter__year")
        .filter(scorecard_quarter__year__start_year=start_year, scorecard_quarter__quarter=quarter)
        .order_by("-number")
        .first()
    )


def published_appendix_html(*, start_year: int, quarter: int) -> str | None:
    """The committee appendix's HTML (what `published_appendix_pdf` lays out), for the agenda pack to lay
    out with its own page numbers; None when the quarter has never been published."""
    version = latest_published_version(start_year=start_year, quarter=quarter)
    if version is None:
        return None
    rows = rows_of(version.scorecard_quarter, version)
    return render_html("scorecard/pdf.html", pdf_context(version.scorecard_quarter, rows, version))


def published_appendix_pdf(*, start_year: int, quarter: int) -> bytes | None:
    """The latest published version of a quarter as the committee appendix PDF (for a committee report to
    merge as its appendix), or None when the quarter has never been published."""
    version = latest_published_version(start_year=start_year, quarter=quarter)
    if version is None:
        return None
    return render("pdf", version.scorecard_quarter, rows_of(version.scorecard_quarter, version), version)
