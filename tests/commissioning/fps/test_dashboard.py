"""The FPS's panels on the home page: commissioners see the queue; provider users their own work."""

import pytest
from django.urls import reverse

from commissioning.fps.models import Application, Notification
from tests.commissioning.fps.factories import (
    AdmissionFactory,
    ApplicationFactory,
    BidFactory,
    PackageFactory,
    fps_setup,
)

pytestmark = pytest.mark.django_db


def test_provider_panel_counts_its_own_work_only(client_for, own_provider, other_provider):
    system, lots, window = fps_setup()
    ApplicationFactory(window=window, provider=own_provider, lots=[lots[0]])
    ApplicationFactory(window=window, provider=other_provider, status=Application.Status.CLARIFICATION)
    AdmissionFactory(lot=lots[0], provider=own_provider)
    bid_on = PackageFactory(lot=lots[0])
    PackageFactory(lot=lots[0])
    PackageFactory(lot=lots[1])  # not admitted to lot 2: not counted
    BidFactory(package=bid_on, provider=own_provider)
    Notification.objects.create(provider=own_provider, subject="Hello", body="Unread")
    Notification.objects.create(provider=other_provider, subject="Not yours", body="Unread")

    text = client_for("provider").get(reverse("home")).content.decode()

    assert "Open window" in text
    assert "1 application in progress" in text
    assert "clarification question to answer" not in text
    assert "2 care packages open for bids</a>, 1 you have not bid for" in text
    assert "1 unread message" in text


def test_provider_panel_query_count_does_not_grow(client_for, own_provider, django_assert_max_num_queries):
    system, lots, window = fps_setup()
    client = client_for("provider")
    AdmissionFactory(lot=lots[0], provider=own_provider)
    client.get(reverse("home"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("home"))
    for _ in range(15):
        BidFactory(package=PackageFactory(lot=lots[0]), provider=own_provider)
        Notification.objects.create(provider=own_provider, subject="Hello", body="Unread")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_commissioner_sees_the_queue_panel(client_for):
    _, lots, window = fps_setup()
    ApplicationFactory(window=window, status=Application.Status.SUBMITTED)
    text = client_for("commissioner").get(reverse("home")).content.decode()
    assert "1 application to evaluate" in text
    assert "Open window" not in text
