"""The funding appendix and the BCF scheme table, as rows for CSV and as context for the print templates.

One function builds each table's data; the page, the CSV, the PDF and `manage.py export_funding` all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from portal.templatetags.govuk import money

from .models import BCF_SOURCE_NAMES, BCFScheme, BCFSource, FundingStream, Round
from .summary import bcf_totals

APPENDIX_HEADER = [
    "Name of fund",
    "Funding source",
    "Funding period",
    "Cheshire East Council allocation",
    "Purpose",
    "How have the funds been spent?",
]
BCF_HEADER = ["Scheme ID", "Scheme Name", "Source of Funding", "Expenditure (£)"]


def round_period(round_: Round) -> str:
    """As the appendix prints it: 'Round 1 – May-Sep 2020', or the period alone for a single round."""
    if round_.name.lower().startswith("round"):
        return f"{round_.name} – {round_.period}"
    return round_.period


def round_amount(round_: Round) -> str:
    if round_.is_estimate:
        millions = (round_.allocation / Decimal(1_000_000)).normalize()
        return f"Estimated £{millions:f} million"
    return money(round_.allocation)


@dataclass
class AppendixRow:
    stream: FundingStream
    periods: list[str]
    allocations: list[str]

    def as_csv(self) -> list[str]:
        return [
            self.stream.name,
            self.stream.funder.appendix_label,
            "\n".join(self.periods),
            "\n".join(self.allocations),
            self.stream.purpose,
            self.stream.how_spent,
        ]


def appendix_rows(streams=None) -> list[AppendixRow]:
    """One row per stream, in the appendix's order (two queries)."""
    streams = (streams if streams is not None else FundingStream.objects.all()).select_related("funder")
    streams = streams.prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("position", "pk")))
    return [
        AppendixRow(
            stream=stream,
            periods=[round_period(r) for r in stream.rounds.all()],
            allocations=[round_amount(r) for r in stream.rounds.all()],
        )
        for stream in streams
    ]


def appendix_csv_rows(rows: list[AppendixRow]):
    return [row.as_csv() for row in rows]


def bcf_groups() -> tuple[list[dict], dict]:
    """Schemes grouped by source, each group with its total, and the totals (two queries)."""
    schemes = list(BCFScheme.objects.select_related("agreement").order_by("scheme_id"))
    totals = bcf_totals()
    groups = []
    for source in BCFSource:
        members = [s for s in schemes if s.source == source]
        groups.append(
            {
                "source": source,
                "name": BCF_SOURCE_NAMES[source],
                "schemes": members,
                "total": totals[source.value.replace("-", "_")],
            }
        )
    return groups, totals


def bcf_csv_rows():
    schemes = BCFScheme.objects.order_by("scheme_id")
    rows = [[s.scheme_id, s.name, s.get_source_display(), f"{s.expenditure:.0f}"] for s in schemes]
    rows.append(["", "Total", "", f"{bcf_totals()['total']:.0f}"])
    return rows
