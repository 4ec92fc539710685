"""Deleting with a confirmation page (GET shows what will go, POST deletes): meetings scheduled in error,
draft reports (whose reference numbers are never issued again), report sections and appendices, which may
also be reordered."""

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees import services
from committees.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Meeting,
    Paragraph,
    Report,
    ReportReference,
    ReportSection,
)
from portal.permissions import Role
from tests.committees.factories import MinuteFactory, PersonFactory, add_section
from tests.committees.test_staff import report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def author(client_for):
    return client_for(Role.REPORT_AUTHOR)


# Meetings -------------------------------------------------------------------------------------------------


def test_delete_a_scheduled_meeting_after_confirming(ds, business):
    meeting = business["scheduled"]
    url = reverse("committees:meeting-delete", args=[meeting.pk])
    assert url in ds.get(meeting.get_absolute_url()).text  # the meeting page offers it
    page = ds.get(url)
    assert page.status_code == 200 and "Delete this meeting?" in page.text
    assert "govuk-warning-text" in page.text and "Delete the meeting" in page.text
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    response = ds.post(url)
    assert response.status_code == 302 and response["Location"] == business["committee"].get_absolute_url()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AgendaItem.objects.filter(meeting_id=meeting.pk).exists()
    record = Meeting.history.filter(id=meeting.pk).first()
    assert record.history_type == "-" and record.history_user.username == Role.DEMOCRATIC_SERVICES
    assert "The meeting of 6 June 2030 is deleted." in ds.get(response["Location"]).text


def test_a_published_agenda_or_recorded_minutes_keep_the_meeting(ds, business):
    march = business["march"]  # agenda published
    url = reverse("committees:meeting-delete", args=[march.pk])
    assert url not in ds.get(march.get_absolute_url()).text
    page = ds.get(url)
    assert page.status_code == 200 and "This meeting cannot be deleted" in page.text
    assert "its agenda is published" in page.text and "Delete the meeting" not in page.text
    response = ds.post(url)
    assert response.status_code == 302 and response["Location"] == march.get_absolute_url()
    assert Meeting.objects.filter(pk=march.pk).exists()
    assert "its agenda is published" in ds.get(march.get_absolute_url()).text
    scheduled = business["scheduled"]
    MinuteFactory(meeting=scheduled, number=1)
    url = reverse("committees:meeting-delete", args=[scheduled.pk])
    assert "minutes, attendance or declarations are recorded" in ds.get(url).text
    ds.post(url)
    assert Meeting.objects.filter(pk=scheduled.pk).exists()
    scheduled.minutes.all().delete()
    Attendance.objects.create(meeting=scheduled, person=PersonFactory(), kind="present")
    ds.post(url)
    assert Meeting.objects.filter(pk=scheduled.pk).exists()


def test_deleting_a_meeting_removes_its_pack_files_and_keeps_references(
    ds, business, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    meeting = business["scheduled"]
    pack = AgendaPack.objects.create(meeting=meeting, status=AgendaPack.Status.DONE)
    from django.core.files.base import ContentFile

    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    stored = tmp_path / pack.file.name
    draft = business["draft"]
    ReportReference.objects.filter(report=draft).update(meeting=meeting)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert ds.post(reverse("committees:meeting-delete", args=[meeting.pk])).status_code == 302
    assert not stored.exists() and not AgendaPack.objects.filter(pk=pack.pk).exists()
    reference = ReportReference.objects.get(report=draft)
    assert reference.meeting is None and reference.reference.startswith("AH/")


# Draft reports --------------------------------------------------------------------------------------------


def test_an_author_deletes_a_draft_and_its_number_is_not_issued_again(author, business):
    committee = business["committee"]
    author.post(reverse("committees:report-create"), report_data(committee=committee.pk))
    report = Report.objects.get(title="Care at Home Recommission")
    first = report.references.get()
    url = reverse("committees:report-delete", args=[report.pk])
    assert url in author.get(report.get_absolute_url()).text
    page = author.get(url)
    assert page.status_code == 200 and "Delete this draft report?" in page.text
    assert f"Its reference {first.reference} will not be given to another report." in page.text
    response = author.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("committees:reports")
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not ReportReference.objects.filter(pk=first.pk).exists()
    assert Report.history.filter(id=report.pk).first().history_change_reason == "Draft deleted"
    author.post(reverse("committees:report-create"), report_data(committee=committee.pk, title="Next"))
    second = Report.objects.get(title="Next").references.get()
    assert second.municipal_year == first.municipal_year
    assert second.sequence == first.sequence + 1  # the deleted draft's number stays used


def test_submitted_and_published_reports_cannot_be_deleted(ds, author, business):
    published = business["published"]
    url = reverse("committees:report-delete", args=[published.pk])
    page = ds.get(url)
    assert page.status_code == 200 and "This report cannot be deleted" in page.text
    assert (
        "it is published. Only a draft can be deleted." in page.text and "Delete the draft" not in page.text
    )
    assert ds.post(url).status_code == 302
    assert Report.objects.filter(pk=published.pk).exists()
    draft = business["draft"]
    services.report_submit(report=draft, by=None)
    url = reverse("committees:report-delete", args=[draft.pk])
    assert author.get(url).status_code == 403  # no longer the author's to change
    assert "it is submitted" in ds.get(url).text
    ds.post(url)
    assert Report.objects.filter(pk=draft.pk).exists()
    with pytest.raises(services.CannotDelete):
        services.report_delete(report=draft, by=None)


def test_deleting_a_draft_takes_it_off_the_agenda_and_removes_its_files(
    ds, business, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    draft = business["draft"]  # on the agenda of 28 March as item 7
    pdf = weasyprint.HTML(string="<p>Plan</p>").write_pdf()
    appendix = services.appendix_add(
        report=draft, title="Appendix 1", upload=SimpleUploadedFile("a.pdf", pdf)
    )
    stored = tmp_path / appendix.file.name
    url = reverse("committees:report-delete", args=[draft.pk])
    assert "It will be taken off 1 agenda item." in ds.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        assert ds.post(url).status_code == 302
    assert not stored.exists()
    assert AgendaItem.objects.get(title="Draft item").report is None


# Sections -------------------------------------------------------------------------------------------------


def test_delete_a_section_after_confirming(author, client_for, business):
    draft = business["draft"]
    second = add_section(draft, "2", "Recommendations", ["That the committee notes respite."])
    url = reverse("committees:section-delete", args=[second.pk])
    assert url in author.get(draft.get_absolute_url()).text
    page = author.get(url)
    assert page.status_code == 200 and "Delete this section?" in page.text and "Recommendations" in page.text
    assert ReportSection.objects.filter(pk=second.pk).exists()
    response = author.post(url)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert not ReportSection.objects.filter(pk=second.pk).exists()
    assert not Paragraph.objects.filter(section_id=second.pk).exists()
    draft.refresh_from_db()
    assert "notes respite" not in draft.body_text and "Draft respite text." in draft.body_text
    assert draft.history.first().history_change_reason == "Section 2 Recommendations deleted"
    # Another author's draft, or a published report's section, is not theirs to delete.
    published_section = business["published"].sections.get()
    assert author.post(reverse("committees:section-delete", args=[published_section.pk])).status_code == 403
    assert client_for(Role.COMMISSIONER).get(url).status_code == 403


# Appendices -----------------------------------------------------------------------------------------------


def appendices(report):
    return list(report.appendices.order_by("position", "pk").values_list("title", flat=True))


def test_reorder_and_delete_appendices(
    author, business, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    draft = business["draft"]
    pdf = weasyprint.HTML(string="<p>Plan</p>").write_pdf()
    one = services.appendix_add(report=draft, title="Appendix 1", upload=SimpleUploadedFile("1.pdf", pdf))
    services.appendix_add(report=draft, title="Appendix 2", upload=None)
    three = services.appendix_add(report=draft, title="Appendix 3", upload=None)
    page = author.get(draft.get_absolute_url()).text
    assert 'Move up<span class="govuk-visually-hidden"> Appendix 3' in page
    assert 'Move down<span class="govuk-visually-hidden"> Appendix 3' not in page  # it is last
    move = reverse("committees:appendix-move", args=[three.pk])
    response = author.post(move, {"direction": "up"})
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url() + "#appendices"
    assert appendices(draft) == ["Appendix 1", "Appendix 3", "Appendix 2"]
    author.post(move, {"direction": "up"})
    author.post(move, {"direction": "up"})  # already first: nothing changes
    assert appendices(draft) == ["Appendix 3", "Appendix 1", "Appendix 2"]
    assert author.post(move, {"direction": "sideways"}).status_code == 400
    assert author.get(move).status_code == 405
    assert draft.history.first().history_change_reason == "Appendix “Appendix 3” moved up"
    delete = reverse("committees:appendix-delete", args=[one.pk])
    page = author.get(delete)
    assert (
        page.status_code == 200 and "Delete this appendix?" in page.text and "with its PDF file" in page.text
    )
    stored = tmp_path / one.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert author.post(delete).status_code == 302
    assert appendices(draft) == ["Appendix 3", "Appendix 2"] and not stored.exists()
    assert not Appendix.objects.filter(pk=one.pk).exists()
    published = services.appendix_add(report=business["published"], title="Published appendix", upload=None)
    assert author.post(reverse("committees:appendix-delete", args=[published.pk])).status_code == 403
