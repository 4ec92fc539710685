"""Reading and checking a scorecard spreadsheet (XLSX or CSV laid out like the published appendix).

read -> validate -> plan: `check_file()` returns every problem it finds, each saying where and what
("Row 14, Quarter 3: 'abc' is not a number"), or the plan of changes against the current values. Nothing
here writes: `services.scorecard_import_apply()` applies a plan in one transaction.
"""

from __future__ import annotations

import csv
import difflib
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from portal.exports import FORMULA_PREFIXES
from portal.timefmt import govuk_date
from portal.uploads import zip_refusal

from . import table
from .cells import text_of_number
from .models import (
    TARGET,
    Cell,
    FinancialYear,
    Measure,
    MeasureQuarter,
    Polarity,
    Rag,
    ScorecardQuarter,
    Section,
    parse_number,
    parse_target,
    quarter_column,
    unit_problem,
    ytd_column,
)

ALLOWED_EXTENSIONS = {".csv", ".xlsx"}
MACRO_EXTENSIONS = {".xlsm", ".xlsb", ".xltm"}
MAX_ERRORS = 200
QUARTER_KEYS = {"q1", "q2", "q3", "q4"}
POLARITY_BY_TEXT = {label.lower(): value for value, label in table.POLARITY_LABELS.items()}
RAG_BY_TEXT = {label.lower(): value for value, label in Rag.choices}


def max_upload_bytes() -> int:
    return getattr(settings, "SCORECARD_IMPORT_MAX_BYTES", 2 * 1024 * 1024)


class FileRefused(Exception):
    """The file as a whole cannot be read as a scorecard: its message says why."""


@dataclass
class Change:
    """One thing an import changes: a cell, a measure's polarity, or a quarter's commentary or RAG."""

    row: int
    measure: Measure
    what: str  # the column's heading, as the preview shows it
    old: str
    new: str
    kind: str  # "cell", "polarity", "commentary", "rag"
    year: FinancialYear | None = None
    column: str = ""
    number: Decimal | None = None
    shown_in: list[int] = field(default_factory=list)  # quarters of the import's year whose table shows it


@dataclass
class Plan:
    year: FinancialYear
    quarter: int
    changes: list[Change]
    rows: int
    locked: list[str]

    def signature(self) -> list[tuple]:
        """What the preview showed, to check nothing moved between preview and confirm."""
        return [
            (c.measure.pk, c.kind, c.column, c.year.start_year if c.year else None, c.old, c.new)
            for c in self.changes
        ]


def clean_text(value) -> str:
    """A cell's text: trimmed, and without the apostrophe an export puts before a formula-like value."""
    text = "" if value is None else str(value)
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text.strip()


def normalise_title(title: str) -> str:
    return " ".join((title or "").split()).casefold()


def xlsx_text(cell) -> str:
    """What a workbook cell shows: text as written, a number through its number format (see cells.py)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return text_of_number(value, getattr(cell, "number_format", None))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return clean_text(value)


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """The sheet's rows as text ("N/A" kept as written), or FileRefused saying what is wrong."""
    name = filename.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension in MACRO_EXTENSIONS:
        raise FileRefused(f"{filename} is a macro-enabled workbook: save it as .xlsx (no macros) or .csv.")
    if extension not in ALLOWED_EXTENSIONS:
        raise FileRefused(f"{filename} is not a spreadsheet the import reads: upload an .xlsx or .csv file.")
    if len(data) > max_upload_bytes():
        raise FileRefused(f"{filename} is larger than {max_upload_bytes() // (1024 * 1024)} MB.")
    if not data:
        raise FileRefused(f"{filename} is empty.")
    if extension == ".csv":
        return read_csv(data, filename)
    return read_xlsx(data, filename)


def read_csv(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            f"{filename} is not UTF-8 text: save it as 'CSV UTF-8' and upload it again."
        ) from None
    if "\x00" in text:
        raise FileRefused(f"{filename} is not a CSV file: save it as 'CSV UTF-8' and upload it again.")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            rows.append([clean_text(value) for value in row])
    except csv.Error:
        raise FileRefused(
            f"{filename} cannot be read as CSV at row {reader.line_num}: check its quotation marks, "
            "then save it as 'CSV UTF-8' and upload it again."
        ) from None
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if value.startswith("="):
                raise FileRefused(
                    f"{filename} holds a formula in row {row_index + 1}, column {column_letter(col_index)} "
                    f"({value[:40]}): paste values only, then upload it again."
                )
    return rows


def read_xlsx(data: bytes, filename: str) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused(
            f"{filename} is not an .xlsx workbook (it may be an old .xls: save it as .xlsx)."
        ) from None
    with archive:
        if refusal := zip_refusal(archive, filename):  # a zip bomb, refused before anything unpacks
            raise FileRefused(refusal)
        if any(part.lower().endswith("vbaproject.bin") for part in archive.namelist()):
            raise FileRefused(f"{filename} contains macros: save it as .xlsx without macros, or as .csv.")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"{filename} cannot be opened as a workbook: save it again as .xlsx.") from None
    rows = []
    try:
        for row in workbook.worksheets[0].iter_rows():
            texts = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise FileRefused(
                        f"{filename} holds a formula in cell {cell.coordinate} ({str(cell.value)[:40]}): "
                        "paste values only, then upload it again."
                    )
                texts.append(xlsx_text(cell))
            rows.append(texts)
    except FileRefused:
        raise
    except Exception:  # a damaged sheet inside a good zip
        raise FileRefused(f"{filename} cannot be opened as a workbook: save it again as .xlsx.") from None
    finally:
        workbook.close()
    return rows


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def strip_trailing_blanks(values: list[str]) -> list[str]:
    values = list(values)
    while values and not values[-1]:
        values.pop()
    return values


def check_layout(rows: list[list[str]], year: FinancialYear) -> tuple[list[int], list[str]]:
    """Where each of the scorecard's columns is in the sheet (found by its heading, so a column added
    anywhere does not move the others), and the problems of columns that are not the scorecard's.

    Raises FileRefused when a heading of the scorecard is missing or misspelt: without it no row can be
    read. An extra column is a problem reported beside the rows' own (nothing is imported while any is).
    """
    expected = table.header(year)
    found = strip_trailing_blanks(rows[0] if rows else [])
    positions = {}
    for index, heading in enumerate(found):
        positions.setdefault(normalise_title(heading), index)
    missing = [
        (index, heading)
        for index, heading in enumerate(expected)
        if normalise_title(heading) not in positions
    ]
    if missing:
        problems = []
        for index, heading in missing:
            actual = found[index] if index < len(found) else ""
            problems.append(
                f"column {column_letter(index)} should be '{heading}' but is '{actual or 'empty'}'"
            )
        raise FileRefused(
            f"The first row is not the scorecard's headings for {year.label}: "
            + "; ".join(problems[:5])
            + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
            + "."
        )
    columns = [positions[normalise_title(heading)] for heading in expected]
    extra = []
    for index, heading in enumerate(found):
        if index not in columns:
            extra.append(
                f"Column {column_letter(index)} ('{heading[:60] or 'no heading'}') is not a column of the "
                "scorecard: delete it, then upload the spreadsheet again."
            )
    return columns, extra


def check_file(
    *, data: bytes, filename: str, year: FinancialYear, quarter: int
) -> tuple[list[str], Plan | None]:
    """Every problem with the file (empty when there is none) and, when there is none, its plan."""
    try:
        rows = read_rows(data, filename)
        columns, errors = check_layout(rows, year)
    except FileRefused as refused:
        return [str(refused)], None
    headings = table.header(year)
    measures = {normalise_title(m.title): m for m in Measure.objects.select_related("section")}
    titles = [m.title for m in measures.values() if not m.is_retired]
    sections = {normalise_title(name) for name in Section.objects.values_list("name", flat=True)}
    parsed: list[tuple[int, Measure, dict]] = []
    seen: dict[int, int] = {}
    width = len(strip_trailing_blanks(rows[0]))
    for index in range(1, len(rows)):
        row = strip_trailing_blanks(rows[index])
        row_number = index + 1
        if len(row) > width:
            errors.append(
                f"Row {row_number} has {len(row)} cells but the first row has {width} headings: delete the "
                f"cells after column {column_letter(width - 1)}, or give them a heading."
            )
            continue
        values = [row[position] if position < len(row) else "" for position in columns]
        if not any(values):
            continue
        cells = dict(zip(table.KEYS, values, strict=True))
        title_key = normalise_title(cells["title"])
        if not any(values[1:]) and title_key in sections:
            continue  # a section heading
        measure = measures.get(title_key)
        if measure is None:
            if not cells["title"]:
                errors.append(f"Row {row_number}, Measure: the measure's title is missing.")
                continue
            nearest = difflib.get_close_matches(cells["title"], titles, n=1, cutoff=0.5)
            hint = f" The nearest known measure is '{' '.join(nearest[0].split())}'." if nearest else ""
            errors.append(
                f"Row {row_number}, Measure: '{cells['title'][:120]}' is not a known measure.{hint}"
            )
            continue
        if measure.is_retired:
            errors.append(
                f"Row {row_number}, Measure: '{measure}' was retired on {govuk_date(measure.retired_at)}: "
                "delete the row, or bring the measure back on its page first."
            )
            continue
        if measure.pk in seen:
            errors.append(f"Row {row_number}, Measure: '{measure}' is also at row {seen[measure.pk]}.")
            continue
        seen[measure.pk] = row_number
        row_errors = []
        if cells["polarity"] and cells["polarity"].lower() not in POLARITY_BY_TEXT:
            row_errors.append(
                f"Row {row_number}, Polarity: '{cells['polarity']}' is not 'High is good', "
                "'Low is good' or 'n/a'."
            )
        for key in table.VALUE_KEYS:
            text = cells[key]
            heading = headings[table.KEYS.index(key)]
            if not parse_number(text)[0]:
                row_errors.append(f"Row {row_number}, {heading}: '{text[:60]}' is not a number.")
            elif key.startswith("q") and int(key[1]) > quarter and text:
                row_errors.append(
                    f"Row {row_number}, {heading}: this import is for quarter {quarter}, so quarter {key[1]} "
                    "must be empty."
                )
            elif problem := unit_problem(text, measure.unit, whole=key in QUARTER_KEYS):
                row_errors.append(f"Row {row_number}, {heading}: {problem[:200]}.")
        target_heading = headings[table.KEYS.index("target")]
        if not parse_target(cells["target"])[0]:
            row_errors.append(
                f"Row {row_number}, {target_heading}: "
                f"'{cells['target'][:60]}' is not a target: write a number, with < or > before it "
                "if it is a limit (like <530)."
            )
        elif problem := unit_problem(
            TARGET.match(cells["target"]).group("rest") if cells["target"] else "", measure.unit
        ):
            row_errors.append(f"Row {row_number}, {target_heading}: {problem[:200]}.")
        if cells["rag"] and cells["rag"].lower() not in RAG_BY_TEXT:
            row_errors.append(
                f"Row {row_number}, RAG: '{cells['rag']}' is not Red, Amber or Green (or empty)."
            )
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((row_number, measure, cells))
        if len(errors) >= MAX_ERRORS:
            errors.append(
                f"The check stopped after {MAX_ERRORS} problems: correct these and upload it again."
            )
            break
    if not errors and not parsed:
        errors.append(f"{filename} has the scorecard's headings but no measures.")
    if errors:
        return errors, None
    return [], plan_changes(year=year, quarter=quarter, parsed=parsed, filename=filename)


def plan_changes(*, year: FinancialYear, quarter: int, parsed: list, filename: str) -> Plan:
    """The changes the parsed rows make against the current values (two queries for the cells)."""
    previous = FinancialYear(start_year=year.start_year - 1)
    measure_ids = [measure.pk for _, measure, _ in parsed]
    current = table.cells_for(year, quarter, measure_ids=measure_ids)
    notes = {
        note.measure_id: note
        for note in MeasureQuarter.objects.filter(
            year__start_year=year.start_year, quarter=quarter, measure_id__in=measure_ids
        )
    }
    headings = dict(zip(table.KEYS, table.header(year), strict=True))
    all_quarters = [1, 2, 3, 4]

    def old_text(measure: Measure, key: str) -> str:
        cell = current.get((measure.pk, key))
        return cell.text if cell else ""

    changes: list[Change] = []
    for row_number, measure, cells in parsed:
        polarity = POLARITY_BY_TEXT.get(cells["polarity"].lower(), Polarity.NOT_STATED)
        if polarity != measure.polarity:
            changes.append(
                Change(
                    row_number,
                    measure,
                    "Polarity",
                    table.POLARITY_LABELS.get(measure.polarity, ""),
                    table.POLARITY_LABELS.get(polarity, ""),
                    "polarity",
                    column=polarity,
                    shown_in=all_quarters,
                )
            )
        for key in ["nw", "national", "target", "outturn", *[f"q{q}" for q in range(1, quarter + 1)], "ytd"]:
            new = cells[key]
            cell = current.get((measure.pk, key))
            old = cell.text if cell else ""
            if new == old:
                continue
            if key == "outturn":
                cell_year, column, shown = previous, Cell.Column.OUTTURN, all_quarters
            elif key == "ytd":
                cell_year, column, shown = year, ytd_column(quarter), [quarter]
            elif key.startswith("q"):
                cell_year, column, shown = year, quarter_column(int(key[1])), list(range(int(key[1]), 5))
            else:
                cell_year, column, shown = year, key, all_quarters
            number = parse_target(new)[2] if key == "target" else parse_number(new)[1]
            changes.append(
                Change(row_number, measure, headings[key], old, new, "cell", cell_year, column, number, shown)
            )
        note = notes.get(measure.pk)
        if cells["comments"] != (note.commentary if note else ""):
            changes.append(
                Change(
                    row_number,
                    measure,
                    "Comments",
                    note.commentary if note else "",
                    cells["comments"],
                    "commentary",
                    shown_in=[quarter],
                )
            )
        # RAG. The export writes the RAG in effect (the analyst's override, else the RAG worked out), so a
        # cell that still says what is in effect now changes nothing: a file exported and imported back,
        # or edited for its figures only, never turns a worked-out RAG into an override. A cell that
        # agrees with the RAG worked out from the sheet's own figures is no override either.
        existing = note.rag_override if note else ""
        in_effect = existing or table.computed_rag(
            polarity=measure.polarity,
            year_to_date=measure.year_to_date,
            target=old_text(measure, "target"),
            quarter=quarter,
            values={key: old_text(measure, key) for key in ["q1", "q2", "q3", "q4", "ytd"]},
        )
        worked_out = table.computed_rag(
            polarity=polarity,
            year_to_date=measure.year_to_date,
            target=cells["target"],
            quarter=quarter,
            values=cells,
        )
        wanted = RAG_BY_TEXT.get(cells["rag"].lower(), "") if cells["rag"] else ""
        override = existing if wanted == in_effect else ("" if wanted == worked_out else wanted)
        if override != existing:
            changes.append(
                Change(
                    row_number,
                    measure,
                    "RAG set by the analyst",
                    table.RAG_LABELS.get(existing, ""),
                    table.RAG_LABELS.get(override, ""),
                    "rag",
                    column=override,
                    shown_in=[quarter],
                )
            )
    published = set(
        ScorecardQuarter.objects.filter(
            year__start_year=year.start_year, status=ScorecardQuarter.Status.PUBLISHED
        ).values_list("quarter", flat=True)
    )
    locked = []
    for change in changes:
        blocked = sorted(published.intersection(change.shown_in))
        if blocked:
            locked.append(
                f"Row {change.row}, {change.what}: quarter {blocked[0]} {year.label} is published, "
                f"so changing '{change.old or 'empty'}' to '{change.new or 'empty'}' needs a new version "
                "of that quarter first (with a reason)."
            )
    return Plan(year=year, quarter=quarter, changes=changes, rows=len(parsed), locked=locked)
