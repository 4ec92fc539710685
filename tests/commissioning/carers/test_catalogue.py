"""Issue 14, carers: the hub's staff keep the service catalogue (Levels of Need) on its own pages: a
service's name, description and level of need are corrected, audited; a service is retired (it can no
longer be allocated, allocations made stay) and reinstated; never deleted. The catalogue file only seeds
services missing from the table, so a migrate keeps the hub's changes (ADR 052)."""

import pytest
from django.urls import reverse

from commissioning.carers.catalogue import catalogue_rows, sync_catalogue
from commissioning.carers.models import CatalogueService, Need
from portal.permissions import Role

pytestmark = pytest.mark.django_db
HUB = Role.CARERS_HUB_WORKER


@pytest.fixture
def service(db):
    return CatalogueService.objects.filter(tier=Need.LOW).order_by("position").first()


def test_the_hub_changes_a_service_and_a_migrate_keeps_it(client_for, users, service):
    hub = client_for(HUB)
    page = hub.get(reverse("carers:catalogue")).text
    assert service.name in page and "Offered" in page
    url = reverse("carers:catalogue-edit", args=[service.code])
    post = {
        "name": "Carers' wellbeing café",
        "description": "Weekly drop-in",
        "tier": Need.MODERATE,
        "reason": "Renamed by the hub",
    }
    assert hub.post(url, post).status_code == 302
    service.refresh_from_db()
    assert (service.name, service.description, service.tier) == (
        "Carers' wellbeing café",
        "Weekly drop-in",
        Need.MODERATE,
    )
    latest = service.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (users[HUB], "Renamed by the hub")
    sync_catalogue(CatalogueService)
    service.refresh_from_db()
    assert service.name == "Carers' wellbeing café"
    assert CatalogueService.objects.count() == len(catalogue_rows())


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, "Enter the service&#x27;s name"),
        ({"name": "x" * 101}, "The service&#x27;s name must be 100 characters or fewer"),
        ({"tier": "urgent"}, "Select the level of need"),
        ({"reason": ""}, "Enter the reason"),
    ],
)
def test_bad_input_is_a_govuk_error_and_changes_nothing(client_for, users, service, change, message):
    before = (service.name, service.tier)
    post = {"name": "New name", "description": "", "tier": Need.LOW, "reason": "Why", **change}
    response = client_for(HUB).post(reverse("carers:catalogue-edit", args=[service.code]), post)
    assert response.status_code == 200
    assert message in response.text and "govuk-error-summary" in response.text
    service.refresh_from_db()
    assert (service.name, service.tier) == before


def test_a_name_is_not_used_twice_at_one_level(client_for, users, service):
    other = CatalogueService.objects.filter(tier=Need.LOW).exclude(pk=service.pk).first()
    post = {"name": other.name.upper(), "description": "", "tier": Need.LOW, "reason": "Why"}
    response = client_for(HUB).post(reverse("carers:catalogue-edit", args=[service.code]), post)
    assert response.status_code == 200 and "There is already a service called" in response.text


def test_a_retired_service_cannot_be_allocated_and_is_reinstated(client_for, users, service):
    hub = client_for(HUB)
    retire = reverse("carers:catalogue-retire", args=[service.code])
    assert f"Retire {service.name}?" in hub.get(retire).text.replace("&#x27;", "'")
    assert hub.post(retire, {"reason": ""}).status_code == 200
    service.refresh_from_db()
    assert not service.is_retired
    assert hub.post(retire, {"reason": "No longer commissioned"}).status_code == 302
    service.refresh_from_db()
    assert service.is_retired and CatalogueService.objects.filter(pk=service.pk).exists()
    assert service.history.latest().history_change_reason == "Retired: No longer commissioned"
    assert "Retired" in hub.get(reverse("carers:catalogue")).text

    from commissioning.carers import services
    from tests.commissioning.carers.factories import matrix_referral

    referral = matrix_referral()
    with pytest.raises(Exception, match="is retired"):
        services.allocation_add(referral=referral, service=service, by=users[HUB])

    reinstate = reverse("carers:catalogue-reinstate", args=[service.code])
    assert hub.post(reinstate, {"reason": "Commissioned again"}).status_code == 302
    service.refresh_from_db()
    assert not service.is_retired


def test_only_the_hub_changes_the_catalogue(client_for, users, service):
    name = service.name
    for role in (Role.COMMISSIONER, Role.SOCIAL_CARE_ASSESSOR, Role.PERFORMANCE_ANALYST):
        client = client_for(role)
        assert client.get(reverse("carers:catalogue")).status_code == 403
        post = {"name": "Changed", "tier": Need.LOW, "reason": "No"}
        assert client.post(reverse("carers:catalogue-edit", args=[service.code]), post).status_code == 403
        assert (
            client.post(reverse("carers:catalogue-retire", args=[service.code]), {"reason": "No"}).status_code
            == 403
        )
    service.refresh_from_db()
    assert (service.name, service.is_retired) == (name, False)
