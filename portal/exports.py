"""Declared exports: CSV and XLSX that spreadsheets open safely, and read as numbers where they are.

CSV is UTF-8 with a byte-order mark (so Excel reads £ and accents) and every cell that a spreadsheet
would take as a formula (= + - @, tab, carriage return) is prefixed with an apostrophe (OWASP CSV injection).
Rows are streamed: an export of the whole register is never held in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell as text; text a spreadsheet would take as a formula gets an apostrophe first. A number
    (an int, float or Decimal, not text) is written as it is: -1,228 is a number, never a formula."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_rows(header: Sequence[str], rows: Iterable[Sequence]) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class XlsxCell:
    """A cell with its look: a number with the number format that prints it (`#,##0`, `0.0%`), and a
    fill (background and text colour as hex, like the RAG cells of the published appendix)."""

    value: object
    number_format: str | None = None
    fill: str | None = None
    font_colour: str | None = None
    bold: bool = False


@dataclass
class XlsxSheet:
    """One sheet: a bold, frozen header row, then the rows; `widths` in characters, one per column (a
    missing width is worked out from the header and the first rows' text, between 8 and 60)."""

    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[float | None] = ()
    wrap: Sequence[int] = ()  # indexes of columns whose long text wraps


def _measured_width(values: list[str]) -> float:
    longest = max((max((len(line) for line in text.splitlines()), default=0) for text in values), default=0)
    return float(min(60, max(8, longest + 2)))


def xlsx_bytes(sheets: dict[str, XlsxSheet | tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An .xlsx workbook: one sheet per entry, a bold header row frozen at the top, column widths set,
    every text cell formula-safe.

    openpyxl writes any string starting with "=" as a formula; safe_cell() prevents that. Numbers and
    dates are written as numbers and dates (with an XlsxCell's number format), so a spreadsheet can sum
    and chart them.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, spec in sheets.items():
        if not isinstance(spec, XlsxSheet):
            spec = XlsxSheet(*spec)
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(spec.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.freeze_panes = "A2"
        texts: dict[int, list[str]] = {i: [str(h)] for i, h in enumerate(spec.header)}
        wrapping = Alignment(wrap_text=True, vertical="top")
        for row_number, row in enumerate(spec.rows, start=2):
            for column, item in enumerate(row, start=1):
                look = item if isinstance(item, XlsxCell) else XlsxCell(item)
                value = safe_cell(look.value) if isinstance(look.value, str) else look.value
                cell = sheet.cell(row=row_number, column=column, value=value)
                if look.number_format:
                    cell.number_format = look.number_format
                if look.fill:
                    cell.fill = PatternFill(fill_type="solid", start_color=look.fill, end_color=look.fill)
                if look.font_colour or look.bold:
                    cell.font = Font(bold=look.bold, color=look.font_colour)
                if column - 1 in spec.wrap:
                    cell.alignment = wrapping
                if row_number < 200:
                    texts.setdefault(column - 1, []).append("" if look.value is None else str(look.value))
        for index in range(max(len(spec.header), max(texts, default=-1) + 1)):
            width = spec.widths[index] if index < len(spec.widths) else None
            sheet.column_dimensions[get_column_letter(index + 1)].width = width or _measured_width(
                texts.get(index, [])
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: dict[str, XlsxSheet | tuple[Sequence[str], Iterable[Sequence]]]):
    from django.http import HttpResponse

    response = HttpResponse(
        xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
