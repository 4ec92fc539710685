"""The scorecard pages through HTTP: who sees what, filters, publishing and versions, RAG overrides,
computed measures and query counts."""

import base64
import csv
import io

import pytest

from scorecard import computed, services
from scorecard.models import Cell, Measure, MeasureQuarter, ScorecardQuarter, ScorecardVersion
from tests.scorecard.factories import import_sheet, make_measures, measure_row, published_quarter, sheet

pytestmark = pytest.mark.django_db
Q3 = "/scorecard/2021-22/q3/"


def draft(count=3):
    measures = make_measures(count)
    import_sheet(sheet(2021, [measure_row(m, comments=f"Note {i}") for i, m in enumerate(measures)]))
    return ScorecardQuarter.objects.get(year__start_year=2021, quarter=3), measures


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def test_a_draft_is_for_analysts_only(client_for):
    _, measures = draft()
    assert client_for("performance-analyst").get(Q3).status_code == 200
    for role in ["commissioner", "democratic-services"]:
        client = client_for(role)
        assert client.get(Q3).status_code == 404
        assert client.get(Q3 + "scorecard.csv").status_code == 404
        assert client.get(f"/scorecard/measures/{measures[0].pk}/").status_code == 404
        assert "Quarter 3 2021-22" not in client.get("/scorecard/").content.decode()


def test_the_published_quarter_by_section_with_rag_as_text(demo_scorecard, client_for):
    response = client_for("commissioner").get(Q3)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Published: version 1" in page
    for section in ["Benchmarking/ ASCOF Indicators", "Care4CE", "Commissioning Activity"]:
        assert f'<h2 class="govuk-heading-m">{section}</h2>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not rated</strong>' in page
    assert "Showing 55 of 55 measures" in page
    assert "Start a new version" not in page and "Publish this quarter" not in page


def test_filters_by_section_and_rag(demo_scorecard, client_for):
    client = client_for("commissioner")
    page = client.get(Q3, {"section": "Care4CE"}).content.decode()
    assert "Showing 6 of 55 measures" in page and "Core Service Activity</h2>" not in page
    page = client.get(Q3, {"rag": "red"}).content.decode()
    assert "Showing 2 of 55 measures" in page
    assert "Residential admissions for 65+ age band (total admissions year to date)" in page
    page = client.get(Q3, {"rag": "none", "section": "Care4CE"}).content.decode()
    assert "Showing 6 of 55 measures" in page
    page = client.get(Q3, {"rag": "purple"}).content.decode()
    assert "Showing 55 of 55 measures" in page  # an invalid filter filters nothing


def test_publish_lock_new_version_and_the_published_version_stays(client_for, users):
    analyst = client_for("performance-analyst")
    commissioner = client_for("commissioner")
    scorecard_quarter, measures = draft()
    first_csv = analyst.get(Q3 + "scorecard.csv").content
    assert analyst.post(Q3 + "publish/").status_code == 302
    version = ScorecardVersion.objects.get()
    assert (version.number, version.published_by) == (1, users["performance-analyst"])
    assert commissioner.get(Q3 + "scorecard.csv").content == first_csv
    # Locked: the RAG and comments cannot change, and publishing again is refused.
    edit = f"{Q3}measures/{measures[0].pk}/"
    response = analyst.post(edit, {"rag_override": "", "override_reason": "", "commentary": "Changed"})
    assert "is published: start a new version of it" in response.content.decode()
    assert analyst.post(Q3 + "publish/", follow=True).redirect_chain
    assert ScorecardVersion.objects.count() == 1
    # A new version needs a reason.
    response = analyst.post(Q3 + "new-version/", {"reason": "  "})
    assert "Say why the published quarter needs a new version" in response.content.decode()
    assert analyst.post(Q3 + "new-version/", {"reason": "Q3 contacts corrected"}).status_code == 302
    import_sheet(
        sheet(2021, [measure_row(measures[0], q=("10", "20", "35"), ytd="65")]),
        user=users["performance-analyst"],
    )
    # Readers still see version 1 while the new version is a draft.
    assert commissioner.get(Q3 + "scorecard.csv").content == first_csv
    assert ">35<" not in commissioner.get(f"/scorecard/measures/{measures[0].pk}/").content.decode()
    assert ">35<" in analyst.get(f"/scorecard/measures/{measures[0].pk}/").content.decode()
    analyst.post(Q3 + "publish/")
    second = ScorecardVersion.objects.get(number=2)
    assert second.reason == "Q3 contacts corrected"
    assert commissioner.get(Q3 + "scorecard.csv").content != first_csv
    assert "35" in [row[8] for row in csv_rows(commissioner.get(Q3 + "scorecard.csv"))]
    # Version 1 is reproduced as it was published, whatever changed since.
    assert commissioner.get(Q3 + "scorecard.csv?version=1").content == first_csv
    assert commissioner.get(Q3 + "scorecard.csv?version=9").status_code == 404


def test_rag_override_needs_a_reason_and_is_audited(client_for, users):
    analyst = client_for("performance-analyst")
    _, measures = draft()
    url = f"{Q3}measures/{measures[0].pk}/"
    response = analyst.post(
        url,
        {
            "quarter_value": "30",
            "ytd_value": "60",
            "rag_override": "amber",
            "override_reason": "",
            "commentary": "x",
        },
    )
    assert response.status_code == 200
    assert "Error: Change Number of test things 1" in response.content.decode()
    assert "Give a reason for setting the RAG yourself" in response.content.decode()
    assert not MeasureQuarter.objects.filter(rag_override="amber").exists()
    response = analyst.post(
        url, {"rag_override": "amber", "override_reason": "Demand rising", "commentary": "Watch"}
    )
    assert response.status_code == 302
    note = MeasureQuarter.objects.get(measure=measures[0])
    assert (note.rag_override, note.override_reason, note.commentary) == ("amber", "Demand rising", "Watch")
    assert note.history.latest().history_user == users["performance-analyst"]
    page = analyst.get(Q3).content.decode()
    assert "Set by the analyst: Demand rising" in page


def test_the_measure_page_has_a_chart_and_its_figures_as_a_table(demo_scorecard, client_for):
    measure = Measure.objects.get(
        title="Residential admissions for 65+ age band (total admissions year to date)"
    )
    page = client_for("commissioner").get(f"/scorecard/measures/{measure.pk}/").content.decode()
    for label in ["Q1 2021-22", "Q2 2021-22", "Q3 2021-22", "2020-21 year end"]:
        assert label in page
    assert (
        'alt="Line chart of 3 quarterly values from Q1 2021-22 (136) to Q3 2021-22 (438), '
        "with the target for the year &lt;530" in page
    )
    start = page.index("data:image/svg+xml;base64,") + len("data:image/svg+xml;base64,")
    svg = base64.b64decode(page[start : page.index('"', start)]).decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "Year-end outturn" in svg and "Target for the year" in svg  # the legend is text, not colour


def test_computed_measures_beside_the_imported_value(demo_scorecard, client_for, monkeypatch):
    monkeypatch.setitem(computed.REGISTRY, "carers-distinct-supported", lambda start, end: 1040)

    def unavailable(start, end):
        raise computed.Unavailable("the carers hub's statistics are not available")

    monkeypatch.setitem(computed.REGISTRY, "carers-rate-per-10k", unavailable)
    page = client_for("commissioner").get(Q3, {"section": "Active Service Users"}).content.decode()
    assert "Computed from the portal: 1,040 (difference +2)" in page
    assert "Computed value unavailable: the carers hub&#x27;s statistics are not available" in page

    def broken(start, end):
        raise RuntimeError("a bug elsewhere")

    monkeypatch.setitem(computed.REGISTRY, "carers-rate-per-10k", broken)
    response = client_for("commissioner").get(Q3, {"section": "Active Service Users"})
    assert response.status_code == 200
    assert "Computed value unavailable: working it out failed" in response.content.decode()


def test_computed_measures_ask_the_carers_hub_for_the_year_so_far(demo_scorecard, monkeypatch):
    asked = []
    import commissioning.carers.statistics as statistics

    monkeypatch.setattr(
        statistics, "distinct_carers_supported", lambda start, end: asked.append((start, end)) or 7
    )
    measure = Measure.objects.get(computation="carers-distinct-supported")
    value = computed.compute(measure, demo_scorecard.year, 3, "1,038")
    assert (value.value, value.imported, value.difference) == (7, 1038, -1031)
    assert [(s.isoformat(), e.isoformat()) for s, e in asked] == [("2021-04-01", "2021-12-31")]


@pytest.mark.parametrize("role", ["performance-analyst", "commissioner"])
def test_the_quarter_page_is_flat(client_for, django_assert_max_num_queries, role):
    scorecard_quarter = published_quarter(3)
    client = client_for(role)
    with django_assert_max_num_queries(20) as few:
        assert client.get(Q3).status_code == 200
    services.scorecard_quarter_new_version(scorecard_quarter=scorecard_quarter, reason="More", user=None)
    more = make_measures(40)
    import_sheet(sheet(2021, [measure_row(m) for m in more]))
    services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=None)
    with django_assert_max_num_queries(20) as many:
        page = client.get(Q3)
    assert "Showing 40 of 40" in page.content.decode()
    assert len(many) == len(few)


def test_the_measure_page_and_exports_are_flat(client_for, django_assert_max_num_queries):
    published_quarter(3)
    measure = Measure.objects.order_by("pk").first()
    analyst = client_for("performance-analyst")
    counts = {}
    for label in ["few", "many"]:
        with django_assert_max_num_queries(30) as captured:
            analyst.get(f"/scorecard/measures/{measure.pk}/")
            analyst.get(Q3 + "scorecard.csv")
            analyst.get(Q3 + "scorecard.xlsx")
        counts[label] = len(captured)
        for start in range(2010, 2016):
            import_sheet(sheet(start, [measure_row(measure)]), year_start=start)
    assert counts["few"] == counts["many"]
    assert Cell.objects.filter(measure=measure).count() > 30


def test_an_analyst_corrects_a_figure(client_for, users):
    analyst = client_for("performance-analyst")
    scorecard_quarter, measures = draft()
    url = f"{Q3}measures/{measures[0].pk}/"
    form = {
        "quarter_value": "3O",
        "ytd_value": "60",
        "rag_override": "",
        "override_reason": "",
        "commentary": "",
    }
    response = analyst.post(url, form)
    assert "&#x27;3O&#x27; is not a number: write it like 1,038, 85.0% or N/A" in response.content.decode()
    assert Cell.objects.get(measure=measures[0], column="q3").text == "30"
    response = analyst.post(url, {**form, "quarter_value": "31", "ytd_value": "61 (provisional)"})
    assert response.status_code == 302
    cell = Cell.objects.get(measure=measures[0], column="ytd3")
    assert (cell.text, cell.number) == ("61 (provisional)", 61)
    record = Cell.objects.get(measure=measures[0], column="q3").history.latest()
    assert (record.text, record.history_user, record.history_change_reason) == (
        "31",
        users["performance-analyst"],
        "Edited on the scorecard",
    )
    # Quarter 4, once published, shows quarter 3's figure: it cannot change under it.
    import_sheet(
        sheet(2021, [measure_row(m, q=("10", "20", "31", "40"), ytd="101") for m in measures]), quarter=4
    )
    services.scorecard_quarter_publish(
        scorecard_quarter=ScorecardQuarter.objects.get(year__start_year=2021, quarter=4), user=None
    )
    response = analyst.post(url, {**form, "quarter_value": "32", "ytd_value": "61 (provisional)"})
    assert "Quarter 4 2021-22 is published and shows quarter 3" in response.content.decode()
    assert Cell.objects.get(measure=measures[0], column="q3").text == "31"
    page = analyst.get(f"/scorecard/measures/{measures[0].pk}/").content.decode()
    assert "Latest changes" in page and "2021-22 Quarter 3: 31" in page and "Edited on the scorecard" in page
    assert (
        "Latest changes"
        not in client_for("commissioner").get(f"/scorecard/measures/{measures[0].pk}/").content.decode()
    )


def test_an_analyst_adds_a_measure_then_imports_its_figures(client_for, users):
    analyst = client_for("performance-analyst")
    (first,) = make_measures(1)
    response = analyst.post("/scorecard/measures/new/", {"title": "", "unit": "count", "year_to_date": "sum"})
    page = response.content.decode()
    assert (
        "Error: Add a measure" in page
        and "Enter the measure&#x27;s title" in page
        and "Choose a section" in page
    )
    form = {
        "title": "Number of carers assessments completed",
        "section": first.section.pk,
        "ascof_code": "",
        "polarity": "high",
        "unit": "count",
        "year_to_date": "sum",
        "owner": "Business Intelligence",
        "computation": "",
    }
    response = analyst.post("/scorecard/measures/new/", form)
    assert response.status_code == 302
    measure = Measure.objects.get(title="Number of carers assessments completed")
    assert (measure.section, measure.order, measure.history.latest().history_user) == (
        first.section,
        first.order + 1,
        users["performance-analyst"],
    )
    assert (
        "A measure with this title exists" in analyst.post("/scorecard/measures/new/", form).content.decode()
    )
    row = measure_row(measure)
    row[1] = "High is good"
    import_sheet(sheet(2021, [row]))
    assert Cell.objects.get(measure=measure, column="q3").text == "30"


def test_the_home_dashboard_panel(demo_scorecard, client_for):
    page = client_for("democratic-services").get("/").content.decode()
    assert "Adult social care scorecard" in page and "Quarter 3 2021-22</a>, published" in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong> 2 measures' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not rated</strong> 49 measures' in page
    assert "Adult social care scorecard" not in client_for("finance-officer").get("/").content.decode()
