"""Writes to the scorecard. Each is one transaction and leaves history saying who did it and why.

A published quarter is locked: a change to anything its table shows is refused until an analyst starts
a new version of it with a reason; publishing again records version n+1 (ADR 018).
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portal.audit import audit
from portal.timefmt import govuk_date

from . import importer, table
from .models import (
    Cell,
    FinancialYear,
    ImportRecord,
    Measure,
    MeasureQuarter,
    ScorecardQuarter,
    ScorecardVersion,
    parse_number,
    quarter_column,
    ytd_column,
)


def financial_year_get(*, start_year: int) -> FinancialYear:
    year, _ = FinancialYear.objects.get_or_create(start_year=start_year)
    return year


def quarter_for_update(*, year: FinancialYear, quarter: int) -> ScorecardQuarter:
    scorecard_quarter, _ = ScorecardQuarter.objects.get_or_create(year=year, quarter=quarter)
    return ScorecardQuarter.objects.select_for_update().get(pk=scorecard_quarter.pk)


def ensure_draft(scorecard_quarter: ScorecardQuarter) -> None:
    if scorecard_quarter.is_published:
        raise ValidationError(
            f"{scorecard_quarter} is published: start a new version of it, with a reason, before changing it."
        )


def plan_digest(plan: importer.Plan) -> str:
    return hashlib.sha256(json.dumps(plan.signature(), default=str).encode()).hexdigest()


@transaction.atomic
def scorecard_import_upload(
    *, data: bytes, filename: str, start_year: int, quarter: int, user
) -> ImportRecord:
    """Keep an uploaded sheet for its preview (web processes keep no state). Nothing else changes."""
    year = financial_year_get(start_year=start_year)
    return ImportRecord.objects.create(
        year=year, quarter=quarter, filename=filename[:255], content=data, imported_by=user
    )


@transaction.atomic
def scorecard_import_apply(*, record: ImportRecord, user, expected_digest: str | None = None) -> int:
    """Apply an uploaded sheet: every change or none. Returns the number of changes.

    Raises ValidationError with every problem when the file is bad, a change would touch a published
    quarter, or (with `expected_digest`) the changes differ from the preview the user confirmed.
    """
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if record.applied_at is not None:
        raise ValidationError("This spreadsheet has already been imported.")
    errors, plan = importer.check_file(
        data=bytes(record.content), filename=record.filename, year=record.year, quarter=record.quarter
    )
    if errors:
        raise ValidationError(errors)
    if plan.locked:
        raise ValidationError(plan.locked)
    if expected_digest is not None and plan_digest(plan) != expected_digest:
        raise ValidationError(
            "The scorecard changed after your preview: check the new preview and confirm again."
        )
    reason = f"Imported from {record.filename}"
    apply_plan(plan=plan, user=user, reason=reason, filename=record.filename)
    record.applied_at = timezone.now()
    record.changes = len(plan.changes)
    record.content = b""
    record.save(update_fields=["applied_at", "changes", "content"])
    return len(plan.changes)


def apply_plan(*, plan: importer.Plan, user, reason: str, filename: str) -> None:
    """Write a checked plan: cells in bulk (with history), then polarity, commentary and RAG overrides."""
    quarter_for_update(year=plan.year, quarter=plan.quarter)
    years: dict[int, FinancialYear] = {plan.year.start_year: plan.year}
    cell_changes = [c for c in plan.changes if c.kind == "cell"]
    for change in cell_changes:
        if change.year.start_year not in years:
            years[change.year.start_year] = financial_year_get(start_year=change.year.start_year)
    existing = {
        (cell.measure_id, cell.year_id, cell.column): cell
        for cell in Cell.objects.filter(
            measure_id__in={c.measure.pk for c in cell_changes},
            year__in=list(years.values()),
            column__in={c.column for c in cell_changes},
        )
    }
    to_create, to_update = [], []
    for change in cell_changes:
        year = years[change.year.start_year]
        cell = existing.get((change.measure.pk, year.pk, change.column))
        if cell is None:
            to_create.append(
                Cell(
                    measure=change.measure,
                    year=year,
                    column=change.column,
                    text=change.new,
                    number=change.number,
                )
            )
        else:
            cell.text, cell.number = change.new, change.number
            to_update.append(cell)
    if to_create:
        bulk_create_with_history(
            to_create, Cell, default_user=user, default_change_reason=reason, batch_size=1000
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Cell,
            ["text", "number"],
            default_user=user,
            default_change_reason=reason,
            batch_size=1000,
        )
    for change in plan.changes:
        if change.kind == "polarity":
            measure = Measure.objects.get(pk=change.measure.pk)
            measure.polarity = change.column
            measure.full_clean()
            audit(measure, by=user, reason=reason).save()
    note_changes = [c for c in plan.changes if c.kind in ("commentary", "rag")]
    if not note_changes:
        return
    notes = {
        note.measure_id: note
        for note in MeasureQuarter.objects.filter(
            year=plan.year, quarter=plan.quarter, measure_id__in={c.measure.pk for c in note_changes}
        )
    }
    new_notes = {}
    for change in note_changes:
        note = notes.get(change.measure.pk) or new_notes.get(change.measure.pk)
        if note is None:
            note = new_notes[change.measure.pk] = MeasureQuarter(
                measure=change.measure, year=plan.year, quarter=plan.quarter
            )
        if change.kind == "commentary":
            note.commentary = change.new
        else:
            note.rag_override = change.column
            note.override_reason = f"Set in the imported spreadsheet {filename}" if change.column else ""
    # The database's constraint refuses an override without a reason; the reason is always written above.
    if new_notes:
        bulk_create_with_history(
            list(new_notes.values()), MeasureQuarter, default_user=user, default_change_reason=reason
        )
    if notes:
        bulk_update_with_history(
            list(notes.values()),
            MeasureQuarter,
            ["commentary", "rag_override", "override_reason"],
            default_user=user,
            default_change_reason=reason,
        )


@transaction.atomic
def measure_quarter_update(
    *,
    measure: Measure,
    year: FinancialYear,
    quarter: int,
    rag_override: str,
    override_reason: str,
    commentary: str,
    user,
    quarter_value: str | None = None,
    ytd_value: str | None = None,
) -> MeasureQuarter:
    """An analyst's edit of one measure's quarter: RAG override (with its reason), commentary, and (when
    given) the quarter's figure and the year to date, as text with the number read from it."""
    ensure_draft(quarter_for_update(year=year, quarter=quarter))
    edits = {quarter_column(quarter): quarter_value, ytd_column(quarter): ytd_value}
    edits = {column: " ".join(text.split()) for column, text in edits.items() if text is not None}
    for text in edits.values():
        if not parse_number(text)[0]:
            raise ValidationError(f"'{text}' is not a number.")
    if quarter_column(quarter) in edits:
        later = ScorecardQuarter.objects.filter(
            year=year, quarter__gt=quarter, status=ScorecardQuarter.Status.PUBLISHED
        ).first()
        if later is not None:
            raise ValidationError(
                f"{later} is published and shows quarter {quarter}: start a new version of it before "
                "changing the figure."
            )
    for column, text in edits.items():
        cell = Cell.objects.filter(measure=measure, year=year, column=column).first() or Cell(
            measure=measure, year=year, column=column
        )
        if (cell.pk and cell.text == text) or (not cell.pk and not text):
            continue
        cell.text, cell.number = text, parse_number(text)[1]
        cell.full_clean()
        audit(cell, by=user, reason="Edited on the scorecard").save()
    note, _ = MeasureQuarter.objects.get_or_create(measure=measure, year=year, quarter=quarter)
    note.rag_override = rag_override
    note.override_reason = override_reason.strip() if rag_override else ""
    note.commentary = commentary.strip()
    note.full_clean()
    audit(note, by=user, reason="RAG and commentary edited").save()
    return note


# A measure's definition: what an analyst sets on the measure's form, and all the services change.
MEASURE_FIELDS = [
    "title",
    "section",
    "ascof_code",
    "polarity",
    "unit",
    "year_to_date",
    "owner",
    "computation",
]


def _measure_values(data: dict) -> dict:
    values = {field: data[field] for field in MEASURE_FIELDS if field in data}
    for field in ("title", "ascof_code", "owner"):
        if field in values:
            values[field] = (
                " ".join((values[field] or "").split()) if field != "title" else values[field].strip()
            )
    for field in ("polarity", "computation"):
        if field in values:
            values[field] = values[field] or ""
    return values


def _unique_title(title: str, exclude_pk=None) -> None:
    clash = Measure.objects.filter(title__iexact=title)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"title": "A measure with this title exists"})


@transaction.atomic
def measure_create(*, data: dict, user) -> Measure:
    """A new measure, last in its section. Its figures come with the next import."""
    values = _measure_values(data)
    _unique_title(values.get("title", ""))
    measure = Measure(**values)
    last = Measure.objects.filter(section=measure.section).order_by("-order").first()
    measure.order = (last.order + 1) if last else 0
    measure.full_clean()
    audit(measure, by=user, reason="Measure added").save()
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, data: dict, user, reason: str) -> Measure:
    """Change a measure's definition. Published versions keep the title and polarity they were published
    with; drafts and later quarters use the new definition (and work their RAG out by it). A measure
    moved to another section goes last in it."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    values = _measure_values(data)
    if "title" in values:
        _unique_title(values["title"], exclude_pk=measure.pk)
    moved = "section" in values and values["section"].pk != measure.section_id
    for field, value in values.items():
        setattr(measure, field, value)
    if moved:
        last = (
            Measure.objects.filter(section=measure.section).exclude(pk=measure.pk).order_by("-order").first()
        )
        measure.order = (last.order + 1) if last else 0
    measure.full_clean()
    audit(measure, by=user, reason=reason.strip() or "Definition changed").save()
    return measure


@transaction.atomic
def measure_retire(*, measure: Measure, user, reason: str) -> Measure:
    """Retire a measure: it leaves the tables of drafts and later quarters, and an import refuses its
    row; published versions keep it as they were. Its figures and history stay."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.is_retired:
        raise ValidationError(f"{measure} was already retired on {govuk_date(measure.retired_at)}.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the measure is retired"})
    measure.retired_at = timezone.now()
    measure.retired_reason = reason.strip()
    audit(measure, by=user, reason=f"Retired: {reason.strip()}").save()
    return measure


@transaction.atomic
def measure_restore(*, measure: Measure, user, reason: str) -> Measure:
    """Bring a retired measure back into drafts and imports."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if not measure.is_retired:
        raise ValidationError(f"{measure} is not retired.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the measure is brought back"})
    measure.retired_at = None
    measure.retired_reason = ""
    audit(measure, by=user, reason=f"Brought back: {reason.strip()}").save()
    return measure


def snapshot_rows(year: FinancialYear, quarter: int) -> dict[str, dict]:
    return {f"m{row['measure']}": row for row in table.build_rows(year, quarter)}


@transaction.atomic
def scorecard_quarter_publish(*, scorecard_quarter: ScorecardQuarter, user) -> ScorecardVersion:
    """Publish the quarter as it stands now: the table is recorded as version n+1 and the quarter locks."""
    scorecard_quarter = ScorecardQuarter.objects.select_for_update().get(pk=scorecard_quarter.pk)
    ensure_draft(scorecard_quarter)
    last = scorecard_quarter.versions.order_by("-number").first()
    rows = snapshot_rows(scorecard_quarter.year, scorecard_quarter.quarter)
    version = ScorecardVersion.objects.create(
        scorecard_quarter=scorecard_quarter,
        number=(last.number + 1) if last else 1,
        reason=scorecard_quarter.new_version_reason if last else "",
        published_at=timezone.now(),
        published_by=user,
        rows=rows,
    )
    version.measures.set([row["measure"] for row in rows.values()])
    scorecard_quarter.status = ScorecardQuarter.Status.PUBLISHED
    audit(scorecard_quarter, by=user, reason=f"Published as version {version.number}").save()
    return version


@transaction.atomic
def scorecard_quarter_new_version(
    *, scorecard_quarter: ScorecardQuarter, reason: str, user
) -> ScorecardQuarter:
    """Unlock a published quarter for changes. Readers keep seeing the published version meanwhile."""
    scorecard_quarter = ScorecardQuarter.objects.select_for_update().get(pk=scorecard_quarter.pk)
    if not scorecard_quarter.is_published:
        raise ValidationError(f"{scorecard_quarter} is already a draft.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the published quarter needs a new version."})
    scorecard_quarter.status = ScorecardQuarter.Status.DRAFT
    scorecard_quarter.new_version_reason = reason.strip()
    audit(scorecard_quarter, by=user, reason=f"New version started: {reason.strip()}").save()
    return scorecard_quarter
