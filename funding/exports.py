"""The funding appendix and the BCF scheme table, as rows for CSV and as context for the print templates.

One function builds each table's data; the page, the CSV, the PDF and `manage.py export_funding` all use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from portal.templatetags.govuk import money

from .models import BCF_SOURCE_NAMES, BCFScheme, BCFSource, FundingStream, Round
from .summary import bcf_totals

# The appendix as data: one row per round, one value per cell, the allocation a number of pounds (the
# printed appendix stacks a stream's rounds in one cell; a spreadsheet could not sum that).
APPENDIX_HEADER = [
    "Name of fund",
    "Funding source",
    "Funding period",
    "Cheshire East Council allocation (£)",
    "Allocation is an estimate",
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

    rounds: list[Round] = field(default_factory=list)

    def as_csv(self) -> list[list[str]]:
        """One row per round (one for a stream with none yet), one value per cell."""
        stream = self.stream
        rows = [
            [
                stream.name,
                stream.funder.appendix_label,
                round_period(round_),
                pounds(round_.allocation),
                "Yes" if round_.is_estimate else "No",
                stream.purpose,
                stream.how_spent,
            ]
            for round_ in self.rounds
        ]
        return rows or [
            [stream.name, stream.funder.appendix_label, "", "", "", stream.purpose, stream.how_spent]
        ]


def pounds(amount: Decimal) -> str:
    """A plain number of pounds: "5320292", or "1234.50" when there are pence."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def appendix_rows(streams=None) -> list[AppendixRow]:
    """One row per stream, in the appendix's order (two queries)."""
    streams = (streams if streams is not None else FundingStream.objects.all()).select_related("funder")
    streams = streams.prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("position", "pk")))
    return [
        AppendixRow(
            stream=stream,
            periods=[round_period(r) for r in stream.rounds.all()],
            allocations=[round_amount(r) for r in stream.rounds.all()],
            rounds=list(stream.rounds.all()),
        )
        for stream in streams
    ]


def appendix_csv_rows(rows: list[AppendixRow]):
    return [cells for row in rows for cells in row.as_csv()]


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
