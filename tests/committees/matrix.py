"""URL arguments for the committees' rows in tests/test_permission_matrix.py: each builds what it needs."""

import datetime

from django.core.files.base import ContentFile

from committees.models import Action, AgendaPack, Appendix, Meeting, Report
from committees.tasks import pack_fingerprint
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MinuteFactory,
    ReportFactory,
    add_section,
)


def committee(fx):
    return {"slug": CommitteeFactory(slug="matrix-committee").slug}


def meeting(fx):
    return {"pk": MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED).pk}


def meeting_with_pack(fx):
    """A published agenda with a current pack built: its download answers; preparing it again does nothing."""
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    pack = AgendaPack(meeting=meeting, status=AgendaPack.Status.DONE, fingerprint=pack_fingerprint(meeting))
    pack.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    pack.save()
    return {"pk": meeting.pk}


def scheduled_meeting(fx):
    return {"pk": MeetingFactory(date=datetime.date(2030, 1, 1), status=Meeting.Status.SCHEDULED).pk}


def approved_minutes(fx):
    return {"pk": MinuteFactory().meeting_id}


def published_report(fx):
    return {"pk": ReportFactory().pk}


def draft_report(fx):
    """A draft nobody in the matrix wrote: democratic services act on it; a report author cannot see it."""
    return {"pk": ReportFactory(status=Report.Status.DRAFT).pk}


def published_appendix(fx):
    appendix = Appendix(report=ReportFactory(), title="Appendix 1")
    appendix.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    appendix.save()
    return {"pk": appendix.pk}


def agenda_item(fx):
    return {"pk": AgendaItemFactory().pk}


def action(fx):
    return {"pk": Action.objects.create(minute=MinuteFactory(), text="Send the figures").pk}


def draft_section(fx):
    report = ReportFactory(status=Report.Status.DRAFT)
    return {"pk": add_section(report).pk}


def approved_minute(fx):
    minute = MinuteFactory()
    return {"pk": minute.meeting_id, "number": minute.number}


def attendance_row(fx):
    from committees.models import Attendance
    from tests.committees.factories import PersonFactory

    return {
        "pk": Attendance.objects.create(meeting=MeetingFactory(), person=PersonFactory(), kind="present").pk
    }


def work_programme_item(fx):
    from committees.models import WorkProgrammeItem

    committee = CommitteeFactory()
    return {
        "pk": WorkProgrammeItem.objects.create(committee=committee, reference="AH/01/30-31", title="Item").pk
    }


def membership(fx):
    from tests.committees.factories import MembershipFactory

    return {"pk": MembershipFactory().pk}


def declaration(fx):
    from committees.models import Declaration
    from tests.committees.factories import PersonFactory

    return {
        "pk": Declaration.objects.create(
            meeting=MeetingFactory(), person=PersonFactory(), text="A non-pecuniary interest."
        ).pk
    }


def person(fx):
    from tests.committees.factories import PersonFactory

    return {"pk": PersonFactory().pk}


def draft_appendix(fx):
    """A listed appendix of a draft nobody in the matrix wrote."""
    appendix = Appendix.objects.create(
        report=ReportFactory(status=Report.Status.DRAFT), title="Appendix 1", source="not-transcribed"
    )
    return {"pk": appendix.pk}
