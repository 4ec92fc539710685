import io
from decimal import Decimal

from openpyxl import load_workbook

from portal.exports import csv_rows, safe_cell, xlsx_bytes


def test_safe_cell_neutralises_formulas():
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("+44 1632") == "'+44 1632"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("Crewe") == "Crewe"
    assert safe_cell(None) == ""
    assert safe_cell("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"


def test_safe_cell_writes_negative_numbers_as_numbers():
    assert safe_cell(-1228) == "-1228"
    assert safe_cell(Decimal("-3.5")) == "-3.5"
    assert safe_cell("-1228") == "'-1228"  # text stays escaped: only real numbers are let through


def test_csv_starts_with_bom():
    assert "".join(csv_rows(["a"], [["=1"]])) == "\ufeffa\r\n'=1\r\n"


def test_xlsx_keeps_numbers_and_escapes_text():
    data = xlsx_bytes(
        {"Providers": (["Name", "Beds"], [["=HYPERLINK()", 12], ["Mere Side", Decimal("4.5")]])}
    )
    sheet = load_workbook(io.BytesIO(data))["Providers"]
    assert [c.value for c in sheet[1]] == ["Name", "Beds"]
    assert sheet["A2"].value == "'=HYPERLINK()"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 12
    assert sheet["B3"].value == 4.5
