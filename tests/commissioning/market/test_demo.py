"""The market demo: the statement's markets, text, figures and intentions as the fixtures give them, linked
to the committees' and the FPS's demo records, and a second load that changes nothing."""

import csv
import datetime
from decimal import Decimal

import pytest

from commissioning.market import demo
from commissioning.market.models import Assessment, Figure, Intention, Market, MarketSection, PopulationFigure
from portal.management.commands.load_demo import DEMO_DATA_LOADERS
from tests.once import loaded_once

pytestmark = pytest.mark.django_db


REPORTS = {
    "AH/33/21-22": "All-Age Carers Strategy 2021-2025",
    "AH/39/2021-22": "Day Opportunities Flexible Purchasing System",
    "AH/42/21-22": "Care at Home Recommissioning",
}


def committee_records():
    """The committee reports and work programme items the intentions link to, as the committees' demo has
    them (found by reference and by title); loading the whole committees demo takes too long for a test."""
    from committees.models import Report, ReportReference, WorkProgrammeItem
    from tests.committees.factories import CommitteeFactory

    committee = CommitteeFactory(code="AH", name="Adults and Health Committee", slug="adults-and-health")
    for sequence, (reference, title) in enumerate(REPORTS.items(), start=1):
        report = Report.objects.create(title=title, status=Report.Status.PUBLISHED)
        ReportReference.objects.create(
            report=report,
            committee=committee,
            reference=reference,
            sequence=sequence,
            municipal_year="2021-22",
        )
    titles = {
        row["work_programme_title"] for row in csv.DictReader((demo.folder() / "intentions.csv").open())
    }
    for title in sorted(titles - {""}):
        WorkProgrammeItem.objects.create(committee=committee, title=title, decision_or_note="decision")


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo loaded once for this module (tests/once.py)."""
    from commissioning.fps import demo as fps_demo

    def load():
        committee_records()
        fps_demo.load_system(datetime.date(2022, 3, 28))
        return demo.load()

    with loaded_once(django_db_blocker, load) as counts:
        yield counts


@pytest.fixture
def loaded(demo_once, db):
    return demo_once


def test_registered_with_load_demo_after_committees_and_the_fps():
    names = DEMO_DATA_LOADERS
    assert names.index("commissioning.market.demo.load") > names.index("committees.demo.load")
    assert names.index("commissioning.market.demo.load") > names.index("commissioning.fps.demo.load")


def test_the_statements_markets_in_its_order(loaded):
    assert list(Market.objects.values_list("chapter", "slug")) == [
        (7, "children-and-young-people"),
        (8, "public-health-and-early-intervention"),
        (8, "assistive-technology-and-equipment"),
        (8, "carers"),
        (9, "prevention"),
        (9, "learning-disability-and-autism"),
        (9, "day-opportunities"),
        (9, "mental-health"),
        (9, "extra-care-housing"),
        (9, "care-at-home"),
        (9, "accommodation-with-care"),
    ]
    assert Market.objects.get(slug="day-opportunities").purchasing_system.slug == "day-opportunities"
    assert Market.objects.get(slug="carers").shows_carers_referrals


def test_every_figure_of_the_file_is_loaded_as_written(loaded):
    rows = list(csv.DictReader((demo.folder() / "figures.csv").open(encoding="utf-8")))
    assert Figure.objects.count() == len(rows) == loaded["figures"]
    for row in rows:
        figure = Figure.objects.get(market__slug=row["market"], label=row["label"])
        assert figure.value == Decimal(row["value"])
        assert figure.as_of == datetime.date.fromisoformat(row["as_of"])
        assert figure.source == row["source"]
        assert row["source_line"], f"{row['label']} has no source line"


def test_the_issues_figures_are_there(loaded):
    """97 CQC registered care homes, 43 with nursing and 52 without, 4,221 beds; around 8,300 carers."""
    homes = dict(
        Figure.objects.filter(market__slug="accommodation-with-care", kind="supply").values_list(
            "label", "value"
        )
    )
    assert homes["CQC registered care homes"] == 97
    assert homes["Care homes with nursing"] == 43
    assert homes["Care homes without nursing"] == 52
    assert homes["Care home beds"] == 4221
    carers = Figure.objects.get(
        market__slug="carers", label="Carers who need support to cope in their caring role"
    )
    assert (carers.value, carers.qualifier) == (8300, "around")


def test_the_text_of_each_market_is_loaded_in_sections(loaded):
    care_at_home = list(
        MarketSection.objects.filter(market__slug="care-at-home").values_list("heading", flat=True)
    )
    assert care_at_home == ["Care at home", "Rapid Response"]
    first = MarketSection.objects.get(market__slug="care-at-home", heading="Care at home").paragraphs[1][
        "text"
    ]
    assert first.startswith(
        "We currently have two different types of Care at Home contracts, there are 9 ‘Prime’"
    )
    housing = MarketSection.objects.get(market__slug="extra-care-housing").paragraphs
    table = next(p["table"] for p in housing if p["table"])
    assert [row[0] for row in table["rows"]] == ["Oakmere", "Willowmere", "Heath View", "Mill House"]
    assert loaded["sections"] == MarketSection.objects.count() == 56


def test_intentions_link_the_committee_reports_and_work_programme(loaded):
    start = Intention.objects.get(market__slug="care-at-home", due=datetime.date(2023, 8, 31))
    assert "contract start 31 August 2023" in start.text
    assert start.report.title == "Care at Home Recommissioning"
    respite = Intention.objects.get(work_programme_item__title="Bed based carer respite")
    assert respite.market.slug == "carers"
    rows = list(csv.DictReader((demo.folder() / "intentions.csv").open(encoding="utf-8")))
    assert Intention.objects.count() == len(rows)
    assert Intention.objects.filter(report__isnull=False).count() == len(
        [r for r in rows if r["report_reference"]]
    )
    assert Intention.objects.filter(work_programme_item__isnull=False).count() == len(
        [r for r in rows if r["work_programme_title"]]
    )


def test_the_invented_assessments_are_marked_as_demo_data(loaded):
    assert Assessment.objects.count() == 12
    assert not Assessment.objects.filter(is_demo=False).exists()


def test_the_population_tables_are_loaded_with_their_source_lines(loaded):
    assert PopulationFigure.objects.filter(table=1).count() == 54
    assert PopulationFigure.objects.filter(table=2).count() == 18
    assert PopulationFigure.objects.get(table=1, area="North West", year=2018, band="total").source == (
        "Market Position Statement 2021-25, Table 1 (line 215)"
    )


def test_a_second_load_changes_nothing_and_keeps_a_commissioners_edits(loaded):
    intention = Intention.objects.get(market__slug="care-at-home", due=datetime.date(2023, 8, 31))
    intention.text = "Changed by a commissioner."
    intention.save()
    before = {
        model: model.history.count() for model in (Market, MarketSection, Figure, Intention, Assessment)
    }
    again = demo.load()
    assert again == loaded
    assert {model: model.history.count() for model in before} == before
    intention.refresh_from_db()
    assert intention.text == "Changed by a commissioner."
