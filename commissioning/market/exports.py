"""Every table on a market's page as CSV: the same rows the page shows, from the same page data
(queries.market_page), with figures as plain numbers and dates both as ISO dates and as the page writes
them."""

from __future__ import annotations

import re

from .formatting import figure_value, plain_number, shown_date
from .models import Figure

SECTION_TABLE = re.compile(r"^section-(?P<pk>\d+)-table-(?P<n>\d+)$")


def tables_of(page: dict) -> dict[str, str]:
    """The CSV downloads a market's page offers: {name: what it holds}."""
    found = {}
    if page["providers"] is not None:
        found["providers"] = "Registered providers by care community"
    if page["cqc"] is not None:
        found["cqc-ratings"] = "CQC ratings of the registered providers"
    if page["contracts"] is not None:
        found["contracts"] = "Live contracts and their end dates"
    if page["supply_figures"]:
        found["supply-figures"] = "Supply figures"
    if page["demand_figures"]:
        found["demand-figures"] = "Demand figures"
    if page["fps"] is not None:
        found["fps-lots"] = "Providers admitted to each lot"
        found["fps-placements"] = "Placements per quarter"
    if page["carers_referrals"] is not None:
        found["carers-referrals"] = "Carers hub referrals per quarter"
    if page["intentions"]:
        found["intentions"] = "Commissioning intentions"
    found["assessment"] = "Commissioners' assessment"
    for section in page["sections"]:
        for n, _paragraph in section_tables(section):
            found[f"section-{section.pk}-table-{n}"] = f"Table {n} in “{section.heading}”"
    return found


def section_tables(section) -> list[tuple[int, dict]]:
    tables = [p for p in section.paragraphs if p.get("table")]
    return list(enumerate(tables, start=1))


def _figures(figures: list[Figure]):
    header = [
        "Figure",
        "Value",
        "Upper value of a range",
        "Unit",
        "How the source gives it",
        "As written",
        "Date",
        "Date as given",
        "Source",
        "Note",
        "Last updated",
    ]
    rows = [
        [
            f.label,
            plain_number(f.value),
            plain_number(f.value_to),
            f.get_unit_display(),
            f.get_qualifier_display() if f.qualifier else "",
            figure_value(f),
            f.as_of.isoformat(),
            shown_date(f.as_of, f.as_of_precision),
            f.source,
            f.note,
            f.updated_at.date().isoformat(),
        ]
        for f in figures
    ]
    return header, rows


def _contracts(market):
    """Every live contract of the market's types on the public register, streamed (there may be many)."""
    from django.db.models import F, Prefetch

    from commissioning.contracts.models import ContractParty

    from .supply import public_contracts

    # One value per cell (issue 18): a row for each supplier party of a contract (its role says which),
    # and one row with the supplier columns blank for a contract with none recorded.
    header = [
        "Reference",
        "Title",
        "Service type",
        "Supplier",
        "Supplier's role",
        "Start",
        "End of its term",
        "Status",
    ]
    contracts = (
        public_contracts(market.service_types)
        .order_by(F("end_date").asc(nulls_last=True), "title", "pk")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ContractParty.objects.select_related("provider").filter(left_on__isnull=True),
            )
        )
    )

    def rows_of(c):
        start = c.start_date.isoformat() if c.start_date else ""
        end = c.end_date.isoformat() if c.end_date else ""
        parties = [(party.name, party.get_role_display()) for party in c.parties.all()] or [("", "")]
        for name, role in parties:
            yield [
                c.reference,
                c.title,
                c.service_type_label(),
                name,
                role,
                start,
                end,
                c.get_status_display(),
            ]

    rows = (row for c in contracts.iterator(chunk_size=2000) for row in rows_of(c))
    return header, rows


def table(page: dict, name: str):
    """(header, rows) of the named table, or None when the page has no such table."""
    if name not in tables_of(page):
        return None
    if name == "providers":
        supply = page["providers"]
        several = len(supply.service_types) > 1  # with one type, "any of these" repeats it
        header = ["Care community", *[label for _value, label in supply.service_types]]
        header += ["Any of these types"] if several else []
        rows = [[row["label"], *row["counts"], *([row["any"]] if several else [])] for row in supply.rows]
        rows.append(["All care communities", *supply.totals, *([supply.total] if several else [])])
        return header, rows
    if name == "cqc-ratings":
        cqc = page["cqc"]
        rows = [[row["rating"], row["providers"]] for row in cqc["rows"]]
        return ["CQC rating", "Providers"], [*rows, ["No rating recorded", cqc["not_recorded"]]]
    if name == "contracts":
        return _contracts(page["market"])
    if name == "supply-figures":
        return _figures(page["supply_figures"])
    if name == "demand-figures":
        return _figures(page["demand_figures"])
    if name == "fps-lots":
        return ["Lot", "Title", "Providers admitted"], [
            [lot["number"], lot["title"], lot["admitted"]] for lot in page["fps"]["lots"]
        ]
    if name == "fps-placements":
        return ["Quarter", "Dates", "Placements"], [
            [q["quarter"], q["span"], q["placements"]] for q in page["fps"]["placements"]
        ]
    if name == "carers-referrals":
        return ["Quarter", "Dates", "Referrals received"], [
            [q["quarter"], q["span"], q["referrals"]] for q in page["carers_referrals"]
        ]
    if name == "intentions":
        header = [
            "Date",
            "Date as given",
            "Intention",
            "Committee report",
            "Work programme item",
            "Source",
            "Last updated",
        ]
        rows = []
        for i in page["intentions"]:
            report = i.public_report
            rows.append(
                [
                    i.due.isoformat(),
                    shown_date(i.due, i.due_precision),
                    i.text,
                    (" / ".join(r.reference for r in report.reference_list) + f" {report.title}").strip()
                    if report
                    else "",
                    i.work_programme_item.title if i.work_programme_item else "",
                    i.source,
                    i.updated_at.date().isoformat(),
                ]
            )
        return header, rows
    if name == "assessment":
        header = ["Dimension", "Rating", "Why", "Date of the assessment", "Demo data"]
        rows = []
        for entry in page["assessments"]:
            a = entry["assessment"]
            rows.append(
                [
                    entry["dimension"].label,
                    a.rating_label if a else "Not assessed",
                    a.sentence if a else "",
                    a.assessed_on.isoformat() if a else "",
                    ("Yes" if a.is_demo else "No") if a else "",
                ]
            )
        return header, rows
    match = SECTION_TABLE.match(name)
    section = next(s for s in page["sections"] if s.pk == int(match["pk"]))
    paragraph = dict(section_tables(section))[int(match["n"])]
    return paragraph["table"].get("header") or [], paragraph["table"].get("rows") or []
