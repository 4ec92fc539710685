"""The analysts' pages (MANAGE_SCORECARD): import, publish and new versions, a measure's quarter (figures,
RAG and comments), and measures' definitions (add, change, retire, bring back)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.timefmt import govuk_date

from .. import importer, queries, services, table
from ..forms import ImportForm, MeasureForm, MeasureQuarterForm, NewVersionForm, ReasonForm
from ..models import FinancialYear, ImportRecord, Measure, MeasureQuarter
from ..tables import ChangesTable

manage_scorecard = permission_required(perms.MANAGE_SCORECARD, raise_exception=True)


def pluralize(count: int) -> str:
    return "" if count == 1 else "s"


@require_POST
@manage_scorecard
def quarter_publish(request, year: str, quarter: int):
    scorecard_quarter = queries.get_quarter_for_user(request.user, year, quarter)
    try:
        version = services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{scorecard_quarter} is published as version {version.number}.")
    return redirect(scorecard_quarter)


@manage_scorecard
def quarter_new_version(request, year: str, quarter: int):
    scorecard_quarter = queries.get_quarter_for_user(request.user, year, quarter)
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


@manage_scorecard
def measure_quarter_edit(request, year: str, quarter: int, pk: int):
    scorecard_quarter = queries.get_quarter_for_user(request.user, year, quarter)
    measure = get_object_or_404(
        Measure.objects.visible_to(request.user).current().select_related("section"), pk=pk
    )
    note = (
        MeasureQuarter.objects.visible_to(request.user)
        .filter(measure=measure, year=scorecard_quarter.year, quarter=quarter)
        .first()
    )
    row = table.build_rows(scorecard_quarter.year, quarter, measures=[measure])[0]
    initial = {
        "quarter_value": row[f"q{quarter}"],
        "ytd_value": row["ytd"],
        "rag_override": note.rag_override if note else "",
        "override_reason": note.override_reason if note else "",
        "commentary": note.commentary if note else "",
    }
    form = MeasureQuarterForm(request.POST or None, initial=initial, quarter=quarter, unit=measure.unit)
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
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Changes saved for {measure}.")
            return redirect(scorecard_quarter)
    return render(
        request,
        "scorecard/measure_quarter_edit.html",
        {"form": form, "scorecard_quarter": scorecard_quarter, "measure": measure, "row": row},
    )


@manage_scorecard
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
    return render(request, "scorecard/measure_form.html", {"form": form, "measure": None})


@manage_scorecard
def measure_edit(request, pk: int):
    measure = queries.get_measure_for_user(request.user, pk)
    form = MeasureForm(request.POST or None, initial=MeasureForm.initial_for(measure), with_reason=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.measure_update(measure=measure, data=data, user=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The measure's definition is changed.")
            return redirect(measure)
    return render(request, "scorecard/measure_form.html", {"form": form, "measure": measure})


@manage_scorecard
def measure_retire(request, pk: int):
    measure = queries.get_measure_for_user(request.user, pk)
    return confirm_or_refuse(
        request,
        title=f"Retire {measure}?",
        caption="Adult social care scorecard",
        summary=[("Measure", measure), ("Section", measure.section)],
        warning="It leaves the tables of drafts and later quarters, and an import will refuse its row. "
        "Published versions keep it as they were published, and its figures and history stay.",
        button="Retire the measure",
        refusal=f"{measure} was retired on {govuk_date(measure.retired_at)}." if measure.is_retired else "",
        back=measure.get_absolute_url(),
        form=ReasonForm(
            request.POST or None,
            label="Why is the measure retired?",
            required_message="Enter why the measure is retired",
        ),
        action=lambda form: (
            services.measure_retire(measure=measure, user=request.user, reason=form.cleaned_data["reason"]),
            (f"{measure} is retired.", measure.get_absolute_url()),
        )[1],
    )


@manage_scorecard
def measure_restore(request, pk: int):
    measure = queries.get_measure_for_user(request.user, pk)
    return confirm_or_refuse(
        request,
        title=f"Bring back {measure}?",
        caption="Adult social care scorecard",
        summary=[
            ("Measure", measure),
            ("Retired", govuk_date(measure.retired_at)),
            ("Why", measure.retired_reason),
        ],
        warning="It will be in the tables of drafts again, and imports will read its row.",
        button="Bring the measure back",
        button_style="",
        refusal="" if measure.is_retired else f"{measure} is not retired.",
        back=measure.get_absolute_url(),
        form=ReasonForm(
            request.POST or None,
            label="Why is the measure brought back?",
            required_message="Enter why the measure is brought back",
        ),
        action=lambda form: (
            services.measure_restore(measure=measure, user=request.user, reason=form.cleaned_data["reason"]),
            (f"{measure} is back in the scorecard.", measure.get_absolute_url()),
        )[1],
    )


@manage_scorecard
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


@manage_scorecard
def import_preview(request, pk: int):
    record = get_object_or_404(ImportRecord.objects.visible_to(request.user).select_related("year"), pk=pk)
    if record.applied_at is not None:
        messages.info(request, f"{record.filename} has been imported.")
        return redirect("scorecard:quarter", year=record.year.label, quarter=record.quarter)
    problems, plan = importer.check_file(
        data=bytes(record.content), filename=record.filename, year=record.year, quarter=record.quarter
    )
    problems = problems or (plan.locked if plan else [])
    if request.method == "POST":
        try:
            changes = services.scorecard_import_apply(
                record=record, user=request.user, expected_digest=request.POST.get("digest", "")
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, f"{record.filename} is imported: {changes} change{pluralize(changes)}.")
            return redirect("scorecard:quarter", year=record.year.label, quarter=record.quarter)
    return render(
        request,
        "scorecard/import_preview.html",
        {
            "record": record,
            "plan": plan,
            "changes": ChangesTable(plan.changes) if plan and plan.changes else None,
            "problems": problems,
            "problem_items": [{"text": problem, "href": ""} for problem in problems],
            "digest": services.plan_digest(plan) if plan else "",
        },
    )
