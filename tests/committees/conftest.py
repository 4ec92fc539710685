import datetime

import pytest

from committees.models import Attendance, Meeting, Report, WorkProgrammeItem
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    MinuteFactory,
    PersonFactory,
    ReportFactory,
    add_section,
)


@pytest.fixture
def business(db, users):
    """A committee's business with something of every kind the public may or may not see."""
    committee = CommitteeFactory(code="AH", name="Adults and Health Committee", slug="adults-and-health")
    chair = PersonFactory(name="Councillor J Rhodes")
    MembershipFactory(committee=committee, person=chair, role="chair")
    january = MeetingFactory(
        committee=committee, date=datetime.date(2022, 1, 18), status=Meeting.Status.MINUTES_APPROVED
    )
    Attendance.objects.create(meeting=january, person=chair, kind=Attendance.Kind.CHAIR)
    minute = MinuteFactory(
        meeting=january,
        number=37,
        title="Day Opportunities Strategy",
        paragraphs=["The committee considered the flexible purchasing of respite services."],
    )
    march = MeetingFactory(
        committee=committee, date=datetime.date(2022, 3, 28), status=Meeting.Status.AGENDA_PUBLISHED
    )
    published = ReportFactory(
        title="Day Opportunities Flexible Purchasing System",
        reference__committee=committee,
        reference__meeting=march,
    )
    add_section(
        published,
        "1",
        "Purpose of the Report",
        ["This report seeks approval for a flexible purchasing system."],
    )
    draft = ReportFactory(
        title="Secret draft on respite",
        status=Report.Status.DRAFT,
        author=users["report-author"],
        reference__committee=committee,
    )
    add_section(draft, "1", "Purpose", ["Draft respite text."])
    exempt = ReportFactory(
        title="Exempt contract award on respite",
        part=2,
        exempt_paragraph="3",
        reference__committee=committee,
    )
    add_section(exempt, "1", "Purpose", ["Exempt respite prices."])
    AgendaItemFactory(
        meeting=march, number="3", position=3, title="Minutes of Previous Meeting", minutes_of=january
    )
    AgendaItemFactory(meeting=march, number="6", position=6, title="Day Opportunities", report=published)
    AgendaItemFactory(meeting=march, number="7", position=7, title="Draft item", report=draft)
    AgendaItemFactory(
        meeting=march,
        number="15",
        position=15,
        title="Care contract award",
        part=2,
        exempt_paragraph="3",
        report=exempt,
    )
    scheduled = MeetingFactory(
        committee=committee, date=datetime.date(2030, 6, 6), status=Meeting.Status.SCHEDULED
    )
    AgendaItemFactory(meeting=scheduled, number="1", title="Not yet public item")
    WorkProgrammeItem.objects.create(
        committee=committee, reference="AH/01/22-23", title="Carers Hub", decision_or_note="decision"
    )
    return {
        "committee": committee,
        "january": january,
        "march": march,
        "scheduled": scheduled,
        "published": published,
        "draft": draft,
        "exempt": exempt,
        "minute": minute,
    }
