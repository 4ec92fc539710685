"""Likely duplicates offered on a new referral (online or by staff) with the fields that match; the hub
worker links it to the carer on record (a merge that keeps both histories, audited) or confirms a new
carer; and merging any two records of one carer."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commissioning.carers import services
from commissioning.carers.matching import likely_matches
from commissioning.carers.models import Allocation, Carer, CaringLink, CatalogueService, Consent, Referral
from tests.commissioning.carers.factories import CaredForFactory, CarerFactory, ReferralFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    """A carer on record, with a referral, someone they look after, a consent and an allocation."""
    carer = CarerFactory(
        first_name="Marion",
        last_name="Oakley-Price",
        date_of_birth=date(1962, 4, 9),
        phone="07700 900777",
        email="marion@example.org",
        postcode="CW1 2BJ",
        address_line_1="1 Test Street",
    )
    referral = ReferralFactory(carer=carer, status="closed", closure_reason="outcomes-met")
    CaredForFactory(carer=carer, relationship="partner")
    Consent.objects.create(carer=carer, kind="store", given=True, on=date(2024, 1, 1), method="phone")
    Allocation.objects.create(referral=referral, service=CatalogueService.objects.first())
    return carer


def staff_referral(hub_user, **carer):
    return services.referral_receive(
        carer={"first_name": "Marion", "last_name": "Oakley Price", "consent_to_store": True, **carer},
        cared_for=[{"relationship": "partner", "age_band": "65-84", "primary_support_reason": "memory"}],
        referral={"route": "telephone", "referrer_type": "self", "reason": "Needs a break"},
        by=hub_user,
    )


def test_matches_say_which_fields_match(known, hub_user):
    referral = staff_referral(hub_user, date_of_birth=date(1962, 4, 9), phone="+44 7700 900777")
    (match,) = likely_matches(referral.carer)
    assert match.carer == known
    assert match.fields == ("Name", "Date of birth", "Telephone")  # "Oakley Price" is "Oakley-Price"
    assert referral.carer_checked_at is None  # offered to the hub worker: not decided automatically


def test_one_shared_detail_is_not_a_likely_match(known, hub_user):
    # The same family landline, a different person: offered only with two matching fields.
    referral = staff_referral(hub_user, first_name="Derek", last_name="Oakley", phone="07700 900777")
    assert likely_matches(referral.carer) == []
    assert referral.carer_checked_at is not None  # nothing to check: checked on arrival


def test_surname_and_date_of_birth_are_enough(known, hub_user):
    referral = staff_referral(
        hub_user, first_name="Mari", phone="01632 960 111", date_of_birth=date(1962, 4, 9)
    )
    (match,) = likely_matches(referral.carer)
    assert match.fields == ("Last name", "Date of birth")


def test_online_referral_offers_the_match_on_the_referral_page(client, known, hub_client, online_form_data):
    token = re.search(
        r'name="form_token" value="([^"]+)"', client.get(reverse("carers:refer")).content.decode()
    )
    data = {
        **online_form_data,
        "first_name": "marion",
        "last_name": "OAKLEY-PRICE",
        **date_fields("date_of_birth", "9/4/1962"),
        "email": "",
        "phone": "07700900777",
        "form_token": token.group(1),
    }
    assert client.post(reverse("carers:refer"), data).status_code == 302
    referral = Referral.objects.exclude(carer=known).get()
    page = hub_client.get(referral.get_absolute_url()).content.decode()
    assert "The hub may already know this carer" in page
    assert "Name" in page and "Date of birth" in page and "Telephone" in page
    link = (
        reverse("carers:carer-merge", args=[known.pk, referral.carer_id]) + f"?referral={referral.reference}"
    )
    assert link in page
    # The public never sees a match: the online form's confirmation page shows only the reference.
    done = client.get(reverse("carers:refer-done")).content.decode()
    assert referral.reference in done and "Oakley" not in done


def test_linking_a_new_referral_merges_the_records_and_keeps_both_histories(known, hub_client, hub_user):
    referral = staff_referral(hub_user, date_of_birth=date(1962, 4, 9), phone="07700 900777", town="Crewe")
    new_carer = referral.carer
    url = reverse("carers:carer-merge", args=[known.pk, new_carer.pk]) + f"?referral={referral.reference}"
    page = hub_client.get(url).content.decode()
    assert "Link this referral to Marion Oakley-Price's record" in page
    # The records differ on the last name's spelling: the worker chooses; blanks are filled anyway.
    assert 'name="last_name"' in page and 'name="town"' not in page
    response = hub_client.post(url, {"last_name": "keep"})
    assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()

    known.refresh_from_db()
    new_carer.refresh_from_db()
    referral.refresh_from_db()
    assert referral.carer == known and referral.carer_checked_at and referral.carer_checked_by == hub_user
    assert known.last_name == "Oakley-Price" and known.town == "Crewe"  # a blank filled from the new record
    assert new_carer.merged_into == known and new_carer.merged_at
    assert Referral.objects.filter(carer=known).count() == 2
    # Both records keep their history, each with who merged them.
    assert known.history.latest().history_change_reason == f"Merged with carer record {new_carer.pk}"
    assert new_carer.history.latest().history_change_reason == f"Merged into carer record {known.pk}"
    assert new_carer.history.latest().history_user == hub_user
    assert new_carer.history.count() >= 2 and known.history.count() >= 2
    assert (
        referral.history.latest().history_change_reason
        == f"Moved to carer record {known.pk} (records merged)"
    )
    # The person they look after was already linked to the known record under another link: one link each.
    assert CaringLink.objects.filter(carer=new_carer).count() == 0
    assert Consent.objects.filter(carer=known).count() >= 2
    # The merged record leads to the kept one.
    response = hub_client.get(new_carer.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == known.get_absolute_url()


def test_the_worker_chooses_the_newer_details(known, hub_user):
    other = CarerFactory(first_name="Marion", last_name="Oakley-Price", phone="01632 960 999", email="")
    services.carers_merge(keep=known, absorb=other, by=hub_user, take=["phone"])
    known.refresh_from_db()
    assert known.phone == "01632 960 999" and known.email == "marion@example.org"
    assert Carer.objects.get(pk=other.pk).merged_into == known


def test_confirming_a_new_carer(known, hub_client, hub_user):
    referral = staff_referral(hub_user, date_of_birth=date(1962, 4, 9), phone="07700 900777")
    assert hub_client.post(reverse("carers:confirm-new-carer", args=[referral.reference])).status_code == 302
    referral.refresh_from_db()
    assert referral.carer_checked_at and referral.carer_checked_by == hub_user
    assert referral.history.latest().history_change_reason == "Confirmed as a new carer"
    assert (
        "The hub may already know this carer"
        not in hub_client.get(referral.get_absolute_url()).content.decode()
    )
    # A carer's record still lists the likely duplicate, so the two can be merged later.
    page = hub_client.get(referral.carer.get_absolute_url()).content.decode()
    assert "The hub may hold another record of this carer" in page


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("same", "Choose two different records."),
        ("merged", "One of these records has already been merged into another."),
    ],
)
def test_merging_is_refused_when_it_cannot_be_done(known, hub_user, case, message):
    other = CarerFactory()
    if case == "merged":
        Carer.objects.filter(pk=other.pk).update(merged_into=known)
        other.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.carers_merge(keep=known, absorb=known if case == "same" else other, by=hub_user)
    assert message in error.value.messages


def test_only_the_hub_merges(known, users, assessor_client):
    other = CarerFactory()
    with pytest.raises(PermissionDenied):
        services.carers_merge(keep=known, absorb=other, by=users["social-care-assessor"])
    assert assessor_client.get(reverse("carers:carer-merge", args=[known.pk, other.pk])).status_code == 404
    assert Carer.objects.get(pk=other.pk).merged_into is None


def test_matching_on_submit_stays_flat(known, hub_user, django_assert_num_queries):
    """The candidates are one indexed query, however many carers share a detail."""
    CarerFactory.create_batch(
        10, first_name="Marion", last_name="Oakley-Price", date_of_birth=date(1962, 4, 9)
    )
    carer = Carer(first_name="Marion", last_name="Oakley Price", date_of_birth=date(1962, 4, 9))
    carer.fill_search_keys()
    with django_assert_num_queries(1):
        matches = likely_matches(carer)
    assert len(matches) == 5  # the five best of eleven
    assert all(match.fields[:2] == ("Name", "Date of birth") for match in matches)
