"""Hub workers keep a carer's record up to date: the carer's details and the people they look after.

Through HTTP: happy paths, every validation error (re-rendered with the GOV.UK error summary, nothing
changed), who may do it, the history and the access log, and flat query counts.
"""

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from commissioning.carers import services
from commissioning.carers.models import CaredForPerson, Carer, RecordView, Status
from tests.commissioning.carers.factories import CaredForFactory, ReferralFactory
from tests.conftest import ALL_ROLES
from tests.forms import date_fields

pytestmark = pytest.mark.django_db

CARER_CHECKBOXES = ["is_parent_carer", "is_working_carer"]


def edit_url(carer):
    return reverse("carers:carer-edit", args=[carer.pk])


def add_url(carer):
    return reverse("carers:cared-for-add", args=[carer.pk])


def carer_of(person) -> int:
    return person.links.order_by("pk").first().carer_id


def change_url(person):
    return reverse("carers:cared-for-edit", args=[carer_of(person), person.pk])


def remove_url(person):
    return reverse("carers:cared-for-remove", args=[carer_of(person), person.pk])


def carer_post(carer, **changes) -> dict:
    """The edit form as a browser would send it for this carer, with changes (None leaves a field out)."""
    data = {
        "first_name": carer.first_name,
        "last_name": carer.last_name,
        **date_fields("date_of_birth", carer.date_of_birth),
        "phone": carer.phone,
        "email": carer.email,
        "address_line_1": carer.address_line_1,
        "address_line_2": carer.address_line_2,
        "town": carer.town,
        "postcode": carer.postcode,
        "preferred_contact": carer.preferred_contact,
        "gp_practice": carer.gp_practice,
        "school": carer.school,
        "caring_hours_per_week": carer.caring_hours_per_week or "",
        **{field: "on" for field in CARER_CHECKBOXES if getattr(carer, field)},
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def snapshot(carer) -> dict:
    return model_to_dict(Carer.objects.get(pk=carer.pk))


@pytest.fixture
def referral():
    referral = ReferralFactory(carer__phone="07700 900123", carer__email="carer@example.org")
    CaredForFactory(carer=referral.carer)
    return referral


# --- The carer's details ------------------------------------------------------------------------------
def test_hub_worker_changes_carer_details(hub_client, hub_user, referral):
    carer = referral.carer
    page = page_text(hub_client.get(carer.get_absolute_url()))
    assert edit_url(carer) in page  # linked from the carer's record

    form = page_text(hub_client.get(edit_url(carer)))
    assert "Change the carer's details" in form
    assert 'name="date_of_birth-day" type="text" inputmode="numeric" value="17"' in form
    assert RecordView.objects.filter(
        user=hub_user, carer=carer, what="carer record (change details)"
    ).exists()

    response = hub_client.post(
        edit_url(carer),
        carer_post(
            carer,
            first_name="Renamed",
            **date_fields("date_of_birth", "1/2/2010"),
            email="New.Address@Example.ORG",
            address_line_1="1 Test Street",
            town="Crewe",
            postcode="cw11ze",
            gp_practice="Test Surgery",
            preferred_contact="email",
            caring_hours_per_week="35",
            school="Test High School",
            is_working_carer="on",
        ),
    )
    assert response.status_code == 302 and response["Location"] == carer.get_absolute_url()
    carer.refresh_from_db()
    assert (carer.first_name, carer.date_of_birth, carer.email) == (
        "Renamed",
        date(2010, 2, 1),
        "new.address@example.org",
    )
    assert (carer.address_line_1, carer.town, carer.postcode, carer.gp_practice) == (
        "1 Test Street",
        "Crewe",
        "CW1 1ZE",
        "Test Surgery",
    )
    assert carer.preferred_contact == "email" and carer.caring_hours_per_week == 35
    assert carer.school == "Test High School" and carer.is_working_carer
    latest = carer.history.latest()
    assert latest.history_type == "~" and latest.history_user == hub_user
    assert latest.history_change_reason == "Carer's details changed"
    assert latest.history_change_reason.count(" ") == 2  # a fixed phrase: no personal data in it
    # The referral keeps the type the carer had when it was received.
    referral.refresh_from_db()
    assert referral.carer_type == "adult"
    assert "Young carer" in page_text(hub_client.get(carer.get_absolute_url()))


def test_saving_without_changes_adds_no_history(hub_client, referral):
    carer = referral.carer
    before = carer.history.count()
    assert hub_client.post(edit_url(carer), carer_post(carer)).status_code == 302
    assert carer.history.count() == before


def test_edit_from_the_referral_page_returns_there(hub_client, referral):
    carer = referral.carer
    page = page_text(hub_client.get(referral.get_absolute_url()))
    from_referral = f"{edit_url(carer)}?referral={referral.reference}"
    assert from_referral in page
    assert f"{add_url(carer)}?referral={referral.reference}" in page
    form = page_text(hub_client.get(from_referral))
    assert f"Back to referral {referral.reference}" in form
    response = hub_client.post(from_referral, carer_post(carer, last_name="Changed"))
    assert response["Location"] == referral.get_absolute_url()
    # Another carer's referral is not a place to go back to: the carer's record is.
    other = ReferralFactory()
    response = hub_client.post(
        f"{edit_url(carer)}?referral={other.reference}", carer_post(carer, last_name="Again")
    )
    assert response["Location"] == carer.get_absolute_url()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"first_name": ""}, "first_name", "Enter the carer's first name"),
        ({"last_name": ""}, "last_name", "Enter the carer's last name"),
        (date_fields("date_of_birth", None), "date_of_birth", "Enter the date of birth"),
        (
            date_fields("date_of_birth", "31/2/1970"),
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        ("tomorrow", "date_of_birth", "Date of birth must be today or in the past"),
        (
            {"phone": "", "email": "", "address_line_1": "1 Test Street", "postcode": ""},
            "phone",
            "Enter a telephone number, an email address or a postal address for the carer",
        ),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"postcode": "NOTAPOSTCODE"}, "postcode", "Enter a full UK postcode, like CW11 1HZ"),
        (
            {"preferred_contact": "pigeon"},
            "preferred_contact",
            "Select one of the options for “How should we contact the carer?”",
        ),
        ({"caring_hours_per_week": "lots"}, "caring_hours_per_week", "Enter the hours as a whole number"),
        ({"caring_hours_per_week": "169"}, "caring_hours_per_week", "A week has 168 hours"),
        ({"caring_hours_per_week": "-1"}, "caring_hours_per_week", "Hours must be 0 or more"),
        ({"first_name": "x" * 101}, "first_name", "First name must be 100 characters or fewer"),
    ],
)
def test_carer_validation_errors_change_nothing(hub_client, referral, changes, field, message):
    carer = referral.carer
    if changes == "tomorrow":
        changes = date_fields("date_of_birth", timezone.localdate() + timedelta(days=1))
    before, history = snapshot(carer), carer.history.count()
    response = hub_client.post(edit_url(carer), carer_post(carer, **changes))
    assert response.status_code == 200
    page = page_text(response)
    assert "govuk-error-summary" in page and "<title>Error:" in page
    assert f'href="#id_{field}' in page  # the summary links to the field
    assert message in page
    assert snapshot(carer) == before and carer.history.count() == history


def test_one_contact_route_is_enough(hub_client, referral):
    carer = referral.carer
    response = hub_client.post(
        edit_url(carer),
        carer_post(carer, phone="", email="", address_line_1="1 Test Street", postcode="CW1 1ZE"),
    )
    assert response.status_code == 302
    carer.refresh_from_db()
    assert (carer.phone, carer.email, carer.postcode) == ("", "", "CW1 1ZE")


def test_anonymised_record_cannot_be_changed(hub_client, referral):
    carer = referral.carer
    Carer.objects.filter(pk=carer.pk).update(anonymised_at=timezone.now())
    before = snapshot(carer)
    for url in [edit_url(carer), add_url(carer)]:
        response = hub_client.post(url, carer_post(carer, first_name="Back"))
        assert response.status_code == 302
    assert snapshot(carer) == before
    assert edit_url(carer) not in page_text(hub_client.get(carer.get_absolute_url()))


# --- The people a carer looks after -------------------------------------------------------------------
def cared_for_post(**changes) -> dict:
    data = {"relationship": "partner", "age_band": "65-84", "primary_support_reason": "physical"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_add_change_and_remove_cared_for_people(hub_client, hub_user, referral):
    carer = referral.carer
    first = carer.cared_for.get()
    page = page_text(hub_client.get(carer.get_absolute_url()))
    assert add_url(carer) in page and change_url(first) in page and remove_url(first) in page

    assert "Add a person the carer looks after" in page_text(hub_client.get(add_url(carer)))
    response = hub_client.post(add_url(carer), cared_for_post(has_social_care_respite="on"))
    assert response.status_code == 302 and response["Location"] == carer.get_absolute_url()
    added = carer.cared_for.get(links__relationship="partner")
    assert (added.age_band, added.primary_support_reason, added.has_social_care_respite) == (
        "65-84",
        "physical",
        True,
    )
    assert added.history.get().history_user == hub_user
    assert added.history.get().history_change_reason == "Cared-for person added"

    form = page_text(hub_client.get(change_url(added)))
    assert 'value="65-84" checked>' in form and 'value="partner" selected>' in form
    response = hub_client.post(
        change_url(added), cared_for_post(age_band="85+", primary_support_reason="memory")
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.age_band, added.primary_support_reason, added.has_social_care_respite) == (
        "85+",
        "memory",
        False,
    )
    latest = added.history.latest()
    assert latest.history_user == hub_user and latest.history_change_reason == "Cared-for person changed"

    # Removing asks first; a GET removes nothing.
    removal = remove_url(first)
    confirm = page_text(hub_client.get(removal))
    assert "Are you sure you want to remove this person?" in confirm and "Remove person" in confirm
    assert CaredForPerson.objects.filter(pk=first.pk).exists()
    response = hub_client.post(removal)
    assert response.status_code == 302 and response["Location"] == carer.get_absolute_url()
    assert not CaredForPerson.objects.filter(pk=first.pk).exists()
    deleted = CaredForPerson.history.filter(id=first.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == hub_user
    assert deleted.history_change_reason == "Cared-for person removed"
    # A second click finds nothing to remove.
    assert hub_client.post(removal).status_code == 404
    assert RecordView.objects.filter(carer=carer, what="cared-for people (change)").count() == 3


def test_the_last_person_cannot_be_removed(hub_client, referral):
    person = referral.carer.cared_for.get()
    history = CaredForPerson.history.count()
    response = hub_client.post(remove_url(person))
    assert response.status_code == 200
    page = page_text(response)
    assert "govuk-error-summary" in page and "<title>Error:" in page
    assert "This is the only person recorded as cared for" in page
    assert CaredForPerson.objects.filter(pk=person.pk).exists()
    assert CaredForPerson.history.count() == history


def test_cared_for_pages_return_to_the_referral(hub_client, referral):
    person = referral.carer.cared_for.get()
    CaredForFactory(carer=referral.carer)
    query = f"?referral={referral.reference}"
    page = page_text(hub_client.get(referral.get_absolute_url()))
    assert change_url(person) + query in page and remove_url(person) + query in page
    for url, data in [
        (add_url(referral.carer), cared_for_post()),
        (change_url(person), cared_for_post()),
        (remove_url(person), {}),
    ]:
        assert hub_client.post(url + query, data)["Location"] == referral.get_absolute_url()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"relationship": ""}, "relationship", "Choose who the carer looks after"),
        ({"relationship": "cousin"}, "relationship", "Select the relationship to the carer from the list"),
        ({"age_band": None}, "age_band", "Choose the age of the person they look after"),
        ({"age_band": "200+"}, "age_band", "Select one of the options for “How old are they?”"),
        ({"primary_support_reason": None}, "primary_support_reason", "Choose the main reason they need care"),
    ],
)
def test_cared_for_validation_errors_change_nothing(hub_client, referral, changes, field, message):
    person = referral.carer.cared_for.get()
    before = model_to_dict(person)
    rows, history = CaredForPerson.objects.count(), CaredForPerson.history.count()
    for url in [add_url(referral.carer), change_url(person)]:
        response = hub_client.post(url, cared_for_post(**changes))
        assert response.status_code == 200
        page = page_text(response)
        assert "govuk-error-summary" in page and "<title>Error:" in page
        assert f'href="#id_{field}' in page and message in page
    person.refresh_from_db()
    assert model_to_dict(person) == before
    assert CaredForPerson.objects.count() == rows and CaredForPerson.history.count() == history


def test_another_carers_person_is_not_found(hub_client, referral):
    other = CaredForFactory()
    url = reverse("carers:cared-for-edit", args=[referral.carer_id, other.pk])
    assert hub_client.get(url).status_code == 404
    url = reverse("carers:cared-for-remove", args=[referral.carer_id, other.pk])
    assert hub_client.post(url).status_code == 404
    assert CaredForPerson.objects.filter(pk=other.pk).exists()


# --- Who may change a record --------------------------------------------------------------------------
@pytest.fixture
def social_care_referral():
    """A referral sent to social care: the assessor sees it (and its carer) but may not change it."""
    referral = ReferralFactory(
        status=Status.AWAITING_SUPPORT, level_of_need="moderate", sent_to_social_care_at=timezone.now()
    )
    CaredForFactory.create_batch(2, carer=referral.carer)
    return referral


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_hub_workers_change_records(role, client_for, social_care_referral):
    carer = social_care_referral.carer
    person = carer.cared_for.first()
    expected = {"anonymous": 302, "carers-hub-worker": 302, "social-care-assessor": 403}.get(role, 404)
    before = snapshot(carer)
    people = list(carer.cared_for.values())
    client = client_for(role)
    responses = [
        client.post(edit_url(carer), carer_post(carer, first_name="Changed")),
        client.post(add_url(carer), cared_for_post()),
        client.post(change_url(person), cared_for_post()),
        client.post(remove_url(person)),
    ]
    assert [r.status_code for r in responses] == [expected] * 4, role
    if role == "anonymous":
        assert all(r["Location"].startswith(reverse("login")) for r in responses)
    if role != "carers-hub-worker":
        assert snapshot(carer) == before and list(carer.cared_for.values()) == people
        assert not RecordView.objects.filter(carer=carer).exists()
    else:
        assert Carer.objects.get(pk=carer.pk).first_name == "Changed"


def test_assessor_gets_404_for_a_carer_not_sent_to_social_care(assessor_client, referral):
    person = referral.carer.cared_for.get()
    assert assessor_client.get(edit_url(referral.carer)).status_code == 404
    assert assessor_client.get(remove_url(person)).status_code == 404


def test_assessor_sees_no_change_links(assessor_client, social_care_referral):
    carer = social_care_referral.carer
    for url in [carer.get_absolute_url(), social_care_referral.get_absolute_url()]:
        page = page_text(assessor_client.get(url))
        assert edit_url(carer) not in page and add_url(carer) not in page and "/remove/" not in page


def test_services_check_the_role_and_the_fields(users, referral):
    carer = referral.carer
    assessor = users["social-care-assessor"]
    hub = users["carers-hub-worker"]
    with pytest.raises(PermissionDenied):
        services.carer_update(carer=carer, by=assessor, first_name="No")
    with pytest.raises(PermissionDenied):
        services.cared_for_add(
            carer=carer, by=assessor, relationship="parent", age_band="85+", primary_support_reason="memory"
        )
    with pytest.raises(TypeError):
        services.carer_update(carer=carer, by=hub, anonymised_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        services.carer_update(carer=carer, by=hub, phone="", email="")
    assert "phone" in error.value.message_dict
    with pytest.raises(TypeError):  # consents are records of their own (the consent service)
        services.carer_update(carer=carer, by=hub, consent_to_store=False)
    carer.refresh_from_db()
    assert carer.first_name != "No" and carer.phone and carer.consent_to_store


# --- Query counts do not grow with the number of people cared for -------------------------------------
@pytest.mark.parametrize("page", ["carer", "referral", "edit", "add", "change", "remove"])
def test_query_counts_are_flat(page, hub_client, referral, django_assert_max_num_queries):
    carer = referral.carer
    person = carer.cared_for.get()
    url = {
        "carer": carer.get_absolute_url(),
        "referral": referral.get_absolute_url(),
        "edit": edit_url(carer) + f"?referral={referral.reference}",
        "add": add_url(carer),
        "change": change_url(person),
        "remove": remove_url(person),
    }[page]
    with django_assert_max_num_queries(30) as few:
        assert hub_client.get(url).status_code == 200
    CaredForFactory.create_batch(15, carer=carer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert hub_client.get(url).status_code == 200


def test_saving_query_count_is_flat(hub_client, referral, django_assert_max_num_queries):
    carer = referral.carer
    with django_assert_max_num_queries(30) as few:
        hub_client.post(edit_url(carer), carer_post(carer, first_name="One"))
    CaredForFactory.create_batch(15, carer=carer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        hub_client.post(edit_url(carer), carer_post(carer, first_name="Two"))
    assert Carer.objects.get(pk=carer.pk).first_name == "Two"
