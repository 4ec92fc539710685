"""Factories for committee business."""

import datetime

import factory

from committees.models import (
    AgendaItem,
    Committee,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    Person,
    Report,
    ReportSection,
)
from committees.services import reference_issue


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: "T" + "".join(chr(65 + int(d)) for d in str(n)))
    name = factory.Sequence(lambda n: f"Test Committee {n}")
    slug = factory.Sequence(lambda n: f"test-committee-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Councillor T Person{n}")
    kind = Person.Kind.COUNCILLOR


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    start = datetime.date(2021, 5, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    date = datetime.date(2022, 3, 28)
    time = datetime.time(10, 30)
    venue = "Committee Suite 1, 2 and 3, Westfields, Sandbach"
    status = Meeting.Status.AGENDA_PUBLISHED


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Test report {n}")
    report_of = "Helen Charlesworth-May, Executive Director Adults, Health and Integration"
    status = Report.Status.PUBLISHED

    @factory.post_generation
    def reference(self, create, extracted, **kwargs):
        if create:
            committee = kwargs.get("committee") or CommitteeFactory()
            reference_issue(report=self, committee=committee, meeting=kwargs.get("meeting"))


def add_section(report, number="1", heading="Purpose of the Report", paragraphs=("The purpose.",)):
    from committees.services import report_body_refresh

    section = ReportSection.objects.create(
        report=report, number=number, heading=heading, position=int(number)
    )
    for i, text in enumerate(paragraphs, start=1):
        Paragraph.objects.create(section=section, number=f"{number}.{i}", text=text, position=i)
    report_body_refresh(report)
    return section


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    # Numbers no test gives by hand: an agenda's numbers are unique.
    number = factory.Sequence(lambda n: str(n + 101))
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class MinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minute

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.MINUTES_APPROVED)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Minute {n}")
    paragraphs = factory.LazyFunction(lambda: ["The committee considered the report."])
