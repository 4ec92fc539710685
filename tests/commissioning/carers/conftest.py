import pytest

from portal.permissions import Role
from tests.forms import date_fields


@pytest.fixture
def hub_user(users):
    return users[str(Role.CARERS_HUB_WORKER)]


@pytest.fixture
def assessor_user(users):
    return users[str(Role.SOCIAL_CARE_ASSESSOR)]


@pytest.fixture
def hub_client(client_for):
    return client_for(Role.CARERS_HUB_WORKER)


@pytest.fixture
def assessor_client(client_for):
    return client_for(Role.SOCIAL_CARE_ASSESSOR)


@pytest.fixture
def online_form_data():
    """A complete, valid online self-referral."""
    return {
        "on_behalf": "self",
        "first_name": "Testy",
        "last_name": "Demo-Carer",
        **date_fields("date_of_birth", "17/05/1970"),
        "phone": "07700 900123",
        "email": "Testy@Example.org",
        "preferred_contact": "phone",
        "relationship": "parent",
        "age_band": "85+",
        "primary_support_reason": "memory",
        "reason": "I look after my mum who has dementia and I need a break.",
        "is_crisis": "no",
        "consent_to_store": "on",
        "contact_by": ["phone", "email"],
    }


@pytest.fixture(autouse=True)
def empty_text_outbox():
    """Text messages sent in a test (settings_test: CARERS_TEXT_BACKEND = "memory")."""
    from commissioning.carers import texts

    texts.outbox.clear()
    yield texts.outbox
    texts.outbox.clear()
