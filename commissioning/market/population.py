"""The statement's population tables as printed, with every computable column computed from the counts and
compared with the printed figure.

Table 1 gives, for Cheshire East, the North West and England in 2018, 2028 and 2038, the people in each age
band with the band's share of the total (%). Table 2 gives Cheshire East's counts again with the change since
2018 after 10 and 20 years, in people and in per cent. The pages show the printed figures; where the
arithmetic disagrees, the printed figure stays and a note says what the counts give. The checks:

- a share or a percentage change, computed from the counts and rounded to a whole number (halves up);
- a change in people, computed as the later count less the 2018 count;
- 0-14, 15-64 and 65 plus add up to the total (70 plus and 85 plus are within 65 plus);
- Table 2's counts are Table 1's counts for Cheshire East.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import Band, PopulationFigure

BANDS = [band for band in Band if band != Band.TOTAL]
ADDING_BANDS = [Band.AGED_0_14, Band.AGED_15_64, Band.AGED_65_PLUS]
AREAS = ["Cheshire East", "North West", "England"]
BASE_YEAR = 2018
TABLE_1_TITLE = (
    "Table 1. 2018-based subnational principal population projections for Cheshire East, the North West and "
    "England, with total and proportion of total population (%) for 2018, 2028 and 2038"
)
TABLE_2_TITLE = (
    "Table 2. 2018-based subnational principal population projections for Cheshire East across age bands "
    "with 10- and 20-year difference with percentage change (%)"
)


def percent(part: int, whole: int) -> int:
    """A whole-number percentage, halves rounded up (away from zero), as the statement rounds."""
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def people(value: int) -> str:
    return f"{value:,}".replace("-", "−") if value < 0 else f"{value:,}"


@dataclass
class Cell:
    count: int
    percent: int | None = None  # printed
    change: int | None = None  # printed (Table 2)
    notes: list[int] = field(default_factory=list)  # numbers of the notes that concern this cell


@dataclass
class Tables:
    table_1: dict  # {year: [{"area": ..., "total": Cell, "bands": {band: Cell}}]}
    table_2: list[dict]  # [{"year": ..., "total": Cell, "bands": {band: Cell}}]
    notes: list[str]
    years: list[int]


def _rows(figures) -> tuple[dict, dict]:
    table_1, table_2 = {}, {}
    for figure in figures:
        cell = Cell(count=figure.count, percent=figure.printed_percent, change=figure.printed_change)
        key = (figure.area, figure.year, figure.band)
        (table_1 if figure.table == PopulationFigure.Table.TABLE_1 else table_2)[key] = cell
    return table_1, table_2


def build(figures=None) -> Tables | None:
    """Both tables with their notes, or None before the figures are loaded."""
    figures = list(PopulationFigure.objects.all() if figures is None else figures)
    if not figures:
        return None
    one, two = _rows(figures)
    notes: list[str] = []

    def note(text: str, *cells: Cell) -> None:
        notes.append(text)
        for cell in cells:
            cell.notes.append(len(notes))

    years = sorted({year for (_area, year, _band) in one} | {year for (_area, year, _band) in two})
    areas = [area for area in AREAS if any(key[0] == area for key in one)]
    areas += sorted({key[0] for key in one} - set(areas))

    table_1: dict[int, list[dict]] = {}
    for year in years:
        rows = []
        for area in areas:
            total = one.get((area, year, Band.TOTAL))
            if total is None:
                continue
            bands = {band: one[(area, year, band)] for band in BANDS if (area, year, band) in one}
            for band, cell in bands.items():
                if cell.percent is None:
                    continue
                computed = percent(cell.count, total.count)
                if computed != cell.percent:
                    note(
                        f"Table 1, {area} {year}, {Band(band).label}: "
                        f"printed as {cell.percent}% of the total; "
                        f"{people(cell.count)} of {people(total.count)} is {computed}%.",
                        cell,
                    )
            _check_sum(f"Table 1, {area} {year}", total, bands, note)
            rows.append({"area": area, "total": total, "bands": bands})
        if rows:
            table_1[year] = rows

    table_2: list[dict] = []
    base = {band: two.get(("Cheshire East", BASE_YEAR, band)) for band in Band}
    for year in sorted({key[1] for key in two}):
        total = two.get(("Cheshire East", year, Band.TOTAL))
        if total is None:
            continue
        bands = {
            band: two[("Cheshire East", year, band)] for band in BANDS if ("Cheshire East", year, band) in two
        }
        for band, cell in [(Band.TOTAL, total), *bands.items()]:
            label = Band(band).label
            printed_in_1 = one.get(("Cheshire East", year, band))
            if printed_in_1 is not None and printed_in_1.count != cell.count:
                note(
                    f"Table 2, {year}, {label}: printed as {people(cell.count)}; Table 1 prints "
                    f"{people(printed_in_1.count)} for the same figure.",
                    cell,
                    printed_in_1,
                )
            start = base.get(band)
            if year == BASE_YEAR or start is None:
                continue
            change = cell.count - start.count
            if cell.change is not None and cell.change != change:
                note(
                    f"Table 2, {year - BASE_YEAR} year change, {label}: printed as {people(cell.change)}; "
                    f"{people(cell.count)} less {people(start.count)} is {people(change)}.",
                    cell,
                )
            if cell.percent is not None:
                computed = percent(change, start.count)
                if computed != cell.percent:
                    note(
                        f"Table 2, {year - BASE_YEAR} year change, {label}: printed as {cell.percent}%; "
                        f"{people(change)} of {people(start.count)} is {computed}%.",
                        cell,
                    )
        _check_sum(f"Table 2, {year}", total, bands, note)
        table_2.append({"year": year, "total": total, "bands": bands})
    return Tables(table_1=table_1, table_2=table_2, notes=notes, years=years)


def _check_sum(where: str, total: Cell, bands: dict, note) -> None:
    parts = [bands[band] for band in ADDING_BANDS if band in bands]
    if len(parts) != len(ADDING_BANDS):
        return
    added = sum(cell.count for cell in parts)
    if added != total.count:
        note(
            f"{where}: 0-14, 15-64 and 65 plus add up to {people(added)}, not the printed total of "
            f"{people(total.count)}.",
            total,
        )


# CSV: the statement's cells, as the statement lays them out -----------------------------------------------


def _notes_text(tables: Tables, cells) -> str:
    numbers = sorted({n for cell in cells for n in cell.notes})
    return " ".join(tables.notes[n - 1] for n in numbers)


def table_1_csv(tables: Tables) -> tuple[list[str], list[list]]:
    header = ["Year", "Area", "Total"]
    for band in BANDS:
        header += [Band(band).label, f"{Band(band).label} (%)"]
    header.append("Notes")
    rows = []
    for year, area_rows in tables.table_1.items():
        for row in area_rows:
            line: list = [year, row["area"], row["total"].count]
            for band in BANDS:
                cell = row["bands"].get(band)
                line += [cell.count, cell.percent] if cell else ["", ""]
            line.append(_notes_text(tables, [row["total"], *row["bands"].values()]))
            rows.append(line)
    return header, rows


def table_2_csv(tables: Tables) -> tuple[list[str], list[list]]:
    header = ["Population projection", "Total", *[Band(band).label for band in BANDS], "Notes"]
    rows = []
    for row in tables.table_2:
        cells = [row["total"], *[row["bands"].get(band) for band in BANDS]]
        rows.append(
            [row["year"], *[cell.count if cell else "" for cell in cells], _notes_text(tables, cells)]
        )
        if row["year"] == BASE_YEAR:
            continue
        years = row["year"] - BASE_YEAR
        rows.append([f"{years} year change", *[cell.change if cell else "" for cell in cells], ""])
        rows.append([f"{years} year change (%)", *[cell.percent if cell else "" for cell in cells], ""])
    return header, rows
