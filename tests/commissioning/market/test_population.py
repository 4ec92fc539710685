"""The population tables: every computed column from the counts, compared with the printed figures, and the
notes where the statement's arithmetic disagrees with itself."""

from commissioning.market import population
from commissioning.market.models import Band, PopulationFigure

from .factories import load_population


def test_the_tables_load_figure_for_figure(db):
    assert load_population() == 54 + 18
    # Spot checks against the statement's lines 213, 240, 268 and 312.
    cell = PopulationFigure.objects.get(table=1, area="Cheshire East", year=2018, band="65+")
    assert (cell.count, cell.printed_percent) == (86_688, 23)
    cell = PopulationFigure.objects.get(table=1, area="England", year=2038, band="85+")
    assert (cell.count, cell.printed_percent) == (2_348_558, 4)
    cell = PopulationFigure.objects.get(table=2, year=2028, band="65+")
    assert (cell.count, cell.printed_change, cell.printed_percent) == (105_058, 18_370, 21)


def test_percent_rounds_halves_up():
    assert population.percent(1, 8) == 13  # 12.5
    assert population.percent(-1, 8) == -13
    assert population.percent(64_316, 380_790) == 17


def test_every_printed_share_in_table_1_equals_the_arithmetic(db):
    load_population()
    tables = population.build()
    for rows in tables.table_1.values():
        for row in rows:
            for cell in row["bands"].values():
                assert cell.percent == population.percent(cell.count, row["total"].count)


def test_the_three_disagreements_are_noted_and_the_printed_figures_kept(db):
    load_population()
    tables = population.build()
    assert tables.notes == [
        "Table 2, 2028, 65 plus: printed as 105,058; Table 1 prints 105,059 for the same figure.",
        "Table 2, 2028: 0-14, 15-64 and 65 plus add up to 399,335, not the printed total of 399,336.",
        "Table 2, 20 year change, 15-64: printed as −3,345; 226,440 less 229,786 is −3,346.",
    ]
    row_2028 = next(row for row in tables.table_2 if row["year"] == 2028)
    assert row_2028["bands"][Band.AGED_65_PLUS].count == 105_058
    assert row_2028["bands"][Band.AGED_65_PLUS].notes == [1]
    assert row_2028["total"].notes == [2]
    row_2038 = next(row for row in tables.table_2 if row["year"] == 2038)
    assert row_2038["bands"][Band.AGED_15_64].change == -3_345
    assert row_2038["bands"][Band.AGED_15_64].notes == [3]
    # Table 1's own cell points at the same note.
    ce_2028 = next(row for row in tables.table_1[2028] if row["area"] == "Cheshire East")
    assert ce_2028["bands"][Band.AGED_65_PLUS].notes == [1]


def test_a_wrong_printed_share_is_noted(db):
    load_population()
    PopulationFigure.objects.filter(table=1, area="England", year=2018, band="0-14").update(
        printed_percent=19
    )
    tables = population.build()
    assert (
        "Table 1, England 2018, 0-14: printed as 19% of the total; 10,144,712 of 55,977,178 is 18%."
        in tables.notes
    )


def test_no_figures_no_tables(db):
    assert population.build() is None


def test_table_1_csv_has_the_statements_cells(db):
    load_population()
    header, rows = population.table_1_csv(population.build())
    assert header == [
        "Year",
        "Area",
        "Total",
        "0-14",
        "0-14 (%)",
        "15-64",
        "15-64 (%)",
        "65 plus",
        "65 plus (%)",
        "70 plus",
        "70 plus (%)",
        "85 plus",
        "85 plus (%)",
        "Notes",
    ]
    assert rows[0][:13] == [
        2018,
        "Cheshire East",
        380790,
        64316,
        17,
        229786,
        60,
        86688,
        23,
        63371,
        17,
        11769,
        3,
    ]
    assert rows[-1][:13] == [
        2038,
        "England",
        60766253,
        9709113,
        16,
        36727207,
        60,
        14329933,
        24,
        10774423,
        18,
        2348558,
        4,
    ]
    assert len(rows) == 9


def test_table_2_csv_is_laid_out_as_printed(db):
    load_population()
    header, rows = population.table_2_csv(population.build())
    assert header == [
        "Population projection",
        "Total",
        "0-14",
        "15-64",
        "65 plus",
        "70 plus",
        "85 plus",
        "Notes",
    ]
    assert [row[:7] for row in rows] == [
        [2018, 380790, 64316, 229786, 86688, 63371, 11769],
        [2028, 399336, 63088, 231189, 105058, 77185, 15306],
        ["10 year change", 18546, -1228, 1403, 18370, 13814, 3537],
        ["10 year change (%)", 5, -2, 1, 21, 22, 30],
        [2038, 413025, 62487, 226440, 124098, 94918, 22016],
        ["20 year change", 32235, -1829, -3345, 37410, 31547, 10247],
        ["20 year change (%)", 8, -3, -1, 43, 50, 87],
    ]
    assert "105,059" in rows[1][7]
