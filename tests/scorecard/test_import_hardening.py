"""Issue 14: the import's messages for files that are nearly right, and values of the wrong kind.

An extra column does not hide the rows' own errors; a row with too many cells gets a GOV.UK message,
never the CSV parser's; a proportion (0.55, or 55% in Excel) is refused as a quarterly count; a value
typed as a number in Excel reads as the text the cell shows."""

import io

import pytest
from openpyxl import Workbook

from scorecard import importer, table
from scorecard.models import FinancialYear, Measure, Unit
from tests.scorecard.factories import make_measures, measure_row, sheet

pytestmark = pytest.mark.django_db
YEAR = FinancialYear(start_year=2021)


def check(data: bytes, filename="sheet.csv", quarter=3):
    return importer.check_file(data=data, filename=filename, year=YEAR, quarter=quarter)


def csv_bytes(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def workbook(rows: list[list], formats: dict[str, str] | None = None) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for coordinate, number_format in (formats or {}).items():
        book.active[coordinate].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_extra_column_is_reported_beside_the_rows_errors():
    a, b = make_measures(2)
    header = [*table.header(YEAR), "Notes"]
    rows = [
        header,
        [*measure_row(a, q=("10", "20", "abc")), "my note"],
        [*measure_row(b, rag="Purple"), ""],
    ]
    errors, plan = check(csv_bytes(rows))
    assert plan is None
    assert errors == [
        "Column N ('Notes') is not a column of the scorecard: delete it, then upload the spreadsheet again.",
        "Row 2, Quarter 3: 'abc' is not a number.",
        "Row 3, RAG: 'Purple' is not Red, Amber or Green (or empty).",
    ]


def test_an_extra_column_in_the_middle_does_not_move_the_others():
    (a,) = make_measures(1)
    header = table.header(YEAR)
    row = measure_row(a, q=("10", "20", "30"))
    errors, plan = check(csv_bytes([[*header[:6], "Owner", *header[6:]], [*row[:6], "Jo", *row[6:]]]))
    assert plan is None
    assert errors == [
        "Column G ('Owner') is not a column of the scorecard: delete it, then upload the spreadsheet again."
    ]


def test_a_row_with_too_many_cells_gets_a_govuk_message():
    a, b = make_measures(2)
    data = csv_bytes(
        [table.header(YEAR), [*measure_row(a), "stray", "cells"], measure_row(b, q=("1", "2", "x"))]
    )
    errors, plan = check(data)
    assert plan is None
    assert errors == [
        "Row 2 has 15 cells but the first row has 13 headings: delete the cells after column M, "
        "or give them a heading.",
        "Row 3, Quarter 3: 'x' is not a number.",
    ]
    assert not any("Expected" in e or "tokenizing" in e for e in errors)


def test_a_broken_csv_gets_a_govuk_message_not_the_parsers():
    errors, _ = check(b"Measure,Polarity\n" + b'"unclosed quote\n' * 3 + b"\x00")
    assert errors == ["sheet.csv is not a CSV file: save it as 'CSV UTF-8' and upload it again."]


def test_a_proportion_is_refused_as_a_quarterly_count():
    (a,) = make_measures(1)  # a count
    errors, _ = check(sheet(2021, [measure_row(a, q=("10", "20", "0.55"), ytd="30.55")]))
    assert errors == [
        "Row 3, Quarter 3: '0.55' is not a whole number, and this measure is a count: write it like 1,038."
    ]
    errors, _ = check(sheet(2021, [measure_row(a, q=("10", "20", "55%"))]))
    assert errors == ["Row 3, Quarter 3: '55%' is a percentage, but this measure is a count."]


def test_a_proportion_typed_in_excel_is_refused_whatever_its_format():
    (a,) = make_measures(1)
    row = measure_row(a, q=("10", "20", ""))
    row[8] = 0.55
    header = table.header(YEAR)
    errors, _ = check(workbook([header, row]), "sheet.xlsx")
    assert errors == [
        "Row 2, Quarter 3: '0.55' is not a whole number, and this measure is a count: write it like 1,038."
    ]
    errors, _ = check(workbook([header, row], {"I2": "0%"}), "sheet.xlsx")
    assert errors == ["Row 2, Quarter 3: '55%' is a percentage, but this measure is a count."]


def test_a_percentage_needs_its_sign_and_numbers_typed_in_excel_read_as_shown():
    (a,) = make_measures(1)
    Measure.objects.filter(pk=a.pk).update(unit=Unit.PERCENTAGE)
    header = table.header(YEAR)
    row = measure_row(a, target="80%", ye="81.5%", q=("", "", ""), ytd="")
    row[6], row[7], row[8], row[10] = 0.755, 0.8, 0.812, 0.789
    data = workbook([header, row], {"G2": "0.0%", "H2": "0%", "I2": "0.00%", "K2": "0.0%"})
    errors, plan = check(data, "sheet.xlsx")
    assert errors == []
    new = {change.column: change.new for change in plan.changes if change.kind == "cell"}
    assert (new["q1"], new["q2"], new["q3"], new["ytd3"]) == ("75.5%", "80%", "81.20%", "78.9%")
    errors, _ = check(
        sheet(2021, [measure_row(a, target="80%", ye="81.5%", q=("75", "80", "81"), ytd="79%")])
    )
    assert errors == [
        f"Row 3, Quarter {q}: '{v}' has no % sign, and this measure is a percentage: write it like 55%."
        for q, v in ((1, 75), (2, 80), (3, 81))
    ]
