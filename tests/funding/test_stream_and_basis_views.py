"""Funders, streams and the calculator's figures (bases) through HTTP: finance officers add and correct
them with the reason kept in the history; bad input saves nothing; everyone else is refused."""

from decimal import Decimal

import pytest

from funding import services
from funding.models import Funder, FundingStream, ProviderBasis
from portal.permissions import Role
from tests.conftest import STAFF_ROLES
from tests.factories import ProviderFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
FINANCE = Role.FINANCE_OFFICER
COMMISSIONER = Role.COMMISSIONER
OTHER_STAFF = [str(role) for role in STAFF_ROLES if role not in (FINANCE, COMMISSIONER)]


def body(response) -> str:
    return response.content.decode()


def latest(obj):
    return obj.history.order_by("-history_date").first()


# Funders ------------------------------------------------------------------------------------------


def test_finance_officer_adds_a_funder(client_for, users):
    response = client_for(FINANCE).post(
        "/funding/funders/add/",
        {"name": "NHS England", "short_name": "NHSE", "kind": "nhs", "reason": "New hospital discharge fund"},
    )
    assert response.status_code == 302 and response["Location"] == "/funding/streams/add/"
    funder = Funder.objects.get(name="NHS England")
    assert (funder.short_name, funder.appendix_label, funder.kind) == ("NHSE", "NHSE", "nhs")
    record = funder.history.get()
    assert (record.history_user, record.history_change_reason) == (
        users[FINANCE],
        "New hospital discharge fund",
    )


@pytest.mark.parametrize(
    "data,message",
    [
        ({"name": "", "short_name": "X", "kind": "nhs", "reason": "x"}, "Enter the name"),
        ({"name": "X", "short_name": "", "kind": "nhs", "reason": "x"}, "Enter the short name"),
        ({"name": "X", "short_name": "X" * 41, "kind": "nhs", "reason": "x"}, "Keep the short name to 40"),
        ({"name": "X", "short_name": "X", "kind": "", "reason": "x"}, "Select the kind of funder"),
        (
            {"name": "X", "short_name": "X", "kind": "bank", "reason": "x"},
            "Select the kind of funder from the options",
        ),
        ({"name": "X", "short_name": "X", "kind": "nhs", "reason": ""}, "Enter the reason"),
        (
            {"name": "department of health and social care", "short_name": "X", "kind": "nhs", "reason": "x"},
            "A funder called department of health and social care is already recorded",
        ),
    ],
)
def test_bad_funder_saves_nothing(client_for, funder, data, message):
    response = client_for(FINANCE).post("/funding/funders/add/", data)
    assert response.status_code == 200
    text = body(response)
    assert message in text and "<title>Error: " in text
    assert Funder.objects.count() == 1


# Streams ------------------------------------------------------------------------------------------


def stream_data(funder, /, **changes):
    data = {
        "name": "Omicron Support Fund",
        "funder": str(funder.pk),
        "category": "infection-control",
        "purpose": "To support the Omicron response.",
        "conditions": "Spend by 31 March 2022.",
        "how_spent": "",
        "decision": "odr",
        **date_fields("decision_date", "17/1/2022"),
        "decision_by": "Director of Adult Social Care",
        "reason": "ODR 17 January 2022",
    }
    data.update(changes)
    return data


def test_finance_officer_adds_and_changes_a_stream(client_for, funder, stream, users):
    client = client_for(FINANCE)
    response = client.post("/funding/streams/add/", stream_data(funder))
    assert response.status_code == 302
    new = FundingStream.objects.get(name="Omicron Support Fund")
    assert response["Location"] == f"/funding/{new.slug}/" == "/funding/omicron-support-fund/"
    assert (new.funder, new.decision, str(new.decision_date)) == (funder, "odr", "2022-01-17")
    assert new.position > stream.position
    assert new.history.get().history_change_reason == "ODR 17 January 2022"

    other = Funder.objects.create(name="NHS England", short_name="NHSE", kind="nhs")
    response = client.post(
        f"/funding/{new.slug}/edit/",
        stream_data(other, name="Omicron Support Fund (renamed)", how_spent="Passported.", reason="Typo"),
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.name, new.slug, new.funder, new.how_spent) == (
        "Omicron Support Fund (renamed)",
        "omicron-support-fund",  # the address does not change
        other,
        "Passported.",
    )
    assert (latest(new).history_user, latest(new).history_change_reason) == (users[FINANCE], "Typo")
    page = body(client.get(f"/funding/{new.slug}/edit/"))
    assert "Typo" in page and "ODR 17 January 2022" in page  # the history


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"name": ""}, "Enter the name"),
        ({"funder": ""}, "Select the funder"),
        ({"funder": "999999"}, "Select a funder from the list"),
        ({"category": ""}, "Select the category"),
        ({"purpose": ""}, "Enter the purpose"),
        ({"decision": ""}, "Select how the funding was accepted"),
        ({**date_fields("decision_date", "31/2/2022")}, "Date of decision must be a real date"),
        ({"reason": ""}, "Enter the reason"),
        ({"name": "test infection control fund"}, "A funding stream called test infection control fund is"),
    ],
)
def test_bad_stream_saves_nothing(client_for, funder, stream, changes, message):
    client = client_for(FINANCE)
    response = client.post("/funding/streams/add/", stream_data(funder, **changes))
    assert response.status_code == 200
    text = body(response)
    assert message in text and "<title>Error: " in text
    assert FundingStream.objects.count() == 1
    before = latest(stream).history_id
    response = client.post(
        f"/funding/{stream.slug}/edit/", stream_data(funder, **{"name": stream.name, **changes})
    )
    if "test infection control fund" not in message:  # renaming to its own name is fine
        assert response.status_code == 200 and message in body(response)
        stream.refresh_from_db()
        assert stream.purpose == "To reduce transmission." and latest(stream).history_id == before


def test_stream_slug_avoids_clashes(funder, stream, users):
    summary = services.stream_create(
        data={
            "name": "Summary",
            "funder": funder,
            "category": "workforce",
            "purpose": "x",
            "decision": "odr",
        },
        by=users[FINANCE],
        reason="x",
    )
    assert summary.slug == "summary-2"


def test_stream_and_funder_links_for_finance_only(client_for, stream):
    finance = body(client_for(FINANCE).get("/funding/"))
    assert "/funding/streams/add/" in finance and "/funding/funders/add/" in finance
    assert f"/funding/{stream.slug}/edit/" in body(client_for(FINANCE).get(f"/funding/{stream.slug}/"))
    commissioner = body(client_for(COMMISSIONER).get("/funding/"))
    assert "/funding/streams/add/" not in commissioner
    assert f"/funding/{stream.slug}/edit/" not in body(
        client_for(COMMISSIONER).get(f"/funding/{stream.slug}/")
    )


# The calculator's figures ----------------------------------------------------------------------------


def basis_data(**changes):
    data = {
        "beds": "12",
        "service_users": "0",
        "new_packages": "0",
        "hard_to_serve_packages": "0",
        "reason": "CQC register, March 2022",
    }
    data.update(changes)
    return data


def test_basis_list_pages_and_links(client_for, round_, bases):
    client = client_for(FINANCE)
    text = body(client.get(f"/funding/rounds/{round_.pk}/bases/"))
    assert "3 providers" in text and "Home 1" in text
    assert "Add a provider's figures" in text and "/edit/" in text
    assert f"/funding/rounds/{round_.pk}/bases/" in body(client.get(f"/funding/rounds/{round_.pk}/"))
    assert f"/funding/rounds/{round_.pk}/bases/" in body(
        client.get(f"/funding/rounds/{round_.pk}/calculator/")
    )
    for n in range(30):
        ProviderBasis.objects.create(round=round_, provider=ProviderFactory(name=f"Extra {n:02}"), beds=1)
    second = body(client.get(f"/funding/rounds/{round_.pk}/bases/?page=2"))
    assert "33 providers" in second and "Extra 25" in second and "Home 3" in second
    assert "Extra 24" not in second  # by provider name: Extra 00 to 24 are on page 1


def test_commissioner_reads_figures_but_cannot_change_them(client_for, round_, bases):
    client = client_for(COMMISSIONER)
    text = body(client.get(f"/funding/rounds/{round_.pk}/bases/"))
    assert "Home 1" in text and "Add a provider's figures" not in text and "Correct" not in text
    basis = ProviderBasis.objects.get(provider=bases[0])
    assert client.post(f"/funding/bases/{basis.pk}/edit/", basis_data(beds="99")).status_code == 403
    home = ProviderFactory()
    data = basis_data(provider=home.companies_house_number)
    assert client.post(f"/funding/rounds/{round_.pk}/bases/add/", data).status_code == 403
    basis.refresh_from_db()
    assert basis.beds == 10 and not ProviderBasis.objects.filter(provider=home).exists()


@pytest.mark.parametrize("role", [*OTHER_STAFF, "provider"])
def test_others_cannot_see_or_change_figures(client_for, round_, bases, role):
    client = client_for(role)
    basis = ProviderBasis.objects.get(provider=bases[0])
    assert client.get(f"/funding/rounds/{round_.pk}/bases/").status_code == 403
    assert client.post(f"/funding/bases/{basis.pk}/edit/", basis_data(beds="99")).status_code == 403
    assert client.get("/funding/streams/add/").status_code == 403
    basis.refresh_from_db()
    assert basis.beds == 10


def test_finance_officer_adds_figures_by_number(client_for, round_, users):
    home = ProviderFactory(name="New Home", charity_number="1012345")
    response = client_for(FINANCE).post(
        f"/funding/rounds/{round_.pk}/bases/add/", basis_data(provider="1012345", beds="8")
    )
    assert response.status_code == 302 and response["Location"] == f"/funding/rounds/{round_.pk}/bases/"
    basis = ProviderBasis.objects.get(round=round_, provider=home)
    assert basis.beds == 8
    record = basis.history.get()
    assert (record.history_user, record.history_change_reason) == (users[FINANCE], "CQC register, March 2022")


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"provider": ""}, "Enter the provider&#x27;s Companies House or charity number"),
        ({"provider": "99999999"}, "No active provider on the register has the number 99999999"),
        ({"provider": "HOME1"}, "Home 1 already has figures for this round: correct those instead"),
        ({"beds": ""}, "Enter the number of beds, or 0"),
        ({"beds": "ten"}, "Enter the number of beds as a whole number"),
        ({"beds": "2.5"}, "Enter the number of beds as a whole number"),
        ({"service_users": "-1"}, "The number of commissioned service users must be 0 or more"),
        ({"new_packages": "2000000"}, "The number of new packages is too large"),
        ({"reason": ""}, "Enter the reason"),
    ],
)
def test_bad_figures_save_nothing(client_for, round_, bases, changes, message):
    home = ProviderFactory(name="New Home")
    provider = changes.pop("provider", home.companies_house_number)
    if provider == "HOME1":
        provider = bases[0].companies_house_number
    client = client_for(FINANCE)
    response = client.post(
        f"/funding/rounds/{round_.pk}/bases/add/", basis_data(provider=provider, **changes)
    )
    assert response.status_code == 200
    text = body(response)
    assert message in text and "<title>Error: " in text
    assert ProviderBasis.objects.count() == 3
    if "provider" not in message.lower() and "Home 1" not in message:
        basis = ProviderBasis.objects.get(provider=bases[0])
        response = client.post(f"/funding/bases/{basis.pk}/edit/", basis_data(**changes))
        assert response.status_code == 200 and message in body(response)
        basis.refresh_from_db()
        assert basis.beds == 10 and basis.history.count() == 1


def test_correcting_a_figure_changes_the_calculators_proposal(client_for, round_, bases, users):
    client = client_for(FINANCE)
    proposals, _ = services.calculator_proposals(round_)
    assert {p.provider.name: p.amount for p in proposals}["Home 1"] == Decimal("4000")  # 10 beds at £400
    basis = ProviderBasis.objects.get(provider=bases[0])
    form = body(client.get(f"/funding/bases/{basis.pk}/edit/"))
    assert "Correct Home 1's figures" in form and 'value="10"' in form
    response = client.post(f"/funding/bases/{basis.pk}/edit/", basis_data(beds="12", reason="Miscounted"))
    assert response.status_code == 302
    proposals, _ = services.calculator_proposals(round_)
    assert {p.provider.name: p.amount for p in proposals}["Home 1"] == Decimal("4800")  # 12 beds at £400
    assert "12 beds" in body(client.get(f"/funding/rounds/{round_.pk}/calculator/"))
    assert (latest(basis).history_user, latest(basis).history_change_reason) == (users[FINANCE], "Miscounted")
    assert "Miscounted" in body(client.get(f"/funding/bases/{basis.pk}/edit/"))


def test_unknown_figures_404(client_for):
    client = client_for(FINANCE)
    assert client.get("/funding/rounds/999999/bases/").status_code == 404
    assert client.get("/funding/rounds/999999/bases/add/").status_code == 404
    assert client.get("/funding/bases/999999/edit/").status_code == 404
    assert client.get("/funding/no-such-fund/edit/").status_code == 404
