"""The FPS's public pages: the list of purchasing systems and each one's overview (lots, windows open or
closed in UK time, the report's spend figures), and what a visitor may do from there."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.fps.models import ApplicationWindow, PurchasingSystem, SpendFigure
from tests.commissioning.fps.factories import (
    ApplicationFactory,
    LotFactory,
    PurchasingSystemFactory,
    WindowFactory,
    fps_setup,
)

pytestmark = pytest.mark.django_db
UK = zoneinfo.ZoneInfo("Europe/London")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_index_lists_systems_even_one(client):
    assert "There are no flexible purchasing systems yet" in text(client.get(reverse("fps:index")))
    system, lots, window = fps_setup()
    page = text(client.get(reverse("fps:index")))
    assert f'href="{system.get_absolute_url()}"' in page
    assert "Lot 1: Building Based Services" in page
    assert "Open</strong> until" in page


def test_overview_says_what_the_system_is(client):
    system, lots, window = fps_setup()
    SpendFigure.objects.create(
        system=system,
        label="Care4CE day opportunities",
        amount="3370000",
        people=358,
        as_of=datetime.date(2021, 4, 1),
        source="AH/39/2021-22, 8.2.1",
    )
    page = text(client.get(reverse("fps:overview", args=[system.slug])))
    for expected in [
        system.name,
        "Public Contracts Regulations 2015, Part 3 Section 7 and Schedule 3",
        "Executive Director of Adults, Health and Integration",
        "5 years, 1 July 2022 to 1 July 2027",
        "Lot 1: Building Based Services",
        "Lot 2: Community Support",
        "£3,370,000",
        "358",
        "1 April 2021",
        "Applications are open until",
    ]:
        assert expected in page, expected
    # Anonymous visitors are asked to sign in or register; no Apply button.
    assert "register your organisation" in page
    assert reverse("fps:application-start", args=[system.slug]) not in page


def test_windows_shown_in_uk_time_with_their_state(client):
    system, lots, window = fps_setup()
    ApplicationWindow.objects.filter(pk=window.pk).update(name="Current window")
    WindowFactory(
        system=system,
        name="2021 application window",
        opens_at=datetime.datetime(2021, 5, 1, 9, tzinfo=UK),
        closes_at=datetime.datetime(2021, 5, 31, 17, tzinfo=UK),
    )
    WindowFactory(
        system=system,
        name="2031 application window",
        opens_at=datetime.datetime(2031, 6, 2, 9, tzinfo=UK),
        closes_at=datetime.datetime(2031, 6, 30, 17, tzinfo=UK),
    )
    page = text(client.get(reverse("fps:overview", args=[system.slug])))
    assert "31 May 2021 at 5pm" in page  # 16:00 UTC, shown in British Summer Time
    assert "2 June 2031 at 9am" in page
    assert ">Open</strong>" in page and ">Closed</strong>" in page and ">Not yet open</strong>" in page


def test_closed_says_when_next(client):
    system, lots, window = fps_setup()
    ApplicationWindow.objects.filter(pk=window.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    WindowFactory(
        system=system,
        name="Next window",
        opens_at=datetime.datetime(2031, 6, 2, 9, tzinfo=UK),
        closes_at=datetime.datetime(2031, 6, 30, 17, tzinfo=UK),
    )
    page = text(client.get(reverse("fps:overview", args=[system.slug])))
    assert "Applications are closed. The Next window opens at 2 June 2031 at 9am (UK time)." in page


def test_apply_for_provider_users_only(client_for, own_provider):
    system, lots, window = fps_setup()
    url = reverse("fps:overview", args=[system.slug])
    apply_url = reverse("fps:application-start", args=[system.slug])
    assert apply_url in text(client_for("provider").get(url))
    assert apply_url not in text(client_for("commissioner").get(url))
    application = ApplicationFactory(provider=own_provider, window=window, lots=[lots[0]])
    page = text(client_for("provider").get(url))
    assert apply_url not in page and application.reference in page


def test_unknown_system_is_404(client):
    assert client.get("/fps/no-such-system/").status_code == 404


def test_index_and_overview_query_counts_are_flat(client, django_assert_max_num_queries):
    system, lots, window = fps_setup()

    def count(url):
        with django_assert_max_num_queries(10) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    index_few, overview_few = count(reverse("fps:index")), count(reverse("fps:overview", args=[system.slug]))
    for n in range(3, 9):
        LotFactory(system=system, number=n, title=f"Lot {n}")
        WindowFactory(
            system=system,
            name=f"Old window {n}",
            opens_at=timezone.now() - datetime.timedelta(days=400 + n),
            closes_at=timezone.now() - datetime.timedelta(days=300 + n),
        )
        SpendFigure.objects.create(
            system=system, label=f"Figure {n}", amount=n, as_of=datetime.date(2021, 4, 1)
        )
    for n in range(5):
        PurchasingSystemFactory(slug=f"other-{n}", code=f"O{n}", name=f"Other system {n}")
    assert PurchasingSystem.objects.count() == 6
    assert count(reverse("fps:index")) == index_few
    assert count(reverse("fps:overview", args=[system.slug])) == overview_few
