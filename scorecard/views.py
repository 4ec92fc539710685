"""Scorecard pages. Analysts (MANAGE_SCORECARD) see and change drafts; readers (VIEW_PUBLISHED_SCORECARD)
see published versions only: a quarter never published is a 404 to them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.json import KeyTransform
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.forms import add_validation_errors

from . import computed, exports, importer, services, table
from .chart import history_svg
from .forms import ImportForm, MeasureForm, MeasureQuarterForm, NewVersionForm, ScorecardFilterForm
from .models import (
    Cell,
    FinancialYear,
    ImportRecord,
    Measure,
    MeasureQuarter,
    ScorecardQuarter,
    ScorecardVersion,
    Section,
    Unit,
    YearToDate,
    parse_number,
    parse_target,
)


def pluralize(count: int) -> str:
    return "" if count == 1 else "s"


def can_read(user) -> bool:
    return user.has_perm(perms.VIEW_PUBLISHED_SCORECARD) or user.has_perm(perms.MANAGE_SCORECARD)


def is_analyst(user) -> bool:
    return user.has_perm(perms.MANAGE_SCORECARD)


def require_reader(user) -> None:
    if not can_read(user):
        raise PermissionDenied("You cannot see the scorecard.")


def get_year(label: str) -> FinancialYear:
    start = FinancialYear.parse(label)
    if start is None:
        raise Http404("No such financial year")
    return get_object_or_404(FinancialYear, start_year=start)


def get_quarter_for_user(user, year_label: str, quarter: int) -> ScorecardQuarter:
    """404 unless the quarter exists and the user may see it: analysts any, readers published ones."""
    require_reader(user)
    year = get_year(year_label)
    scorecard_quarters = ScorecardQuarter.objects.select_related("year")
    if not is_analyst(user):
        scorecard_quarters = scorecard_quarters.filter(versions__isnull=False).distinct()
    return get_object_or_404(scorecard_quarters, year=year, quarter=quarter)


def rows_for(request, scorecard_quarter: ScorecardQuarter) -> tuple[list[dict], ScorecardVersion | None]:
    """The table the user sees: a draft's live figures for analysts, else the latest published version
    (or the version asked for with ?version=N)."""
    wanted = request.GET.get("version", "")
    versions = scorecard_quarter.versions.all()
    version = None
    if wanted.isdigit():
        version = get_object_or_404(versions, number=int(wanted))
    elif scorecard_quarter.is_published or not is_analyst(request.user):
        version = versions.order_by("-number").first()
    if version is None:
        return table.build_rows(scorecard_quarter.year, scorecard_quarter.quarter), None
    return sorted(version.rows.values(), key=lambda row: row["position"]), version


def index(request):
    require_reader(request.user)
    quarters = ScorecardQuarter.objects.select_related("year")
    if not is_analyst(request.user):
        quarters = quarters.filter(versions__isnull=False).distinct()
    return render(
        request,
        "scorecard/index.html",
        {
            "quarters": quarters.order_by("-year__start_year", "-quarter"),
            "is_analyst": is_analyst(request.user),
            "imports": ImportRecord.objects.filter(applied_at__isnull=False).select_related(
                "year", "imported_by"
            )[:10]
            if is_analyst(request.user)
            else [],
        },
    )


def add_computed(rows: list[dict], scorecard_quarter: ScorecardQuarter) -> None:
    """Beside each computed measure's imported figure, the portal's own and the difference."""
    computed_rows = [row for row in rows if row.get("computation")]
    if not computed_rows:
        return
    measures = Measure.objects.in_bulk([row["measure"] for row in computed_rows])
    for row in computed_rows:
        measure = measures.get(row["measure"])
        if measure is not None:
            row["computed"] = computed.compute(
                measure,
                scorecard_quarter.year,
                scorecard_quarter.quarter,
                row.get("ytd") or row.get(f"q{scorecard_quarter.quarter}", ""),
            )


def quarter_page(request, year: str, quarter: int):
    scorecard_quarter = get_quarter_for_user(request.user, year, quarter)
    rows, version = rows_for(request, scorecard_quarter)
    sections = list(dict.fromkeys(row["section"] for row in rows))
    filter_form = ScorecardFilterForm(request.GET or None, sections=sections)
    section = rag = ""
    if filter_form.is_valid():
        section, rag = filter_form.cleaned_data["section"], filter_form.cleaned_data["rag"]
    shown = table.filter_rows(rows, section=section, rag=rag)
    add_computed(shown, scorecard_quarter)
    versions = list(scorecard_quarter.versions.select_related("published_by").order_by("-number"))
    return render(
        request,
        "scorecard/quarter.html",
        {
            "scorecard_quarter": scorecard_quarter,
            "version": version,
            "versions": versions,
            "groups": table.grouped(shown),
            "shown": len(shown),
            "total": len(rows),
            "filter_form": filter_form,
            "headings": table.header(scorecard_quarter.year),
            "is_analyst": is_analyst(request.user),
            "can_edit": is_analyst(request.user) and not scorecard_quarter.is_published and version is None,
        },
    )


def quarter_export(request, year: str, quarter: int, fmt: str):
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("No such format")
    scorecard_quarter = get_quarter_for_user(request.user, year, quarter)
    rows, version = rows_for(request, scorecard_quarter)
    response = HttpResponse(
        exports.render(fmt, scorecard_quarter, rows, version), content_type=exports.CONTENT_TYPES[fmt]
    )
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{exports.filename(scorecard_quarter, version, fmt)}"'
    )
    return response


@require_POST
@permission_required(perms.MANAGE_SCORECARD, raise_exception=True)
def quarter_publish(request, year: str, quarter: int):
    scorecard_quarter = get_quarter_for_user(request.user, year, quarter)
    try:
        version = services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{scorecard_quarter} is published as version {version.number}.")
    return redirect(scorecard_quarter)


@permission_required(perms.MANAGE_SCORECARD, raise_exception=True)
def quarter_new_version(request, year: str, quarter: int):
    scorecard_quarter = get_quarter_for_user(request.user, year, quarter)
    if not scorecard_quarter.is_published:
        messages.info(request, f"{scorecard_quarter} is a draft: you can change it.")
        return redirect(scorecard_quarter)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.scorecard_quarter_new_version(
            scorecard_quarter=scorecard_quarter, reason=form.cleaned_data["reason"], user=request.user
        )
        messages.success(
            request,
            f"{scorecard_quarter} is a draft again. Readers see the published version until you publish.",
        )
        return redirect(scorecard_quarter)
    return render(
        request, "scorecard/new_version.html", {"form": form, "scorecard_quarter": scorecard_quarter}
    )


@permission_required(perms.MANAGE_SCORECARD, raise_exception=True)
def measure_quarter_edit(request, year: str, quarter: int, pk: int):
    scorecard_quarter = get_quarter_for_user(request.user, year, quarter)
    measure = get_object_or_404(Measure.objects.select_related("section"), pk=pk)
    note = MeasureQuarter.objects.filter(
        measure=measure, year=scorecard_quarter.year, quarter=quarter
    ).first()
    row = table.build_rows(scorecard_quarter.year, quarter, measures=[measure])[0]
    initial = {
        "quarter_value": row[f"q{quarter}"],
        "ytd_value": row["ytd"],
        "rag_override": note.rag_override if note else "",
        "override_reason": note.override_reason if note else "",
        "commentary": note.commentary if note else "",
    }
    form = MeasureQuarterForm(request.POST or None, initial=initial, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_quarter_update(
                measure=measure,
                year=scorecard_quarter.year,
                quarter=quarter,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Changes saved for {measure}.")
            return redirect(scorecard_quarter)
    return render(
        request,
        "scorecard/measure_quarter_edit.html",
        {
            "form": form,
            "scorecard_quarter": scorecard_quarter,
            "measure": measure,
            "row": row,
            "quarter_value": row[f"q{quarter}"],
        },
    )


def measure_points(request, measure: Measure) -> list[dict]:
    """Every quarter and year-end of the measure, oldest first: live cells for analysts, else the latest
    published version of each published quarter."""
    points = []
    if is_analyst(request.user):
        cells = Cell.objects.filter(measure=measure).select_related("year").order_by("year__start_year")
        notes = {(n.year_id, n.quarter): n for n in MeasureQuarter.objects.filter(measure=measure)}
        by_year: dict[FinancialYear, dict[str, Cell]] = {}
        for cell in cells:
            by_year.setdefault(cell.year, {})[cell.column] = cell
        for year, columns in by_year.items():
            for q in range(1, 5):
                cell = columns.get(f"q{q}")
                if cell is None:
                    continue
                ytd = columns.get(f"ytd{q}")
                note = notes.get((year.pk, q))
                rag = (note.rag_override if note else "") or table.computed_rag(
                    polarity=measure.polarity,
                    year_to_date=measure.year_to_date,
                    target=columns["target"].text if "target" in columns else "",
                    quarter=q,
                    values={
                        **{f"q{k}": columns[f"q{k}"].text for k in range(1, 5) if f"q{k}" in columns},
                        "ytd": ytd.text if ytd else "",
                    },
                )
                points.append(
                    {
                        "label": f"Q{q} {year.label}",
                        "kind": "quarter",
                        "text": cell.text,
                        "number": cell.number,
                        "ytd": ytd.text if ytd else "",
                        "rag": rag,
                        "comments": note.commentary if note else "",
                        "target": columns["target"].text if "target" in columns else "",
                    }
                )
            if "outturn" in columns:
                cell = columns["outturn"]
                points.append(
                    {
                        "label": f"{year.label} year end",
                        "kind": "outturn",
                        "text": cell.text,
                        "number": cell.number,
                        "ytd": "",
                        "rag": "",
                        "comments": "",
                        "target": "",
                    }
                )
        return points
    versions = (
        ScorecardVersion.objects.filter(rows__has_key=f"m{measure.pk}")
        .annotate(row=KeyTransform(f"m{measure.pk}", "rows"))
        .values("scorecard_quarter__year__start_year", "scorecard_quarter__quarter", "number", "row")
        .order_by("scorecard_quarter__year__start_year", "scorecard_quarter__quarter", "-number")
    )
    latest: dict[tuple[int, int], dict] = {}
    for version in versions:
        key = (version["scorecard_quarter__year__start_year"], version["scorecard_quarter__quarter"])
        latest.setdefault(key, version["row"])
    # Each published table shows the year's quarters so far: a later quarter's table has the last word.
    values: dict[tuple[int, int], dict] = {}
    outturns: dict[int, str] = {}
    for (start, quarter), row in sorted(latest.items()):
        for k in range(1, quarter + 1):
            if row.get(f"q{k}"):
                values.setdefault((start, k), {}).update(text=row[f"q{k}"])
        values.setdefault((start, quarter), {}).update(
            ytd=row.get("ytd", ""),
            rag=row.get("rag", ""),
            comments=row.get("comments", ""),
            target=row.get("target", ""),
        )
        if row.get("outturn"):
            outturns[start - 1] = row["outturn"]
    years = sorted({start for start, _ in values} | set(outturns))
    for start in years:
        label = FinancialYear(start_year=start).label
        for q in range(1, 5):
            value = values.get((start, q))
            if not value or not value.get("text"):
                continue
            points.append(
                {
                    "label": f"Q{q} {label}",
                    "kind": "quarter",
                    "text": value["text"],
                    "number": parse_number(value["text"])[1],
                    "ytd": value.get("ytd", ""),
                    "rag": value.get("rag", ""),
                    "comments": value.get("comments", ""),
                    "target": value.get("target", ""),
                }
            )
        if outturns.get(start):
            text = outturns[start]
            points.append(
                {
                    "label": f"{label} year end",
                    "kind": "outturn",
                    "text": text,
                    "number": parse_number(text)[1],
                    "ytd": "",
                    "rag": "",
                    "comments": "",
                    "target": "",
                }
            )
    return points


def measure_page(request, pk: int):
    require_reader(request.user)
    measure = get_object_or_404(Measure.objects.select_related("section"), pk=pk)
    points = measure_points(request, measure)
    if not points and not is_analyst(request.user):
        raise Http404("This measure is in no published quarter")
    latest_target = next((p["target"] for p in reversed(points) if p["target"]), "")
    target_number = parse_target(latest_target)[2]
    # The target of a measure counted over the year (a sum, or cumulative) is the year's.
    yearly = measure.year_to_date in (YearToDate.SUM, YearToDate.CUMULATIVE)
    target_label = "Target for the year" if yearly else "Target"
    chart = history_svg(
        points,
        title=str(measure),
        target_label=target_label,
        target=float(target_number) if target_number is not None else None,
        unit_label=Unit(measure.unit).label,
    )
    numbers = [p for p in points if p["number"] is not None and p["kind"] == "quarter"]
    summary = ""
    if numbers:
        summary = (
            f"Line chart of {len(numbers)} quarterly values from {numbers[0]['label']} "
            f"({numbers[0]['text']}) to {numbers[-1]['label']} ({numbers[-1]['text']})"
            + (
                f", with the {target_label.lower()} {latest_target} as a dashed line"
                if target_number is not None
                else ""
            )
            + ". The table below gives every value."
        )
    changes = []
    if is_analyst(request.user):
        cell_changes = Cell.history.filter(measure_id=measure.pk).select_related("history_user", "year")
        note_changes = MeasureQuarter.history.filter(measure_id=measure.pk).select_related(
            "history_user", "year"
        )
        for record in cell_changes.order_by("-history_date")[:20]:
            changes.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": f"{record.year.label} {Cell.Column(record.column).label}: "
                    f"{record.text or '(empty)'}",
                    "why": record.history_change_reason,
                }
            )
        for record in note_changes.order_by("-history_date")[:20]:
            rag = (
                f"RAG set to {record.rag_override} ({record.override_reason})"
                if record.rag_override
                else "RAG worked out"
            )
            changes.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": f"Quarter {record.quarter} {record.year.label}: {rag}; "
                    f"comments: {record.commentary[:80] or '(none)'}",
                    "why": record.history_change_reason,
                }
            )
        changes = sorted(changes, key=lambda change: change["when"], reverse=True)[:20]
    return render(
        request,
        "scorecard/measure.html",
        {
            "changes": changes,
            "target_label": target_label,
            "measure": measure,
            "points": points,
            "chart": chart,
            "summary": summary,
            "latest_target": latest_target,
            "is_analyst": is_analyst(request.user),
            "sections": Section.objects.all(),
        },
    )


@permission_required(perms.MANAGE_SCORECARD, raise_exception=True)
def measure_new(request):
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"{measure} is added to {measure.section}. Import its figures with the sheet."
            )
            return redirect(measure)
    return render(request, "scorecard/measure_new.html", {"form": form})


@permission_required(perms.MANAGE_SCORECARD, raise_exception=True)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        year = FinancialYear(start_year=form.cleaned_data["year"])
        problems, plan = importer.check_file(
            data=data, filename=upload.name, year=year, quarter=form.cleaned_data["quarter"]
        )
        if not problems:
            record = services.scorecard_import_upload(
                data=data,
                filename=upload.name,
                start_year=year.start_year,
                quarter=form.cleaned_data["quarter"],
                user=request.user,
            )
            return redirect("scorecard:import-preview", pk=record.pk)
        form.add_error(
            "file",
            f"{upload.name} cannot be imported: "
            f"{len(problems)} problem{pluralize(len(problems))}, listed below",
        )
    return render(request, "scorecard/import.html", {"form": form, "problems": problems})


@permission_required(perms.MANAGE_SCORECARD, raise_exception=True)
def import_preview(request, pk: int):
    record = get_object_or_404(ImportRecord.objects.select_related("year"), pk=pk)
    if record.applied_at is not None:
        messages.info(request, f"{record.filename} has been imported.")
        return redirect("scorecard:quarter", year=record.year.label, quarter=record.quarter)
    problems, plan = importer.check_file(
        data=bytes(record.content), filename=record.filename, year=record.year, quarter=record.quarter
    )
    if request.method == "POST":
        try:
            changes = services.scorecard_import_apply(
                record=record, user=request.user, expected_digest=request.POST.get("digest", "")
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, f"{record.filename} is imported: {changes} change(s).")
            return redirect("scorecard:quarter", year=record.year.label, quarter=record.quarter)
    return render(
        request,
        "scorecard/import_preview.html",
        {
            "record": record,
            "plan": plan,
            "problems": problems or (plan.locked if plan else []),
            "digest": services.plan_digest(plan) if plan else "",
        },
    )
