"""The agenda pack's fingerprint is derived from what the pack reads (committees/agenda_pack.py, ADR 031):
changing any input, by any route (a plain save here, not a service), makes a built pack stale; laying the
pack out reads nothing outside its sources; and what the pack does not show changes nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees import agenda_pack, services
from committees.models import (
    Action,
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    Person,
    Report,
    ReportReference,
    ReportSection,
    WorkProgrammeItem,
)
from portal.sources import ReadOutsideSources, reads_nothing
from tests.committees.factories import AgendaItemFactory, MeetingFactory, MinuteFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(business):
    """The March meeting with a work programme item on its agenda, and a built pack's record: its
    fingerprint and sources as the build stores them (laying the PDF out is tested elsewhere)."""
    march = business["march"]
    AgendaItemFactory(meeting=march, number="12", position=12, title="Work Programme", work_programme=True)
    sources, fingerprint = agenda_pack.gather_with_fingerprint(march.pk)
    pack = AgendaPack.objects.create(
        meeting=march,
        status=AgendaPack.Status.DONE,
        fingerprint=fingerprint,
        sources=sources.probe,
    )
    assert agenda_pack.is_current(pack)
    return {**business, "pack": pack, "sources": sources}


def test_the_build_stores_its_sources(business, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pack = services.pack_prepare(meeting=business["march"])
    assert pack.status == AgendaPack.Status.DONE and "committees_agendaitem" in pack.sources
    assert agenda_pack.is_current(pack)
    assert pack.fingerprint == agenda_pack.pack_fingerprint(business["march"])


def first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def rename_member(b):
    person = b["committee"].memberships.first().person
    person.name = "Councillor J Rhodes MBE"
    person.save()


CHANGES = {
    "the meeting's venue": lambda b: Meeting.objects.filter(pk=b["march"].pk).update(venue="Room 2"),
    "the meeting's notices": lambda b: Meeting.objects.filter(pk=b["march"].pk).update(
        notices=["The meeting will be webcast."]
    ),
    "the committee's name": lambda b: Committee.objects.filter(pk=b["committee"].pk).update(
        name="Adults and Health"
    ),
    "an agenda item's title": lambda b: AgendaItem.objects.filter(meeting=b["march"], number="6").update(
        title="Day Opportunities FPS"
    ),
    "an agenda item added": lambda b: AgendaItemFactory(meeting=b["march"], number="8", position=8),
    "an agenda item removed": lambda b: AgendaItem.objects.filter(meeting=b["march"], number="7").delete(),
    "a report's title": lambda b: Report.objects.filter(pk=b["published"].pk).update(
        title="Day Opportunities"
    ),
    "a section's heading": lambda b: ReportSection.objects.filter(report=b["published"]).update(
        heading="Purpose"
    ),
    "a paragraph's text": lambda b: Paragraph.objects.filter(section__report=b["published"]).update(
        text="Changed."
    ),
    "a paragraph added": lambda b: Paragraph.objects.create(
        section=first(ReportSection, report=b["published"]), number="1.2", text="More.", position=2
    ),
    "a report's reference": lambda b: ReportReference.objects.filter(report=b["published"]).update(
        reference="AH/99/2021-22"
    ),
    "an appendix listed": lambda b: Appendix.objects.create(
        report=b["published"], title="Appendix 1", source="not-transcribed"
    ),
    "the previous minutes' text": lambda b: Minute.objects.filter(pk=b["minute"].pk).update(
        paragraphs=["Changed."]
    ),
    "a minute added to the previous meeting": lambda b: MinuteFactory(meeting=b["january"], number=38),
    "attendance at the previous meeting": lambda b: Attendance.objects.create(
        meeting=b["january"], person=PersonFactory(), kind=Attendance.Kind.PRESENT
    ),
    "a declaration at the previous meeting": lambda b: Declaration.objects.create(
        meeting=b["january"], person=PersonFactory(), text="A non-pecuniary interest."
    ),
    "an action on the previous minutes": lambda b: Action.objects.create(
        minute=b["minute"], text="Send the figures", due=datetime.date(2022, 3, 1)
    ),
    "a member renamed": rename_member,
    "a member added": lambda b: Membership.objects.create(
        committee=b["committee"], person=PersonFactory(), start=datetime.date(2021, 5, 1)
    ),
    "a work programme item": lambda b: WorkProgrammeItem.objects.filter(committee=b["committee"]).update(
        title="Carers Hub Review"
    ),
    "the draft report published": lambda b: Report.objects.filter(pk=b["draft"].pk).update(
        status="published"
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_changing_any_input_makes_the_pack_stale(built, change):
    pack = built["pack"]
    CHANGES[change](built)
    pack.refresh_from_db()
    assert not agenda_pack.is_current(pack)
    assert agenda_pack.pack_state(built["march"])["stale"]
    assert agenda_pack.pack_fingerprint(built["march"]) != pack.fingerprint


UNSEEN = {
    "this meeting's own minutes": lambda b: MinuteFactory(meeting=b["march"], number=90),
    "this meeting's attendance": lambda b: Attendance.objects.create(
        meeting=b["march"], person=PersonFactory(), kind=Attendance.Kind.PRESENT
    ),
    "another meeting's agenda": lambda b: AgendaItemFactory(meeting=b["scheduled"], number="2"),
    "another committee's meeting": lambda b: MeetingFactory(),
    "the exempt report's text": lambda b: Paragraph.objects.filter(section__report=b["exempt"]).update(
        text="Changed."
    ),
    "someone not on the committee": lambda b: Person.objects.filter(pk=PersonFactory().pk).update(name="Z"),
}


@pytest.mark.parametrize("change", sorted(UNSEEN))
def test_what_the_pack_does_not_show_leaves_it_current(built, change):
    pack = built["pack"]
    UNSEEN[change](built)
    assert agenda_pack.is_current(pack)
    assert not agenda_pack.pack_state(built["march"])["stale"]


def test_checking_a_pack_is_one_query(built, django_assert_num_queries):
    with django_assert_num_queries(1):
        agenda_pack.is_current(built["pack"])


def test_laying_the_pack_out_reads_nothing(built):
    sources = built["sources"]
    with CaptureQueriesContext(connection) as captured:
        data = agenda_pack.lay_out(sources)
    assert data.startswith(b"%PDF-")
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def test_a_read_while_laying_out_fails_loudly(built):
    with pytest.raises(ReadOutsideSources), reads_nothing():
        list(Person.objects.all())
