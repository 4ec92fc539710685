"""The caseload counts referrals exactly up to EXACT_COUNT_UP_TO; above that it shows the planner's
estimate and says so (counting a million referrals cost more than the page: issue 16's speed)."""

import re

import pytest
from django.urls import reverse

from commissioning.carers.views import caseload
from tests.commissioning.carers.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def shown_count(page: str) -> str:
    return re.search(r'role="status">([^<]*)</p>', page).group(1).strip()


def test_a_small_caseload_is_counted_exactly(hub_client):
    ReferralFactory.create_batch(4)
    page = hub_client.get(reverse("carers:caseload") + "?status=all").content.decode()
    assert shown_count(page) == "4 referrals, crisis first"


def test_a_caseload_over_the_limit_shows_an_estimate_and_says_so(hub_client, monkeypatch):
    ReferralFactory.create_batch(4)
    monkeypatch.setattr(caseload, "EXACT_COUNT_UP_TO", 2)
    page = hub_client.get(reverse("carers:caseload") + "?status=all").content.decode()
    found = re.fullmatch(r"About ([\d,]+) referrals \(an estimate\), crisis first", shown_count(page))
    assert found, shown_count(page)
    assert int(found.group(1).replace(",", "")) >= 3  # never fewer than it counted
    assert "CH-" in page  # the page of referrals is still shown


def test_the_estimate_is_the_planners(monkeypatch):
    from commissioning.carers.models import Referral

    ReferralFactory.create_batch(3)
    estimate = caseload.planner_estimate(Referral.objects.values("pk"))
    assert isinstance(estimate, int) and estimate >= 1
