"""A provider's bid through HTTP: made and changed until the deadline, one per package, only on a lot the
provider is actively admitted to; other providers' packages and bids are never shown; commissioners see
bids only after the deadline."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.fps.models import Admission, Bid, Package
from commissioning.fps.services import calloffs as services
from tests.commissioning.fps.factories import BidFactory, PackageFactory
from tests.commissioning.fps.factories_calloffs import admit, bid_data, calloff_setup, closed_package
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def lots(own_provider, other_provider):
    _system, lots = calloff_setup(own_provider, other_provider=other_provider)
    return lots


@pytest.fixture
def package(lots):
    return PackageFactory(lot=lots[0])


def errors_of(response) -> str:
    body = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary.*?</ul>', body, re.S)
    return match.group(0) if match else ""


class TestMakeAndChange:
    def test_make_then_change_the_one_bid(self, provider_client, package, own_provider, users):
        url = f"/fps/packages/{package.reference}/bid/"
        assert "Bid for this package" in provider_client.get(url).content.decode()
        response = provider_client.post(url, bid_data())
        assert response.status_code == 302 and response["Location"] == f"/fps/packages/{package.reference}/"
        bid = Bid.objects.get()
        assert (bid.provider, bid.weekly_price, bid.submitted_by) == (
            own_provider,
            Decimal("450.00"),
            users["provider"],
        )
        assert "Change your bid" in provider_client.get(url).content.decode()
        response = provider_client.post(url, bid_data(weekly_price="425.50"))
        assert response.status_code == 302
        assert Bid.objects.count() == 1  # the second POST changed the bid
        bid.refresh_from_db()
        assert bid.weekly_price == Decimal("425.50")
        assert [r.history_change_reason for r in bid.history.order_by("history_id")] == [
            "Bid made",
            "Bid changed",
        ]

    def test_form_errors(self, provider_client, package):
        response = provider_client.post(
            f"/fps/packages/{package.reference}/bid/",
            bid_data(weekly_price="abc", outcomes_response="", **date_fields("start_date", "01/01/2020")),
        )
        summary = errors_of(response)
        assert "Enter the weekly price as an amount in pounds" in summary
        assert "Enter how you will meet the person" in summary
        assert "The date you can start must be today or in the future" in summary
        assert not Bid.objects.exists()


class TestRefused:
    def test_late_bid_refused_and_nothing_saved(self, provider_client, lots):
        package = closed_package(lots[0])
        url = f"/fps/packages/{package.reference}/bid/"
        body = provider_client.get(url).content.decode()
        assert "The bid deadline for package" in body and 'name="weekly_price"' not in body
        response = provider_client.post(url, bid_data())
        assert response.status_code == 200
        assert "bids can no longer be made or changed" in errors_of(response)
        assert not Bid.objects.exists()

    def test_changing_a_bid_after_the_deadline_is_refused(self, provider_client, lots, own_provider):
        package = closed_package(lots[0])
        bid = BidFactory(package=package, provider=own_provider)
        response = provider_client.post(
            f"/fps/packages/{package.reference}/bid/", bid_data(weekly_price="1.00")
        )
        assert "bids can no longer be made or changed" in errors_of(response)
        bid.refresh_from_db()
        assert bid.weekly_price == Decimal("450.00")

    def test_the_deadline_is_the_servers_time(self, package, own_provider, users):
        """The service decides, at its own clock: a moment after the deadline is refused."""
        late = package.bid_deadline + datetime.timedelta(seconds=1)
        with pytest.raises(ValidationError, match="passed"):
            services.bid_submit(
                package=package,
                provider=own_provider,
                data={
                    "weekly_price": Decimal("1"),
                    "price_breakdown": "x",
                    "outcomes_response": "x",
                    "social_value": "",
                    "start_date": package.start_date,
                },
                by=users["provider"],
                moment=late,
            )
        assert not Bid.objects.exists()

    def test_a_lot_not_admitted_to_is_404(self, client_for, package):
        """The other provider is admitted to lot 2 only: lot 1's package is not published to it."""
        other = client_for("other-provider")
        assert other.get(f"/fps/packages/{package.reference}/").status_code == 404
        assert other.post(f"/fps/packages/{package.reference}/bid/", bid_data()).status_code == 404
        assert not Bid.objects.exists()

    def test_a_lot_not_admitted_to_is_refused_even_when_visible(self, provider_client, lots, own_provider):
        """Visible because the provider bid before its admission was removed: it cannot bid again."""
        package = PackageFactory(lot=lots[0])
        bid = BidFactory(package=package, provider=own_provider)
        Admission.objects.filter(provider=own_provider).update(status=Admission.Status.REMOVED)
        response = provider_client.post(
            f"/fps/packages/{package.reference}/bid/", bid_data(weekly_price="9.99")
        )
        assert "is not admitted to Lot 1" in errors_of(response)
        bid.refresh_from_db()
        assert bid.weekly_price == Decimal("450.00")

    def test_suspended_admission_refused(self, provider_client, lots, own_provider):
        package = PackageFactory(lot=lots[0])
        BidFactory(package=package, provider=own_provider)  # so the package stays visible to it
        Admission.objects.filter(provider=own_provider).update(status=Admission.Status.SUSPENDED)
        url = f"/fps/packages/{package.reference}/bid/"
        assert "is suspended" in provider_client.get(url).content.decode()
        response = provider_client.post(url, bid_data(weekly_price="9.99"))
        assert "admission to Lot 1: Building Based Services is suspended" in errors_of(response)
        assert Bid.objects.get().weekly_price == Decimal("450.00")

    def test_suspended_without_a_bid_no_longer_sees_the_package(self, provider_client, package, own_provider):
        Admission.objects.filter(provider=own_provider).update(status=Admission.Status.SUSPENDED)
        assert provider_client.get(f"/fps/packages/{package.reference}/").status_code == 404
        assert provider_client.post(f"/fps/packages/{package.reference}/bid/", bid_data()).status_code == 404

    def test_drafts_and_guessed_references_are_404(self, provider_client, lots):
        draft = PackageFactory(lot=lots[0], status=Package.Status.DRAFT, published_at=None)
        assert provider_client.get(f"/fps/packages/{draft.reference}/").status_code == 404
        assert provider_client.get(f"/fps/packages/{draft.reference}/bid/").status_code == 404
        assert provider_client.get("/fps/packages/DO-CO-1999-0001/").status_code == 404

    def test_a_cancelled_package_is_refused(self, provider_client, lots, own_provider):
        package = PackageFactory(lot=lots[0], status=Package.Status.CANCELLED)
        response = provider_client.post(f"/fps/packages/{package.reference}/bid/", bid_data())
        assert "is cancelled: it is not open for bids" in errors_of(response)
        assert not Bid.objects.exists()

    def test_commissioners_and_other_staff_cannot_bid(self, client_for, package):
        for role in ["commissioner", "finance-officer"]:
            assert client_for(role).get(f"/fps/packages/{package.reference}/bid/").status_code == 403


class TestOthersBidsNeverShown:
    def test_another_providers_bid_is_not_shown(self, client_for, lots, own_provider, other_provider):
        admit(other_provider, lots[0])
        package = PackageFactory(lot=lots[0])
        BidFactory(package=package, provider=own_provider, weekly_price=Decimal("123.45"))
        other = client_for("other-provider")
        for url in [f"/fps/packages/{package.reference}/", f"/fps/packages/{package.reference}/bid/"]:
            body = other.get(url).content.decode()
            assert "123.45" not in body and own_provider.name not in body
        assert "£123.45" not in other.get("/fps/packages/").content.decode()
        assert other.get(f"/fps/packages/{package.reference}/bids/").status_code == 403

    def test_the_own_bid_shows_on_the_package(self, provider_client, package, own_provider):
        BidFactory(package=package, provider=own_provider, weekly_price=Decimal("123.45"))
        body = provider_client.get(f"/fps/packages/{package.reference}/").content.decode()
        assert "£123.45 a week" in body


class TestSealed:
    def test_before_the_deadline_only_the_count(self, commissioner_client, package, own_provider):
        BidFactory(package=package, provider=own_provider, weekly_price=Decimal("123.45"))
        body = commissioner_client.get(f"/fps/packages/{package.reference}/bids/").content.decode()
        assert "Bids are sealed until" in body and "1 bid received so far" in body
        assert own_provider.name not in body and "123.45" not in body
        package_page = commissioner_client.get(f"/fps/packages/{package.reference}/").content.decode()
        assert own_provider.name not in package_page  # nor in the history, until the deadline

    def test_after_the_deadline_the_bids(self, commissioner_client, lots, own_provider):
        package = closed_package(lots[0])
        BidFactory(package=package, provider=own_provider, weekly_price=Decimal("123.45"))
        body = commissioner_client.get(f"/fps/packages/{package.reference}/bids/").content.decode()
        assert own_provider.name in body and "£123.45" in body
        assert (
            "Bid from Own Organisation Ltd"
            in commissioner_client.get(f"/fps/packages/{package.reference}/").content.decode()
        )

    def test_scoring_before_the_deadline_is_refused(self, commissioner_client, package, own_provider):
        bid = BidFactory(package=package, provider=own_provider)
        response = commissioner_client.post(
            f"/fps/bids/{bid.pk}/score/", {"quality_score": "80", "social_value_score": "50"}
        )
        assert response.status_code == 302
        bid.refresh_from_db()
        assert bid.quality_score is None
