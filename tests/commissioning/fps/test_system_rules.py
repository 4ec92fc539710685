"""Issue 14's FPS dead ends: application windows edited and removed (not once applications exist, saying
why) within the FPS's term; a placement never before the package's start, and correctable; a minimum bid
period after publishing; the award choice not pre-selected."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.fps.forms.calloffs import AwardForm
from commissioning.fps.models import ApplicationWindow, Package
from commissioning.fps.services import calloffs as calloff_services
from commissioning.fps.services import system as services
from tests.commissioning.fps.factories import ApplicationFactory, PackageFactory, WindowFactory, fps_setup
from tests.commissioning.fps.factories_calloffs import closed_package, package_data, scored_bid
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
UK = timezone.get_default_timezone()


def at(*args):
    return datetime.datetime(*args, tzinfo=UK)


@pytest.fixture
def setup(users):
    return fps_setup()


def test_a_window_must_lie_within_the_term(setup, users):
    system, lots, window = setup  # go-live 1 July 2022, 5 years: ends 1 July 2027
    with pytest.raises(ValidationError) as error:
        services.window_add(
            system=system,
            name="Too early",
            opens_at=at(2022, 6, 1, 9),
            closes_at=at(2022, 6, 30, 17),
            by=users["commissioner"],
        )
    assert "must open on or after 1 July 2022" in str(error.value)
    with pytest.raises(ValidationError, match="must close before 1 July 2027"):
        services.window_add(
            system=system,
            name="Too late",
            opens_at=at(2027, 6, 1, 9),
            closes_at=at(2027, 7, 30, 17),
            by=users["commissioner"],
        )


def test_a_window_without_applications_can_be_changed_and_removed(setup, users):
    system, lots, window = setup
    later = WindowFactory(
        system=system, name="2026 window", opens_at=at(2026, 4, 1, 9), closes_at=at(2026, 5, 29, 17)
    )
    services.window_change(
        window=later,
        name="2026 application window",
        opens_at=at(2026, 4, 2, 9),
        closes_at=at(2026, 5, 29, 17),
        by=users["commissioner"],
    )
    later.refresh_from_db()
    assert (later.name, later.opens_at) == ("2026 application window", at(2026, 4, 2, 9))
    assert later.history.latest().history_change_reason == "Window changed"
    services.window_remove(window=later, by=users["commissioner"])
    assert not ApplicationWindow.objects.filter(pk=later.pk).exists()


def test_a_window_with_applications_stays_and_says_why(client_for, setup, users):
    system, lots, window = setup
    ApplicationFactory(window=window, lots=lots[:1])
    client = client_for("commissioner")
    url = reverse("fps:window-remove", args=[system.slug, window.pk])
    page = client.get(url).content.decode()
    assert "cannot be removed: 1 application has been made in it" in page
    response = client.post(url)
    assert response.status_code == 302 and ApplicationWindow.objects.filter(pk=window.pk).exists()
    with pytest.raises(ValidationError, match="the time it opens cannot change"):
        services.window_change(
            window=window,
            name=window.name,
            opens_at=window.opens_at - datetime.timedelta(days=1),
            closes_at=window.closes_at,
            by=users["commissioner"],
        )
    # Its closing time can still move on (the providers with drafts gain time).
    services.window_change(
        window=window,
        name=window.name,
        opens_at=window.opens_at,
        closes_at=window.closes_at + datetime.timedelta(days=7),
        by=users["commissioner"],
    )


def test_the_windows_page_edits_a_window(client_for, setup):
    system, lots, window = setup
    client = client_for("commissioner")
    page = client.get(reverse("fps:windows", args=[system.slug])).content.decode()
    assert window.name in page and ">Open</strong>" in page
    response = client.post(
        reverse("fps:window-edit", args=[system.slug, window.pk]),
        {
            "name": "",
            **date_fields("opens_on", "31/02/2023"),
            "opens_time": "09:00",
            **date_fields("closes_on", None),
            "closes_time": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Enter the window" in page
    assert "Date it opens must be a real date" in page and "Enter the date it closes" in page


def test_a_placement_cannot_start_before_the_package_and_can_be_corrected(setup, own_provider, users):
    system, lots, window = setup
    package = closed_package(lots[0], start_date=datetime.date(2025, 9, 1))
    bid = scored_bid(package, own_provider, price="400", quality=70, social_value=50)
    by = users["commissioner"]
    calloff_services.package_award(package=package, bid=bid, reason="Only bid", by=by)
    with pytest.raises(ValidationError) as error:
        calloff_services.package_placement(
            package=package, brokerage_reference="CBT-1", placement_start=datetime.date(2025, 8, 31), by=by
        )
    assert error.value.message_dict["placement_start"] == [
        "The placement cannot start before the package's start date, 1 September 2025"
    ]
    calloff_services.package_placement(
        package=package, brokerage_reference="CBT-1", placement_start=datetime.date(2025, 9, 1), by=by
    )
    calloff_services.package_placement_correct(
        package=package,
        brokerage_reference="CBT-12",
        placement_start=datetime.date(2025, 9, 8),
        reason="Typo",
        by=by,
    )
    package.refresh_from_db()
    assert (package.brokerage_reference, package.placement_start) == ("CBT-12", datetime.date(2025, 9, 8))
    assert package.history.latest().history_change_reason == "Placement corrected: Typo"
    with pytest.raises(ValidationError, match="Enter the reason"):
        calloff_services.package_placement_correct(
            package=package,
            brokerage_reference="CBT-13",
            placement_start=datetime.date(2025, 9, 8),
            reason="",
            by=by,
        )


def test_the_placement_page_corrects_a_recorded_placement(commissioner_client, setup, own_provider, users):
    system, lots, window = setup
    package = closed_package(lots[0], start_date=datetime.date(2025, 9, 1))
    bid = scored_bid(package, own_provider, price="400", quality=70, social_value=50)
    calloff_services.package_award(package=package, bid=bid, reason="Only bid", by=users["commissioner"])
    calloff_services.package_placement(
        package=package,
        brokerage_reference="CBT-1",
        placement_start=datetime.date(2025, 9, 1),
        by=users["commissioner"],
    )
    url = reverse("fps:package-placement", args=[package.reference])
    assert "Correct the placement" in commissioner_client.get(url).content.decode()
    response = commissioner_client.post(
        url,
        {
            "brokerage_reference": "CBT-2",
            **date_fields("placement_start", "01/09/2025"),
            "reason": "Wrong reference",
        },
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.brokerage_reference == "CBT-2" and package.status == Package.Status.PLACED


def test_a_bid_deadline_must_leave_the_minimum_bid_period(commissioner_client, setup, settings, users):
    settings.FPS_MINIMUM_BID_HOURS = 72
    system, lots, window = setup
    soon = timezone.localdate() + datetime.timedelta(days=1)
    response = commissioner_client.post(
        reverse("fps:package-create"), package_data(lots[0], **date_fields("deadline_date", soon))
    )
    assert response.status_code == 200
    assert (
        "The bid deadline must be at least 3 days after the package is published" in response.content.decode()
    )
    draft = PackageFactory(
        lot=lots[0], status=Package.Status.DRAFT, bid_deadline=timezone.now() + datetime.timedelta(minutes=15)
    )
    with pytest.raises(ValidationError, match="at least 3 days after the package is published"):
        calloff_services.package_publish(package=draft, by=users["commissioner"])
    settings.FPS_MINIMUM_BID_HOURS = 0
    calloff_services.package_publish(package=draft, by=users["commissioner"])


def test_the_award_choice_is_not_pre_selected(setup, own_provider, other_provider):
    system, lots, window = setup
    package = closed_package(lots[0])
    first = scored_bid(package, own_provider, price="400", quality=90, social_value=50)
    scored_bid(package, other_provider, price="500", quality=60, social_value=50)
    ranking = calloff_services.ranked_bids(package, package.bids.select_related("provider"))
    assert ranking[0].bid == first and ranking[0].rank == 1
    form = AwardForm(ranking=ranking)
    assert "bid" not in form.initial
    assert "checked" not in str(form["bid"])
