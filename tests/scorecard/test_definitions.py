"""Issue 14: analysts change a measure's definition (title, section, polarity, unit, ASCOF code, target
rule) and retire it, in pages, with history; published versions keep what they published."""

import pytest

from scorecard import importer, table
from scorecard.models import FinancialYear, Measure, Section
from tests.scorecard.factories import import_sheet, make_measures, measure_row, published_quarter, sheet

pytestmark = pytest.mark.django_db
Q3 = "/scorecard/2021-22/q3/"


def definition(measure, **changes):
    data = {
        "title": measure.title,
        "section": measure.section_id,
        "ascof_code": measure.ascof_code,
        "polarity": measure.polarity,
        "unit": measure.unit,
        "year_to_date": measure.year_to_date,
        "owner": measure.owner,
        "computation": measure.computation,
        "reason": "Agreed at the performance meeting",
    }
    return {**data, **changes}


def test_an_analyst_changes_a_definition_and_the_history_says_who_and_why(client_for, users):
    published_quarter(quarter=2)
    measure = Measure.objects.order_by("pk").first()
    other = Section.objects.create(name="Risk Enablement", order=9)
    analyst = client_for("performance-analyst")
    url = f"/scorecard/measures/{measure.pk}/edit/"
    assert "Target rule" in analyst.get(url).content.decode()
    response = analyst.post(
        url,
        definition(
            measure,
            title="Admissions, renamed",
            section=other.pk,
            polarity="high",
            unit="rate-10k",
            ascof_code="2A2",
            year_to_date="snapshot",
        ),
    )
    assert response.status_code == 302 and response["Location"] == f"/scorecard/measures/{measure.pk}/"
    measure.refresh_from_db()
    assert (measure.title, measure.section, measure.polarity, measure.unit, measure.ascof_code) == (
        "Admissions, renamed",
        other,
        "high",
        "rate-10k",
        "2A2",
    )
    assert measure.year_to_date == "snapshot"
    record = measure.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        users["performance-analyst"],
        "Agreed at the performance meeting",
    )
    page = analyst.get(f"/scorecard/measures/{measure.pk}/").content.decode()
    assert "Agreed at the performance meeting" in page
    # The published version keeps the title it was published with.
    quarter_page = client_for("commissioner").get("/scorecard/2021-22/q2/").content.decode()
    assert "Number of test things 1" in quarter_page and "Admissions, renamed" not in quarter_page


def test_a_definition_refuses_bad_input_and_changes_nothing(client_for):
    a, b = make_measures(2)
    analyst = client_for("performance-analyst")
    url = f"/scorecard/measures/{a.pk}/edit/"
    before = Measure.history.count()
    cases = [
        ({"title": ""}, "Enter the measure&#x27;s title"),
        ({"title": b.title.upper()}, "A measure with this title exists"),
        ({"reason": ""}, "Enter why the definition is changed"),
        ({"unit": "furlongs"}, "Select the unit"),
        ({"ascof_code": "X" * 11}, "ASCOF code must be 10 characters or fewer"),
        ({"section": "abc"}, "Choose a section"),
    ]
    for change, message in cases:
        response = analyst.post(url, definition(a, **change))
        assert response.status_code == 200, change
        assert message in response.content.decode(), (change, message)
    # A NUL character is refused whole by portal.middleware.BadInputMiddleware (the 400 page).
    refused = analyst.post(url, definition(a, year_to_date="\x00"))
    assert refused.status_code == 400 and "Nothing was saved" in refused.content.decode()
    assert Measure.history.count() == before


def test_retire_with_a_confirmation_then_bring_back(client_for, users):
    quarter = published_quarter(3)
    measure = Measure.objects.order_by("pk").first()
    analyst = client_for("performance-analyst")
    url = f"/scorecard/measures/{measure.pk}/retire/"
    page = analyst.get(url).content.decode()
    assert f"Retire {measure}?" in page and "Published versions keep it" in page
    response = analyst.post(url, {"reason": ""})
    assert "Enter why the measure is retired" in response.content.decode()
    assert analyst.post(url, {"reason": "Replaced by ASCOF 2A 2023"}).status_code == 302
    measure.refresh_from_db()
    assert measure.is_retired and measure.retired_reason == "Replaced by ASCOF 2A 2023"
    assert measure.history.latest().history_change_reason == "Retired: Replaced by ASCOF 2A 2023"
    assert measure.history.latest().history_user == users["performance-analyst"]
    # Gone from the draft of a new quarter and from imports; the published quarter keeps it.
    assert measure.pk not in [row["measure"] for row in table.build_rows(quarter.year, 4)]
    assert measure.title in client_for("anonymous").get(Q3).content.decode()
    errors, _ = importer.check_file(
        data=sheet(2021, [measure_row(measure)]),
        filename="s.csv",
        year=FinancialYear(start_year=2021),
        quarter=4,
    )
    assert len(errors) == 1 and errors[0].startswith(f"Row 3, Measure: '{measure}' was retired on ")
    # Retiring twice is refused with the reason; bringing back needs a reason too.
    assert "was retired on" in analyst.get(url).content.decode()
    restore = f"/scorecard/measures/{measure.pk}/bring-back/"
    assert "Enter why the measure is brought back" in analyst.post(restore, {"reason": " "}).content.decode()
    assert analyst.post(restore, {"reason": "Still reported to DHSC"}).status_code == 302
    measure.refresh_from_db()
    assert not measure.is_retired
    assert measure.pk in [row["measure"] for row in table.build_rows(quarter.year, 4)]


def test_only_analysts_change_definitions(client_for):
    (measure,) = make_measures(1)
    import_sheet(sheet(2021, [measure_row(measure)]))
    for role in ["commissioner", "democratic-services", "provider"]:
        client = client_for(role)
        for action in ["edit", "retire", "bring-back"]:
            assert (
                client.post(f"/scorecard/measures/{measure.pk}/{action}/", {"reason": "x"}).status_code == 403
            )
    measure.refresh_from_db()
    assert not measure.is_retired
