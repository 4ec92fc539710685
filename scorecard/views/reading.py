"""Reading the scorecard: public, no sign-in needed (issue 19). Everyone reads the published quarters
(the latest version of each, or the one asked for), with their charts and downloads; analysts read drafts
too; staff readers also see the analysts' reasons and the portal's computed figures (scorecard.queries)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portal import documents

from .. import documents as scorecard_documents
from .. import exports, queries, table
from ..chart import history_svg
from ..forms import ScorecardFilterForm
from ..models import ImportRecord, Measure, Unit, YearToDate, is_analyst, is_staff_reader, parse_target
from ..tables import ImportsTable, PointsTable, QuarterIndexTable, QuarterTable


@login_not_required
def index(request):
    analyst = is_analyst(request.user)
    imports = None
    if analyst:
        imports = ImportsTable(
            ImportRecord.objects.visible_to(request.user)
            .filter(applied_at__isnull=False)
            .select_related("year", "imported_by")
            .defer("content")[:10]
        )
    return render(
        request,
        "scorecard/index.html",
        {
            "table": QuarterIndexTable(queries.index_entries(request.user), analyst=analyst),
            "is_analyst": analyst,
            "imports": imports,
            "retired": Measure.objects.visible_to(request.user).filter(retired_at__isnull=False).count()
            if analyst
            else 0,
        },
    )


@login_not_required
def quarter_page(request, year: str, quarter: int):
    user = request.user
    scorecard_quarter = queries.get_quarter_for_user(user, year, quarter)
    rows, version = queries.rows_for(user, scorecard_quarter, request.GET.get("version", ""))
    sections = list(dict.fromkeys(row["section"] for row in rows))
    filter_form = ScorecardFilterForm(request.GET or None, sections=sections)
    section = rag = ""
    if filter_form.is_valid():
        section, rag = filter_form.cleaned_data["section"], filter_form.cleaned_data["rag"]
    shown = table.filter_rows(rows, section=section, rag=rag)
    internal = is_staff_reader(user)
    if internal:
        queries.add_computed(shown, scorecard_quarter)
    versions = list(scorecard_quarter.versions.select_related("published_by").order_by("-number"))
    headings = table.header(scorecard_quarter.year)
    analyst = is_analyst(user)
    can_edit = analyst and not scorecard_quarter.is_published and version is None
    edit_url = ""
    if can_edit:
        edit_url = reverse("scorecard:measure-edit", args=[year, quarter, 0])[: -len("0/")]
    groups = [
        (
            name,
            QuarterTable(
                section_rows,
                caption=f"{name}: measures for quarter {quarter} {scorecard_quarter.year.label}",
                year_end_heading=headings[table.KEYS.index("outturn")],
                internal=internal,
                edit_url=edit_url,
            ),
        )
        for name, section_rows in table.grouped(shown)
    ]
    return render(
        request,
        "scorecard/quarter.html",
        {
            "scorecard_quarter": scorecard_quarter,
            "version": version,
            "versions": versions,
            "groups": groups,
            "shown": len(shown),
            "total": len(rows),
            "filter_form": filter_form,
            "is_analyst": analyst,
            "show_publisher": internal,
        },
    )


@login_not_required
def quarter_export(request, year: str, quarter: int, fmt: str):
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("No such format")
    scorecard_quarter = queries.get_quarter_for_user(request.user, year, quarter)
    rows, version = queries.rows_for(request.user, scorecard_quarter, request.GET.get("version", ""))
    if fmt == "pdf" and version is not None:
        # A published version's PDF is stored, built once by the task worker and never rendered in a
        # request (issue 13, scorecard/documents.py); a draft's is for analysts only.
        name = exports.filename(scorecard_quarter, version, fmt)
        return documents.respond(request, scorecard_documents.VERSION_PDF, version, filename=name)
    response = HttpResponse(
        exports.render(fmt, scorecard_quarter, rows, version), content_type=exports.CONTENT_TYPES[fmt]
    )
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{exports.filename(scorecard_quarter, version, fmt)}"'
    )
    return response


@login_not_required
def measure_page(request, pk: int):
    measure = queries.get_measure_for_user(request.user, pk)
    analyst = is_analyst(request.user)
    points = queries.measure_points(request.user, measure)
    if not points and not analyst:
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
            + ". The y-axis starts at 0. The table below gives every value."
        )
    return render(
        request,
        "scorecard/measure.html",
        {
            "changes": queries.measure_changes(measure) if analyst else [],
            "target_label": target_label,
            "measure": measure,
            "points": PointsTable(
                points,
                caption=f"Every {'recorded' if analyst else 'published'} value, oldest first",
            ),
            "has_points": bool(points),
            "chart": chart,
            "summary": summary,
            "latest_target": latest_target,
            "is_analyst": analyst,
        },
    )
