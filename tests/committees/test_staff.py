"""Staff pages through HTTP: democratic services run meetings, agendas and minutes; authors draft reports."""

import datetime

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Minute,
    Person,
    Report,
    WorkProgrammeItem,
)
from portal.permissions import Role
from tests.committees.factories import AgendaItemFactory, MeetingFactory, MinuteFactory, PersonFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def author(client_for):
    return client_for(Role.REPORT_AUTHOR)


def test_schedule_a_meeting(ds, business):
    data = {
        "committee": business["committee"].pk,
        **date_fields("date", "06/06/2030"),
        "time": "10:30",
        "venue": "Westfields",
        "status": "scheduled",
    }
    response = ds.post(reverse("committees:meeting-create"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(date=datetime.date(2030, 6, 6), venue="Westfields")
    assert (
        meeting.municipal_year == "2030-31"
        and meeting.history.first().history_user.username == Role.DEMOCRATIC_SERVICES
    )


def test_schedule_a_meeting_bad_input_changes_nothing(ds, business):
    before = Meeting.objects.count()
    response = ds.post(
        reverse("committees:meeting-create"),
        {**date_fields("date", "31/02/2030"), "time": "25:00", "venue": ""},
    )
    assert response.status_code == 200
    assert (
        "Error: " in response.text
        and "Date must be a real date" in response.text
        and "Select the committee" in response.text
    )
    assert Meeting.objects.count() == before


def test_publish_agenda_of_a_past_meeting_needs_confirmation(ds, business):
    meeting = MeetingFactory(
        committee=business["committee"], date=datetime.date(2022, 2, 1), status="scheduled"
    )
    url = reverse("committees:agenda-publish", args=[meeting.pk])
    page = ds.get(url)
    # The warning says when it took place; the confirmation box names what is being confirmed.
    assert "This meeting took place on 1 February 2022" in page.text
    assert "Yes, publish the agenda of a meeting that has already taken place" in page.text
    response = ds.post(url, {})
    assert response.status_code == 200 and "confirm that you want to publish" in response.text
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
    assert ds.post(url, {"confirm_past": "on"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "agenda-published"


def test_publish_agenda_of_a_future_meeting_needs_no_confirmation(ds, business):
    url = reverse("committees:agenda-publish", args=[business["scheduled"].pk])
    assert ds.post(url, {}).status_code == 302
    assert Meeting.objects.get(pk=business["scheduled"].pk).status == "agenda-published"


def test_add_agenda_items_and_part_2_needs_a_paragraph(ds, business):
    meeting = business["scheduled"]
    url = reverse("committees:agenda-item-add", args=[meeting.pk])
    response = ds.post(url, {"number": "2", "title": "Contract award", "part": "2", "exempt_paragraph": ""})
    assert response.status_code == 200 and "Select the paragraph of Schedule 12A" in response.text
    assert (
        ds.post(
            url, {"number": "2", "title": "Contract award", "part": "2", "exempt_paragraph": "3"}
        ).status_code
        == 302
    )
    assert meeting.agenda_items.get(number="2").exempt_paragraph == "3"


def test_reorder_agenda_items(ds, business):
    meeting = business["scheduled"]
    meeting.agenda_items.update(position=1)
    second = AgendaItemFactory(meeting=meeting, number="2", position=2, title="Second")
    response = ds.post(reverse("committees:agenda-item-move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(meeting.agenda_items.order_by("position").values_list("title", "number")) == [
        ("Second", "1"),
        ("Not yet public item", "2"),
    ]
    assert (
        ds.post(
            reverse("committees:agenda-item-move", args=[second.pk]), {"direction": "sideways"}
        ).status_code
        == 400
    )
    assert ds.get(reverse("committees:agenda-item-move", args=[second.pk])).status_code == 405


def test_edit_agenda_item(ds, business):
    item = AgendaItem.objects.get(title="Day Opportunities")
    url = reverse("committees:agenda-item-edit", args=[item.pk])
    assert ds.get(url).status_code == 200
    response = ds.post(
        url, {"number": "6", "title": "Day Opportunities FPS", "part": "1", "report": item.report_id}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).title == "Day Opportunities FPS"


def test_record_attendance_and_a_substitute_needs_whom(ds, business):
    meeting = business["march"]
    person = PersonFactory(name="Councillor B Burkhill")
    url = reverse("committees:attendance", args=[meeting.pk])
    response = ds.post(url, {"person": person.pk, "kind": "substitute"})
    assert response.status_code == 200 and "Select the member this person substituted for" in response.text
    absent = PersonFactory(name="Councillor J Absent")
    assert (
        ds.post(url, {"person": person.pk, "kind": "substitute", "substitute_for": absent.pk}).status_code
        == 302
    )
    assert Attendance.objects.get(meeting=meeting, person=person).substitute_for == absent
    again = ds.post(url, {"person": person.pk, "kind": "substitute", "substitute_for": absent.pk})
    assert again.status_code == 200 and "already recorded" in again.text


def test_add_a_minute_numbered_on_with_a_lettered_resolution(ds, business):
    meeting = business["march"]
    url = reverse("committees:minute-add", args=[meeting.pk])
    assert "Add minute 38" in ds.get(url).text
    response = ds.post(
        url,
        {
            "title": "Day Opportunities",
            "paragraphs": "The committee considered the report.\n\nMembers asked questions.",
            "questions": "How many places?\nWhen will it open?",
            "resolution": "1. approve the system\na. delegate authority\n2. note the timetable",
            "unanimous": "on",
        },
    )
    assert response.status_code == 302
    minute = Minute.objects.get(meeting=meeting)
    assert minute.number == 38 and minute.unanimous and len(minute.paragraphs) == 2
    assert minute.resolution == [
        {"label": "1", "text": "approve the system", "parts": [{"label": "a", "text": "delegate authority"}]},
        {"label": "2", "text": "note the timetable"},
    ]


def test_minute_bad_resolution(ds, business):
    response = ds.post(
        reverse("committees:minute-add", args=[business["march"].pk]),
        {"title": "X", "resolution": "a. orphan"},
    )
    assert response.status_code == 200 and "A lettered part needs a numbered part above it" in response.text
    assert not Minute.objects.filter(meeting=business["march"]).exists()


def test_open_actions_and_mark_done(ds, business):
    action = Action.objects.create(
        minute=business["minute"], text="Send the figures", due=datetime.date(2022, 3, 1)
    )
    response = ds.get(reverse("committees:actions"))
    assert "Send the figures" in response.text and "1 action" in response.text
    assert ds.post(reverse("committees:action-done", args=[action.pk])).status_code == 302
    assert Action.objects.get(pk=action.pk).done
    assert "Send the figures" not in ds.get(reverse("committees:actions")).text


def report_data(**changes):
    data = {
        "committee": "",
        "title": "Care at Home Recommission",
        "report_of": "Helen Charlesworth-May",
        "report_type": "for-decision",
        "wards_affected": "All",
        "part": "1",
        "exempt_paragraph": "",
        "corporate_plan_priorities": "Fair\nGreen",
    }
    data.update(changes)
    return data


def test_author_drafts_edits_and_submits_a_report_that_democratic_services_publish(
    author, ds, business, client
):
    committee, meeting = business["committee"], business["march"]
    response = author.post(
        reverse("committees:report-create"), report_data(committee=committee.pk, meeting=meeting.pk)
    )
    assert response.status_code == 302
    report = Report.objects.get(title="Care at Home Recommission")
    assert report.references.get().reference == "AH/2/2021-22"  # the fixture issued AH/1 for March 2022
    assert report.corporate_plan_priorities == ["Fair", "Green"] and report.status == "draft"
    assert client.get(report.get_absolute_url()).status_code == 404  # the public cannot see a draft
    response = author.post(
        reverse("committees:section-add", args=[report.pk]),
        {
            "number": "1",
            "heading": "Purpose of the Report",
            "level": "1",
            "paragraphs": "1.1 This report seeks.\n\n1.2 It also asks.",
        },
    )
    assert response.status_code == 302
    assert list(report.sections.get().paragraphs.values_list("number", flat=True)) == ["1.1", "1.2"]
    bad = author.post(
        reverse("committees:section-add", args=[report.pk]),
        {
            "number": "2",
            "heading": "Summary",
            "level": "1",
            "paragraphs": "2.1 Text\n\n| a table |\nnot a row",
        },
    )
    assert bad.status_code == 200 and "Paragraph 2: each row of a table starts with |" in bad.text
    assert report.sections.count() == 1
    assert author.post(reverse("committees:report-submit", args=[report.pk])).status_code == 302
    assert author.get(reverse("committees:report-edit", args=[report.pk])).status_code == 403  # submitted
    assert author.post(reverse("committees:report-publish", args=[report.pk])).status_code == 403
    assert ds.post(reverse("committees:report-publish", args=[report.pk])).status_code == 302
    assert client.get(report.get_absolute_url()).status_code == 200


def test_report_create_bad_input(author, business):
    before = Report.objects.count()
    response = author.post(reverse("committees:report-create"), report_data(title="", part="2"))
    assert response.status_code == 200
    for message in [
        "Enter the report&#x27;s title",
        "Select the committee",
        "Select the paragraph of Schedule 12A",
    ]:
        assert message in response.text
    assert Report.objects.count() == before


def test_an_author_cannot_touch_another_authors_draft(client_for, business):
    other = client_for(Role.DEMOCRATIC_SERVICES)
    response = other.post(
        reverse("committees:report-create"), report_data(committee=business["committee"].pk)
    )
    report = Report.objects.get(title="Care at Home Recommission")
    author = client_for(Role.REPORT_AUTHOR)
    assert response.status_code == 302
    assert author.get(reverse("committees:report-edit", args=[report.pk])).status_code == 404
    assert author.post(reverse("committees:report-submit", args=[report.pk])).status_code == 404


def test_appendix_upload_pdf_only_and_served_only_to_those_allowed(
    author, client, business, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = business["draft"]
    url = reverse("committees:appendix-add", args=[draft.pk])
    fake = SimpleUploadedFile("appendix.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = author.post(url, {"title": "Appendix 1", "file": fake})
    assert response.status_code == 200 and "The file must be a PDF" in response.text
    assert not draft.appendices.exists()
    real = SimpleUploadedFile("appendix.txt", weasyprint.HTML(string="<p>Plan</p>").write_pdf())
    assert author.post(url, {"title": "Appendix 1", "file": real}).status_code == 302
    appendix = draft.appendices.get()
    download = reverse("committees:appendix", args=[appendix.pk])
    assert client.get(download).status_code == 404  # the report is a draft
    response = author.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert str(tmp_path) in appendix.file.path


def test_approved_minutes_list_attendance(client, business):
    MinuteFactory(meeting=business["january"], number=38, title="Declarations of Interest")
    response = client.get(reverse("committees:minutes", args=[business["january"].pk]))
    assert "38. Declarations of Interest" in response.text and "Councillor J Rhodes" in response.text


def test_record_that_the_next_meeting_approved_the_minutes(ds, client, business):
    march = business["march"]
    MinuteFactory(meeting=march, number=49, title="Work Programme")
    url = reverse("committees:minutes-approve", args=[march.pk])
    assert client.get(reverse("committees:minutes", args=[march.pk])).status_code == 404
    response = ds.post(url, {"at": business["january"].pk})  # an earlier meeting cannot approve them
    assert response.status_code == 200 and "Select a later meeting of the committee" in response.text
    assert ds.post(url, {"at": business["scheduled"].pk}).status_code == 302
    march.refresh_from_db()
    assert (
        march.status == Meeting.Status.MINUTES_APPROVED and march.minutes_approved_at == business["scheduled"]
    )
    assert client.get(reverse("committees:minutes", args=[march.pk])).status_code == 200


def test_author_changes_a_section_of_their_draft(author, client_for, business):
    draft = business["draft"]
    section = draft.sections.get()
    url = reverse("committees:section-edit", args=[section.pk])
    assert "1.1 Draft respite text." in author.get(url).text
    response = author.post(
        url, {"number": "1", "heading": "Purpose", "level": "1", "paragraphs": "1.1 New text.\n\n1.2 More."}
    )
    assert response.status_code == 302
    assert list(section.paragraphs.values_list("number", "text")) == [("1.1", "New text."), ("1.2", "More.")]
    draft.refresh_from_db()
    assert "New text." in draft.body_text and "Draft respite" not in draft.body_text
    assert draft.history.first().history_change_reason == "Section 1 Purpose edited"
    # Sub-headings, bullet points and tables are kept: the form writes them as light markup.
    structured = (
        "### 1.2 Options\n\n1.3 Three options:\n- keep\n- change\n\n"
        "| Option | Cost |\n|---|---|\n| Keep | £0 |"
    )
    response = author.post(url, {"number": "1", "heading": "Purpose", "level": "1", "paragraphs": structured})
    assert response.status_code == 302
    rows = list(section.paragraphs.values_list("number", "kind", "text", "bullets", "table"))
    assert rows == [
        ("1.2", "heading", "Options", [], None),
        ("1.3", "", "Three options:", ["keep", "change"], None),
        ("", "", "", [], {"header": ["Option", "Cost"], "rows": [["Keep", "£0"]]}),
    ]
    assert structured in author.get(url).content.decode()
    # Someone else's section: not found; a published report's: not editable by its author.
    published_section = business["published"].sections.get()
    assert author.get(reverse("committees:section-edit", args=[published_section.pk])).status_code == 403
    assert client_for(Role.COMMISSIONER).get(url).status_code == 403


def test_committees_people_members_and_work_programme(ds, client, business):
    response = ds.post(
        reverse("committees:committee-create"),
        {"name": "Children and Families Committee", "code": "cf", "kind": "committee"},
    )
    assert response.status_code == 302
    committee = Committee.objects.get(code="CF")
    assert committee.slug == "children-and-families-committee"
    duplicate = ds.post(
        reverse("committees:committee-create"), {"name": "Another", "code": "CF", "kind": "committee"}
    )
    assert duplicate.status_code == 200 and "Another committee already uses this code" in duplicate.text
    bad = ds.post(reverse("committees:committee-create"), {"name": "X", "code": "A1", "kind": "committee"})
    assert bad.status_code == 200 and "capital letters" in bad.text
    assert (
        ds.post(
            reverse("committees:person-add"), {"name": "Councillor K Flavell", "kind": "councillor"}
        ).status_code
        == 302
    )
    person = Person.objects.get(name="Councillor K Flavell")
    url = reverse("committees:membership-add", args=[committee.slug])
    wrong = ds.post(
        url,
        {
            "person": person.pk,
            "role": "chair",
            "voting": "voting",
            **date_fields("start", "01/05/2022"),
            **date_fields("end", "01/04/2022"),
        },
    )
    assert wrong.status_code == 200 and "cannot end before it starts" in wrong.text
    response = ds.post(
        url, {"person": person.pk, "role": "chair", "voting": "voting", **date_fields("start", "01/05/2022")}
    )
    assert response.status_code == 302
    assert "Councillor K Flavell" in client.get(committee.get_absolute_url()).text
    wp = reverse("committees:work-programme-add", args=[committee.slug])
    assert ds.post(wp, {"title": ""}).status_code == 200
    response = ds.post(
        wp,
        {
            "reference": "CF/01/22-23",
            **date_fields("meeting_date", "30/05/2022"),
            "title": "Carers",
            "decision_or_note": "decision",
        },
    )
    assert response.status_code == 302
    item = WorkProgrammeItem.objects.get(reference="CF/01/22-23")
    assert item.municipal_year == "2022-23"
    assert "Carers" in client.get(reverse("committees:work-programme", args=[committee.slug])).text
    edit = ds.post(
        reverse("committees:committee-edit", args=[committee.slug]),
        {"name": "Children and Families", "code": "CF", "kind": "committee"},
    )
    assert edit.status_code == 302 and Committee.objects.get(pk=committee.pk).name == "Children and Families"


def test_change_a_minute_keeps_its_resolution_parts(ds, business):
    minute = business["minute"]
    minute.has_resolution, minute.resolution_preamble = True, "RESOLVED: That"
    minute.resolution = [{"label": "1", "text": "approve", "parts": [{"label": "a", "text": "delegate"}]}]
    minute.save()
    url = reverse("committees:minute-edit", args=[minute.meeting_id, minute.number])
    page = ds.get(url)
    assert "1. approve\na. delegate" in page.text
    response = ds.post(
        url,
        {
            "title": "Day Opportunities",
            "paragraphs": "Changed.",
            "resolution": "1. approve\na. delegate\n2. note",
        },
    )
    assert response.status_code == 302
    minute.refresh_from_db()
    assert minute.paragraphs == ["Changed."] and minute.resolution[1] == {"label": "2", "text": "note"}
    assert ds.get(reverse("committees:minute-edit", args=[minute.meeting_id, 999])).status_code == 404


def test_remove_attendance_and_agenda_items(ds, business):
    row = Attendance.objects.get(meeting=business["january"])
    assert ds.post(reverse("committees:attendance-remove", args=[row.pk])).status_code == 302
    assert not Attendance.objects.filter(pk=row.pk).exists()
    item = AgendaItem.objects.get(title="Draft item")
    assert ds.post(reverse("committees:agenda-item-remove", args=[item.pk])).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert ds.get(reverse("committees:agenda-item-remove", args=[item.pk])).status_code == 405
