"""Linking two records of one carer must not list the person they look after twice: a second referral
records that person again, and the merge makes the two one person (both keep their history, audited)."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.carers import services
from commissioning.carers.models import CaredForPerson, CaringLink
from tests.commissioning.carers.factories import CaredForFactory, CarerFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    """Marion looks after her husband Derek (named on her first referral)."""
    carer = CarerFactory(
        first_name="Marion", last_name="Oakley-Price", date_of_birth=date(1962, 4, 9), phone="07700 900777"
    )
    ReferralFactory(carer=carer, status="closed", closure_reason="outcomes-met")
    CaredForFactory(carer=carer, relationship="partner", name="Derek Oakley-Price", age_band="65-84")
    return carer


def second_referral(hub_user, *cared_for):
    return services.referral_receive(
        carer={
            "first_name": "Marion",
            "last_name": "Oakley-Price",
            "date_of_birth": date(1962, 4, 9),
            "phone": "07700 900777",
            "consent_to_store": True,
        },
        cared_for=list(cared_for),
        referral={"route": "telephone", "referrer_type": "self", "reason": "Needs a break"},
        by=hub_user,
    )


def partner(**fields):
    return {"relationship": "partner", "age_band": "85+", "primary_support_reason": "memory", **fields}


def link(hub_client, known, referral):
    url = (
        reverse("carers:carer-merge", args=[known.pk, referral.carer_id]) + f"?referral={referral.reference}"
    )
    page = hub_client.get(url).content.decode()
    assert "People they look after, on both records" in page and "Derek Oakley-Price" in page
    assert hub_client.post(url, {}).status_code == 302


@pytest.mark.parametrize(
    "same",
    [
        partner(name="derek oakley price", other_needs=["physical"]),  # the same name, written otherwise
        partner(),  # no name given: the same relationship, the next age band
    ],
    ids=["named", "unnamed"],
)
def test_linking_a_second_referral_lists_the_person_cared_for_once(known, hub_client, hub_user, same):
    (derek,) = known.cared_for.all()
    referral = second_referral(hub_user, same)
    (again,) = referral.carer.cared_for.all()
    link(hub_client, known, referral)

    page = hub_client.get(known.get_absolute_url()).content.decode()
    assert page.count("Husband, wife or partner") == 1
    assert list(known.cared_for.all()) == [derek]
    derek.refresh_from_db()
    again.refresh_from_db()
    # Both records of the person stay, each with its history: the second leads to the first.
    assert again.merged_into == derek and derek.merged_into is None
    assert derek.history.latest().history_change_reason == f"Merged with cared-for person {again.pk}"
    assert again.history.latest().history_change_reason == f"Merged into cared-for person {derek.pk}"
    assert again.history.latest().history_user == hub_user
    assert derek.name == "Derek Oakley-Price"
    if same.get("other_needs"):
        assert derek.other_needs == ["physical"]  # what the second referral said is kept


def test_different_people_stay_two(known, hub_client, hub_user):
    referral = second_referral(
        hub_user, partner(name="Derek Oakley-Price"), partner(name="Alan Price", relationship="parent")
    )
    link(hub_client, known, referral)
    assert sorted(p.name for p in known.cared_for.all()) == ["Alan Price", "Derek Oakley-Price"]
    assert CaredForPerson.objects.filter(merged_into__isnull=False).count() == 1


def test_a_person_another_carer_shares_moves_with_the_merge(known, hub_user):
    """Marion's son also cares for his father: his link follows the person kept."""
    referral = second_referral(hub_user, partner(name="Derek Oakley-Price"))
    (again,) = referral.carer.cared_for.all()
    son = CarerFactory(first_name="Tom", last_name="Oakley-Price")
    CaringLink.objects.create(carer=son, cared_for=again, relationship="parent")
    services.carers_merge(keep=known, absorb=referral.carer, by=hub_user, referral=referral)
    (derek,) = known.cared_for.all()
    assert list(son.cared_for.all()) == [derek]
    assert sorted(derek.carers.values_list("first_name", flat=True)) == ["Marion", "Tom"]


def test_two_who_could_be_the_same_person_are_both_kept(known, hub_user):
    """Two unnamed parents could each be the person on record: the hub worker decides, not the merge."""
    CaredForFactory(carer=known, relationship="parent", age_band="85+")
    CaredForFactory(carer=known, relationship="parent", age_band="85+")
    referral = second_referral(hub_user, partner(relationship="parent"))
    services.carers_merge(keep=known, absorb=referral.carer, by=hub_user, referral=referral)
    assert known.cared_for.count() == 4
    assert not CaredForPerson.objects.filter(merged_into__isnull=False).exists()
