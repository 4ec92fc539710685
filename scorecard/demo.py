"""The demo scorecard: the measures of the Quarter 3 2021/22 appendix (fixtures/demo/scorecard/measures.csv)
and its figures, loaded THROUGH THE IMPORT from the sheet an analyst would upload (q3-2021-22.csv).
Running it again changes nothing: the import finds nothing to change, and a published quarter stays."""

from __future__ import annotations

import csv

from django.conf import settings
from django.core.exceptions import ValidationError

from . import services
from .models import Measure, ScorecardQuarter, Section

FOLDER = settings.BASE_DIR / "fixtures" / "demo" / "scorecard"
SHEET = FOLDER / "q3-2021-22.csv"
YEAR, QUARTER = 2021, 3


def load_measures() -> int:
    """Sections and measures from measures.csv, in its order; only what is missing is created."""
    made = 0
    with (FOLDER / "measures.csv").open(encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    sections: dict[str, Section] = {}
    for order, record in enumerate(records, start=1):
        name = record["Section"]
        if name not in sections:
            sections[name], _ = Section.objects.get_or_create(
                name=name, defaults={"order": len(sections) + 1}
            )
        if Measure.objects.filter(title=record["Measure"]).exists():
            continue
        measure = Measure(
            title=record["Measure"],
            section=sections[name],
            order=order,
            ascof_code=record["ASCOF code"],
            unit=record["Unit"],
            year_to_date=record["Year to date"],
            computation=record["Computed from"],
            owner=record["Owner"],
        )
        measure.full_clean()
        measure._change_reason = "Demo data loaded"
        measure.save()
        made += 1
    return made


def load(*, stdout=None) -> None:
    made = load_measures()
    year = services.financial_year_get(start_year=YEAR)
    scorecard_quarter = ScorecardQuarter.objects.filter(year=year, quarter=QUARTER).first()
    if scorecard_quarter is not None and scorecard_quarter.versions.exists():
        return  # published already: the demo never makes a new version
    record = services.scorecard_import_upload(
        data=SHEET.read_bytes(), filename=SHEET.name, start_year=YEAR, quarter=QUARTER, user=None
    )
    try:
        changes = services.scorecard_import_apply(record=record, user=None)
    except ValidationError as error:
        raise RuntimeError(f"The demo scorecard does not import: {error.messages}") from error
    scorecard_quarter = ScorecardQuarter.objects.get(year=year, quarter=QUARTER)
    services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=None)
    if stdout is not None:
        stdout.write(f"Scorecard: {made} measures, {changes} changes imported, Quarter 3 2021-22 published.")
