"""The demo data is the briefing's and the BCF report's figures, exactly, and the computed summary
reproduces the headline figures the briefing states."""

import csv
import io
from decimal import Decimal

import pytest
from django.conf import settings

from funding import demo as funding_demo
from funding.exports import appendix_rows
from funding.models import (
    BCFScheme,
    FundingStream,
    LedgerEntry,
    ProviderAllocation,
    ProviderReturn,
    Round,
)
from funding.summary import bcf_totals, funding_summary, millions

pytestmark = pytest.mark.django_db

APPENDIX = {
    "Infection Control Fund": ["5320292", "4712872", "1807449", "1283276", "2128810"],
    "Local Authority Financial Support": ["2021000"],
    "Workforce Capacity Grant": ["725319"],
    "Market Sustainability Fund": ["979000", "3600000", "3600000"],
    "Workforce Recruitment and Retention Fund": ["982203", "1813297"],
    "Care at Home Incentive Fund": ["800000"],
    "Adult Social Care Omicron Support Fund": ["362659"],
}


def test_every_stream_of_the_appendix_with_its_rounds(demo):
    found = {
        stream.name: [f"{r.allocation:.0f}" for r in stream.rounds.order_by("position")]
        for stream in FundingStream.objects.prefetch_related("rounds")
    }
    assert found == APPENDIX
    assert list(Round.objects.filter(is_estimate=True).values_list("name", flat=True)) == [
        "2023/24",
        "2024/25",
    ]


def test_summary_reproduces_the_briefing_headline_figures(demo):
    summary = funding_summary()
    assert summary.government_total == Decimal("19136177")
    assert summary.infection_control == Decimal("15615358")
    assert summary.workforce == Decimal("3520819")
    assert summary.local_support == Decimal("2821000")
    assert summary.market_sustainability_first_year == Decimal("979000")
    assert summary.market_sustainability_year == "2022/23"
    # As paragraph 5.2 states them.
    assert summary.headline == {
        "government_total": "£19.14 million",
        "infection_control": "£15.62 million",
        "workforce": "£3.52 million",
        "local_support": "£2.82 million",
    }


def test_summary_changes_with_the_records(demo):
    """Computed, not typed: change a round and the headline changes."""
    round_ = Round.objects.get(stream__name="Adult Social Care Omicron Support Fund")
    round_.allocation += 10_000
    round_.save()
    assert funding_summary().infection_control == Decimal("15625358")


def test_bcf_total_and_sources(demo):
    assert BCFScheme.objects.count() == 20
    totals = bcf_totals()
    assert totals["total"] == Decimal("39145857")
    assert totals["ibcf"] == Decimal("8706050")
    assert totals["dfg"] == Decimal("2342241")
    assert totals["minimum_ccg"] == Decimal("28097566")
    assert BCFScheme.objects.get(scheme_id=17).expenditure == Decimal("18693933")


def test_bcf_csv_matches_fixture(demo):
    with open(settings.BASE_DIR / "fixtures/demo/funding/bcf_schemes.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        scheme = BCFScheme.objects.get(scheme_id=int(row["scheme_id"]))
        assert scheme.name == row["name"]
        assert scheme.get_source_display() == row["source"]
        assert scheme.expenditure == Decimal(row["expenditure"])


@pytest.mark.parametrize(
    "stream,name",
    [
        ("infection-control-fund", "Round 1"),
        ("infection-control-fund", "Rounds 2 & 3"),
        ("infection-control-fund", "Round 4"),
        ("infection-control-fund", "Round 5"),
        ("infection-control-fund", "Round 6"),
        ("local-authority-financial-support", "One-off payment"),
        ("workforce-capacity-grant", "Grant"),
        ("workforce-recruitment-and-retention-fund", "Round 1"),
        ("adult-social-care-omicron-support-fund", "Omicron support"),
    ],
)
def test_demo_allocations_add_up_to_the_round(demo, stream, name):
    round_ = Round.objects.with_totals().get(stream__slug=stream, name=name)
    accounted = (round_.allocated or 0) + (round_.retained or 0) + (round_.returned_to_funder or 0)
    assert accounted == round_.allocation


def test_demo_la_support_is_400_per_bed_and_200_per_service_user(demo):
    for allocation in ProviderAllocation.objects.filter(
        round__stream__slug="local-authority-financial-support"
    ):
        basis = allocation.round.bases.get(provider=allocation.provider)
        assert allocation.amount == basis.beds * 400 + basis.service_users * 200


def test_demo_wrrf_first_tranche_passported_and_second_retained(demo):
    round_ = Round.objects.with_totals().get(
        stream__slug="workforce-recruitment-and-retention-fund", name="Round 1"
    )
    assert round_.allocated == Decimal("589322")
    assert round_.retained == Decimal("392881")


def test_demo_is_marked_and_idempotent(demo):
    counts = [
        m.objects.count()
        for m in (FundingStream, Round, ProviderAllocation, LedgerEntry, ProviderReturn, BCFScheme)
    ]
    funding_demo.load()
    assert [
        m.objects.count()
        for m in (FundingStream, Round, ProviderAllocation, LedgerEntry, ProviderReturn, BCFScheme)
    ] == counts
    assert not ProviderAllocation.objects.filter(is_demo=False).exists()
    assert ProviderReturn.objects.filter(is_late=True).exists()


def test_funding_is_a_demo_data_loader(db):
    """load_demo runs funding's loader (the other areas' loaders are tested by their own tests)."""
    from portal.management.commands.load_demo import DEMO_DATA_LOADERS

    assert "funding.demo.load" in DEMO_DATA_LOADERS
    out = io.StringIO()
    from commissioning.providers import demo as providers_demo

    providers_demo.load(make_users=False, password="")
    funding_demo.load(stdout=out)
    assert "Funding: 7 streams, 14 rounds" in out.getvalue()


def test_appendix_rows_print_as_the_document(demo):
    rows = {row.stream.name: row for row in appendix_rows()}
    icf = rows["Infection Control Fund"]
    assert icf.periods[0] == "Round 1 – May-Sep 2020"
    assert icf.allocations == ["£5,320,292", "£4,712,872", "£1,807,449", "£1,283,276", "£2,128,810"]
    assert rows["Market Sustainability Fund"].allocations == [
        "£979,000",
        "Estimated £3.6 million",
        "Estimated £3.6 million",
    ]
    assert (
        rows["Market Sustainability Fund"].as_csv()[0][1]
        == "Department for Levelling Up, Housing and Communities (DLUHC)"
    )


def test_millions():
    assert millions(Decimal("19136177")) == "£19.14 million"
    assert millions(Decimal("2821000")) == "£2.82 million"
