"""Domain rules: municipal years, references, uploads, minutes numbering, agenda publication."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from committees import services
from committees.models import Meeting, Report, ReportReference, municipal_year
from tests.committees.factories import CommitteeFactory, MeetingFactory, MinuteFactory, ReportFactory

pytestmark = pytest.mark.django_db


def tiny_pdf() -> bytes:
    from portal.pdf import render_pdf

    return render_pdf("pdf/base.html", {})


@pytest.mark.parametrize(
    "day, year",
    [
        ("2022-01-18", "2021-22"),
        ("2022-04-30", "2021-22"),
        ("2022-05-01", "2022-23"),
        ("2021-05-01", "2021-22"),
    ],
)
def test_municipal_year_runs_may_to_may(day, year):
    assert municipal_year(datetime.date.fromisoformat(day)) == year


def test_meeting_stores_its_municipal_year():
    assert MeetingFactory(date=datetime.date(2022, 3, 28)).municipal_year == "2021-22"


def test_references_count_up_per_committee_and_year_and_are_never_reused():
    committee = CommitteeFactory(code="AH")
    meeting = MeetingFactory(committee=committee, date=datetime.date(2022, 3, 28))
    first = services.report_create(
        data={"title": "One", "report_of": "X"}, committee=committee, meeting=meeting
    )
    second = services.report_create(
        data={"title": "Two", "report_of": "X"}, committee=committee, meeting=meeting
    )
    assert first.references.get().reference == "AH/1/2021-22"
    assert second.references.get().reference == "AH/2/2021-22"
    second.delete()
    third = services.report_create(
        data={"title": "Three", "report_of": "X"}, committee=committee, meeting=meeting
    )
    assert third.references.get().reference == "AH/3/2021-22"  # 2 is not issued again


def test_a_recorded_reference_moves_the_counter_past_it():
    committee = CommitteeFactory(code="AH")
    meeting = MeetingFactory(committee=committee, date=datetime.date(2022, 3, 28))
    services.report_create(
        data={"title": "BCF", "report_of": "X"}, committee=committee, reference="AH/41/21-22"
    )
    new = services.report_create(
        data={"title": "Next", "report_of": "X"}, committee=committee, meeting=meeting
    )
    assert new.references.get().reference == "AH/42/2021-22"


@pytest.mark.parametrize(
    "bad", ["AH-39-2021-22", "AH/39/2021", "ah/39/2021-22", "AH//2021-22", "CF/1/2021-22"]
)
def test_malformed_or_wrong_committee_references_are_refused(bad):
    committee = CommitteeFactory(code="AH")
    with pytest.raises(ValidationError):
        services.report_create(data={"title": "T", "report_of": "X"}, committee=committee, reference=bad)
    assert not Report.objects.exists()


def test_duplicate_references_are_refused():
    committee = CommitteeFactory(code="AH")
    services.report_create(
        data={"title": "T", "report_of": "X"}, committee=committee, reference="AH/39/2021-22"
    )
    with pytest.raises(ValidationError, match="already used"):
        services.report_create(
            data={"title": "U", "report_of": "X"}, committee=committee, reference="AH/39/2021-22"
        )
    assert ReportReference.objects.count() == 1


def test_part_2_needs_its_paragraph():
    with pytest.raises(ValidationError):
        services.report_create(data={"title": "T", "report_of": "X", "part": 2}, committee=CommitteeFactory())


def test_appendix_accepts_a_pdf_by_its_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = ReportFactory()
    upload = SimpleUploadedFile("strategy.txt", tiny_pdf(), content_type="text/plain")
    appendix = services.appendix_add(report=report, title="Appendix 1", upload=upload)
    assert appendix.pages == 1 and appendix.size > 0
    assert str(tmp_path) in appendix.file.path and "static" not in appendix.file.path


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00 not a pdf", b"<html>%PDF-</html>", b"%PDF-1.7 broken and truncated"]
)
def test_appendix_refuses_what_is_not_a_readable_pdf(settings, tmp_path, content):
    settings.MEDIA_ROOT = tmp_path
    report = ReportFactory()
    with pytest.raises(ValidationError):
        services.appendix_add(report=report, title="A", upload=SimpleUploadedFile("a.pdf", content))
    assert not report.appendices.exists()


def test_appendix_size_is_limited(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services.reports, "APPENDIX_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="smaller than"):
        services.appendix_add(
            report=ReportFactory(), title="A", upload=SimpleUploadedFile("a.pdf", tiny_pdf())
        )


def test_minutes_number_on_through_the_municipal_year():
    committee = CommitteeFactory()
    january = MeetingFactory(committee=committee, date=datetime.date(2022, 1, 18))
    MinuteFactory(meeting=january, number=48)
    march = MeetingFactory(committee=committee, date=datetime.date(2022, 3, 28))
    assert services.minute_add(meeting=march, title="Apologies", paragraphs=[]).number == 49
    june = MeetingFactory(committee=committee, date=datetime.date(2022, 6, 6))
    assert services.minute_add(meeting=june, title="Apologies", paragraphs=[]).number == 1
    with pytest.raises(ValidationError):
        services.minute_add(meeting=march, title="Again", paragraphs=[], number=48)


def test_publishing_a_past_agenda_needs_confirmation():
    meeting = MeetingFactory(date=datetime.date(2022, 3, 28), status=Meeting.Status.SCHEDULED)
    with pytest.raises(services.AgendaInPastNeedsConfirmation):
        services.agenda_publish(meeting=meeting, by=None, today=datetime.date(2022, 4, 1))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    services.agenda_publish(meeting=meeting, by=None, confirmed_past=True, today=datetime.date(2022, 4, 1))
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.AGENDA_PUBLISHED


def test_report_moves_draft_submitted_published():
    report = ReportFactory(status=Report.Status.DRAFT)
    services.report_submit(report=report, by=None)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, by=None)
    published = services.report_publish(report=report, by=None)
    assert published.status == Report.Status.PUBLISHED and published.published_at
    assert published.history.first().history_change_reason == "Published"
