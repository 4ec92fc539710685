"""Public pages through HTTP: what the public sees, and what it never sees (drafts, part 2), by URL too."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from portal.permissions import Role

pytestmark = pytest.mark.django_db


def test_committee_list_and_page_show_members(client, business):
    response = client.get(reverse("committees:index"))
    assert response.status_code == 200 and "Adults and Health Committee" in response.text
    page = client.get(reverse("committees:committee", args=["adults-and-health"]))
    assert "Councillor J Rhodes" in page.text and "Chair" in page.text


def test_unknown_committee_is_404(client, business):
    assert client.get(reverse("committees:committee", args=["no-such-committee"])).status_code == 404


def test_meeting_calendar_filters_by_committee_year_and_when(client, business):
    response = client.get(reverse("committees:meetings"))
    assert response.status_code == 200 and "3 meetings" in response.text
    response = client.get(reverse("committees:meetings"), {"year": "2021-22"})
    assert "2 meetings" in response.text
    response = client.get(reverse("committees:meetings"), {"when": "upcoming"})
    assert "1 meeting" in response.text and "6 June 2030" in response.text
    response = client.get(
        reverse("committees:meetings"), {"committee": business["committee"].pk, "when": "past"}
    )
    assert "2 meetings" in response.text


def test_meeting_calendar_bad_filter_says_so(client, business):
    response = client.get(reverse("committees:meetings"), {"year": "1999-00", "committee": "abc"})
    assert response.status_code == 200
    assert "Error: " in response.text and "Select the municipal year from the list" in response.text


def test_meeting_page_shows_part_1_and_only_title_and_paragraph_of_part_2(client, business):
    response = client.get(reverse("committees:meeting", args=[business["march"].pk]))
    text = response.text
    assert "Day Opportunities Flexible Purchasing System" in text
    assert reverse("committees:report", args=[business["published"].pk]) in text
    assert "Care contract award" in text and "paragraph 3" in text
    assert "Exempt contract award" not in text
    assert reverse("committees:report", args=[business["exempt"].pk]) not in text
    assert reverse("committees:report", args=[business["draft"].pk]) not in text
    assert reverse("committees:minutes", args=[business["january"].pk]) in text
    # No pack is prepared yet: the page offers to prepare it (tests/committees/test_agenda_pack.py).
    assert reverse("committees:pack-prepare", args=[business["march"].pk]) in text


def test_unpublished_agenda_is_not_shown_to_the_public(client, business, client_for):
    url = reverse("committees:meeting", args=[business["scheduled"].pk])
    assert "Not yet public item" not in client.get(url).text
    assert "Not yet public item" in client_for(Role.DEMOCRATIC_SERVICES).get(url).text
    assert client.get(reverse("committees:pack-pdf", args=[business["scheduled"].pk])).status_code == 404


@pytest.mark.parametrize("which", ["draft", "exempt"])
@pytest.mark.parametrize("role", ["anonymous", "provider", Role.COMMISSIONER])
def test_drafts_and_part_2_reports_are_404_by_url_guessing(client_for, business, which, role):
    report = business[which]
    client = client_for(role)
    for name in ("committees:report", "committees:report-pdf"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404


def test_report_page_and_author_and_manager_access(client_for, business):
    published, draft, exempt = business["published"], business["draft"], business["exempt"]
    anonymous = client_for("anonymous")
    response = anonymous.get(reverse("committees:report", args=[published.pk]))
    assert response.status_code == 200
    assert "This report seeks approval for a flexible purchasing system." in response.text
    assert "AH/1/2021-22" in response.text
    author = client_for(Role.REPORT_AUTHOR)
    assert author.get(reverse("committees:report", args=[draft.pk])).status_code == 200
    assert author.get(reverse("committees:report", args=[exempt.pk])).status_code == 200
    manager = client_for(Role.DEMOCRATIC_SERVICES)
    assert manager.get(reverse("committees:report", args=[draft.pk])).status_code == 200


def test_minutes_public_only_once_approved(client, business, client_for):
    response = client.get(reverse("committees:minutes", args=[business["january"].pk]))
    assert response.status_code == 200 and "37. Day Opportunities Strategy" in response.text
    assert client.get(reverse("committees:minutes", args=[business["march"].pk])).status_code == 404
    assert client.get(reverse("committees:minutes-pdf", args=[business["march"].pk])).status_code == 404
    assert (
        client_for(Role.DEMOCRATIC_SERVICES)
        .get(reverse("committees:minutes", args=[business["march"].pk]))
        .status_code
        == 200
    )


def test_work_programme(client, business):
    response = client.get(reverse("committees:work-programme", args=["adults-and-health"]))
    assert response.status_code == 200 and "Carers Hub" in response.text and "AH/01/22-23" in response.text


def test_search_finds_published_reports_and_approved_minutes_only(client, business):
    response = client.get(reverse("committees:search"), {"q": "respite"})
    assert response.status_code == 200
    assert "1 result" in response.text  # the approved minute: not the draft, not the part 2 report
    assert "<mark>respite</mark>" in response.text
    response = client.get(reverse("committees:search"), {"q": "flexible purchasing"})
    assert "Day Opportunities Flexible Purchasing System" in response.text and "2 results" in response.text
    assert "Secret draft" not in client.get(reverse("committees:search"), {"q": "secret draft"}).text


def test_search_escapes_text_and_survives_odd_queries(client, business):
    for query in ["<script>alert(1)</script>", "&&||!!", "'", '"unclosed', "a" * 500, ""]:
        response = client.get(reverse("committees:search"), {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text


def test_icalendar_feeds_parse(client, business):
    for url in [
        reverse("committees:meetings-ical"),
        reverse("committees:committee-ical", args=["adults-and-health"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert len(events) == 3
        assert {str(e["summary"]) for e in events} == {"Adults and Health Committee"}
        assert sorted(e.decoded("dtstart").date().isoformat() for e in events)[0] == "2022-01-18"


def test_unknown_meeting_and_report_are_404(client, business):
    assert client.get(reverse("committees:meeting", args=[999999])).status_code == 404
    assert client.get(reverse("committees:report", args=[999999])).status_code == 404
    assert client.get(reverse("committees:appendix", args=[999999])).status_code == 404
