"""The commissioners' changes: validation with GOV.UK messages, nothing saved on bad input, and every change
audited with who and why."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.market import services
from commissioning.market.models import Assessment, Figure, Intention, MarketSection
from portal.permissions import Role
from tests.factories import UserFactory

from .factories import AssessmentFactory, FigureFactory, MarketFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner():
    return UserFactory(username="commissioner", role=Role.COMMISSIONER)


def figure_values(**overrides):
    values = {
        "kind": "demand",
        "label": "Carers who need support",
        "unit": "count",
        "value": Decimal("8300"),
        "value_to": None,
        "qualifier": "around",
        "as_of": datetime.date(2021, 1, 1),
        "as_of_precision": "year",
        "source": "Market Position Statement 2021-25, section 8",
        "note": "",
    }
    return {**values, **overrides}


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_figure_is_added_with_its_source_and_date_and_audited(commissioner):
    market = MarketFactory()
    figure = services.figure_create(market=market, by=commissioner, **figure_values())
    latest = figure.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.history_type) == (
        commissioner,
        "Figure added",
        "+",
    )
    assert figure.position == 0
    second = services.figure_create(market=market, by=commissioner, **figure_values(label="Another"))
    assert second.position == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"unit": "percent", "value": Decimal("100.5")}, "value", "A percentage must be between 0 and 100"),
        ({"unit": "percent", "value": Decimal("-1")}, "value", "A percentage must be between 0 and 100"),
        ({"unit": "count", "value": Decimal("-1")}, "value", "A count cannot be below 0"),
        ({"unit": "money", "value": Decimal("-0.01")}, "value", "An amount of money cannot be below £0"),
        ({"unit": "rate", "value": Decimal("-3")}, "value", "A rate cannot be below 0"),
        (
            {"unit": "percent", "value": Decimal("50"), "value_to": Decimal("101")},
            "value_to",
            "A percentage must be between 0 and 100",
        ),
        (
            {"value": Decimal("6000"), "value_to": Decimal("5400")},
            "value_to",
            "The upper figure of a range must be more than the figure",
        ),
        ({"source": ""}, "source", "This field cannot be blank."),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(commissioner, overrides, field, message):
    market = MarketFactory()
    errors = errors_of(
        lambda: services.figure_create(market=market, by=commissioner, **figure_values(**overrides))
    )
    assert message in errors[field]
    assert not Figure.objects.exists()


def test_a_percentage_of_0_and_of_100_is_accepted(commissioner):
    market = MarketFactory()
    services.figure_create(
        market=market, by=commissioner, **figure_values(unit="percent", value=Decimal("0"))
    )
    services.figure_create(
        market=market, by=commissioner, **figure_values(unit="percent", value=Decimal("100"))
    )
    assert Figure.objects.count() == 2


def test_the_database_refuses_what_the_form_would_too():
    """The constraints hold even for a write that skips full_clean."""
    from django.db import IntegrityError, transaction

    market = MarketFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(market=market, unit="percent", value=Decimal("101"))
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(market=market, value=Decimal("-1"))


def test_changing_and_deleting_a_figure_is_audited(commissioner):
    figure = FigureFactory()
    services.figure_update(figure=figure, by=commissioner, **figure_values(value=Decimal("8400")))
    figure.refresh_from_db()
    assert figure.value == Decimal("8400")
    pk = figure.pk
    services.figure_delete(figure=figure, by=commissioner)
    history = list(Figure.history.filter(id=pk).order_by("history_id"))
    assert [(h.history_type, h.history_change_reason) for h in history][-2:] == [
        ("~", "Figure changed"),
        ("-", "Figure deleted"),
    ]
    assert history[-1].history_user == commissioner


def test_a_section_is_written_in_the_committees_markup(commissioner):
    market = MarketFactory()
    text = (
        "Our vision.\n\nWe will:\n- listen\n- act\n\n### Supply\n\n"
        "| Scheme | Town |\n|---|---|\n| Oakmere | Handforth |"
    )
    section = services.section_create(market=market, by=commissioner, heading="Vision", text=text)
    assert [p["kind"] for p in section.paragraphs] == ["", "", "heading", ""]
    assert section.paragraphs[1]["bullets"] == ["listen", "act"]
    assert section.paragraphs[3]["table"] == {
        "header": ["Scheme", "Town"],
        "rows": [["Oakmere", "Handforth"]],
    }
    assert section.last_reviewed == timezone.localdate()
    # The edit form shows the same text back.
    assert services.section_text(section) == text


def test_bad_markup_or_an_empty_section_is_refused(commissioner):
    market = MarketFactory()
    errors = errors_of(
        lambda: services.section_create(
            market=market, by=commissioner, heading="Table", text="| a |\n|---|\n|---|"
        )
    )
    assert errors["text"] == [
        "Paragraph 1: a line of dashes may only follow a table's first row (its header)"
    ]
    errors = errors_of(
        lambda: services.section_create(market=market, by=commissioner, heading="Empty", text="  \n")
    )
    assert errors["text"] == ["Enter the text of the section"]
    assert not MarketSection.objects.exists()


def test_a_review_date_cannot_be_in_the_future(commissioner):
    section = SectionFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = errors_of(
        lambda: services.section_update(
            section=section, by=commissioner, heading="X", text="Y", last_reviewed=tomorrow
        )
    )
    assert errors["last_reviewed"] == ["The date last reviewed must be today or in the past"]
    section.refresh_from_db()
    assert section.heading != "X"


def test_marking_a_section_reviewed_keeps_its_text(commissioner):
    section = SectionFactory()
    before = section.paragraphs
    services.section_mark_reviewed(section=section, by=commissioner)
    section.refresh_from_db()
    assert section.last_reviewed == timezone.localdate()
    assert section.paragraphs == before
    assert section.history.latest().history_change_reason == "Section reviewed: no change needed"


def test_sections_move_up_and_down_and_stop_at_the_ends(commissioner):
    market = MarketFactory()
    first, second, third = (SectionFactory(market=market, position=i) for i in range(3))
    services.section_move(section=third, by=commissioner, direction="up")
    assert list(market.sections.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]
    services.section_move(section=first, by=commissioner, direction="up")
    assert list(market.sections.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]
    with pytest.raises(ValidationError):
        services.section_move(section=first, by=commissioner, direction="sideways")


def test_an_intention_links_a_report_and_a_work_programme_item(commissioner):
    from committees.models import WorkProgrammeItem
    from tests.committees.factories import CommitteeFactory, ReportFactory

    report = ReportFactory()
    item = WorkProgrammeItem.objects.create(
        committee=CommitteeFactory(),
        title="Accommodation with Care Recommission",
        decision_or_note="decision",
    )
    intention = services.intention_create(
        market=MarketFactory(),
        by=commissioner,
        text="We will recommission care at home: contract start 31 August 2023.",
        due=datetime.date(2023, 8, 31),
        due_precision="day",
        report=report,
        work_programme_item=item,
        source="Report AH/42/21-22",
    )
    assert (intention.report, intention.work_programme_item) == (report, item)
    services.intention_update(
        intention=intention,
        by=commissioner,
        text="We will recommission care at home: contract start 1 September 2023.",
        due=datetime.date(2023, 9, 1),
        due_precision="day",
        report=None,
        work_programme_item=None,
        source="",
    )
    intention.refresh_from_db()
    assert intention.text.endswith("1 September 2023.")
    assert intention.history.latest().history_change_reason == "Intention changed"
    services.intention_delete(intention=intention, by=commissioner)
    assert not Intention.objects.exists()


def test_an_intention_needs_its_text_and_date(commissioner):
    errors = errors_of(
        lambda: services.intention_create(
            market=MarketFactory(),
            by=commissioner,
            text="",
            due=None,
            due_precision="day",
            report=None,
            work_programme_item=None,
            source="",
        )
    )
    assert set(errors) == {"text", "due"}


def test_an_assessment_replaces_the_last_and_keeps_it_in_history(commissioner):
    market = MarketFactory()
    old = AssessmentFactory(market=market, dimension="supply", rating="some-gaps", is_demo=True)
    new = services.assessment_set(
        market=market,
        dimension="supply",
        by=commissioner,
        rating="insufficient",
        sentence="No new providers this year.",
        assessed_on=timezone.localdate(),
    )
    assert new.pk == old.pk
    assert (new.rating, new.is_demo) == ("insufficient", False)
    assert [h.rating for h in Assessment.history.filter(id=old.pk).order_by("history_id")][
        -1
    ] == "insufficient"


def test_a_rating_must_belong_to_its_dimension(commissioner):
    errors = errors_of(
        lambda: services.assessment_set(
            market=MarketFactory(),
            dimension="quality",
            by=commissioner,
            rating="rising-fast",
            sentence="Wrong scale.",
            assessed_on=datetime.date(2022, 1, 1),
        )
    )
    assert errors["rating"] == ["Select a rating of the market's quality"]


def test_market_slugs_are_unique_and_never_an_app_path(commissioner):
    first = services.market_create(
        by=commissioner,
        title="Care at home",
        chapter=9,
        position=1,
        summary="Care.",
        service_types=[],
        purchasing_system=None,
        shows_carers_referrals=False,
        is_published=False,
    )
    second = services.market_create(
        by=commissioner,
        title="Care at home",
        chapter=9,
        position=2,
        summary="Care.",
        service_types=[],
        purchasing_system=None,
        shows_carers_referrals=False,
        is_published=False,
    )
    assert (first.slug, second.slug) == ("care-at-home", "care-at-home-2")
    assert services.unique_market_slug("Add") == "add-market"
    assert services.unique_market_slug("Population") == "population-market"
