"""Issue 14's FPS set-up dead ends, through HTTP: a new purchasing system, a change to its name or term
(never leaving a window outside it), and a lot changed or removed (not while anything refers to it)."""

import datetime

import pytest
from django.utils import timezone

from commissioning.fps.models import ApplicationWindow, Lot, PurchasingSystem
from tests.commissioning.fps.factories import ApplicationFactory, WindowFactory, fps_setup
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
UK = timezone.get_default_timezone()


@pytest.fixture
def setup(users):
    return fps_setup()


def new_system(**changes) -> dict:
    return {
        "name": "Supported Living Dynamic Market",
        "code": "sldm",
        "summary": "Supported living for adults with learning disabilities.",
        "regime": PurchasingSystem.Regime.PA_2023,
        "legal_basis": "Procurement Act 2023, section 39",
        "delegated_decision_maker": "Director of Commissioning",
        **date_fields("go_live", datetime.date(2027, 4, 1)),
        "term_years": "4",
        **changes,
    }


def test_a_commissioner_sets_up_a_purchasing_system(commissioner_client, users):
    assert "/fps/new/" in commissioner_client.get("/fps/").content.decode()
    response = commissioner_client.post("/fps/new/", new_system())
    system = PurchasingSystem.objects.get(code="SLDM")
    assert response.status_code == 302 and response["Location"] == system.get_absolute_url()
    assert system.slug == "supported-living-dynamic-market"
    assert system.status == PurchasingSystem.Status.IN_DEVELOPMENT
    assert (system.go_live, system.ends) == (datetime.date(2027, 4, 1), datetime.date(2031, 4, 1))
    created = system.history.get()
    assert created.history_user == users["commissioner"]
    assert created.history_change_reason == "Purchasing system set up"
    page = commissioner_client.get(system.get_absolute_url()).content.decode()
    assert "1 April 2027 to 1 April 2031" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Enter the purchasing system&#x27;s name"),
        ({"name": "x" * 201}, "Name must be 200 characters or fewer"),
        ({"code": "S-1"}, "The reference code must be 2 to 10 letters"),
        ({"code": "do"}, "Another purchasing system already uses the code DO"),
        ({"go_live-day": "31", "go_live-month": "2"}, "must be a real date"),
        ({"term_years": "five"}, "Enter the term as a whole number of years"),
        ({"term_years": "0"}, "The term must be between 1 and 10 years"),
        ({"regime": "other"}, "Choose one of the rules listed"),
    ],
)
def test_bad_input_is_a_govuk_error_and_makes_nothing(setup, commissioner_client, changes, message):
    before = PurchasingSystem.objects.count()
    response = commissioner_client.post("/fps/new/", new_system(**changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert message in body
    assert PurchasingSystem.objects.count() == before


def term(go_live: datetime.date, years: int, name="Day Opportunities Flexible Purchasing System") -> dict:
    return {
        "name": name,
        "summary": "Day opportunities.",
        **date_fields("go_live", go_live),
        "term_years": years,
    }


def test_the_term_cannot_leave_a_window_outside_it(setup, commissioner_client, users):
    system, lots, window = setup  # go-live 1 July 2022, 5 years
    early = datetime.datetime(2023, 3, 1, 9, tzinfo=UK)
    ApplicationWindow.objects.filter(pk=window.pk).update(
        opens_at=early, closes_at=early + datetime.timedelta(days=30)
    )
    late = datetime.datetime(2027, 3, 1, 9, tzinfo=UK)
    WindowFactory(
        system=system, name="2027 window", opens_at=late, closes_at=late + datetime.timedelta(days=30)
    )
    url = f"/fps/{system.slug}/edit/"
    response = commissioner_client.post(url, term(datetime.date(2022, 7, 1), 4))
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The 2027 window (open from 9am on 1 March 2027" in body
    assert "would lie outside a term from 1 July 2022 to 1 July 2026" in body
    system.refresh_from_db()
    assert system.term_years == 5

    response = commissioner_client.post(url, term(datetime.date(2022, 7, 1), 7, name="Day Opportunities FPS"))
    assert response.status_code == 302
    system.refresh_from_db()
    assert (system.name, system.ends) == ("Day Opportunities FPS", datetime.date(2029, 7, 1))
    assert system.history.first().history_user == users["commissioner"]


def test_a_lot_is_changed_and_closed(setup, commissioner_client, users):
    system, lots, window = setup
    url = f"/fps/{system.slug}/lots/{lots[1].pk}/edit/"
    assert url in commissioner_client.get(system.get_absolute_url()).content.decode()
    taken = commissioner_client.post(url, {"title": "building based services", "description": ""})
    assert "already has a lot called building based services" in taken.content.decode()
    response = commissioner_client.post(url, {"title": "Community Outreach", "description": "Out and about."})
    assert response.status_code == 302
    lot = Lot.objects.get(pk=lots[1].pk)
    assert (lot.number, lot.title, lot.description, lot.is_active) == (
        2,
        "Community Outreach",
        "Out and about.",
        False,
    )
    assert lot.history.first().history_change_reason == "Lot 2 changed"


def test_a_lot_nothing_refers_to_is_removed_with_a_reason(setup, commissioner_client, users):
    system, lots, window = setup
    url = f"/fps/{system.slug}/lots/{lots[1].pk}/remove/"
    assert "Remove lot 2?" in commissioner_client.get(url).content.decode()
    empty = commissioner_client.post(url, {"reason": ""})
    assert "Enter the reason for removing the lot" in empty.content.decode()
    assert Lot.objects.filter(pk=lots[1].pk).exists()
    response = commissioner_client.post(url, {"reason": "Added by mistake."})
    assert response.status_code == 302
    assert not Lot.objects.filter(pk=lots[1].pk).exists()
    removed = Lot.history.filter(id=lots[1].pk, history_type="-").get()
    assert removed.history_user == users["commissioner"]
    assert removed.history_change_reason == "Lot 2 removed: Added by mistake."


def test_a_lot_with_applications_is_not_removed(setup, commissioner_client):
    system, lots, window = setup
    ApplicationFactory(window=window, lots=[lots[0]])
    url = f"/fps/{system.slug}/lots/{lots[0].pk}/remove/"
    page = commissioner_client.get(url).content.decode()
    assert "Lot 1: Building Based Services cannot be removed: it has 1 application." in page
    assert "Remove the lot</button>" not in page
    response = commissioner_client.post(url, {"reason": "Mistake."}, follow=True)
    assert "it has 1 application" in response.content.decode()
    assert Lot.objects.filter(pk=lots[0].pk).exists()


def test_only_commissioners_who_run_the_fps(setup, client_for):
    system, lots, window = setup
    for role in ("provider", "finance-officer"):
        client = client_for(role)
        assert client.post("/fps/new/", new_system()).status_code == 403
        assert client.post(f"/fps/{system.slug}/edit/", term(datetime.date(2020, 1, 1), 9)).status_code == 403
        assert (
            client.post(f"/fps/{system.slug}/lots/{lots[1].pk}/remove/", {"reason": "x"}).status_code == 403
        )
    assert PurchasingSystem.objects.count() == 1
    assert Lot.objects.count() == 2
    assert ApplicationWindow.objects.count() == 1
    assert PurchasingSystem.objects.get().go_live == datetime.date(2022, 7, 1)
