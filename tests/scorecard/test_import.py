"""The import: bad files are refused with messages that say what and where, and change nothing; a good
file is previewed against the current values and applied in one audited transaction; export then import
changes nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from scorecard import importer, services, table
from scorecard.models import Cell, FinancialYear, ImportRecord, MeasureQuarter, ScorecardQuarter
from tests.scorecard.factories import import_sheet, make_measures, measure_row, sheet

pytestmark = pytest.mark.django_db
YEAR = FinancialYear(start_year=2021)


def check(data: bytes, filename="sheet.csv", quarter=3):
    return importer.check_file(data=data, filename=filename, year=YEAR, quarter=quarter)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def state():
    return (
        Cell.objects.count(),
        Cell.history.count(),
        MeasureQuarter.objects.count(),
        ImportRecord.objects.count(),
    )


def upload(client, data: bytes, filename="sheet.csv", year="2021-22", quarter="3"):
    return client.post(
        "/scorecard/import/",
        {"year": year, "quarter": quarter, "file": SimpleUploadedFile(filename, data)},
    )


def test_every_bad_row_is_reported_with_its_row_and_column():
    a, b, c = make_measures(3)
    rows = [
        measure_row(a, q=("10", "20", "abc")),
        measure_row(b, target="about 5", rag="Purple"),
        ["Numbr of test things 3", "Low is good", "", "", "", "", "", "", "", "", "", "", ""],
        measure_row(c, q=("1", "2", "3", "4")),
    ]
    errors, plan = check(sheet(2021, rows, with_sections=False))
    assert plan is None
    assert "Row 2, Quarter 3: 'abc' is not a number." in errors
    assert any(e.startswith("Row 3, 21-22 Target: 'about 5' is not a target") for e in errors)
    assert "Row 3, RAG: 'Purple' is not Red, Amber or Green (or empty)." in errors
    assert (
        "Row 4, Measure: 'Numbr of test things 3' is not a known measure. "
        "The nearest known measure is 'Number of test things 3'." in errors
    )
    assert "Row 5, Quarter 4: this import is for quarter 3, so quarter 4 must be empty." in errors


def test_a_measure_twice_and_a_bad_polarity():
    (a,) = make_measures(1)
    second = measure_row(a)
    second[1] = "Up is good"
    errors, _ = check(sheet(2021, [measure_row(a), second], with_sections=False))
    assert errors == [f"Row 3, Measure: '{a.title}' is also at row 2."]
    errors, _ = check(sheet(2021, [second], with_sections=False))
    assert errors == ["Row 2, Polarity: 'Up is good' is not 'High is good', 'Low is good' or 'n/a'."]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("sheet.xlsm", b"PK", "sheet.xlsm is a macro-enabled workbook"),
        ("sheet.xls", b"x", "sheet.xls is not a spreadsheet the import reads"),
        ("sheet.xlsx", b"not a zip", "sheet.xlsx is not an .xlsx workbook"),
        ("sheet.csv", b"", "sheet.csv is empty."),
        ("sheet.csv", "Measure,Polarity\n".encode("utf-16"), "sheet.csv is not UTF-8 text"),
    ],
)
def test_files_that_are_not_a_scorecard_are_refused(filename, data, message):
    errors, plan = check(data, filename)
    assert plan is None and len(errors) == 1 and errors[0].startswith(message), errors


def test_a_different_layout_is_refused_saying_which_column():
    data = b"Measure,Polarity,NW Av,National Av,Target\nx,,,,\n"
    errors, _ = check(data)
    assert errors[0].startswith("The first row is not the scorecard's headings for 2021-22: ")
    assert "column C should be 'NW stat Av' but is 'NW Av'" in errors[0]
    assert "column E should be '21-22 Target' but is 'Target'" in errors[0]


def test_the_wrong_year_is_a_different_layout():
    (a,) = make_measures(1)
    errors, _ = importer.check_file(
        data=sheet(2021, [measure_row(a)]), filename="s.csv", year=FinancialYear(start_year=2022), quarter=3
    )
    assert "column E should be '22-23 Target' but is '21-22 Target'" in errors[0]


def test_formulas_are_refused_in_csv_and_xlsx():
    (a,) = make_measures(1)
    row = measure_row(a)
    row[6] = "=SUM(A1:A3)"
    errors, _ = check(sheet(2021, [row], with_sections=False))
    assert errors == [
        "sheet.csv holds a formula in row 2, column G (=SUM(A1:A3)): paste values only, then upload it again."
    ]
    errors, _ = check(xlsx([table.header(YEAR), row]), "sheet.xlsx")
    assert errors == [
        "sheet.xlsx holds a formula in cell G2 (=SUM(A1:A3)): paste values only, then upload it again."
    ]


def test_a_workbook_with_macros_is_refused_whatever_its_name():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    errors, _ = check(out.getvalue(), "innocent.xlsx")
    assert errors == ["innocent.xlsx contains macros: save it as .xlsx without macros, or as .csv."]


def test_a_large_file_is_refused(settings):
    settings.SCORECARD_IMPORT_MAX_BYTES = 100
    errors, _ = check(b"x" * 101)
    assert errors == ["sheet.csv is larger than 0 MB."] or errors[0].startswith("sheet.csv is larger")


def test_xlsx_is_read_as_text_keeping_na_and_blanks():
    (a,) = make_measures(1)
    row = measure_row(a, q=("N/A", "", "50 (89 expected)"), ytd="")
    errors, plan = check(xlsx([table.header(YEAR), ["Core Service Activity"], row]), "sheet.xlsx")
    assert errors == []
    new = {change.column: change.new for change in plan.changes if change.kind == "cell"}
    assert new["q1"] == "N/A" and "q2" not in new and new["q3"] == "50 (89 expected)"


def test_a_bad_file_changes_nothing_through_the_page(analyst_client):
    a, b = make_measures(2)
    import_sheet(sheet(2021, [measure_row(a), measure_row(b)]))
    before = state()
    response = upload(
        analyst_client, sheet(2021, [measure_row(a, q=("1", "2", "x")), measure_row(b, ye="91")])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Error: Import a scorecard spreadsheet" in page
    assert "Row 3, Quarter 3: &#x27;x&#x27; is not a number." in page
    assert state() == before


def test_upload_preview_confirm(analyst_client, users):
    a, b = make_measures(2)
    import_sheet(sheet(2021, [measure_row(a), measure_row(b)]))
    before_history = Cell.history.count()
    response = upload(
        analyst_client, sheet(2021, [measure_row(a), measure_row(b, q=("10", "20", "31"), ytd="61")])
    )
    assert response.status_code == 302
    preview = analyst_client.get(response["Location"])
    text = preview.content.decode()
    assert "2 measures read; 2 changes to the current values." in text
    assert ">30<" in text and ">31<" in text and ">60<" in text and ">61<" in text
    assert Cell.history.count() == before_history  # the preview changes nothing
    digest = preview.context["digest"]
    done = analyst_client.post(response["Location"], {"digest": digest})
    assert done.status_code == 302 and done["Location"] == "/scorecard/2021-22/q3/"
    cell = Cell.objects.get(measure=b, column="q3")
    assert (cell.text, cell.number) == ("31", 31)
    record = cell.history.latest()
    assert record.history_user == users["performance-analyst"]
    assert record.history_change_reason == "Imported from sheet.csv"
    assert ImportRecord.objects.latest("pk").changes == 2
    again = analyst_client.post(response["Location"], {"digest": digest})
    assert again.status_code == 302  # already imported: nothing happens twice
    assert Cell.history.count() == before_history + 2


def test_confirm_refuses_when_the_scorecard_moved_since_the_preview(analyst_client):
    (a,) = make_measures(1)
    import_sheet(sheet(2021, [measure_row(a)]))
    response = upload(analyst_client, sheet(2021, [measure_row(a, ye="95")]))
    digest = analyst_client.get(response["Location"]).context["digest"]
    import_sheet(sheet(2021, [measure_row(a, ye="96")]))  # a colleague imports meanwhile
    page = analyst_client.post(response["Location"], {"digest": digest})
    assert "The scorecard changed after your preview" in page.content.decode()
    assert Cell.objects.get(measure=a, column="outturn").text == "96"


def test_rag_cells_become_overrides_only_when_they_differ():
    (a,) = make_measures(1)
    # 60 against 3/4 of <100 is green: writing Green is no override, Red is.
    import_sheet(sheet(2021, [measure_row(a, rag="Green")]))
    assert not MeasureQuarter.objects.filter(measure=a).exclude(rag_override="").exists()
    import_sheet(sheet(2021, [measure_row(a, rag="red")]))
    note = MeasureQuarter.objects.get(measure=a)
    assert note.rag_override == "red"
    assert note.override_reason == "Set in the imported spreadsheet sheet.csv"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(demo_scorecard, analyst_client, fmt):
    services.scorecard_quarter_new_version(scorecard_quarter=demo_scorecard, reason="Check", user=None)
    note = MeasureQuarter.objects.get(measure__title="Number of new case contacts in period")
    services.measure_quarter_update(
        measure=note.measure, year=note.year, quarter=3, rag_override="amber", override_reason="Rising",
        commentary=note.commentary, user=None,
    )  # fmt: skip
    exported = analyst_client.get(f"/scorecard/2021-22/q3/scorecard.{fmt}").content
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(exported)).active["L14"].value == "Amber"
    before = state()
    errors, plan = check(exported, f"export.{fmt}")
    assert errors == [] and plan.rows == 55 and plan.changes == []
    response = upload(analyst_client, exported, f"export.{fmt}")
    confirm = analyst_client.post(
        response["Location"], {"digest": analyst_client.get(response["Location"]).context["digest"]}
    )
    assert confirm.status_code == 302
    assert state()[:3] == before[:3]


def test_a_published_quarter_refuses_changes_until_a_new_version(demo_scorecard):
    exported = table.layout_rows(table.build_rows(demo_scorecard.year, 3))
    exported[1][8] = "19"  # Quarter 3 of the first measure
    data = "\n".join(
        ",".join(f'"{cell}"' for cell in row) for row in [table.header(demo_scorecard.year), *exported]
    ).encode()
    errors, plan = check(data)
    assert errors == []
    assert plan.locked == [
        "Row 3, Quarter 3: quarter 3 2021-22 is published, so changing '18' to '19' needs a new version of "
        "that quarter first (with a reason)."
    ]
    record = services.scorecard_import_upload(
        data=data, filename="s.csv", start_year=2021, quarter=3, user=None
    )
    with pytest.raises(ValidationError):
        services.scorecard_import_apply(record=record, user=None)
    services.scorecard_quarter_new_version(
        scorecard_quarter=demo_scorecard, reason="Q3 figure corrected", user=None
    )
    assert services.scorecard_import_apply(record=record, user=None) == 1


def test_import_command(tmp_path, capsys):
    a, b = make_measures(2)
    path = tmp_path / "q2.csv"
    path.write_bytes(
        sheet(2021, [measure_row(a, q=("5", "6"), ytd="11"), measure_row(b, q=("7", "8"), ytd="15")])
    )
    call_command("import_scorecard", str(path), "--year", "2021-22")
    assert "Imported quarter 2 2021-22" in capsys.readouterr().out
    assert Cell.objects.get(measure=a, column="ytd2").text == "11"
    assert ScorecardQuarter.objects.filter(quarter=2).exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(sheet(2021, [measure_row(a, q=("5", "x"), ytd="11")]))
    before = state()
    with pytest.raises(CommandError, match="Row 3, Quarter 2: 'x' is not a number."):
        call_command("import_scorecard", str(bad), "--year", "2021-22")
    assert state() == before
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("import_scorecard", str(path), "--year", "2021")


def test_export_command(demo_scorecard, tmp_path):
    for fmt in ["csv", "xlsx", "pdf"]:
        out = tmp_path / f"q3.{fmt}"
        call_command(
            "export_scorecard", "--year", "2021-22", "--quarter", "3", "--format", fmt, "-o", str(out)
        )
        assert out.stat().st_size > 1000
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="There is no scorecard for quarter 4 2021-22"):
        call_command(
            "export_scorecard", "--year", "2021-22", "--quarter", "4", "--format", "csv", "-o", str(out)
        )
