"""The demo scorecard reproduces the published appendix ("Adult Services Scorecard - Quarter 3 2021/2022",
Adults and Health Committee, 28 March 2022) cell for cell: the CSV a reader downloads is compared with
the sheet transcribed from the document (fixtures/demo/scorecard/q3-2021-22.csv), and with cells
transcribed here from the document directly."""

import csv
import io

import pytest
from django.conf import settings

from scorecard import demo
from scorecard.models import Cell, Measure, ScorecardVersion

pytestmark = pytest.mark.django_db

TRANSCRIPTION = settings.BASE_DIR / "fixtures" / "demo" / "scorecard" / "q3-2021-22.csv"
# The appendix's RAG column is colour only (lost in the text of the PDF): the RAG the portal works out from
# each target and polarity, checked by hand against the figures (e.g. 438 admissions 65+ against 3/4 of
# <530 = 397.5 is red; 85.0% against 87% is within 5% of it, so amber).
EXPECTED_RAG = {
    "Residential admissions for 18-64 age band (total admissions year to date)": "Green",
    "Residential admissions for 65+ age band (total admissions year to date)": "Red",
    "Proportion of adults with a learning disability living in their own home or with their family "
    "(ASCOF 1F) - year to date": "Amber",
    "Number of new case contacts in period": "Green",
    "Percentage of clients who have received long term support for 12 months continuously that have been "
    "reviewed in the last 12 months - snapshot position at end of quarter": "Red",
    "Proportion of service users in receipt of a community based service.": "Green",
}
SECTIONS = [
    "Benchmarking/ ASCOF Indicators",
    "Core Service Activity",
    "Care4CE",
    "Active Service Users",
    "Risk Enablement",
    "Commissioning Activity",
]


def read_csv(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))


def download(client, fmt="csv") -> bytes:
    response = client.get(f"/scorecard/2021-22/q3/scorecard.{fmt}")
    assert response.status_code == 200
    return response.content


def test_the_csv_export_reproduces_the_published_table_cell_for_cell(demo_scorecard, client_for):
    exported = read_csv(download(client_for("commissioner")).decode("utf-8"))
    published = read_csv(TRANSCRIPTION.read_text(encoding="utf-8"))
    assert (
        exported[0]
        == published[0]
        == [
            "Measure",
            "Polarity",
            "NW stat Av",
            "National Av",
            "21-22 Target",
            "Year end 2020-2021",
            "Quarter 1",
            "Quarter 2",
            "Quarter 3",
            "Quarter 4",
            "21-22 year to date",
            "RAG",
            "Comments",
        ]
    )
    assert len(exported) == len(published) == 1 + 6 + 55
    for number, (mine, theirs) in enumerate(zip(exported, published, strict=True), start=1):
        expected = list(theirs)
        # One published cell writes "Low is Good"; the portal writes the polarity one way.
        expected[1] = {"Low is Good": "Low is good"}.get(expected[1], expected[1])
        if number > 1 and any(theirs[1:]):
            expected[11] = EXPECTED_RAG.get(theirs[0], "")
        assert mine == expected, f"row {number} differs"
    assert [row[0] for row in exported if not any(row[1:])] == SECTIONS


def test_cells_transcribed_from_the_document(demo_scorecard, client_for):
    rows = {
        " ".join(row[0].split()): row
        for row in read_csv(download(client_for("democratic-services")).decode())
    }
    dols = rows[
        "Timeliness of DOLS application processing Average days lapsed from date application received to "
        "date application signed off (for completed applications)"
    ]
    assert dols[1:12] == [
        "Low is good",
        "",
        "",
        "",
        "40 (Average over year)",
        "47",
        "48",
        "38",
        "",
        "N/A",
        "",
    ]
    complex_care = rows["Percentage of complex care providers rated good or outstanding with CQC"]
    assert complex_care[6:11] == ["", "50% (89%)", "58% (89%)", "", ""]
    assert complex_care[12].startswith("We have 107 providers on the framework registered with CQC.")
    assert rows["New DOLS requests per 100,000 (cumulative)"][1:11] == [
        "n/a", "433", "454", "", "932.1", "270.9", "539.5", "826.3", "", "826.3"
    ]  # fmt: skip
    assert rows["Numbers of distinct individuals supported through the Carers Hub"][5:11] == [
        "1,749", "417", "949", "1,038", "", "1,038"
    ]  # fmt: skip
    assert rows["Rate of carers receiving a carer service (per 10k population)"][5:13] == [
        "58", "17", "31", "34", "", "34", "", "See above"
    ]  # fmt: skip


def test_numbers_are_kept_beside_the_published_text(demo_scorecard):
    measure = Measure.objects.get(
        title="Percentage of complex care providers rated good or outstanding with CQC"
    )
    cell = Cell.objects.get(measure=measure, column="q3")
    assert (cell.text, cell.number) == ("58% (89%)", 58)
    timeliness = Measure.objects.get(title__startswith="Timeliness of DOLS")
    assert Cell.objects.get(measure=timeliness, column="outturn").number == 40
    na = Cell.objects.get(measure=timeliness, column="ytd3")
    assert (na.text, na.number) == ("N/A", None)
    contacts = Cell.objects.get(measure__title="Number of new case contacts in period", column="ytd3")
    assert contacts.number == 9421


def test_the_demo_loads_once(demo_scorecard):
    cells, history = Cell.objects.count(), Cell.history.count()
    demo.load()
    assert (Cell.objects.count(), Cell.history.count()) == (cells, history)
    assert ScorecardVersion.objects.count() == 1
    assert Measure.objects.count() == 55


def test_the_published_appendix_pdf_for_a_committee_report(demo_scorecard):
    from portal.pdf import page_texts
    from scorecard.exports import published_appendix_pdf
    from tests.pdf_checks import assert_accessible_pdf

    assert published_appendix_pdf(start_year=2021, quarter=4) is None
    data = published_appendix_pdf(start_year=2021, quarter=3)
    texts = page_texts(data)
    assert texts[0].startswith("Adult Services Scorecard - Quarter 3 2021/2022")
    whole = " ".join(" ".join(texts).split())
    for section in SECTIONS:
        assert section in whole
    assert "Red" in whole and "Amber" in whole and "Green" in whole
    assert "40 (Average over year)" in whole and "50% (89%)" in whole
    # PDF/UA: every page tagged, every header cell scoped (column and row headers), the pdfua checker clean.
    assert_accessible_pdf(data)
