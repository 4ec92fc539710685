"""A report's appendix as a live portal output: the published scorecard of a year and quarter."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import agenda_pack, demo, pdf, services
from committees.agenda_pack import pack_fingerprint
from committees.models import Appendix, Meeting, Report, scorecard_appendix_title
from portal.pdf import page_texts
from portal.permissions import Role
from tests.committees.test_pdf import flat, front_sheet_ranges
from tests.pdf_checks import assert_accessible_pdf
from tests.scorecard.factories import published_quarter

pytestmark = pytest.mark.django_db

TITLE = "Appendix 1 – Adult Services Scorecard – Quarter 3 2021/2022"


@pytest.fixture
def author(client_for):
    return client_for(Role.REPORT_AUTHOR)


def scorecard_appendix(report, *, start_year=2021, quarter=3, position=1):
    return Appendix.objects.create(
        report=report,
        position=position,
        title=scorecard_appendix_title(position, start_year, quarter),
        source=Appendix.Source.SCORECARD,
        scorecard_year=start_year,
        scorecard_quarter=quarter,
    )


def test_the_form_offers_published_quarters_only(author, business):
    draft = business["draft"]
    url = reverse("committees:appendix-add-scorecard", args=[draft.pk])
    response = author.get(url)
    assert response.status_code == 200 and "No scorecard quarter is published yet." in response.text
    response = author.post(url, {"quarter": "2021-q3"})
    assert response.status_code == 200 and "Select a published scorecard quarter" in response.text
    assert "govuk-error-summary" in response.text and response.text.count("Error: ") >= 1
    published_quarter(year_start=2021, quarter=3)
    response = author.get(url)
    assert "Quarter 3 2021/2022" in response.text and "No scorecard quarter" not in response.text
    for bad in ("2021-q2", "2030-q1", "nonsense", ""):
        response = author.post(url, {"quarter": bad})
        assert response.status_code == 200 and "Select a published scorecard quarter" in response.text
    assert not draft.appendices.exists()
    assert author.post(url, {"quarter": "2021-q3"}).status_code == 302
    appendix = draft.appendices.get()
    assert appendix.source == Appendix.Source.SCORECARD
    assert (appendix.scorecard_year, appendix.scorecard_quarter, appendix.title) == (2021, 3, TITLE)


def test_the_service_refuses_an_unpublished_quarter(business):
    published_quarter(year_start=2021, quarter=3)
    with pytest.raises(ValidationError, match="Select a published scorecard quarter"):
        services.appendix_add_scorecard(report=business["draft"], start_year=2021, quarter=2)
    services.appendix_add_scorecard(report=business["draft"], start_year=2021, quarter=3)
    second = services.appendix_add_scorecard(report=business["draft"], start_year=2021, quarter=3)
    assert second.position == 2 and second.title.startswith("Appendix 2 – Adult Services Scorecard")


def test_only_those_who_draft_may_add_it(client, client_for, business):
    published_quarter(year_start=2021, quarter=3)
    url = reverse("committees:appendix-add-scorecard", args=[business["draft"].pk])
    assert client.get(url).status_code == 302  # to sign in
    assert client.post(url, {"quarter": "2021-q3"}).status_code == 302
    assert client_for(Role.COMMISSIONER).post(url, {"quarter": "2021-q3"}).status_code == 403
    assert client_for(Role.PERFORMANCE_ANALYST).get(url).status_code == 403
    assert not business["draft"].appendices.exists()
    ds = client_for(Role.DEMOCRATIC_SERVICES)
    assert ds.post(url, {"quarter": "2021-q3"}).status_code == 302
    # Published reports are not for the author to change.
    published_url = reverse("committees:appendix-add-scorecard", args=[business["published"].pk])
    assert client_for(Role.REPORT_AUTHOR).get(published_url).status_code == 403


def test_the_report_page_links_the_scorecard_once_published(client, client_for, business):
    report = business["published"]
    appendix = scorecard_appendix(report)
    url = report.get_absolute_url()
    response = client.get(url)
    assert f"{TITLE} (not yet published)" in response.text
    assert client.get(reverse("committees:appendix", args=[appendix.pk])).status_code == 404
    published_quarter(year_start=2021, quarter=3)
    response = client.get(url)
    link = reverse("scorecard:quarter", args=["2021-22", 3])
    assert f'href="{link}">{TITLE}</a>' in response.text
    assert "not yet published" not in response.text
    meeting = client.get(business["march"].get_absolute_url())
    assert f'href="{link}">{TITLE}</a>' in meeting.text
    # The scorecard page is for staff; the public have the appendix's PDF (as in the public pack).
    scorecard_reader = client_for(Role.COMMISSIONER)
    assert scorecard_reader.get(link).status_code == 200
    download = client.get(reverse("committees:appendix", args=[report.appendices.get().pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "Adult Services Scorecard - Quarter 3 2021/2022" in flat(" ".join(page_texts(download.content)))
    report_pdf = flat(" ".join(page_texts(pdf.report_pdf(report))))
    assert f"Appendices {TITLE}" in report_pdf


def test_publishing_the_quarter_makes_the_pack_stale(business):
    scorecard_appendix(business["published"])
    before = pack_fingerprint(business["march"])
    published_quarter(year_start=2021, quarter=3)
    assert pack_fingerprint(business["march"]) != before


def test_the_demo_q3_briefing_has_the_scorecard_as_its_appendix_and_the_pack_merges_it(client):
    demo.load(stdout=io.StringIO())
    meeting = Meeting.objects.get(committee__code="AH", date="2022-03-28")
    report = meeting.agenda_items.get(number="9").report
    appendix = report.appendices.get()
    assert (appendix.source, appendix.scorecard_year, appendix.scorecard_quarter) == ("scorecard", 2021, 3)
    assert appendix.title == TITLE
    assert report.status == Report.Status.PUBLISHED
    # Loaded before the scorecard: shown as not yet published, and not in the pack.
    assert "not yet published" in client.get(report.get_absolute_url()).text
    before_raw = page_texts(agenda_pack.pack_pdf(meeting))
    before = [flat(t) for t in before_raw]
    before_ranges = {r[0]: r for r in front_sheet_ranges(before_raw)}
    assert not any("Adult Services Scorecard - Quarter 3" in t for t in before)

    published_quarter(count=3, year_start=2021, quarter=3)
    data = agenda_pack.pack_pdf(meeting)
    # One tagged PDF 1.7 with the scorecard's pages in its structure tree, every TH scoped, captions that
    # name their tables, header cells in every table: the structure walk and the pdfua checker are clean.
    assert_accessible_pdf(data)
    raw = page_texts(data)
    texts = [flat(t) for t in raw]
    ranges = {r[0]: r for r in front_sheet_ranges(raw)}
    first, last = ranges["9"][2], ranges["9"][3]
    scorecard_pages = [
        n for n in range(first, last + 1) if "Adult Services Scorecard - Quarter 3" in texts[n - 1]
    ]
    assert scorecard_pages and scorecard_pages[-1] == last
    # Numbered on with the pack's pages.
    for number in scorecard_pages:
        assert texts[number - 1].endswith(f"Page {number}")
    # The pack grew by the scorecard's pages, and the items after 9 moved on by as many.
    grown = len(texts) - len(before)
    assert grown == len(scorecard_pages)
    assert ranges["10"][2] == last + 1 == before_ranges["10"][2] + grown
    assert ranges["9"][3] == before_ranges["9"][3] + grown


def test_loading_the_demo_again_makes_an_old_listed_only_appendix_live():
    demo.load(stdout=io.StringIO())
    appendix = Appendix.objects.get(title=TITLE)
    Appendix.objects.filter(pk=appendix.pk).update(
        source=Appendix.Source.NOT_TRANSCRIBED,
        title="Adults Scorecard Q3 2021/22",
        scorecard_year=None,
        scorecard_quarter=None,
    )
    demo.load(stdout=io.StringIO())
    appendix.refresh_from_db()
    assert (appendix.source, appendix.title, appendix.scorecard_quarter) == ("scorecard", TITLE, 3)
    assert Appendix.objects.filter(source="scorecard").count() == 1
