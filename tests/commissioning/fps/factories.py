"""Factories for the FPS: a purchasing system with lots, an open window and a small questionnaire with one
question of each kind, applications, admissions, packages and bids."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from commissioning.fps.models import (
    Admission,
    Answer,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Bid,
    Lot,
    Package,
    PurchasingSystem,
    Question,
    QuestionSection,
)
from commissioning.providers.models import Area
from tests.factories import ProviderFactory


class PurchasingSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchasingSystem
        django_get_or_create = ("slug",)

    name = "Day Opportunities Flexible Purchasing System"
    slug = "day-opportunities"
    code = "DO"
    legal_basis = (
        "Public Contracts Regulations 2015, Part 3 Section 7 and Schedule 3 (the light touch regime)"
    )
    go_live = datetime.date(2022, 7, 1)
    delegated_decision_maker = "Executive Director of Adults, Health and Integration"
    status = PurchasingSystem.Status.LIVE


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot
        django_get_or_create = ("system", "number")

    system = factory.SubFactory(PurchasingSystemFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda lot: f"Lot title {lot.number}")


class WindowFactory(factory.django.DjangoModelFactory):
    """Open now by default: opened a week ago, closes in three weeks."""

    class Meta:
        model = ApplicationWindow

    system = factory.SubFactory(PurchasingSystemFactory)
    name = factory.Sequence(lambda n: f"Window {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=21))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionSection

    system = factory.SubFactory(PurchasingSystemFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    number = factory.Sequence(lambda n: f"Q{n}")
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.TEXT
    mandatory = True
    word_limit = factory.LazyAttribute(lambda q: 250 if q.kind == Question.Kind.TEXT else None)
    pass_answer = factory.LazyAttribute(lambda q: "yes" if q.kind == Question.Kind.PASS_FAIL else "")


def fps_setup(lots: int = 2):
    """The FPS with `lots` lots, an open window and a questionnaire: section 1 for all lots with one
    question of each kind (the text one optional), and a service-description section per lot."""
    system = PurchasingSystemFactory()
    made_lots = [
        LotFactory(
            system=system, number=n, title=["Building Based Services", "Community Support", "Other"][n - 1]
        )
        for n in range(1, lots + 1)
    ]
    window = WindowFactory(system=system, name="Open window")
    common = SectionFactory(system=system, number=1, title="Organisation and declarations")
    QuestionFactory(
        section=common,
        number="1.1",
        position=1,
        kind=Question.Kind.PASS_FAIL,
        text="Do you hold employer's liability insurance of at least £5 million?",
    )
    QuestionFactory(
        section=common,
        number="1.2",
        position=2,
        kind=Question.Kind.DECLARATION,
        text="None of the mandatory grounds for exclusion apply to the organisation.",
    )
    QuestionFactory(
        section=common,
        number="1.3",
        position=3,
        kind=Question.Kind.DOCUMENT,
        text="Upload your safeguarding adults policy.",
    )
    QuestionFactory(
        section=common,
        number="1.4",
        position=4,
        kind=Question.Kind.TEXT,
        mandatory=False,
        text="Describe your social value commitments.",
    )
    for lot in made_lots:
        section = SectionFactory(
            system=system, number=10 + lot.number, title=f"{lot} service description", lot=lot
        )
        QuestionFactory(
            section=section,
            number=f"{10 + lot.number}.1",
            position=1,
            lot=lot,
            kind=Question.Kind.TEXT,
            text=f"Describe the service you will provide under {lot}.",
        )
    return system, made_lots, window


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"DO-T-{n:05d}")
    window = factory.SubFactory(WindowFactory)
    provider = factory.SubFactory(ProviderFactory)
    status = Application.Status.DRAFT

    @factory.post_generation
    def lots(self, create, extracted, **kwargs):
        for lot in extracted or []:
            ApplicationLot.objects.create(application=self, lot=lot)


def answer_all(application, document=b"%PDF-1.4\n%%EOF\n"):
    """Answers every question the application's lots ask, as a passing provider would."""
    from django.core.files.base import ContentFile

    lot_ids = set(application.application_lots.values_list("lot_id", flat=True))
    questions = Question.objects.filter(section__system=application.window.system)
    for question in questions:
        lot_id = question.lot_id or question.section.lot_id
        if lot_id and lot_id not in lot_ids:
            continue
        answer = Answer(application=application, question=question)
        if question.kind == Question.Kind.PASS_FAIL:
            answer.choice = question.pass_answer or "yes"
        elif question.kind == Question.Kind.DECLARATION:
            answer.choice = "yes"
        elif question.kind == Question.Kind.DOCUMENT:
            answer.document.save("policy.pdf", ContentFile(document), save=False)
            answer.document_name, answer.document_type, answer.document_size = (
                "policy.pdf",
                "pdf",
                len(document),
            )
        else:
            answer.text = "We run a day service in Crewe five days a week."
        answer.save()


class AdmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Admission

    lot = factory.SubFactory(LotFactory)
    provider = factory.SubFactory(ProviderFactory)


class PackageFactory(factory.django.DjangoModelFactory):
    """Published, with its bid deadline in a week."""

    class Meta:
        model = Package

    system = factory.SelfAttribute("lot.system")
    reference = factory.Sequence(lambda n: f"DO-P-{n:05d}")
    lot = factory.SubFactory(LotFactory)
    title = "Three days a week of building-based support"
    area = Area.CREWE
    days_and_hours = "Monday, Wednesday and Friday, 9:30am to 3:30pm"
    needs = "Support with personal care and eating; enjoys music and gardening."
    outcomes = "To make friends, to be more independent when travelling."
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))
    bid_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    status = Package.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    package = factory.SubFactory(PackageFactory)
    provider = factory.SubFactory(ProviderFactory)
    weekly_price = Decimal("450.00")
    price_breakdown = "3 days at £150 a day, including staffing at 1:3"
    outcomes_response = "A named key worker; travel training in the first twelve weeks."
    start_date = factory.LazyAttribute(lambda bid: bid.package.start_date)
