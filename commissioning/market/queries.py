"""Reads for the market pages: one function per page owns its queries, so the page and its PDF and CSV
read the same data. Every function costs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch
from django.http import Http404

from commissioning.contracts.models import Contract
from committees.models import Report

from . import supply
from .models import Assessment, Dimension, Figure, Intention, Market, MarketSection


def markets_for(user):
    return Market.objects.visible_to(user).order_by("chapter", "position", "title")


def get_market_for_user(user, slug: str) -> Market:
    market = markets_for(user).select_related("purchasing_system").filter(slug=slug).first()
    if market is None:
        raise Http404("No such market")
    return market


def chapters(markets) -> list[dict]:
    """The markets grouped by the statement's chapters, in the statement's order."""
    grouped: dict[int, dict] = {}
    for market in markets:
        entry = grouped.setdefault(
            market.chapter, {"number": market.chapter, "title": market.get_chapter_display(), "markets": []}
        )
        entry["markets"].append(market)
    return [grouped[number] for number in sorted(grouped)]


def _public_report(report: Report | None) -> Report | None:
    """A linked report is shown only once it is public (published, part 1)."""
    if report is None or report.status != Report.Status.PUBLISHED or report.part != 1:
        return None
    return report


def intentions_of(market: Market) -> list[Intention]:
    intentions = list(
        market.intentions.select_related(
            "report", "work_programme_item__committee", "contract"
        ).prefetch_related(Prefetch("report__references", to_attr="reference_list"))
    )
    contract_ids = [i.contract_id for i in intentions if i.contract_id]
    public = set()
    if contract_ids:  # which linked contracts the public register lists (one query, only when there are any)
        public = set(
            Contract.objects.on_public_register().filter(pk__in=contract_ids).values_list("pk", flat=True)
        )
    for intention in intentions:
        intention.public_report = _public_report(intention.report)
        intention.public_contract = intention.contract if intention.contract_id in public else None
    return intentions


def market_page(market: Market) -> dict:
    """Everything a market's page shows, stored and computed. Queries: sections, figures, intentions (with
    their reports' references), assessments, provider supply, and the market's FPS (lots, spend, placements)
    and carers referrals when it has them."""
    sections = list(MarketSection.objects.filter(market=market).order_by("position", "pk"))
    figures = list(Figure.objects.filter(market=market).order_by("kind", "position", "pk"))
    assessments = {a.dimension: a for a in Assessment.objects.filter(market=market)}
    page = {
        "market": market,
        "sections": sections,
        "supply_figures": [f for f in figures if f.kind == Figure.Kind.SUPPLY],
        "demand_figures": [f for f in figures if f.kind == Figure.Kind.DEMAND],
        "intentions": intentions_of(market),
        "assessments": [{"dimension": d, "assessment": assessments.get(d.value)} for d in Dimension],
        "providers": supply.providers_by_area(market.service_types),
        "contracts": supply.contracts(market.service_types),
        "fps": None,
        "carers_referrals": supply.carers_referrals() if market.shows_carers_referrals else None,
    }
    providers = page["providers"]
    page["cqc"] = (
        supply.cqc_ratings(market.service_types, providers.total, providers.ratings) if providers else None
    )
    system = market.purchasing_system
    if system is not None:
        page["fps"] = {
            "system": system,
            "lots": supply.fps_admissions(system),
            "spend": supply.fps_spend_figures(system),
            "placements": supply.fps_placements(system),
        }
    dated = [market.updated_at, *(s.updated_at for s in sections), *(f.updated_at for f in figures)]
    dated += [i.updated_at for i in page["intentions"]] + [a.updated_at for a in assessments.values()]
    page["last_updated"] = max(dated)
    return page


def statement(user) -> list[dict]:
    """Every published market's page, in the statement's order, for the whole-statement PDF."""
    return [
        {**chapter, "pages": [market_page(m) for m in chapter["markets"]]}
        for chapter in chapters(markets_for(user))
    ]


def content_stamp() -> str:
    """Which edits the statement includes: the latest history row of each of the markets' tables (one is
    written for every change and every deletion). One query, read from the history tables' primary keys."""
    tables = [
        model.history.model._meta.db_table for model in (Market, MarketSection, Figure, Intention, Assessment)
    ]
    # Table names come from the models: nothing in the query comes from a request.
    columns = ", ".join(f"(SELECT max(history_id) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 - table names from the models
        return "-".join(str(value or 0) for value in cursor.fetchone())


HISTORY_LIMIT = 200


def changes_of(market: Market) -> list:
    """The latest changes to the market's records (its details, sections, figures, intentions and assessment),
    newest first, as events for the history table. One query per kind of record."""
    from portal import history

    def latest(rows):
        return rows.select_related("history_user").order_by("-history_date", "-history_id")[:HISTORY_LIMIT]

    found = history.merged(
        (latest(Market.history.filter(id=market.pk)), "Market details"),
        (latest(MarketSection.history.filter(market_id=market.pk)), lambda h: f"Section: {h.heading}"),
        (latest(Figure.history.filter(market_id=market.pk)), lambda h: f"Figure: {h.label}"),
        (latest(Intention.history.filter(market_id=market.pk)), lambda h: f"Intention: {h.text[:80]}"),
        (
            latest(Assessment.history.filter(market_id=market.pk)),
            lambda h: f"Assessment: {h.get_dimension_display()}",
        ),
    )
    return found[:HISTORY_LIMIT]
