"""Declared exports: CSV (and later XLSX) responses that spreadsheets open safely.

CSV is UTF-8 with a byte-order mark (so Excel reads £ and accents) and every cell that a spreadsheet
would take as a formula (= + - @, tab, carriage return) is prefixed with an apostrophe (OWASP CSV injection).
Rows are streamed: an export of the whole register is never held in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
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


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An .xlsx workbook: one sheet per entry, a bold header row, every text cell formula-safe.

    openpyxl writes any string starting with "=" as a formula; safe_cell() prevents that. Numbers,
    dates and None are written as they are, so a spreadsheet can sum them.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(value) if isinstance(value, str) else value for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]):
    from django.http import HttpResponse

    response = HttpResponse(
        xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
