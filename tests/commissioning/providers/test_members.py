"""Removing a user from a provider organisation (issue 14: no dead ends): a confirmation asking why,
audited, refused while it would leave the organisation with nobody to act for it."""

import pytest
from django.contrib.auth import get_user_model

from commissioning.providers.models import Provider, ProviderMembership
from tests.factories import ProviderMembershipFactory
from tests.signin import verified_login

pytestmark = pytest.mark.django_db


def url(provider, membership) -> str:
    return f"/providers/{provider.slug}/members/{membership.pk}/remove/"


@pytest.fixture
def colleague(own_provider, users):
    return ProviderMembershipFactory(
        provider=own_provider, user__username="colleague", user__first_name="Cal", user__last_name="Lee"
    )


def test_a_provider_user_removes_a_colleague_with_a_reason(provider_client, own_provider, colleague, users):
    page = provider_client.get(f"/providers/{own_provider.slug}/").content.decode()
    assert url(own_provider, colleague) in page
    confirm = provider_client.get(url(own_provider, colleague)).content.decode()
    assert "Are you sure you want to remove Cal Lee from Own Organisation Ltd?" in confirm

    response = provider_client.post(url(own_provider, colleague), {"reason": "Left the company in May."})

    assert response.status_code == 302
    assert not ProviderMembership.objects.filter(pk=colleague.pk).exists()
    user = get_user_model().objects.get(username="colleague")
    assert not user.is_active
    assert not user.groups.exists()
    removal = ProviderMembership.history.filter(id=colleague.pk, history_type="-").get()
    assert removal.history_user == users["provider"]
    assert removal.history_change_reason == "Removed from the organisation: Left the company in May."
    detail = provider_client.get(f"/providers/{own_provider.slug}/").content.decode()
    assert "Cal Lee no longer uses the portal for Own Organisation Ltd." in detail
    assert "Removed from the organisation: Left the company in May." in detail


def test_the_removed_user_can_no_longer_act_for_the_provider(client, own_provider, colleague):
    verified_login(client, colleague.user)
    assert client.get(f"/providers/{own_provider.slug}/edit/").status_code == 200
    ProviderMembership.objects.get(pk=colleague.pk)
    from commissioning.providers import services

    services.member_remove(membership=colleague, reason="Left.", by=colleague.user)
    assert not Provider.objects.visible_to(colleague.user).exists()
    assert client.get(f"/providers/{own_provider.slug}/edit/").status_code in (302, 404)
    assert client.get(f"/providers/{own_provider.slug}/").status_code in (302, 404)


def test_no_reason_is_a_govuk_error_and_changes_nothing(provider_client, own_provider, colleague):
    response = provider_client.post(url(own_provider, colleague), {"reason": "  "})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter the reason for removing them" in body
    assert ProviderMembership.objects.filter(pk=colleague.pk).exists()
    too_long = provider_client.post(url(own_provider, colleague), {"reason": "x" * 2001})
    assert "govuk-error-summary" in too_long.content.decode()
    assert ProviderMembership.objects.filter(pk=colleague.pk).exists()


def test_the_last_member_cannot_be_removed_even_by_themselves(provider_client, own_provider, users):
    own = users["provider"].provider_membership
    page = provider_client.get(url(own_provider, own)).content.decode()
    assert "You cannot remove yourself" in page
    assert "Remove from organisation</button>" not in page
    response = provider_client.post(url(own_provider, own), {"reason": "Leaving."}, follow=True)
    assert "You cannot remove yourself" in response.content.decode()
    assert ProviderMembership.objects.filter(pk=own.pk).exists()
    assert get_user_model().objects.get(pk=users["provider"].pk).is_active


def test_a_member_may_remove_themselves_when_a_colleague_remains(
    provider_client, own_provider, colleague, users
):
    own = users["provider"].provider_membership
    response = provider_client.post(url(own_provider, own), {"reason": "Moving on."})
    assert response.status_code == 302
    assert not ProviderMembership.objects.filter(pk=own.pk).exists()


def test_a_commissioner_may_remove_but_not_the_last_active_member(
    commissioner_client, own_provider, colleague, users
):
    colleague.user.is_active = False
    colleague.user.save()
    own = users["provider"].provider_membership
    response = commissioner_client.post(url(own_provider, own), {"reason": "Duplicate account."}, follow=True)
    assert "cannot be removed: they are the only person who uses the portal" in response.content.decode()
    assert ProviderMembership.objects.filter(pk=own.pk).exists()
    response = commissioner_client.post(url(own_provider, colleague), {"reason": "Duplicate account."})
    assert response.status_code == 302
    assert not ProviderMembership.objects.filter(pk=colleague.pk).exists()


def test_other_providers_and_other_organisations_members(
    client_for, own_provider, other_provider, colleague, users
):
    assert client_for("other-provider").get(url(own_provider, colleague)).status_code == 404
    assert client_for("other-provider").post(url(own_provider, colleague), {"reason": "x"}).status_code == 404
    other_member = users["other-provider"].provider_membership
    # A member of another organisation is not found under this one's address.
    assert client_for("provider").get(url(own_provider, other_member)).status_code == 404
    assert (
        client_for("finance-officer").post(url(own_provider, colleague), {"reason": "x"}).status_code == 403
    )
    assert ProviderMembership.objects.filter(pk=colleague.pk).exists()
    assert ProviderMembership.objects.filter(pk=other_member.pk).exists()


def test_a_deactivated_providers_users_are_refused(provider_client, own_provider, colleague):
    Provider.objects.filter(pk=own_provider.pk).update(is_active=False)
    assert provider_client.post(url(own_provider, colleague), {"reason": "x"}).status_code == 403
    assert ProviderMembership.objects.filter(pk=colleague.pk).exists()
