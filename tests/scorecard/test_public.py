"""Issue 19 item 5 and issue 14: the published scorecard is public (latest version of each quarter, its
charts and downloads, no sign-in); drafts, the analysts' reasons and notes stay internal; the index says
what each reader reads; no "None" for a missing target; charts start at 0."""

import base64
import csv
import io
import re

import pytest

from scorecard import services
from scorecard.chart import history_svg, y_limits
from scorecard.models import Measure, ScorecardQuarter, ScorecardVersion
from tests.scorecard.factories import import_sheet, make_measures, measure_row, published_quarter, sheet

pytestmark = pytest.mark.django_db
Q3 = "/scorecard/2021-22/q3/"


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def with_an_override():
    """A published quarter whose first measure's RAG an analyst set, with a reason."""
    scorecard_quarter = published_quarter(3)
    services.scorecard_quarter_new_version(scorecard_quarter=scorecard_quarter, reason="Override", user=None)
    measure = Measure.objects.order_by("pk").first()
    services.measure_quarter_update(
        measure=measure,
        year=scorecard_quarter.year,
        quarter=3,
        rag_override="red",
        override_reason="Secret: the provider's contract is under review",
        commentary="About it",
        user=None,
    )
    services.scorecard_quarter_publish(scorecard_quarter=scorecard_quarter, user=None)
    return scorecard_quarter, measure


def test_the_public_reads_a_published_quarter_signed_out(client):
    _, measure = with_an_override()
    text = page(client, Q3)
    assert "Published: version 2" in text
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in text
    assert "About it" in text  # the comments are published in the appendix
    assert "Secret" not in text and "Set by the analyst" not in text
    assert "Publish this quarter" not in text and "Change figures" not in text
    measure_page = page(client, f"/scorecard/measures/{measure.pk}/")
    assert "data:image/svg+xml;base64," in measure_page and "Latest changes" not in measure_page
    for fmt in ["csv", "xlsx", "pdf"]:
        response = client.get(f"{Q3}scorecard.{fmt}")
        assert response.status_code == 200 and b"Secret" not in response.content
    assert "Quarter 3 2021-22" in page(client, "/scorecard/")


def test_staff_readers_see_the_analysts_reason_for_a_rag(client_for):
    with_an_override()
    text = page(client_for("commissioner"), Q3)
    assert "Set by the analyst: Secret: the provider&#x27;s contract is under review" in text


def test_drafts_stay_internal(client, client_for):
    measures = make_measures(2)
    import_sheet(sheet(2021, [measure_row(m) for m in measures]))
    for reader in [client, client_for("commissioner"), client_for("provider")]:
        assert reader.get(Q3).status_code == 404
        assert reader.get(f"{Q3}scorecard.csv").status_code == 404
        assert reader.get(f"/scorecard/measures/{measures[0].pk}/").status_code == 404
        assert "Quarter 3 2021-22" not in page(reader, "/scorecard/")
    assert client_for("performance-analyst").get(Q3).status_code == 200
    # A published quarter being revised: the public reads the published version, never the draft.
    scorecard_quarter = published_quarter(3)
    services.scorecard_quarter_new_version(scorecard_quarter=scorecard_quarter, reason="Fix", user=None)
    import_sheet(sheet(2021, [measure_row(measures[0], q=("10", "20", "99"), ytd="129")]))
    assert ">99<" not in page(client, Q3)
    rows = list(csv.reader(io.StringIO(client.get(f"{Q3}scorecard.csv").content.decode().lstrip("\ufeff"))))
    assert "99" not in [row[8] for row in rows]
    assert client.get(f"{Q3}?version=7").status_code == 404


def test_visible_to_querysets():
    from django.contrib.auth.models import AnonymousUser

    published_quarter(3)
    make_measures(1, section_names=("Core Service Activity",))
    draft_measure = Measure.objects.create(
        title="Only in a draft", section=Measure.objects.first().section, unit="count"
    )
    import_sheet(sheet(2022, [measure_row(draft_measure)]), year_start=2022, quarter=3)
    anonymous = AnonymousUser()
    assert list(
        ScorecardQuarter.objects.visible_to(anonymous).values_list("year__start_year", "quarter")
    ) == [(2021, 3)]
    assert not Measure.objects.visible_to(anonymous).filter(pk=draft_measure.pk).exists()
    assert Measure.objects.visible_to(anonymous).count() == 3
    from scorecard.models import Cell, ImportRecord, MeasureQuarter

    for model in (Cell, MeasureQuarter, ImportRecord):
        assert not model.objects.visible_to(anonymous).exists()


def test_the_index_says_what_each_reader_reads(client_for, client):
    scorecard_quarter = published_quarter(3)
    services.scorecard_quarter_new_version(scorecard_quarter=scorecard_quarter, reason="Fix", user=None)
    version = ScorecardVersion.objects.get()
    published = f"version 1, published {version.published_at.day}"
    for reader in [client, client_for("commissioner")]:
        text = page(reader, "/scorecard/")
        assert '<strong class="govuk-tag govuk-tag--blue">Published</strong>' in text and published in text
        assert "Draft" not in text
    text = page(client_for("performance-analyst"), "/scorecard/")
    assert (
        '<strong class="govuk-tag govuk-tag--grey">Draft</strong> a new version, while readers read' in text
    )


def test_no_none_for_a_missing_target(client_for):
    (measure,) = make_measures(1)
    import_sheet(sheet(2021, [measure_row(measure, target="")]))
    services.scorecard_quarter_publish(
        scorecard_quarter=ScorecardQuarter.objects.get(year__start_year=2021, quarter=3), user=None
    )
    for role in ["anonymous", "commissioner", "performance-analyst"]:
        client = client_for(role)
        for url in [Q3, f"/scorecard/measures/{measure.pk}/"]:
            text = page(client, url)
            assert ">None<" not in text and "No target" in text, (role, url)
    edit = page(client_for("performance-analyst"), f"{Q3}measures/{measure.pk}/")
    assert ">None<" not in edit and "No target" in edit


def test_charts_start_at_zero():
    assert y_limits([430.0, 438.0, 445.0])[0] == 0
    assert y_limits([-5.0, 3.0])[0] == -5
    points = [
        {"label": f"Q{q} 2021-22", "kind": "quarter", "text": str(v), "number": v}
        for q, v in ((1, 430), (2, 438), (3, 445))
    ]
    svg = base64.b64decode(
        history_svg(points, title="t", target=None, unit_label="Count").split(",")[1]
    ).decode()
    y_ticks = re.findall(r'<text[^>]*text-anchor: end"[^>]*>([^<]*)</text>', svg)  # the y-axis's labels
    assert y_ticks[0] == "0" and y_ticks[-1] == "400", y_ticks
