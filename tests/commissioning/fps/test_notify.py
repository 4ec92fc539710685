"""Telling a provider something: an in-portal notification, and an email to its users once the change
commits (commissioning/fps/services/notify.py)."""

import pytest
from django.core import mail

from commissioning.fps.models import Notification
from commissioning.fps.services.notify import provider_notify
from tests.factories import ProviderFactory, ProviderMembershipFactory

pytestmark = pytest.mark.django_db


def test_each_active_user_of_the_organisation_gets_the_email_with_the_link(
    settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk/"
    provider = ProviderFactory()
    ProviderMembershipFactory(provider=provider, user__email="b@provider.example.org")
    ProviderMembershipFactory(provider=provider, user__email="a@provider.example.org")
    ProviderMembershipFactory(
        provider=provider, user__email="gone@provider.example.org", user__is_active=False
    )
    ProviderMembershipFactory(user__email="someone-else@other.example.org")

    with django_capture_on_commit_callbacks(execute=True):
        provider_notify(provider=provider, subject="Decision", body="You are admitted.", link="/fps/x/")

    assert Notification.objects.get().provider == provider
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@provider.example.org",
        "b@provider.example.org",
    ]
    assert "https://portal.example.gov.uk/fps/x/" in mail.outbox[0].body


def test_an_organisation_without_users_is_emailed_at_its_main_contact(django_capture_on_commit_callbacks):
    provider = ProviderFactory(contact_email="office@provider.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        provider_notify(provider=provider, subject="New package", body="A package is open for bids.")
    assert [message.to for message in mail.outbox] == [["office@provider.example.org"]]


def test_nothing_is_emailed_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    provider = ProviderFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        provider_notify(provider=provider, subject="Decision", body="Text")
    assert len(callbacks) == 1 and mail.outbox == []
