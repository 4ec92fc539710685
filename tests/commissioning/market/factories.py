"""Factories for the market pages."""

import datetime
from decimal import Decimal

import factory

from commissioning.market.models import Assessment, Figure, Intention, Market, MarketSection, PopulationFigure
from commissioning.providers.models import Service


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"test-market-{n}")
    title = factory.Sequence(lambda n: f"Test market {n}")
    chapter = 9
    summary = "A market for the tests."
    service_types = factory.LazyFunction(lambda: [Service.CARE_AT_HOME])
    is_published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketSection

    market = factory.SubFactory(MarketFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Section {n}")
    paragraphs = factory.LazyFunction(
        lambda: [
            {
                "number": "",
                "text": "The statement's text.",
                "kind": "",
                "bullets": [],
                "numbered_list": False,
                "table": None,
            }
        ]
    )
    last_reviewed = datetime.date(2021, 6, 1)


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    market = factory.SubFactory(MarketFactory)
    kind = Figure.Kind.DEMAND
    label = factory.Sequence(lambda n: f"Figure {n}")
    unit = Figure.Unit.COUNT
    value = Decimal("8300")
    as_of = datetime.date(2021, 1, 1)
    as_of_precision = "year"
    source = "Market Position Statement 2021-25"


class IntentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intention

    market = factory.SubFactory(MarketFactory)
    text = "We will recommission care at home: contract start 31 August 2023."
    due = datetime.date(2023, 8, 31)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    market = factory.SubFactory(MarketFactory)
    dimension = "supply"
    rating = "some-gaps"
    sentence = "Too little supply in the north of the borough."
    assessed_on = datetime.date(2021, 6, 1)


def load_population():
    """The statement's Table 1 and Table 2, as the demo loads them."""
    from commissioning.market.demo import load_population as load

    load()
    return PopulationFigure.objects.count()
