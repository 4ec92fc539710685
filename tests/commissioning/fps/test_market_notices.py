"""Dynamic markets in the FPS's pages (issue 17, Procurement Act 2023): commissioners set a system's rules
and the day a dynamic market was established, record the notices the Act requires with their publication
dates (refused when dated before the event they report), remove excluded suppliers; the notices are
releases in the OCDS export, which still validates against the schema with its extensions."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.fps import ocds
from commissioning.fps.models import Admission, Notice, Package
from commissioning.fps.services import market as services
from tests.commissioning.fps.factories import BidFactory, PackageFactory, fps_setup
from tests.commissioning.fps.factories_calloffs import admit
from tests.forms import with_dates

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def system(db):
    return fps_setup()[0]


def post(client, url, data, *dates):
    return client.post(url, with_dates(data, *dates))


def notice(client, system, **data):
    data = {"reference": "", "url": "", "description": "", "event_on": None, **data}
    return post(client, reverse("fps:notice-add", args=[system.slug]), data, "event_on", "published_on")


def test_a_dynamic_market_is_set_up_and_then_fixed(system, client_for):
    commissioner = client_for("commissioner")
    url = reverse("fps:market-edit", args=[system.slug])
    bad = [
        ({"regime": "pcr-2015", "established_on": TODAY}, "Only a dynamic market"),
        ({"regime": "pa-2023", "established_on": TODAY + DAY}, "must be today or in the past"),
        ({"regime": "", "established_on": None}, "Choose the rules it runs under"),
    ]
    for data, message in bad:
        response = post(commissioner, url, data, "established_on")
        assert response.status_code == 200 and message in response.content.decode(), message
    system.refresh_from_db()
    assert (system.regime, system.established_on) == ("pcr-2015", None)

    # PCR 2015 systems record no PA 2023 notices.
    response = notice(commissioner, system, kind="UK13", event_on=TODAY, published_on=TODAY - DAY)
    assert "notices are recorded for dynamic markets only" in response.content.decode()

    assert (
        post(commissioner, url, {"regime": "pa-2023", "established_on": None}, "established_on").status_code
        == 302
    )
    assert (
        notice(
            commissioner, system, kind="UK13", event_on=TODAY - DAY, published_on=TODAY - 10 * DAY
        ).status_code
        == 302
    )
    # Established before the intention notice was published: refused.
    response = post(
        commissioner, url, {"regime": "pa-2023", "established_on": TODAY - 20 * DAY}, "established_on"
    )
    assert "when the intention notice was published" in response.content.decode()
    assert (
        post(
            commissioner, url, {"regime": "pa-2023", "established_on": TODAY - DAY}, "established_on"
        ).status_code
        == 302
    )
    system.refresh_from_db()
    assert system.established_on == TODAY - DAY
    assert system.history.first().history_change_reason.startswith("Established as a dynamic market")
    response = post(commissioner, url, {"regime": "pcr-2015", "established_on": None}, "established_on")
    assert "its rules and that date are fixed" in response.content.decode()
    system.refresh_from_db()
    assert system.regime == "pa-2023"
    # Its conditions for membership are now fixed: the questionnaire editor says so and refuses.
    page = commissioner.get(reverse("fps:market", args=[system.slug])).content.decode()
    assert "conditions" in page and "fixed" in page


def test_notices_cannot_be_dated_before_their_event(system, client_for, own_provider):
    commissioner = client_for("commissioner")
    services.market_change(system=system, regime="pa-2023", established_on=TODAY - 30 * DAY, by=None)
    refusals = [
        ({"kind": "UK14", "published_on": TODAY - 31 * DAY}, "cannot be published before it"),
        (
            {"kind": "UK15", "event_on": TODAY - 40 * DAY, "published_on": TODAY},
            "when the market was established",
        ),
        (
            {"kind": "UK15", "event_on": TODAY - 2 * DAY, "published_on": TODAY - 3 * DAY},
            "cannot be published before it",
        ),
        ({"kind": "UK13", "event_on": TODAY, "published_on": TODAY}, "an intention notice comes before that"),
        ({"kind": "UK14", "published_on": TODAY + DAY}, "must be today or in the past"),
        ({"kind": "", "published_on": TODAY}, "Choose the kind of notice"),
        ({"kind": "UK4", "published_on": TODAY}, "Choose the call-off (package) the notice is about"),
        (
            {"kind": "UK14", "published_on": TODAY, "url": "not an address"},
            "Enter the web address in the right format",
        ),
    ]
    for data, message in refusals:
        response = notice(commissioner, system, **data)
        assert response.status_code == 200 and message in response.content.decode(), message
    assert not Notice.objects.exists()
    assert (
        notice(
            commissioner, system, kind="UK14", published_on=TODAY - 29 * DAY, reference="012345-2025"
        ).status_code
        == 302
    )
    assert (
        "is already recorded"
        in notice(commissioner, system, kind="UK14", published_on=TODAY).content.decode()
    )
    established = Notice.objects.get()
    assert (established.event_on, established.reference) == (TODAY - 30 * DAY, "012345-2025")

    # Call-offs: each notice reports the package's own event.
    lot = system.lots.first()
    admit(own_provider, lot)
    package = PackageFactory(
        lot=lot, published_at=timezone.now() - 10 * DAY, bid_deadline=timezone.now() - 5 * DAY
    )
    response = notice(commissioner, system, kind="UK6", package=package.pk, published_on=TODAY)
    assert "has not been awarded yet" in response.content.decode()
    assert (
        "cannot be published before it"
        in notice(
            commissioner, system, kind="UK4", package=package.pk, published_on=TODAY - 11 * DAY
        ).content.decode()
    )
    assert (
        notice(
            commissioner, system, kind="UK4", package=package.pk, published_on=TODAY - 10 * DAY
        ).status_code
        == 302
    )
    bid = BidFactory(package=package, provider=own_provider)
    placed_at = timezone.now() - 130 * DAY
    Package.objects.filter(pk=package.pk).update(
        status=Package.Status.PLACED,
        awarded_bid=bid,
        awarded_at=placed_at,
        placement_recorded_at=placed_at,
        placement_start=TODAY,
    )
    page = commissioner.get(reverse("fps:market", args=[system.slug])).content.decode()
    assert "Contract details notices to publish" in page and package.reference in page
    response = notice(commissioner, system, kind="UK7", package=package.pk, published_on=TODAY)
    assert response.status_code == 302
    details = Notice.objects.get(kind="UK7")
    assert details.due_by == TODAY - 130 * DAY + 120 * DAY and services.is_late(details)
    page = commissioner.get(reverse("fps:market", args=[system.slug])).content.decode()
    assert "Late" in page and "Contract details notices to publish" not in page


def test_the_notices_are_releases_in_a_valid_ocds_export(system, client):
    services.market_change(system=system, regime="pa-2023", established_on=TODAY - 30 * DAY, by=None)
    services.notice_record(
        system=system,
        kind="UK14",
        published_on=TODAY - 29 * DAY,
        reference="012345-2025",
        url="https://www.find-tender.service.gov.uk/Notice/012345-2025",
        by=None,
    )
    services.notice_record(
        system=system,
        kind="UK15",
        event_on=TODAY - 3 * DAY,
        published_on=TODAY - 2 * DAY,
        description="Lot 2 added",
        by=None,
    )
    response = client.get(reverse("fps:ocds", args=[system.slug]))
    package = json.loads(b"".join(response.streaming_content))
    notices = [r for r in package["releases"] if "-notice-" in r["id"]]
    assert [r["tag"] for r in notices] == [["tender"], ["tenderAmendment"]]
    assert ocds.validation_errors(package) == []


def test_an_excluded_supplier_is_removed_and_the_record_says_why(system, client_for, own_provider):
    admission = admit(own_provider, system.lots.first())
    url = reverse("fps:admission-remove", args=[admission.pk])
    assert "The provider is an excluded supplier" in client_for("commissioner").get(url).content.decode()
    response = client_for("commissioner").post(
        url, {"reason": "Convicted of fraud (mandatory exclusion).", "excluded": "on"}
    )
    assert response.status_code == 302
    admission.refresh_from_db()
    assert (admission.status, admission.excluded) == (Admission.Status.REMOVED, True)
    assert admission.history.first().history_change_reason.startswith("Removed as an excluded supplier")
    suspend = reverse("fps:admission-suspend", args=[admit(own_provider, system.lots.last()).pk])
    assert "excluded supplier" not in client_for("commissioner").get(suspend).content.decode()


def test_conditions_for_membership_change_only_with_a_modification_notice(system, client_for):
    commissioner = client_for("commissioner")
    url = reverse("fps:section-add", args=[system.slug])
    data = {"title": "Fees", "guidance": "", "lot": ""}
    assert commissioner.post(url, data).status_code == 302  # not a dynamic market yet
    services.market_change(system=system, regime="pa-2023", established_on=TODAY - 30 * DAY, by=None)
    response = commissioner.post(url, {**data, "title": "Fees again"})
    assert "conditions for membership are fixed" in response.content.decode()
    assert not system.sections.filter(title="Fees again").exists()
    response = notice(
        commissioner, system, kind="UK15", event_on=TODAY, published_on=TODAY, description="Fees section"
    )
    assert response.status_code == 302
    assert commissioner.post(url, {**data, "title": "Fees again"}).status_code == 302
