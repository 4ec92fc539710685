"""Finding a carer: by any part of a name (any case, any accents), date of birth, postcode, telephone,
email or reference; for the hub and assessors only (assessors: their referrals' carers); every search in
the access log; the same number of queries however many carers match."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.carers.models import Carer, RecordView
from commissioning.carers.normalise import fold, is_uk_phone, name_key, phone_key, search_text
from commissioning.carers.views import search as search_view
from tests.commissioning.carers.factories import CarerFactory, ReferralFactory
from tests.forms import with_dates

pytestmark = pytest.mark.django_db
URL = reverse("carers:search")


def test_names_are_folded_for_comparison():
    assert fold("Zoë O'Brien-Núñez") == "zoe obrien nunez"
    assert fold("Łukasz Søren Æthelstan") == "lukasz soren aethelstan"
    assert name_key("Smith-Jones") == name_key("smith jones") == "smithjones"
    text = search_text("Anne-Marie", "Thompson").split()
    assert {"annemarie", "anne", "marie", "thompson", "hompson", "son", "on"} <= set(text)


@pytest.mark.parametrize(
    ("typed", "key", "uk"),
    [
        ("07700 900123", "07700900123", True),
        ("+44 (0)7700 900 123", "07700900123", True),
        ("0044 7700 900123", "07700900123", True),
        ("01632 960 001", "01632960001", True),
        ("+44 808 157 0192", "08081570192", True),
        ("12345", "12345", False),
        ("0770090012", "0770090012", True),  # 10 digits: some UK numbers are
        ("07700 900123 ext 12", "0770090012312", True),
        ("call me", "", False),
    ],
)
def test_telephone_numbers(typed, key, uk):
    assert phone_key(typed) == key
    assert is_uk_phone(typed) is uk


@pytest.fixture
def carers():
    return {
        "zoe": CarerFactory(
            first_name="Zoë",
            last_name="Núñez-O'Brien",
            date_of_birth=date(1971, 2, 3),
            postcode="CW1 2BJ",
            phone="07700 900456",
            email="zoe.nunez@example.org",
        ),
        "tom": CarerFactory(
            first_name="Tom", last_name="Thompson", date_of_birth=date(1980, 5, 6), postcode="SK11 6AB"
        ),
        "ann": CarerFactory(
            first_name="Ann", last_name="Thomas", date_of_birth=date(1971, 2, 3), postcode="CW1 9ZZ"
        ),
    }


def found(client, **criteria) -> set[str]:
    """The first names of the carers the search lists."""
    page = client.get(URL, with_dates(criteria, "date_of_birth")).content.decode()
    return {carer.first_name for carer in Carer.objects.all() if f'href="{carer.get_absolute_url()}"' in page}


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"name": "nunez"}, {"Zoë"}),  # no accents typed
        ({"name": "NÚÑEZ"}, {"Zoë"}),  # any case
        ({"name": "obri"}, {"Zoë"}),  # part of a double-barrelled surname
        ({"name": "zoe nunez"}, {"Zoë"}),  # every word must match
        ({"name": "thom"}, {"Tom", "Ann"}),  # the start of a surname
        ({"name": "hompson"}, {"Tom"}),  # any part of it
        ({"name": "tom"}, {"Tom"}),  # a first name
        ({"name": "zz"}, set()),
        ({"date_of_birth": "3/2/1971"}, {"Zoë", "Ann"}),
        ({"name": "thomas", "date_of_birth": "3/2/1971"}, {"Ann"}),  # every criterion must match
        ({"postcode": "cw12bj"}, {"Zoë"}),
        ({"postcode": "CW1"}, {"Zoë", "Ann"}),  # the outward code
        ({"phone": "+44 7700 900 456"}, {"Zoë"}),  # written differently
        ({"email": "Zoe.Nunez@Example.org"}, {"Zoë"}),
    ],
)
def test_search_by_each_criterion(hub_client, carers, criteria, expected):
    assert found(hub_client, **criteria) == expected


def test_search_by_reference_whole_or_its_start(hub_client, carers):
    referral = ReferralFactory(carer=carers["tom"], reference="CH-7KQ2M9XA")
    assert found(hub_client, reference="CH-7KQ2M9XA") == {"Tom"}
    assert found(hub_client, reference="ch-7kq") == {"Tom"}
    assert found(hub_client, reference="7KQ2M9XA") == {"Tom"}  # without the CH-
    page = hub_client.get(URL, {"reference": "7KQ"}).content.decode()
    assert referral.get_absolute_url() in page  # the latest referral is linked


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"name": ""}, "Enter a name, date of birth, postcode, telephone number, email address or reference"),
        ({"name": "a"}, "Name must include at least 2 letters"),
        ({"postcode": "NOTACODE"}, "Enter a full postcode, like CW1 2BJ, or its first part, like CW1"),
        ({"reference": "CH-<script>"}, "Enter a reference, like CH-7KQ2M9XA"),
        ({"phone": "12"}, "Enter a telephone number, like 01632 960 001"),
    ],
)
def test_bad_searches_get_a_message_and_log_nothing(hub_client, carers, criteria, message):
    response = hub_client.get(URL, criteria)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert message in page
    assert not RecordView.objects.exists()


def test_an_empty_search_form_is_not_an_error(hub_client):
    page = hub_client.get(URL).content.decode()
    assert "Find a carer" in page and "govuk-error-summary" not in page


def test_every_search_is_logged_without_what_was_typed(hub_client, hub_user, carers):
    hub_client.get(URL, {"name": "thom", "postcode": "CW1"})
    summary = RecordView.objects.get(carer=None)
    assert summary.user == hub_user and summary.what == "search"
    assert summary.details == {"by": ["name", "postcode"], "shown": 1}
    assert "thom" not in str(summary.details).lower()
    assert list(RecordView.objects.filter(what="search result").values_list("carer", flat=True)) == [
        carers["ann"].pk
    ]


def test_assessors_find_only_the_carers_of_their_referrals(assessor_client, carers):
    ReferralFactory(carer=carers["tom"], sent_to_social_care_at=timezone.now(), level_of_need="high")
    ReferralFactory(carer=carers["ann"])  # not sent to social care
    assert found(assessor_client, name="thom") == {"Tom"}


def test_other_roles_cannot_search(client_for, carers):
    for role in ["commissioner", "performance-analyst", "provider"]:
        assert client_for(role).get(URL, {"name": "thom"}).status_code == 403
    assert not RecordView.objects.exists()


def test_merged_records_are_not_found(hub_client, carers):
    Carer.objects.filter(pk=carers["ann"].pk).update(merged_into=carers["tom"])
    assert found(hub_client, name="thom") == {"Tom"}


def test_query_count_does_not_grow_with_matches(hub_client, django_assert_num_queries):
    CarerFactory.create_batch(2, last_name="Sampleton")
    # 8: session, user, the user's and their groups' permissions, the count (at most 1,001 rows), the page
    # (each carer's latest referral in the same query), one insert for the access log, and the
    # navigation's provider membership check
    with django_assert_num_queries(8):
        hub_client.get(URL, {"name": "sample"})
    CarerFactory.create_batch(40, last_name="Sampleton")
    with django_assert_num_queries(8):
        page = hub_client.get(URL, {"name": "sample"}).content.decode()
    assert "42 carers found" in page


def test_more_than_the_limit_asks_for_more_detail(hub_client, monkeypatch):
    monkeypatch.setattr(search_view, "COUNT_LIMIT", 3)
    CarerFactory.create_batch(5, last_name="Sampleton")
    page = hub_client.get(URL, {"name": "sample"}).content.decode()
    assert "More than 3 carers match: add more detail" in page
