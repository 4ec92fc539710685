"""The provider picker: a text input matched on the server, enhanced by accessible-autocomplete."""

import json

import pytest
from django.urls import reverse

from commissioning.providers.models import Provider
from portal.forms import GovukForm
from portal.forms.providers import ProviderPickerField, match_providers, provider_label
from portal.permissions import Role
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


class PickForm(GovukForm):
    provider = ProviderPickerField()


class OptionalPickForm(GovukForm):
    provider = ProviderPickerField(label="Provider it goes to", required=False)


@pytest.fixture
def register():
    return {
        "gawsworth": ProviderFactory(
            name="Gawsworth House Care Ltd", companies_house_number="01234567", charity_number=""
        ),
        "dane": ProviderFactory(name="Dane Valley Care Ltd", companies_house_number="07654321"),
        "dane_homes": ProviderFactory(name="Dane Valley Homes", companies_house_number="SC123456"),
        "charity": ProviderFactory(
            name="Crewe Carers Trust", companies_house_number="", charity_number="1012345"
        ),
        "closed": ProviderFactory(name="Closed Care Ltd", companies_house_number="08888888", is_active=False),
    }


def picked(text, form_class=PickForm):
    form = form_class({"provider": text})
    return form, form.is_valid()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01234567", "gawsworth"),
        ("1234567", "gawsworth"),  # Companies House numbers lose their leading zero when typed
        ("0123 4567", "gawsworth"),
        ("1012345", "charity"),
        ("Gawsworth House Care Ltd (Companies House 01234567)", "gawsworth"),
        ("Crewe Carers Trust (charity 1012345)", "charity"),
        ("gawsworth", "gawsworth"),
        ("  Gawsworth   House ", "gawsworth"),
        ("Dane Valley Care Ltd", "dane"),  # an exact name, though "Dane Valley" matches two
        ("dane valley homes", "dane_homes"),
    ],
)
def test_one_match_is_taken(register, typed, expected):
    form, valid = picked(typed)
    assert valid, form.errors
    assert form.cleaned_data["provider"] == register[expected]


def test_several_matches_are_listed_to_choose_from(register):
    form, valid = picked("dane valley")
    assert not valid
    assert form.errors["provider"] == [
        "More than one provider matches “dane valley” (Dane Valley Care Ltd (Companies House 07654321); "
        "Dane Valley Homes (Companies House SC123456)): enter more of the name, or the Companies House or "
        "charity number"
    ]


def test_no_match_says_so_and_inactive_providers_are_not_offered(register):
    form, _ = picked("Nowhere Care")
    assert form.errors["provider"] == [
        "No provider on the register matches “Nowhere Care”: check the name, or enter the Companies House "
        "or charity number"
    ]
    form, _ = picked("08888888")
    assert form.errors["provider"] == [
        "No provider on the register has the number 08888888: check the number, or enter the organisation's "
        "name"
    ]
    everyone = type(
        "AnyForm", (GovukForm,), {"provider": ProviderPickerField(queryset=Provider.objects.all())}
    )
    form = everyone({"provider": "08888888"})
    assert form.is_valid() and form.cleaned_data["provider"] == register["closed"]


def test_empty_too_long_and_nul(register):
    assert picked("")[0].errors["provider"] == [
        "Enter the provider's name, Companies House number or charity number"
    ]
    assert picked("", OptionalPickForm)[1]
    assert picked("x" * 201)[0].errors["provider"] == ["Provider must be 200 characters or fewer"]
    assert picked("Gaws\x00worth")[0].errors["provider"] == ["Provider must not include null characters"]


def test_many_matches_cost_a_few_queries(register, django_assert_max_num_queries):
    for n in range(30):
        ProviderFactory(name=f"Sandbach Care {n}")
    with django_assert_max_num_queries(3):
        form, valid = picked("sandbach care")
    assert not valid and "and others" in form.errors["provider"][0]


def test_the_input_is_marked_for_the_autocomplete_and_shows_the_chosen_label(register):
    html = str(PickForm(initial={"provider": register["gawsworth"]}))
    assert 'data-module="provider-picker"' in html
    assert f'data-source="{reverse("providers:search")}"' in html
    assert 'data-script="/static/vendor/accessible-autocomplete/accessible-autocomplete.min.js"' in html
    assert 'value="Gawsworth House Care Ltd (Companies House 01234567)"' in html
    # Typed text is kept after an error.
    form, _ = picked("dane valley")
    assert 'value="dane valley"' in str(form)


def test_match_providers_reads_labels_exactly(register):
    assert match_providers(Provider.objects.active(), provider_label(register["dane"])) == [register["dane"]]


def test_the_suggestions_endpoint(client_for, register):
    client = client_for(Role.FINANCE_OFFICER)
    url = reverse("providers:search")
    data = json.loads(client.get(url, {"q": "dane"}).content)
    assert [r["label"] for r in data["results"]] == [
        "Dane Valley Care Ltd (Companies House 07654321)",
        "Dane Valley Homes (Companies House SC123456)",
    ]
    assert json.loads(client.get(url, {"q": "1012345"}).content)["results"][0]["name"] == "Crewe Carers Trust"
    assert json.loads(client.get(url, {"q": "d"}).content) == {"results": []}
    assert json.loads(client.get(url, {"q": "closed care"}).content) == {"results": []}
    assert client.get(url, {"q": "x" * 5000}).status_code == 200
    # A NUL anywhere in a query is answered by portal.middleware.BadInputMiddleware with the 400 page.
    assert client.get(url, {"q": "\x00" + "x" * 5000}).status_code == 400


def test_the_endpoint_is_for_staff_who_see_the_register(client_for, register):
    url = reverse("providers:search")
    assert client_for("provider").get(url, {"q": "dane"}).status_code == 403
    assert client_for(Role.CARERS_HUB_WORKER).get(url, {"q": "dane"}).status_code == 403
    assert client_for(Role.COMMISSIONER).get(url, {"q": "dane"}).status_code == 200


def test_the_endpoint_costs_the_same_for_ten_results(client_for, register, django_assert_num_queries):
    client = client_for(Role.FINANCE_OFFICER)
    for n in range(20):
        ProviderFactory(name=f"Sandbach Care {n}")
    # Session and user (2), the permission check (2: user and group permissions), the search (1).
    with django_assert_num_queries(5):
        data = json.loads(client.get(reverse("providers:search"), {"q": "sandbach"}).content)
    assert len(data["results"]) == 10
