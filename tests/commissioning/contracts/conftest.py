"""A fixed "today" for the contracts pages' tests: 1 December 2026 (factories.TODAY), so which contracts
need a decision does not depend on the day the tests run."""

import pytest
from django.utils import timezone

from tests.commissioning.contracts.factories import TODAY


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY
