"""The Market Position Statement 2021-25 for the demo, from fixtures/demo/market/ (see its README.md).

- markets.json: the markets of the statement's sections 7-9, in its order, with the provider register's
  service types each counts as supply and the FPS it uses.
- text/<market>.txt: each market's sections in the committees' light markup, one "## Heading [lines ...]"
  line before each section.
- figures.csv, intentions.csv: the statement's figures and commissioning intentions (and a few from the
  committee pack of 28 March 2022), each with its source line.
- assessments.csv: invented commissioners' ratings (marked as demo data on the page).
- population-table-1.csv, population-table-2.csv: the statement's Table 1 and Table 2, figure for figure.

Idempotent. The population tables are kept equal to the files (they are not edited in the portal). A market
is created once, found by its slug; each of its sections, figures, intentions and assessments is loaded while
the market has none of that kind, so a commissioner's changes to the demo are never overwritten.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from commissioning.contracts.models import Contract
from commissioning.fps.models import PurchasingSystem
from committees.models import ReportReference, WorkProgrammeItem
from portal.audit import audit

from . import services
from .models import Assessment, Figure, Intention, Market, MarketSection, PopulationFigure

REASON = "Demo data loaded from fixtures/demo/market/"
HEADING = re.compile(r"^## (?P<heading>.+?)(?: \[lines (?P<lines>[^\]]+)\])?$", re.MULTILINE)


def folder():
    return settings.BASE_DIR / "fixtures" / "demo" / "market"


def read_csv(name: str) -> list[dict]:
    with (folder() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_sections(slug: str) -> list[tuple[str, str]]:
    """(heading, markup text) of each section in text/<slug>.txt."""
    path = folder() / "text" / f"{slug}.txt"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    parts = HEADING.split(text)
    # split() with two groups gives [before, heading, lines, body, heading, lines, body, ...]
    return [(parts[i].strip(), parts[i + 2].strip()) for i in range(1, len(parts), 3)]


def _saved(obj) -> None:
    obj.full_clean()
    audit(obj, by=None, reason=REASON).save()


def load_population() -> int:
    """Table 1 and Table 2 as printed; a figure that differs from its file is corrected."""
    changed = 0
    for table, name in ((1, "population-table-1.csv"), (2, "population-table-2.csv")):
        for row in read_csv(name):
            area = row.get("area") or "Cheshire East"
            percent = row["printed_percent"] if table == 1 else row["printed_change_percent"]
            values = {
                "count": int(row["count"]),
                "printed_percent": int(percent) if percent else None,
                "printed_change": int(row["printed_change"]) if row.get("printed_change") else None,
                "source": f"Market Position Statement 2021-25, Table {table} (line {row['source_line']})",
            }
            _figure, created = PopulationFigure.objects.update_or_create(
                table=table, area=area, year=int(row["year"]), band=row["band"], defaults=values
            )
            changed += created
    return changed


def load_markets(today: date) -> dict[str, Market]:
    data = json.loads((folder() / "markets.json").read_text(encoding="utf-8"))
    systems = {system.slug: system for system in PurchasingSystem.objects.all()}
    markets = {}
    for spec in data["markets"]:
        market = Market.objects.filter(slug=spec["slug"]).first()
        if market is None:
            market = Market(
                slug=spec["slug"],
                title=spec["title"],
                chapter=spec["chapter"],
                position=spec["position"],
                summary=spec["summary"],
                service_types=spec["service_types"],
                purchasing_system=systems.get(spec["purchasing_system"] or ""),
                shows_carers_referrals=spec["shows_carers_referrals"],
                is_published=True,
            )
            _saved(market)
        elif market.purchasing_system_id is None and spec["purchasing_system"] in systems:
            market.purchasing_system = systems[spec["purchasing_system"]]
            _saved(market)
        markets[market.slug] = market
    last_reviewed = date.fromisoformat(data["last_reviewed"])
    for market in markets.values():
        if market.sections.exists():
            continue
        for position, (heading, text) in enumerate(read_sections(market.slug)):
            _saved(
                MarketSection(
                    market=market,
                    position=position,
                    heading=heading,
                    paragraphs=services.read_text(text),
                    last_reviewed=last_reviewed,
                )
            )
    return markets


def load_figures(markets: dict[str, Market]) -> None:
    has_figures = set(Figure.objects.values_list("market__slug", flat=True))
    positions: dict[tuple[str, str], int] = {}
    for row in read_csv("figures.csv"):
        slug = row["market"]
        if slug in has_figures or slug not in markets:
            continue
        key = (slug, row["kind"])
        positions[key] = positions.get(key, -1) + 1
        _saved(
            Figure(
                market=markets[slug],
                kind=row["kind"],
                position=positions[key],
                label=row["label"],
                unit=row["unit"],
                value=Decimal(row["value"]),
                value_to=Decimal(row["value_to"]) if row["value_to"] else None,
                qualifier=row["qualifier"],
                as_of=date.fromisoformat(row["as_of"]),
                as_of_precision=row["as_of_precision"],
                source=row["source"],
                note=row["note"],
            )
        )


def load_intentions(markets: dict[str, Market]) -> None:
    has_intentions = set(Intention.objects.values_list("market__slug", flat=True))
    contracts = contracts_by_title()
    references = {ref.reference: ref.report for ref in ReportReference.objects.select_related("report").all()}
    items = {item.title: item for item in WorkProgrammeItem.objects.filter(committee__code="AH")}
    for row in read_csv("intentions.csv"):
        slug = row["market"]
        if slug in has_intentions or slug not in markets:
            continue
        _saved(
            Intention(
                market=markets[slug],
                text=row["text"],
                due=date.fromisoformat(row["due"]),
                due_precision=row["due_precision"],
                report=references.get(row["report_reference"] or None),
                work_programme_item=items.get(row["work_programme_title"] or None),
                contract=contracts.get(row["contract_title"] or None),
                source=row["source"],
            )
        )


def contracts_by_title() -> dict:
    """The contracts register's contracts by title (the contracts demo names the statement's services)."""
    return {contract.title: contract for contract in Contract.objects.all()}


def link_contracts(markets: dict[str, Market]) -> int:
    """Link the demo intentions to their contracts when the contracts demo is loaded after them: only an
    intention of the file with no contract yet, found by market, date and text, is changed."""
    contracts = contracts_by_title()
    linked = 0
    for row in read_csv("intentions.csv"):
        contract = contracts.get(row["contract_title"] or None)
        if contract is None or row["market"] not in markets:
            continue
        for intention in Intention.objects.filter(
            market=markets[row["market"]], due=date.fromisoformat(row["due"]), text=row["text"], contract=None
        ):
            intention.contract = contract
            _saved(intention)
            linked += 1
    return linked


def load_assessments(markets: dict[str, Market]) -> None:
    has_assessments = set(Assessment.objects.values_list("market__slug", flat=True))
    for row in read_csv("assessments.csv"):
        slug = row["market"]
        if slug in has_assessments or slug not in markets:
            continue
        _saved(
            Assessment(
                market=markets[slug],
                dimension=row["dimension"],
                rating=row["rating"],
                sentence=row["sentence"],
                assessed_on=date.fromisoformat(row["assessed_on"]),
                is_demo=True,
            )
        )


@transaction.atomic
def load(*, stdout=None, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    load_population()
    markets = load_markets(today)
    load_figures(markets)
    load_intentions(markets)
    link_contracts(markets)
    load_assessments(markets)
    counts = {
        "markets": Market.objects.count(),
        "sections": MarketSection.objects.count(),
        "figures": Figure.objects.count(),
        "intentions": Intention.objects.count(),
        "assessments": Assessment.objects.count(),
        "population figures": PopulationFigure.objects.count(),
    }
    if stdout is not None:
        stdout.write("Market position statement: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return counts
