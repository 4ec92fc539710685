"""The market pages. Reading is public (@login_not_required); commissioners (MANAGE_MARKET) change the text,
figures, intentions and assessment through the services, each change audited.

A market that is not published is a 404 to everyone but commissioners (`get_market_for_user`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from committees.tables import markup_examples
from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.exports import csv_response
from portal.forms import add_validation_errors

from . import exports, population, queries, services, statement_pdf, tables
from .formatting import figure_value, plain_number, shown_date
from .forms import AssessmentForm, FigureForm, IntentionForm, MarketForm, SectionForm
from .models import Dimension, Figure, Intention, Market, MarketSection

manage = permission_required(perms.MANAGE_MARKET, raise_exception=True)


def _can_manage(request) -> bool:
    return request.user.has_perm(perms.MANAGE_MARKET)


# Public pages ---------------------------------------------------------------------------------------------


@login_not_required
def index(request):
    markets = list(queries.markets_for(request.user))
    return render(
        request,
        "market/index.html",
        {
            "chapters": queries.chapters(markets),
            "can_manage": _can_manage(request),
            "pdf": statement_pdf.latest_ready(),
        },
    )


@login_not_required
def population_page(request):
    from . import charts  # matplotlib loads only for the pages that draw charts

    built = population.build()
    if built is None:
        raise Http404("The population tables are not loaded")
    return render(
        request,
        "market/population.html",
        {
            "tables": built,
            "table_1": tables.table_1_tables(built),
            "table_2": tables.table_2_table(built),
            "chart_1": charts.table_1_chart(built),
            "chart_2": charts.table_2_chart(built),
            "chart_1_title": charts.TABLE_1_CHART_TITLE,
            "chart_2_title": charts.TABLE_2_CHART_TITLE,
        },
    )


@login_not_required
def population_csv(request, table: str):
    built = population.build()
    builders = {"table-1": population.table_1_csv, "table-2": population.table_2_csv}
    if built is None or table not in builders:
        raise Http404("No such table")
    header, rows = builders[table](built)
    return csv_response(f"market-position-statement-population-{table}.csv", header, rows)


@login_not_required
def market_page(request, slug: str):
    market = queries.get_market_for_user(request.user, slug)
    page = queries.market_page(market)
    can_manage = _can_manage(request)
    return render(
        request,
        "market/market.html",
        {
            **page,
            "can_manage": can_manage,
            "tables": tables.page_tables(page, can_manage=can_manage),
            "downloads": exports.tables_of(page),
        },
    )


@login_not_required
def table_csv(request, slug: str, table: str):
    market = queries.get_market_for_user(request.user, slug)
    page = queries.market_page(market)
    found = exports.table(page, table)
    if found is None:
        raise Http404("No such table")
    header, rows = found
    return csv_response(f"{market.slug}-{table}.csv", header, rows)


@login_not_required
def statement_pdf_view(request):
    """The whole statement as a stored PDF. No request renders it: a missing or out-of-date PDF is prepared by
    the task worker, and this page says so (with the last one, when there is one)."""
    state = statement_pdf.state(start_if_needed=True)
    if state.current is not None:
        return statement_pdf.file_response(state.current)
    if state.previous is not None and request.GET.get("previous") == "1":
        return statement_pdf.file_response(state.previous)
    return render(request, "market/pdf_status.html", {"state": state})


# Commissioners ------------------------------------------------------------------------------------------


def _form_page(request, template: str, form, *, market=None, title: str, caption: str = "", **extra):
    return render(
        request,
        f"market/{template}",
        {
            "form": form,
            "market": market,
            "title": title,
            "caption": caption or (market.title if market else ""),
            # The light markup's help (shared with committee reports) shows its examples as a table.
            **({"markup_examples": markup_examples()} if extra.get("markup_help") else {}),
            **extra,
        },
    )


def _saved(request, message: str, market: Market, anchor: str = ""):
    messages.success(request, message)
    return redirect(market.get_absolute_url() + (f"#{anchor}" if anchor else ""))


@manage
def market_add(request):
    form = MarketForm(request.POST or None, initial={"is_published": False})
    if request.method == "POST" and form.is_valid():
        try:
            market = services.market_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, f"The market {market.title} is added.", market)
    return _form_page(request, "form.html", form, title="Add a market", caption="Market position statement")


@manage
def market_edit(request, slug: str):
    market = queries.get_market_for_user(request.user, slug)
    initial = {field: getattr(market, field) for field in services.MARKET_FIELDS}
    form = MarketForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.market_update(market=market, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "The market's details are saved.", market)
    return _form_page(request, "form.html", form, market=market, title="Change the market's details")


def _section(request, slug: str, pk: int) -> MarketSection:
    market = queries.get_market_for_user(request.user, slug)
    return get_object_or_404(MarketSection.objects.select_related("market"), pk=pk, market=market)


@manage
def section_add(request, slug: str):
    market = queries.get_market_for_user(request.user, slug)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_create(market=market, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(
                request, f"The section {section.heading} is added.", market, f"section-{section.pk}"
            )
    return _form_page(request, "form.html", form, market=market, title="Add a section", markup_help=True)


@manage
def section_edit(request, slug: str, pk: int):
    section = _section(request, slug, pk)
    initial = {
        "heading": section.heading,
        "text": services.section_text(section),
        "last_reviewed": section.last_reviewed,
    }
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(
                request, f"The section {section.heading} is saved.", section.market, f"section-{section.pk}"
            )
    return _form_page(
        request,
        "form.html",
        form,
        market=section.market,
        title=f"Change the section {section.heading}",
        markup_help=True,
    )


@manage
@require_POST
def section_reviewed(request, slug: str, pk: int):
    section = _section(request, slug, pk)
    services.section_mark_reviewed(section=section, by=request.user)
    return _saved(
        request,
        f"The section {section.heading} is marked as reviewed today.",
        section.market,
        f"section-{section.pk}",
    )


@manage
@require_POST
def section_move(request, slug: str, pk: int):
    section = _section(request, slug, pk)
    try:
        services.section_move(section=section, by=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(section.market.get_absolute_url() + f"#section-{section.pk}")


def _delete_page(request, *, title: str, market: Market, summary: list, what: str, delete):
    """The confirmation page, then the deletion and back to the market's page."""
    return confirm_or_refuse(
        request,
        title=title,
        caption=market.title,
        summary=summary,
        warning=f"The {what} will be deleted from the page. Its history is kept.",
        button="Delete",
        back=market.get_absolute_url(),
        action=lambda _form: (delete(), (f"The {what} is deleted.", market.get_absolute_url()))[1],
    )


@manage
def section_delete(request, slug: str, pk: int):
    section = _section(request, slug, pk)
    return _delete_page(
        request,
        title="Delete this section?",
        market=section.market,
        summary=[("Heading", section.heading), ("Paragraphs", len(section.paragraphs))],
        what=f"section {section.heading}",
        delete=lambda: services.section_delete(section=section, by=request.user),
    )


def _figure(request, slug: str, pk: int) -> Figure:
    market = queries.get_market_for_user(request.user, slug)
    return get_object_or_404(Figure.objects.select_related("market"), pk=pk, market=market)


@manage
def figure_add(request, slug: str):
    market = queries.get_market_for_user(request.user, slug)
    kind = request.GET.get("kind") if request.GET.get("kind") in Figure.Kind.values else None
    form = FigureForm(request.POST or None, initial={"kind": kind, "as_of_precision": "day"})
    if request.method == "POST" and form.is_valid():
        try:
            figure = services.figure_create(market=market, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, f"The figure {figure.label} is added.", market, figure.kind)
    return _form_page(request, "form.html", form, market=market, title="Add a figure")


@manage
def figure_edit(request, slug: str, pk: int):
    figure = _figure(request, slug, pk)
    initial = {field: getattr(figure, field) for field in services.FIGURE_FIELDS}
    initial["value"] = plain_number(figure.value)
    initial["value_to"] = plain_number(figure.value_to) if figure.value_to is not None else ""
    form = FigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_update(figure=figure, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, f"The figure {figure.label} is saved.", figure.market, figure.kind)
    return _form_page(request, "form.html", form, market=figure.market, title="Change a figure")


@manage
def figure_delete(request, slug: str, pk: int):
    figure = _figure(request, slug, pk)
    return _delete_page(
        request,
        title="Delete this figure?",
        market=figure.market,
        summary=[("Figure", figure.label), ("Value", figure_value(figure)), ("Source", figure.source)],
        what=f"figure {figure.label}",
        delete=lambda: services.figure_delete(figure=figure, by=request.user),
    )


def _intention(request, slug: str, pk: int) -> Intention:
    market = queries.get_market_for_user(request.user, slug)
    return get_object_or_404(Intention.objects.select_related("market"), pk=pk, market=market)


@manage
def intention_add(request, slug: str):
    market = queries.get_market_for_user(request.user, slug)
    form = IntentionForm(request.POST or None, initial={"due_precision": "day"})
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_create(market=market, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "The intention is added.", market, "intentions")
    return _form_page(request, "form.html", form, market=market, title="Add a commissioning intention")


@manage
def intention_edit(request, slug: str, pk: int):
    intention = _intention(request, slug, pk)
    initial = {field: getattr(intention, field) for field in services.INTENTION_FIELDS}
    initial["report"] = intention.report_id
    initial["contract"] = intention.contract.reference if intention.contract_id else ""
    form = IntentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_update(intention=intention, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(request, "The intention is saved.", intention.market, "intentions")
    return _form_page(
        request, "form.html", form, market=intention.market, title="Change a commissioning intention"
    )


@manage
def intention_delete(request, slug: str, pk: int):
    intention = _intention(request, slug, pk)
    return _delete_page(
        request,
        title="Delete this intention?",
        market=intention.market,
        summary=[("Intention", intention.text), ("Date", shown_date(intention.due, intention.due_precision))],
        what="intention",
        delete=lambda: services.intention_delete(intention=intention, by=request.user),
    )


@manage
def assessment_edit(request, slug: str, dimension: str):
    market = queries.get_market_for_user(request.user, slug)
    if dimension not in Dimension.values:
        raise Http404("No such dimension")
    current = market.assessments.filter(dimension=dimension).first()
    initial = {"rating": current.rating, "sentence": current.sentence} if current else {}
    form = AssessmentForm(request.POST or None, dimension=dimension, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_set(market=market, dimension=dimension, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _saved(
                request,
                f"The assessment of {Dimension(dimension).label.lower()} is saved.",
                market,
                "assessment",
            )
    return _form_page(
        request,
        "form.html",
        form,
        market=market,
        title=f"Assess the market's {Dimension(dimension).label.lower()}",
    )


@manage
def history(request, slug: str):
    market = queries.get_market_for_user(request.user, slug)
    return render(
        request,
        "market/history.html",
        {
            "market": market,
            "changes": queries.changes_of(market),
            "back": reverse("market:market", args=[slug]),
        },
    )
