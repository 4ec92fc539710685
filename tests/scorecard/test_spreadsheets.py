"""Issues 14 and 18: the XLSX export is a spreadsheet analysts can sum and chart (numbers as numbers with
number formats, RAG cells coloured as the published appendix, a frozen header row, set widths), and a
file exported then imported back changes nothing, RAG included."""

import io

import pytest
from openpyxl import load_workbook

from scorecard import importer, services
from scorecard.models import RAG_FILLS, FinancialYear, MeasureQuarter
from tests.scorecard.factories import import_sheet, make_measures, measure_row, sheet

pytestmark = pytest.mark.django_db
Q3 = "/scorecard/2021-22/q3/"


def exported(client, fmt: str) -> bytes:
    response = client.get(f"{Q3}scorecard.{fmt}")
    assert response.status_code == 200
    return response.content


def test_the_xlsx_holds_numbers_with_formats_and_the_appendix_colours(demo_scorecard, client):
    sheet_ = load_workbook(io.BytesIO(exported(client, "xlsx"))).active
    cells = {(c.row, c.column): c for row in sheet_.iter_rows() for c in row}
    by_title = {sheet_.cell(row=r, column=1).value: r for r in range(1, sheet_.max_row + 1)}
    row = by_title["Residential admissions for 65+ age band (total admissions year to date)"]
    q3 = cells[(row, 9)]
    assert (q3.value, q3.data_type, q3.number_format) == (438, "n", "0")
    assert cells[(row, 5)].value == "<530"  # a target with its comparison stays text
    contacts = by_title["Number of new case contacts in period"]
    assert isinstance(cells[(contacts, 11)].value, int) and cells[(contacts, 11)].number_format == "#,##0"
    percent = next(
        c
        for c in sheet_.iter_rows(min_col=9, max_col=9)
        if isinstance(c[0].value, float) and "%" in c[0].number_format
    )[0]
    assert 0 < percent.value <= 1 and percent.number_format in ("0%", "0.0%", "0.00%")
    numbers = [c for c in cells.values() if c.data_type == "n" and c.value is not None]
    assert len(numbers) > 250
    assert not [c.value for c in cells.values() if isinstance(c.value, str) and importer_number(c.value)]
    red_fill = RAG_FILLS["red"][1]
    rag = [c for c in cells.values() if c.column == 12 and c.value == "Red"]
    assert rag and all(c.fill.fgColor.rgb.lower().endswith(red_fill) for c in rag)
    assert sheet_.freeze_panes == "A2"
    assert sheet_.column_dimensions["A"].width == 60 and sheet_.column_dimensions["M"].width == 90


def importer_number(text: str) -> bool:
    """A cell written as text though it is a plain number (what the export must not do)."""
    from scorecard.cells import number_format_for

    return number_format_for(text) is not None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_override_equal_to_the_worked_out_rag_survives_a_round_trip(client_for, fmt):
    (measure,) = make_measures(1)
    import_sheet(sheet(2021, [measure_row(measure)]))  # 60 against 3/4 of <100: green
    services.measure_quarter_update(
        measure=measure,
        year=FinancialYear.objects.get(start_year=2021),
        quarter=3,
        rag_override="green",
        override_reason="Confirmed with the service",
        commentary="",
        user=None,
    )
    data = exported(client_for("performance-analyst"), fmt)
    errors, plan = importer.check_file(
        data=data, filename=f"x.{fmt}", year=FinancialYear(start_year=2021), quarter=3
    )
    assert errors == [] and plan.changes == []


def test_a_stale_rag_cell_in_a_file_edited_for_its_figures_is_no_override(client_for):
    (measure,) = make_measures(1)
    import_sheet(sheet(2021, [measure_row(measure, rag="")]))  # green, worked out
    # The analyst exports, changes Q3 and the year to date past the target, and leaves the RAG cell "Green".
    edited = sheet(2021, [measure_row(measure, q=("10", "20", "90"), ytd="120", rag="Green")])
    import_sheet(edited)
    note = MeasureQuarter.objects.filter(measure=measure).first()
    assert note is None or note.rag_override == ""
