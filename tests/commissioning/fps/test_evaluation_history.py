"""application_history and package_history: one merged list of events, in a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from commissioning.fps.history import application_history, package_history
from commissioning.fps.models import Bid, Package
from commissioning.fps.services import evaluation as services
from portal.permissions import Role
from tests.commissioning.fps.factories import BidFactory, PackageFactory, fps_setup
from tests.commissioning.fps.factories_evaluation import evaluate_all, section, submitted_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    return UserFactory(username="ann", first_name="Ann", last_name="Smith", role=Role.COMMISSIONER)


def test_application_history_merges_children_newest_first(ann, django_assert_num_queries, decider):
    system, lots, window = fps_setup()
    application = submitted_application(lots=lots[:1], window=window)
    services.section_evaluate(
        application=application, section=section(application, 1), result="pass", notes="", by=ann
    )
    services.section_evaluate(
        application=application, section=section(application, 1), result="fail", notes="No.", by=ann
    )
    services.clarification_ask(application=application, section=None, question="Q?", respond_by=None, by=ann)
    evaluate_all(application, by=ann, except_numbers=[1])
    services.application_lot_decide(
        application_lot=application.application_lots.get(),
        decision="rejected",
        reasons="Section 1 failed",
        by=decider,
    )
    with django_assert_num_queries(4):
        events = application_history(application)
    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)
    whats = [(e.subject, e.what) for e in events]
    assert ("Lot 1", "Lot 1 not admitted") in whats
    assert ("Application", "Decided") in whats
    assert ("Application", "Clarification requested") in whats
    assert ("Clarification", "Clarification asked") in whats
    assert ("Section 1 evaluation", "Section 1 re-evaluated: fail") in whats
    assert ("Section 1 evaluation", "Section 1 evaluated: pass") in whats
    assert events[0].subject == "Application" and events[0].what == "Decided"
    re_evaluated = next(e for e in events if e.what == "Section 1 re-evaluated: fail")
    assert {"result", "notes"} <= set(re_evaluated.changed) and re_evaluated.who == ann
    decided = next(e for e in events if e.subject == "Lot 1")
    assert {"decision", "reasons for the decision", "decided by", "decided at"} <= set(decided.changed)
    assert decided.who_label == "Dee Okafor"


def test_application_history_queries_do_not_grow(ann, django_assert_num_queries):
    system, lots, window = fps_setup()
    application = submitted_application(lots=lots, window=window)
    for n in range(5):
        services.clarification_ask(
            application=application, section=None, question=f"Q{n}?", respond_by=None, by=ann
        )
    evaluate_all(application, by=ann)
    with django_assert_num_queries(4):
        assert len(application_history(application)) >= 9


def test_package_history_hides_sealed_bids_until_the_deadline(ann, django_assert_num_queries):
    system, lots, window = fps_setup()
    package = PackageFactory(lot=lots[0])
    package._history_user = ann
    package._change_reason = "Published"
    package.save()
    BidFactory(package=package)
    with django_assert_num_queries(1):
        events = package_history(package)
    assert {e.subject for e in events} == {"Package"}
    Package.objects.filter(pk=package.pk).update(bid_deadline=timezone.now() - datetime.timedelta(hours=1))
    package.refresh_from_db()
    with django_assert_num_queries(2):
        events = package_history(package)
    bid = Bid.objects.get()
    assert f"Bid from {bid.provider.name}" in {e.subject for e in events}
    assert any(e.what == "Published" and e.who == ann for e in events)
    assert {e.subject for e in package_history(package, with_bids=False)} == {"Package"}
