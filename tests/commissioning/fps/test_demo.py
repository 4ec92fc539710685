"""The FPS demo: the report AH/39/2021-22's figures exactly, the questionnaire as data, invented records in
every state, and a second load that changes nothing."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from commissioning.fps import demo
from commissioning.fps.models import (
    Admission,
    Answer,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Bid,
    Clarification,
    Lot,
    Notification,
    Package,
    PurchasingSystem,
    Question,
    QuestionSection,
    SectionEvaluation,
    SpendFigure,
)
from commissioning.providers import demo as providers_demo
from commissioning.providers.models import ProviderMembership
from portal import demo as portal_demo
from portal.management.commands.load_demo import DEMO_DATA_LOADERS
from tests.once import loaded_once

pytestmark = pytest.mark.django_db
# Loaded as of today, as load_demo does: the demo window and the open packages are counted from it.
TODAY = timezone.localdate()
YEAR = (TODAY - datetime.timedelta(days=14)).year  # the demo window's opening year, in its references
UTC = datetime.UTC


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for this module (tests/once.py): it takes half a minute."""

    def load():
        providers_demo.load(make_users=True, password="demo-password")
        portal_demo.load_users(password="demo-password")
        demo.load(today=TODAY)
        return PurchasingSystem.objects.get(code="DO").pk

    media = tmp_path_factory.mktemp("fps-demo-media")
    with override_settings(MEDIA_ROOT=media), loaded_once(django_db_blocker, load) as pk:
        yield pk


@pytest.fixture
def loaded(demo_once, db):
    return PurchasingSystem.objects.get(pk=demo_once)


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_registered_with_load_demo():
    assert "commissioning.fps.demo.load" in DEMO_DATA_LOADERS


def test_the_purchasing_system_as_the_report_approves_it(loaded):
    system = loaded
    assert system.name == "Day Opportunities Flexible Purchasing System"
    assert system.slug == "day-opportunities"
    assert "Part 3 Section 7 and Schedule 3" in system.legal_basis
    assert "light touch regime" in system.legal_basis
    assert "£663,540" in system.legal_basis
    assert system.term_years == 5
    assert system.go_live == datetime.date(2022, 7, 1)
    assert system.ends == datetime.date(2027, 7, 1)
    assert system.reopens_every_months == 12
    assert system.delegated_decision_maker == "Executive Director of Adults, Health and Integration"
    assert system.committee_report == "AH/39/2021-22"
    assert system.status == PurchasingSystem.Status.LIVE
    assert system.is_demo
    assert list(Lot.objects.values_list("number", "title")) == [
        (1, "Building Based Services"),
        (2, "Community Support"),
        (3, "Employment, Skills and Training"),
    ]
    assert all(lot.description for lot in Lot.objects.all())


def test_the_four_spend_figures_of_paragraphs_8_2_1_and_8_2_2(loaded):
    figures = list(SpendFigure.objects.values_list("amount", "people", "as_of"))
    april_2021 = datetime.date(2021, 4, 1)
    assert figures == [
        (Decimal("4710000.00"), 577, april_2021),
        (Decimal("3370000.00"), 358, april_2021),
        (Decimal("1340000.00"), 219, april_2021),
        (None, 44, april_2021),
    ]
    assert "excludes transport and food" in SpendFigure.objects.first().label
    # The breakdown adds up to the whole, as in the report.
    assert figures[1][0] + figures[2][0] == figures[0][0]
    assert figures[1][1] + figures[2][1] == figures[0][1]


def test_the_2022_window_and_the_annual_ones_in_uk_time(loaded):
    window = ApplicationWindow.objects.get(name="2022 application window")
    # 9am and 5pm British Summer Time are 8am and 4pm UTC.
    assert window.opens_at == at(2022, 4, 1, 8, 0)
    assert window.closes_at == at(2022, 5, 31, 16, 0)
    assert window.evaluation_by == datetime.date(2022, 6, 30)
    yearly = ApplicationWindow.objects.exclude(name__startswith="Demo").order_by("opens_at")
    assert [w.opens_at.year for w in yearly] == [2022, 2023, 2024, 2025, 2026]
    assert all(timezone.localtime(w.opens_at).month == 4 for w in yearly)
    assert all(timezone.localtime(w.closes_at).month == 5 for w in yearly)


def test_one_window_open_on_the_day_of_loading(loaded):
    noon = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    open_now = ApplicationWindow.objects.open_at(noon)
    assert [w.name for w in open_now] == ["Demo window (open for trying out the portal)"]
    assert timezone.localtime(open_now[0].opens_at).date() == TODAY - datetime.timedelta(days=14)


def test_the_questionnaire_as_data(loaded):
    questions = Question.objects.select_related("section")
    assert 55 <= questions.count() <= 62
    assert set(questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    assert QuestionSection.objects.count() == 17
    for question in questions:
        if question.kind == Question.Kind.PASS_FAIL:
            assert question.pass_answer in {"yes", "no"}, question.number
        else:
            assert question.pass_answer == "", question.number
        assert (question.word_limit is not None) == (question.kind == Question.Kind.TEXT), question.number
    mandatory_exclusion = questions.filter(section__number=2, kind=Question.Kind.PASS_FAIL)
    assert mandatory_exclusion.count() == 7
    assert set(mandatory_exclusion.values_list("pass_answer", flat=True)) == {"no"}
    insurance = [q.text for q in questions.filter(section__number=5, kind=Question.Kind.PASS_FAIL)]
    assert ["£5 million" in insurance[0], "£5 million" in insurance[1], "£2 million" in insurance[2]] == [
        True,
        True,
        True,
    ]
    # CQC: asked (and then mandatory) only where 6.1 says a regulated activity is carried on.
    cqc = Question.objects.select_related("condition_question").get(number="6.2")
    assert cqc.mandatory and (cqc.condition_question.number, cqc.condition_answer) == ("6.1", "yes")
    assert "£36 million" in QuestionSection.objects.get(number=12).guidance
    by_lot = {s.number: s.lot.number for s in QuestionSection.objects.filter(lot__isnull=False)}
    assert by_lot == {15: 1, 16: 2, 17: 3}
    assert all(q.lot_id == q.section.lot_id for q in questions)


def test_applications_in_every_state_in_both_windows(loaded):
    demo_window = Application.objects.filter(window__name__startswith="Demo")
    first_window = Application.objects.filter(window__name="2022 application window")
    assert set(demo_window.values_list("status", flat=True)) == set(Application.Status.values)
    assert set(first_window.values_list("status", flat=True)) == {"decided", "withdrawn"}
    assert not Application.objects.filter(is_demo=False).exists()
    assert Clarification.objects.filter(
        answered_at__isnull=True, application__status="clarification"
    ).exists()
    assert Clarification.objects.filter(answered_at__isnull=False).count() == 2
    decided = ApplicationLot.objects.filter(application__status="decided")
    assert set(decided.values_list("decision", flat=True)) == {"admitted", "rejected"}
    assert not decided.filter(reasons="").exists()
    assert not decided.filter(decided_by__isnull=True).exists()
    # Section evaluations: every section of a decided application; a failed one behind each rejection.
    for app_lot in decided.filter(decision="rejected"):
        assert SectionEvaluation.objects.filter(application=app_lot.application, result="fail").exists()
    assert Answer.objects.filter(question__kind="pass-fail").exclude(choice="").count() > 100
    failing = [a for a in Answer.objects.select_related("question") if a.fails]
    assert sorted(a.question.number for a in failing) == ["5.2", "5.3"]


def test_documents_are_small_valid_pdfs_stored_privately(loaded, settings):
    documents = Answer.objects.exclude(document="")
    assert documents.count() > 50
    answer = documents.first()
    content = answer.document.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert answer.document_size == len(content) and answer.document_type == "pdf"
    assert answer.document_name.endswith(".pdf")
    assert answer.document.name.startswith(f"fps/applications/{answer.application_id}/")
    assert answer.document_name not in answer.document.name
    # The cross-reference table points at the objects.
    offset = int(content.rsplit(b"startxref\n", 1)[1].split()[0])
    assert content[offset:].startswith(b"xref")


def test_admissions_and_the_register(loaded):
    assert Admission.objects.count() == 10
    assert Admission.objects.filter(status="suspended").count() == 1
    assert set(Admission.objects.values_list("lot__number", flat=True)) == {1, 2, 3}
    assert all(a.application_lot.decision == "admitted" for a in Admission.objects.all())


def test_dane_valley_has_admissions_and_an_open_package_to_bid_on(loaded):
    user = get_user_model().objects.get(username="provider-dane-valley")
    provider = ProviderMembership.for_user(user).provider
    assert provider.slug == "dane-valley"
    assert Admission.objects.current().filter(provider=provider).count() == 2
    now = timezone.now()
    visible = Package.objects.visible_to(user)
    open_without_bid = [
        p for p in visible if p.is_open_for_bids(now) and not p.bids.filter(provider=provider).exists()
    ]
    assert open_without_bid
    assert Application.objects.visible_to(user).filter(status="clarification").exists()


def test_packages_open_scored_and_placed(loaded):
    now = timezone.now()
    assert [p.reference for p in Package.objects.all() if p.is_open_for_bids(now)] == [
        f"DO-CO-{YEAR}-0004",
        f"DO-CO-{YEAR}-0003",
    ]
    past = Package.objects.get(reference=f"DO-CO-{YEAR}-0002")
    assert past.bids_visible(now) and past.status == "published"
    assert not past.bids.filter(quality_score__isnull=True).exists()
    placed = Package.objects.get(status="placed")
    assert placed.awarded_bid.provider.slug == "bollin-pathways"
    assert placed.brokerage_reference and placed.placement_start == datetime.date(2025, 10, 6)
    assert Package.objects.filter(status="draft").count() == 1
    assert Package.objects.filter(status="cancelled").count() == 1
    # Every bidder was admitted to the lot when it bid.
    for bid in Bid.objects.select_related("package"):
        assert Admission.objects.filter(provider=bid.provider, lot=bid.package.lot).exists()


def test_history_records_who_and_when_each_step_happened(loaded):
    application = Application.objects.get(reference="DO-2022-0001")
    steps = list(application.history.order_by("history_date").values_list("status", "history_change_reason"))
    assert steps == [
        ("draft", "Application started"),
        ("submitted", "Application submitted"),
        ("clarification", "Clarification asked"),
        ("submitted", "Clarification answered"),
        ("decided", "Decided"),
    ]
    first = application.history.earliest("history_date")
    assert first.history_date == at(2022, 4, 4, 9, 15)
    assert first.history_user.username == "provider-dane-valley"
    assert application.history.latest("history_date").history_user.username == "delegated-officer"
    assert timezone.localtime(application.created_at) == timezone.make_aware(
        datetime.datetime(2022, 4, 4, 10, 15)
    )
    assert Notification.objects.filter(provider=application.provider).count() >= 3


def counts():
    models = [
        PurchasingSystem,
        SpendFigure,
        Lot,
        ApplicationWindow,
        QuestionSection,
        Question,
        Application,
        ApplicationLot,
        Answer,
        SectionEvaluation,
        Clarification,
        Admission,
        Package,
        Bid,
        Notification,
    ]
    found = {model.__name__: model.objects.count() for model in models}
    for model in models:
        if hasattr(model, "history"):
            found[f"history of {model.__name__}"] = model.history.count()
    return found


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    windows = list(ApplicationWindow.objects.values_list("name", "opens_at", "closes_at"))
    out = StringIO()
    assert demo.load(stdout=out, today=TODAY) == {"applications": 0, "packages": 0}
    assert "already loaded" in out.getvalue()
    assert counts() == before
    assert list(ApplicationWindow.objects.values_list("name", "opens_at", "closes_at")) == windows


def test_a_later_load_keeps_the_demo_window_and_two_packages_open(loaded):
    later = TODAY + datetime.timedelta(days=90)
    demo.load(today=later)
    noon = timezone.make_aware(datetime.datetime.combine(later, datetime.time(12)))
    window = ApplicationWindow.objects.get(name__startswith="Demo")
    assert window.is_open(noon)
    assert timezone.localtime(window.opens_at).date() == TODAY - datetime.timedelta(days=14)
    assert sorted(p.reference for p in Package.objects.all() if p.is_open_for_bids(noon)) == [
        f"DO-CO-{YEAR}-0003",
        f"DO-CO-{YEAR}-0004",
    ]
    assert Application.objects.count() == 17


def test_a_corrected_file_corrects_the_record(loaded, monkeypatch):
    original = demo.common.read

    def corrected(name):
        data = original(name)
        if name == "questionnaire.json":
            data["sections"][4]["questions"][2]["text"] = "Professional indemnity of at least £2 million?"
        return data

    monkeypatch.setattr(demo.common, "read", corrected)
    demo.load(today=TODAY)
    question = Question.objects.get(number="5.3")
    assert question.text == "Professional indemnity of at least £2 million?"
