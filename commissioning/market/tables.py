"""The market pages' tables, drawn through the portal's GOV.UK table (portal.tables.Table, in a scroll
container so a wide table never makes the page scroll sideways). The rows are the page's data
(queries.market_page, population.build); nothing here queries the database."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.tables import NumericColumn, Table

from .formatting import figure_value, shown_date
from .models import Band
from .population import BANDS, BASE_YEAR


def _table(
    caption: str, columns: list[tuple[str, tables.Column]], rows: list[dict], *, empty: str = "", hidden=True
):
    """A table of `rows` (dicts); its caption names it for screen readers, and is shown when `hidden` is
    False (the pages put a heading above most tables, which the caption would only repeat)."""
    table = Table(rows, extra_columns=columns, orderable=False, empty_text=empty or "Nothing to show.")
    table.caption = caption
    table.caption_hidden = hidden
    return table


def _actions(*links: tuple[str, str, str]):
    """Links such as ("Change", url, "the figure Care home beds"), the last part for screen readers."""
    return format_html_join(
        " ",
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
        ((url, text, hidden) for text, url, hidden in links),
    )


def providers_table(supply, market_title: str):
    types = supply.service_types
    columns = [("community", tables.Column(verbose_name="Care community"))]
    columns += [(f"type_{i}", NumericColumn(verbose_name=label)) for i, (_value, label) in enumerate(types)]
    if len(types) > 1:
        columns.append(("any", NumericColumn(verbose_name="Any of these")))
    rows = [
        {
            "community": row["label"],
            "any": row["any"],
            **{f"type_{i}": n for i, n in enumerate(row["counts"])},
        }
        for row in supply.rows
    ]
    rows.append(
        {
            "community": format_html("<strong>{}</strong>", "All care communities"),
            "any": supply.total,
            **{f"type_{i}": n for i, n in enumerate(supply.totals)},
        }
    )
    return _table(f"Registered providers by care community: {market_title}", columns, rows)


def figures_table(figures, *, kind_label: str, market, can_manage: bool):
    columns = [
        ("label", tables.Column(verbose_name="Figure")),
        ("value", tables.Column(verbose_name="Value")),
        ("date", tables.Column(verbose_name="Date")),
        ("source", tables.Column(verbose_name="Source")),
    ]
    if can_manage:
        columns.append(("actions", tables.Column(verbose_name="Actions")))
    rows = []
    for figure in figures:
        label = figure.label
        if figure.note:
            label = format_html('{}<br><span class="govuk-body-s">{}</span>', figure.label, figure.note)
        row = {
            "label": label,
            "value": format_html('<span class="portal-nowrap">{}</span>', figure_value(figure)),
            "date": shown_date(figure.as_of, figure.as_of_precision),
            "source": figure.source,
        }
        if can_manage:
            hidden = f"the figure {figure.label}"
            row["actions"] = _actions(
                ("Change", reverse("market:figure-edit", args=[market.slug, figure.pk]), hidden),
                ("Delete", reverse("market:figure-delete", args=[market.slug, figure.pk]), hidden),
            )
        rows.append(row)
    return _table(f"{kind_label} figures", columns, rows, empty="No figures yet.")


def intentions_table(intentions, *, market, can_manage: bool):
    columns = [
        ("date", tables.Column(verbose_name="Date")),
        ("intention", tables.Column(verbose_name="Intention")),
        ("updated", tables.Column(verbose_name="Last updated")),
    ]
    if can_manage:
        columns.append(("actions", tables.Column(verbose_name="Actions")))
    rows = []
    for intention in intentions:
        links = []
        if intention.public_contract is not None:
            links.append(format_html("Contract: {}", contract_name(intention.public_contract)))
        if intention.public_report is not None:
            report = intention.public_report
            references = " / ".join(r.reference for r in report.reference_list if r.reference)
            links.append(
                format_html(
                    'Committee report: <a class="govuk-link" href="{}">{}{}</a>',
                    report.get_absolute_url(),
                    f"{references} " if references else "",
                    report.title,
                )
            )
        item = intention.work_programme_item
        if item is not None:
            links.append(
                format_html(
                    'Work programme: <a class="govuk-link" href="{}">{}</a>{}',
                    reverse("committees:work-programme", args=[item.committee.slug]),
                    item.title,
                    f" ({item.committee.name}, {shown_date(item.meeting_date)})" if item.meeting_date else "",
                )
            )
        text = format_html("{}", intention.text)
        if links:
            text = format_html(
                '{}<br><span class="govuk-body-s">{}</span>',
                intention.text,
                format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)),  # noqa: S308,
            )
        row = {
            "date": format_html(
                '<span class="portal-nowrap">{}</span>', shown_date(intention.due, intention.due_precision)
            ),
            "intention": text,
            "updated": shown_date(intention.updated_at.date()),
        }
        if can_manage:
            hidden = f"the intention {intention.text[:60]}"
            row["actions"] = _actions(
                ("Change", reverse("market:intention-edit", args=[market.slug, intention.pk]), hidden),
                ("Delete", reverse("market:intention-delete", args=[market.slug, intention.pk]), hidden),
            )
        rows.append(row)
    return _table(
        "Commissioning intentions, by date", columns, rows, empty="No commissioning intentions yet."
    )


def contract_url(contract) -> str | None:
    """The contract's entry on the public contracts register, once that page exists."""
    try:
        return contract.get_public_url()
    except NoReverseMatch:
        return None


def contract_name(contract):
    url = contract_url(contract)
    if url:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a> ({})', url, contract.title, contract.reference
        )
    return format_html("{} ({})", contract.title, contract.reference)


def contracts_table(found: dict):
    columns = [
        ("contract", tables.Column(verbose_name="Contract")),
        ("providers", tables.Column(verbose_name="Provided by")),
        ("start", tables.Column(verbose_name="Start")),
        ("end", tables.Column(verbose_name="End of its term")),
    ]
    rows = [
        {
            "contract": contract_name(contract),
            "providers": ", ".join(party.name for party in contract.parties.all()) or "Not named",
            "start": shown_date(contract.start_date) or "Not given",
            "end": format_html(
                '<span class="portal-nowrap">{}</span>', shown_date(contract.end_date) or "Not given"
            ),
        }
        for contract in found["soonest"]
    ]
    return _table("Live contracts ending soonest", columns, rows, empty="No live contracts of these types.")


def cqc_table(found: dict):
    columns = [
        ("rating", tables.Column(verbose_name="CQC rating")),
        ("providers", NumericColumn(verbose_name="Providers")),
    ]
    rows = [*found["rows"], {"rating": "No rating recorded", "providers": found["not_recorded"]}]
    return _table("CQC ratings of the market's registered providers", columns, rows)


def fps_lots_table(lots, system_name: str):
    columns = [
        ("lot", tables.Column(verbose_name="Lot")),
        ("admitted", NumericColumn(verbose_name="Providers admitted")),
    ]
    rows = [{"lot": f"Lot {lot['number']}: {lot['title']}", "admitted": lot["admitted"]} for lot in lots]
    return _table(f"Providers admitted to each lot of the {system_name}", columns, rows, empty="No lots yet.")


def quarters_table(quarters, *, caption: str, count_key: str, count_label: str):
    columns = [
        ("quarter", tables.Column(verbose_name="Quarter")),
        ("span", tables.Column(verbose_name="Dates")),
        ("count", NumericColumn(verbose_name=count_label)),
    ]
    rows = [
        {
            "quarter": q["quarter"] + (" (so far)" if q["to_date"] else ""),
            "span": q["span"],
            "count": q[count_key],
        }
        for q in quarters
    ]
    return _table(caption, columns, rows)


def spend_table(spend, system_name: str):
    from portal.templatetags.govuk import money

    columns = [
        ("label", tables.Column(verbose_name="Placements")),
        ("amount", NumericColumn(verbose_name="Annual spend")),
        ("people", NumericColumn(verbose_name="People or placements")),
        ("as_of", tables.Column(verbose_name="As of")),
        ("source", tables.Column(verbose_name="Source")),
    ]
    rows = [
        {
            "label": figure.label,
            "amount": money(figure.amount) if figure.amount is not None else "Not given",
            "people": figure.people if figure.people is not None else "Not given",
            "as_of": shown_date(figure.as_of),
            "source": figure.source,
        }
        for figure in spend
    ]
    return _table(f"Spend through the {system_name}", columns, rows)


def markup_table(table: dict, caption: str):
    """A table written in a section's text (committees' markup): its header row, or numbered columns."""
    header = table.get("header") or []
    rows = table.get("rows") or []
    width = max([len(header), *(len(row) for row in rows)])
    names = [header[i] if i < len(header) and header[i] else f"Column {i + 1}" for i in range(width)]
    columns = [(f"c{i}", tables.Column(verbose_name=name)) for i, name in enumerate(names)]
    data = [{f"c{i}": (row[i] if i < len(row) else "") for i in range(width)} for row in rows]
    return _table(caption, columns, data)


# The population tables -------------------------------------------------------------------------------------


def _cell(count: int, percent: int | None, notes: list[int], *, sign: bool = False):
    shown = f"−{-count:,}" if count < 0 else f"{count:,}"
    marks = format_html_join(
        "",
        '<br><a class="govuk-link govuk-body-s portal-nowrap" href="#note-{}">[note {}]</a>',
        ((n, n) for n in notes),
    )
    if percent is None:
        return format_html('<span class="portal-nowrap">{}</span>{}', shown, marks)
    share = f"({'−' + str(-percent) if percent < 0 else percent}%)"
    return format_html(
        '<span class="portal-nowrap">{}</span><br><span class="portal-nowrap">{}</span>{}',
        shown,
        share,
        marks,
    )


def _band_columns(first: str):
    columns = [("label", tables.Column(verbose_name=first)), ("total", NumericColumn(verbose_name="Total"))]
    columns += [
        (band.value.replace("+", "_plus").replace("-", "_"), NumericColumn(verbose_name=Band(band).label))
        for band in BANDS
    ]
    return columns


def _key(band) -> str:
    return band.value.replace("+", "_plus").replace("-", "_")


def table_1_tables(tables_data) -> list:
    """One table per year, as the statement prints it: each area's people and share of its total (%)."""
    found = []
    for year, rows in tables_data.table_1.items():
        data = []
        for row in rows:
            entry = {"label": row["area"], "total": _cell(row["total"].count, None, row["total"].notes)}
            for band in BANDS:
                cell = row["bands"].get(band)
                entry[_key(band)] = _cell(cell.count, cell.percent, cell.notes) if cell else ""
            data.append(entry)
        found.append(
            _table(
                f"Table 1, {year}: people in each age band (and % of the area's total)",
                _band_columns("Area"),
                data,
                hidden=False,
            )
        )
    return found


def table_2_table(tables_data):
    data = []
    for row in tables_data.table_2:
        cells = {"total": row["total"], **{_key(band): row["bands"].get(band) for band in BANDS}}
        data.append(
            {
                "label": str(row["year"]),
                **{k: _cell(c.count, None, c.notes) if c else "" for k, c in cells.items()},
            }
        )
        if row["year"] == BASE_YEAR:
            continue
        years = row["year"] - BASE_YEAR
        data.append(
            {
                "label": f"{years} year change (% change)",
                **{
                    k: _cell(c.change, c.percent, []) if c and c.change is not None else ""
                    for k, c in cells.items()
                },
            }
        )
    return _table(
        "Table 2: Cheshire East, people in each age band and the change since 2018 (% change)",
        _band_columns("Population projection"),
        data,
        hidden=False,
    )


def section_blocks(section, market) -> list[dict]:
    """The section's paragraphs, each table made ready to draw, with its CSV link."""
    blocks, n = [], 0
    for paragraph in section.paragraphs:
        block = dict(paragraph)
        if paragraph.get("table"):
            n += 1
            block["rendered_table"] = markup_table(paragraph["table"], f"Table {n} in “{section.heading}”")
            block["csv_url"] = reverse(
                "market:table-csv", args=[market.slug, f"section-{section.pk}-table-{n}"]
            )
        blocks.append(block)
    return blocks


def page_tables(page: dict, *, can_manage: bool) -> dict:
    """Every table a market's page draws, from its data (queries.market_page)."""
    market = page["market"]
    found = {
        "supply_figures": figures_table(
            page["supply_figures"], kind_label="Supply", market=market, can_manage=can_manage
        ),
        "demand_figures": figures_table(
            page["demand_figures"], kind_label="Demand", market=market, can_manage=can_manage
        ),
        "intentions": intentions_table(page["intentions"], market=market, can_manage=can_manage),
        "sections": [(section, section_blocks(section, market)) for section in page["sections"]],
    }
    if page["providers"] is not None:
        found["providers"] = providers_table(page["providers"], market.title)
    if page["cqc"] is not None:
        found["cqc"] = cqc_table(page["cqc"])
    if page["contracts"] is not None:
        found["contracts"] = contracts_table(page["contracts"])
    if page["fps"] is not None:
        system = page["fps"]["system"]
        found["fps_lots"] = fps_lots_table(page["fps"]["lots"], system.name)
        found["fps_placements"] = quarters_table(
            page["fps"]["placements"],
            caption=f"Placements made through the {system.name}, by quarter",
            count_key="placements",
            count_label="Placements",
        )
        found["fps_spend"] = spend_table(page["fps"]["spend"], system.name) if page["fps"]["spend"] else None
    if page["carers_referrals"] is not None:
        found["carers_referrals"] = quarters_table(
            page["carers_referrals"],
            caption="Referrals received by the carers hub, by quarter",
            count_key="referrals",
            count_label="Referrals received",
        )
    return found
