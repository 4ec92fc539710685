"""Scoring, ranking, the award (with every bidder told) and the placement."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from commissioning.fps.models import Notification, Package
from commissioning.fps.services import calloffs as services
from tests.commissioning.fps.factories import BidFactory, PackageFactory
from tests.commissioning.fps.factories_calloffs import admit, calloff_setup, closed_package, scored_bid
from tests.factories import ProviderFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def lots(own_provider, other_provider):
    _system, lots = calloff_setup(own_provider)
    admit(other_provider, lots[0])
    return lots


def errors_of(response) -> str:
    body = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary.*?</ul>', body, re.S)
    return match.group(0) if match else ""


class TestMath:
    def test_price_score(self):
        assert services.price_score(lowest=Decimal("400"), price=Decimal("400")) == 100
        assert services.price_score(lowest=Decimal("400"), price=Decimal("500")) == 80

    def test_total_with_60_40_and_social_value_10(self):
        package = Package(quality_weight=60, price_weight=40, social_value_weight=10)
        # (80 × 50 + 50 × 10 + 100 × 40) / 100
        assert services.total_score(
            package=package, quality=80, social_value=50, price=Decimal(100)
        ) == Decimal("85.00")
        # (90 × 50 + 70 × 10 + 80 × 40) / 100 = (4500 + 700 + 3200) / 100
        assert services.total_score(
            package=package, quality=90, social_value=70, price=Decimal(80)
        ) == Decimal("84.00")

    def test_rounding_to_2_places(self):
        package = Package(quality_weight=70, price_weight=30, social_value_weight=5)
        price = services.price_score(lowest=Decimal("400"), price=Decimal("450"))  # 88.888…
        # (75 × 65 + 60 × 5 + 88.888… × 30) / 100 = (4875 + 300 + 2666.666…) / 100 = 78.41666…
        assert services.total_score(package=package, quality=75, social_value=60, price=price) == Decimal(
            "78.42"
        )

    def test_ranking_ties_go_to_the_lower_price(self, lots, own_provider, other_provider):
        package = closed_package(lots[0], quality_weight=100, price_weight=0, social_value_weight=0)
        cheap = scored_bid(package, own_provider, price="400", quality=80, social_value=0)
        dear = scored_bid(package, other_provider, price="500", quality=80, social_value=0)
        unscored = BidFactory(package=package, provider=ProviderFactory(), weekly_price=Decimal("300"))
        ranking = services.ranked_bids(package, package.bids.all())
        assert [(item.bid, item.rank) for item in ranking] == [(cheap, 1), (dear, 2), (unscored, None)]
        assert ranking[0].total == ranking[1].total == Decimal("80.00")
        assert ranking[2].price_score == Decimal("100.00")  # the lowest price, even unscored


class TestScoreView:
    def test_score_and_see_the_ranking(self, commissioner_client, lots, own_provider, other_provider):
        package = closed_package(lots[0])
        a = BidFactory(package=package, provider=own_provider, weekly_price=Decimal("400"))
        b = BidFactory(package=package, provider=other_provider, weekly_price=Decimal("500"))
        assert commissioner_client.get(f"/fps/bids/{a.pk}/score/").status_code == 200
        response = commissioner_client.post(
            f"/fps/bids/{a.pk}/score/", {"quality_score": "70", "social_value_score": "50", "notes": "Good"}
        )
        assert response.status_code == 302
        commissioner_client.post(
            f"/fps/bids/{b.pk}/score/", {"quality_score": "90", "social_value_score": "80"}
        )
        a.refresh_from_db()
        assert (a.quality_score, a.social_value_score, a.score_notes, a.scored_by.username) == (
            70,
            50,
            "Good",
            "commissioner",
        )
        body = commissioner_client.get(f"/fps/packages/{package.reference}/bids/").content.decode()
        assert "Price score = lowest weekly price" in body
        body = body[body.index("<table") :]  # after the "is scored" messages
        # a: (70 × 50 + 50 × 10 + 100 × 40) / 100 = 80.00; b: (90 × 50 + 80 × 10 + 80 × 40) / 100 = 85.00
        assert body.index(other_provider.name) < body.index(own_provider.name)
        assert "85.00" in body and "80.00" in body

    def test_scores_out_of_100(self, commissioner_client, lots, own_provider):
        package = closed_package(lots[0])
        bid = BidFactory(package=package, provider=own_provider)
        response = commissioner_client.post(
            f"/fps/bids/{bid.pk}/score/", {"quality_score": "101", "social_value_score": "-1"}
        )
        summary = errors_of(response)
        assert "The quality score must be between 0 and 100" in summary
        assert "The social value score must be between 0 and 100" in summary

    def test_providers_cannot_score(self, client_for, lots, own_provider):
        package = closed_package(lots[0])
        bid = BidFactory(package=package, provider=own_provider)
        assert client_for("provider").get(f"/fps/bids/{bid.pk}/score/").status_code == 403


class TestAward:
    @pytest.fixture
    def scored(self, lots, own_provider, other_provider):
        package = closed_package(lots[0])
        third = ProviderFactory(name="Third Care Ltd")
        admit(third, lots[0])
        bids = {
            "own": scored_bid(package, own_provider, price="400", quality=70, social_value=50),  # 80.00
            "other": scored_bid(package, other_provider, price="500", quality=90, social_value=80),  # 85.00
            "third": scored_bid(package, third, price="800", quality=60, social_value=60),  # 62.00
        }
        return package, bids

    def test_award_tells_the_winner_and_the_others_with_their_rank(
        self, commissioner_client, scored, own_provider, other_provider, django_capture_on_commit_callbacks
    ):
        package, bids = scored
        url = f"/fps/packages/{package.reference}/award/"
        body = commissioner_client.get(url).content.decode()
        assert (
            f'value="{bids["other"].pk}"' in body and "checked" not in body
        )  # the officer chooses (issue 14)
        with django_capture_on_commit_callbacks(execute=True):
            response = commissioner_client.post(
                url, {"bid": str(bids["other"].pk), "reason": "Highest total score"}
            )
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.status == Package.Status.AWARDED
        assert package.awarded_bid == bids["other"]
        assert package.awarded_by.username == "commissioner"
        assert package.award_reason == "Highest total score"
        subjects = {
            n.provider.name: (n.subject, n.body) for n in Notification.objects.select_related("provider")
        }
        assert subjects[other_provider.name][0] == f"You have been awarded care package {package.reference}"
        assert "ranked 1 of 3" in subjects[other_provider.name][1]
        assert (
            subjects[own_provider.name][0]
            == f"Your bid for care package {package.reference} was not successful"
        )
        assert "ranked 2 of 3" in subjects[own_provider.name][1]
        assert "ranked 3 of 3" in subjects["Third Care Ltd"][1]
        assert len(mail.outbox) == 3
        assert {m.subject for m in mail.outbox} == {s for s, _ in subjects.values()}
        # The provider's page says how it went, without naming the winner.
        assert package.history.latest().history_change_reason.startswith("Awarded to Other Organisation Ltd")

    def test_a_reason_is_required(self, commissioner_client, scored):
        package, bids = scored
        response = commissioner_client.post(
            f"/fps/packages/{package.reference}/award/", {"bid": str(bids["own"].pk), "reason": ""}
        )
        assert "Enter the reason for the award" in errors_of(response)
        package.refresh_from_db()
        assert package.status == Package.Status.PUBLISHED

    def test_not_before_the_deadline(self, commissioner_client, lots, own_provider, users):
        package = PackageFactory(lot=lots[0])
        bid = scored_bid(package, own_provider, price="400", quality=70, social_value=50)
        response = commissioner_client.post(
            f"/fps/packages/{package.reference}/award/", {"bid": str(bid.pk), "reason": "x"}
        )
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.status == Package.Status.PUBLISHED
        with pytest.raises(ValidationError, match="sealed"):
            services.package_award(package=package, bid=bid, reason="x", by=users["commissioner"])

    def test_not_until_every_bid_is_scored(self, commissioner_client, scored, users):
        package, bids = scored
        bids["third"].quality_score = None
        bids["third"].save()
        response = commissioner_client.get(f"/fps/packages/{package.reference}/award/", follow=True)
        assert "Score every bid before the award." in response.content.decode()
        with pytest.raises(ValidationError, match="Not scored yet: Third Care Ltd"):
            services.package_award(package=package, bid=bids["own"], reason="x", by=users["commissioner"])

    def test_the_second_award_is_refused(self, scored, users):
        package, bids = scored
        services.package_award(package=package, bid=bids["other"], reason="Top", by=users["commissioner"])
        with pytest.raises(ValidationError, match="is awarded"):
            services.package_award(package=package, bid=bids["own"], reason="Also", by=users["commissioner"])
        package.refresh_from_db()
        assert package.awarded_bid == bids["other"]

    def test_providers_see_the_outcome_of_their_own_bid_only(self, client_for, scored, users):
        package, bids = scored
        services.package_award(package=package, bid=bids["other"], reason="Top", by=users["commissioner"])
        own = client_for("provider").get(f"/fps/packages/{package.reference}/").content.decode()
        assert "Your organisation&#x27;s bid was not successful" in own or "bid was not successful" in own
        assert "Other Organisation Ltd" not in own
        other = client_for("other-provider").get(f"/fps/packages/{package.reference}/").content.decode()
        assert "bid was successful" in other


class TestPlacement:
    def test_record_the_placement(self, commissioner_client, lots, own_provider, users):
        package = closed_package(lots[0], start_date=datetime.date(2022, 7, 25))
        bid = scored_bid(package, own_provider, price="400", quality=70, social_value=50)
        url = f"/fps/packages/{package.reference}/placement/"
        assert commissioner_client.get(url).status_code == 302  # not awarded yet
        services.package_award(package=package, bid=bid, reason="Only bid", by=users["commissioner"])
        assert commissioner_client.get(url).status_code == 200
        response = commissioner_client.post(
            url, {"brokerage_reference": "", **date_fields("placement_start", "31/02/2022")}
        )
        summary = errors_of(response)
        assert (
            "Enter the Care Brokerage Team" in summary
            and "Placement start date must be a real date" in summary
        )
        response = commissioner_client.post(
            url, {"brokerage_reference": "CBT-1234", **date_fields("placement_start", "01/08/2022")}
        )
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.status == Package.Status.PLACED
        assert package.brokerage_reference == "CBT-1234"
        assert package.placement_start.isoformat() == "2022-08-01"
        assert package.placement_recorded_by.username == "commissioner"
        body = commissioner_client.get(f"/fps/packages/{package.reference}/").content.decode()
        assert "CBT-1234" in body and "1 August 2022" in body
        assert "Placement recorded: Care Brokerage Team reference CBT-1234" in body
