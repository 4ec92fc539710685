"""Fixtures shared by every test: a user and a logged-in client per role, and two provider organisations.

`client_for(role)` gives a client signed in as that role, both steps (password and second factor, see
tests/signin.py); "anonymous", "provider" (a user of
`own_provider`) and "other-provider" (a user of `other_provider`) are roles here too.
"""

import pytest
from django.test import Client

from portal.permissions import Role
from tests.factories import ProviderFactory, ProviderMembershipFactory, UserFactory
from tests.signin import verified_login

STAFF_ROLES = [
    Role.COMMISSIONER,
    Role.DEMOCRATIC_SERVICES,
    Role.REPORT_AUTHOR,
    Role.PERFORMANCE_ANALYST,
    Role.FINANCE_OFFICER,
    Role.CARERS_HUB_WORKER,
    Role.SOCIAL_CARE_ASSESSOR,
    Role.CONTRACTS_OFFICER,
    Role.DELEGATED_OFFICER,
]
# Every kind of visitor the permission matrix checks, in a stable order.
ALL_ROLES = ["anonymous", *[str(role) for role in STAFF_ROLES], "provider", "other-provider"]


@pytest.fixture
def own_provider(db):
    return ProviderFactory(name="Own Organisation Ltd", slug="own-organisation")


@pytest.fixture
def other_provider(db):
    return ProviderFactory(name="Other Organisation Ltd", slug="other-organisation")


@pytest.fixture
def users(db, own_provider, other_provider):
    """One user per role, created once per test that asks."""
    made = {str(role): UserFactory(username=str(role), role=role) for role in STAFF_ROLES}
    made["provider"] = ProviderMembershipFactory(provider=own_provider, user__username="provider-own").user
    made["other-provider"] = ProviderMembershipFactory(
        provider=other_provider, user__username="provider-other"
    ).user
    return made


@pytest.fixture
def client_for(users):
    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            verified_login(client, users[role])
        return client

    return make


@pytest.fixture
def commissioner_client(client_for):
    return client_for(Role.COMMISSIONER)


@pytest.fixture
def provider_client(client_for):
    return client_for("provider")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker, request):
    """Each worker's test database starts as a copy of one migrated template (tests/template_db.py), not
    as a minute of migrations per worker."""
    if request.config.getoption("create_db", False) or not request.config.getoption("reuse_db", False):
        return
    from tests import template_db

    with django_db_blocker.unblock():
        template_db.copy_for_this_session()
