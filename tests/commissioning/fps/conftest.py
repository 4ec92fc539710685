"""Fixtures for the FPS tests: the delegated officers who decide admissions (never the evaluators)."""

import pytest

from portal.permissions import Role
from tests.factories import UserFactory


@pytest.fixture
def decider(db):
    return UserFactory(username="dee", first_name="Dee", last_name="Okafor", role=Role.DELEGATED_OFFICER)


@pytest.fixture
def second_decider(db):
    return UserFactory(username="ed", first_name="Ed", last_name="Lowe", role=Role.DELEGATED_OFFICER)
