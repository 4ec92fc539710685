"""Exact query counts on the home dashboard and the five busiest list pages (issue 11).

Each page's flat test (in its app's tests) proves the count does not grow with rows; these pin the count
itself, so that one query more anywhere (a panel, a context processor, a lazy relation in a template)
shows up here, and whoever adds it decides whether the page is worth it and changes the number with a
comment. Counts include the session, user and OTP device reads every signed-in page makes (3).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import AllocationStatus, ProviderAllocation
from tests.commissioning.carers.factories import ReferralFactory
from tests.commissioning.fps.factories import ApplicationFactory
from tests.committees.factories import MeetingFactory
from tests.factories import ProviderFactory
from tests.funding.conftest import funder, round_, stream  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ROWS = 3


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def rows(round_):  # noqa: F811
    providers = ProviderFactory.create_batch(ROWS)
    for provider in providers:
        ProviderAllocation.objects.create(
            round=round_, provider=provider, amount=Decimal("100"), status=AllocationStatus.OFFERED
        )
    from commissioning.contracts.services.concerns import concern_open

    for provider in providers[:3]:  # flagged on the register and the round, from the same query
        concern_open(provider=provider, source="officer", summary="Missed calls", by=None)
    MeetingFactory.create_batch(ROWS)
    ApplicationFactory.create_batch(ROWS, status="submitted")
    ReferralFactory.create_batch(ROWS)
    return round_


# Every signed-in page starts with the same 5: the session, the user, the user's provider membership
# (navigation and panels ask once per request), and Django's two permission reads (group and user).
SIGNED_IN = 5

# (role, url name, takes the round's pk, exact count, what the queries are)
BUDGETS = [
    # + provider counts, funding rounds due, the latest scorecard version, FPS applications waiting, the
    # committee actions the user owns (committees.dashboard.my_actions_panel), providers' questions waiting
    # for an answer (issue 17: the commissioner answers them from the queue the panel links to), the
    # contracts needing a decision (commissioning.contracts.dashboard.decisions_panel)
    ("commissioner", "home", False, SIGNED_IN + 7, "the home dashboard"),
    # + the row count, the page of providers
    ("commissioner", "providers:list", False, SIGNED_IN + 2, "the provider register"),
    # anonymous: the count, the committees (filter choices), the municipal years (filter), the page
    ("anonymous", "committees:meetings", False, 4, "the meetings list"),
    # + the count, the FPS, its lots and windows (filter choices), the page, its providers (prefetch)
    ("commissioner", "fps:queue", False, SIGNED_IN + 6, "the FPS evaluation queue"),
    # + the count of open referrals (exact: up to 10,000 are counted), the page of referrals with their carers
    ("carers-hub-worker", "carers:caseload", False, SIGNED_IN + 2, "the carers caseload"),
    # + the round, its totals, the allocation count, the ledger, the round's history, the page
    ("finance-officer", "funding:round", True, SIGNED_IN + 6, "a funding round's allocations"),
]


@pytest.mark.parametrize(("role", "name", "by_pk", "budget", "what"), BUDGETS, ids=[b[1] for b in BUDGETS])
def test_the_busiest_pages_make_exactly_their_queries(client_for, rows, role, name, by_pk, budget, what):
    url = reverse(name, args=[rows.pk] if by_pk else None)
    client = client_for(role)
    client.get(url)  # a first request may fill caches the next ones read
    assert queries(client, url) == budget, f"{what} ({url}): change the budget here only with a reason"


# The market pages (issue 15): public, read by providers signed out. Each market's live figures are a
# fixed number of grouped queries, whatever the number of providers, contracts and referrals.
@pytest.fixture
def markets():
    from commissioning.market import demo as market_demo
    from commissioning.providers.models import Service
    from tests.commissioning.contracts.factories import ContractPartyFactory
    from tests.commissioning.fps.factories import AdmissionFactory, LotFactory, PurchasingSystemFactory
    from tests.commissioning.market.factories import (
        AssessmentFactory,
        FigureFactory,
        IntentionFactory,
        MarketFactory,
        SectionFactory,
    )
    from tests.committees.factories import ReportFactory

    market_demo.load_population()
    system = PurchasingSystemFactory()
    lot = LotFactory(system=system, number=1)
    plain = MarketFactory(slug="care-at-home", service_types=[Service.CARE_AT_HOME])
    with_fps = MarketFactory(
        slug="accommodation-with-care", service_types=[Service.RESIDENTIAL], purchasing_system=system
    )
    carers = MarketFactory(slug="carers", service_types=[Service.CARERS_SUPPORT], shows_carers_referrals=True)
    for market in (plain, with_fps, carers):
        SectionFactory.create_batch(ROWS, market=market)
        FigureFactory.create_batch(ROWS, market=market)
        IntentionFactory.create_batch(ROWS, market=market, report=ReportFactory())
        AssessmentFactory(market=market, dimension="supply")
        for service_type in market.service_types:
            ProviderFactory.create_batch(ROWS, services=[service_type])
            ContractPartyFactory.create_batch(ROWS, contract__service_type=service_type)
    AdmissionFactory.create_batch(ROWS, lot=lot)
    ReferralFactory.create_batch(ROWS)


# (url, exact count, what the queries are). Anonymous: no session, user or permission reads.
MARKET_BUDGETS = [
    # the markets, the latest statement PDF
    ("/market/", 2, "the markets index"),
    # the population figures
    ("/market/population/", 1, "the population tables"),
    # the market, its sections, figures, intentions, their reports' references, assessments; the providers
    # with their CQC ratings (one query: the version they are kept under; counted once more after a change);
    # the live contracts' counts, the ten ending soonest, their parties
    ("/market/care-at-home/", 10, "a market page"),
    # + the FPS: admissions per lot, spend figures, placements per quarter
    ("/market/accommodation-with-care/", 13, "a market page with its FPS"),
    # + the carers hub's referrals per quarter (one query, from the per-day summary)
    ("/market/carers/", 11, "the carers market page"),
]


@pytest.mark.parametrize(("url", "budget", "what"), MARKET_BUDGETS, ids=[b[0] for b in MARKET_BUDGETS])
def test_the_market_pages_make_exactly_their_queries(client, markets, url, budget, what):
    client.get(url)  # a first request may fill caches the next ones read
    assert queries(client, url) == budget, f"{what} ({url}): change the budget here only with a reason"


def test_the_carers_caseload_over_its_exact_count_makes_one_query_more(client_for, rows, monkeypatch):
    """Over EXACT_COUNT_UP_TO referrals the caseload counts no further than that and asks the planner
    for its estimate: + the limited count, the EXPLAIN, the page of referrals with their carers."""
    from commissioning.carers.views import caseload

    monkeypatch.setattr(caseload, "EXACT_COUNT_UP_TO", ROWS - 1)
    client = client_for("carers-hub-worker")
    url = reverse("carers:caseload") + "?status=all"
    client.get(url)
    assert queries(client, url) == SIGNED_IN + 3
