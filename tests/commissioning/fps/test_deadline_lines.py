"""Every deadline a provider or commissioner sees says how long is left (issue 17): "closes in N days",
by the server's clock in UK days, the same words as the reminder emails (services.reminders.closes_in)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.fps.services.reminders import closes_in
from tests.commissioning.fps.factories import ApplicationFactory, PackageFactory, fps_setup
from tests.commissioning.fps.factories_calloffs import admit

pytestmark = pytest.mark.django_db


def test_window_deadlines_say_how_long_is_left(client_for, own_provider):
    system, lots, window = fps_setup()
    left = closes_in(window.closes_at)
    assert left.startswith("closes in ")
    application = ApplicationFactory(window=window, provider=own_provider, lots=lots[:1])
    provider = client_for("provider")
    pages = {
        "overview": provider.get(system.get_absolute_url()),
        "index": provider.get(reverse("fps:index")),
        "application": provider.get(application.get_absolute_url()),
        "home": provider.get(reverse("home")),
        "windows": client_for("commissioner").get(reverse("fps:windows", args=[system.slug])),
    }
    missing = [name for name, page in pages.items() if left not in page.content.decode().lower()]
    assert not missing, f"no '{left}' on {missing}"


def test_bid_deadlines_say_how_long_is_left_until_they_pass(client_for, own_provider):
    system, lots, _window = fps_setup()
    admit(own_provider, lots[0])
    package = PackageFactory(lot=lots[0], bid_deadline=timezone.now() + datetime.timedelta(days=2, hours=1))
    left = closes_in(package.bid_deadline)
    for role in ("provider", "commissioner"):
        client = client_for(role)
        for url in (package.get_absolute_url(), reverse("fps:packages")):
            assert left.lower() in client.get(url).content.decode().lower(), (role, url)
    package.bid_deadline = timezone.now() - datetime.timedelta(hours=1)
    package.save()
    page = client_for("provider").get(package.get_absolute_url()).content.decode()
    assert "closes in" not in page and "Bidding closed" not in page
