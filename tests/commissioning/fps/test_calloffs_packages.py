"""Call-off packages through HTTP: create (references, weights, dates, the personal-data warning), change a
draft, publish to the admitted providers, cancel, the lists and the package page with its history."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from commissioning.fps.forms.calloffs import find_personal_data, nhs_number_is_valid
from commissioning.fps.models import Admission, Notification, Package
from tests.commissioning.fps.factories import BidFactory, PackageFactory
from tests.commissioning.fps.factories_calloffs import admit, calloff_setup, closed_package, package_data
from tests.factories import ProviderFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def lots(own_provider, other_provider):
    _system, lots = calloff_setup(own_provider, other_provider=other_provider)
    return lots


def errors_of(response) -> str:
    body = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary.*?</ul>', body, re.S)
    return match.group(0) if match else ""


class TestCreate:
    def test_creates_a_draft_with_a_reference(self, commissioner_client, lots):
        response = commissioner_client.post("/fps/packages/new/", package_data(lots[0]))
        year = timezone.localdate().year
        package = Package.objects.get()
        assert package.reference == f"DO-CO-{year}-0001"
        assert response.status_code == 302 and response["Location"] == f"/fps/packages/{package.reference}/"
        assert package.status == Package.Status.DRAFT
        assert package.system == lots[0].system
        assert timezone.localtime(package.bid_deadline).time() == datetime.time(12, 0)
        record = package.history.get()
        assert record.history_user.username == "commissioner"
        assert record.history_change_reason == "Draft created"

    def test_references_count_on_and_are_never_reused(self, commissioner_client, lots):
        year = timezone.localdate().year
        commissioner_client.post("/fps/packages/new/", package_data(lots[0]))
        commissioner_client.post("/fps/packages/new/", package_data(lots[0]))
        Package.objects.get(reference=f"DO-CO-{year}-0002").delete()  # e.g. in the admin
        commissioner_client.post("/fps/packages/new/", package_data(lots[0]))
        assert sorted(Package.objects.values_list("reference", flat=True)) == [
            f"DO-CO-{year}-0001",
            f"DO-CO-{year}-0003",
        ]

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"quality_weight": "70"}, "must add up to 100% (they add up to 110%)"),
            (
                {"quality_weight": "30", "price_weight": "70", "social_value_weight": "40"},
                "Social value is part of quality: its weighting cannot be more than the quality weighting "
                "(30%)",
            ),
            ({"quality_weight": "101"}, "The quality weighting must be between 0 and 100"),
        ],
    )
    def test_weights(self, commissioner_client, lots, overrides, message):
        response = commissioner_client.post("/fps/packages/new/", package_data(lots[0], **overrides))
        assert response.status_code == 200
        assert message in errors_of(response)
        assert not Package.objects.exists()

    def test_deadline_in_the_future_and_start_after_it(self, commissioner_client, lots):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        response = commissioner_client.post(
            "/fps/packages/new/", package_data(lots[0], **date_fields("deadline_date", yesterday))
        )
        assert "The bid deadline must be in the future" in errors_of(response)
        deadline = timezone.localdate() + datetime.timedelta(days=10)
        response = commissioner_client.post(
            "/fps/packages/new/",
            package_data(
                lots[0], **date_fields("deadline_date", deadline), **date_fields("start_date", deadline)
            ),
        )
        assert "The start date must be after the bid deadline" in errors_of(response)
        assert not Package.objects.exists()

    def test_required_fields_each_listed(self, commissioner_client, lots):
        response = commissioner_client.post("/fps/packages/new/", {})
        summary = errors_of(response)
        for text in ["Choose the lot", "Enter a title", "Choose the area", "Enter the days and hours"]:
            assert text in summary

    def test_a_closed_lot_is_not_offered(self, commissioner_client, lots):
        lots[1].is_active = False
        lots[1].save()
        body = commissioner_client.get("/fps/packages/new/").content.decode()
        assert str(lots[0]) in body and str(lots[1]) not in body
        response = commissioner_client.post("/fps/packages/new/", package_data(lots[1]))
        assert "Choose one of the lots" in errors_of(response)


class TestPersonalDataWarning:
    @pytest.mark.parametrize(
        "field, text, found",
        [
            ("needs", "Mrs Jones needs support with eating.", "Mrs Jones"),
            ("needs", "Name: John Smith, needs support with eating.", "Name: John Smith"),
            ("title", "Support for Dr. Patel", "Dr. Patel"),
            ("outcomes", "Born 3 March 1961; wants to garden.", "Born 3 March 1961"),
            ("needs", "DOB: 03/04/1961, enjoys music.", "DOB: 03/04/1961"),
            ("needs", "Reviewed on 12/01/2022 by the team.", "12/01/2022"),
            ("needs", "NHS number 943 476 5919, epilepsy.", "943 476 5919"),
            ("needs", "NHS 9434765919.", "9434765919"),
            ("days_and_hours", "Collected from CW1 2BJ at 9am", "CW1 2BJ"),
            ("days_and_hours", "Collected from cw12bj at 9am", "cw12bj"),
        ],
    )
    def test_warns_with_the_match_highlighted_and_saves_nothing(
        self, commissioner_client, lots, field, text, found
    ):
        response = commissioner_client.post("/fps/packages/new/", package_data(lots[0], **{field: text}))
        assert response.status_code == 200
        assert not Package.objects.exists()
        body = response.content.decode()
        assert "may contain personal data" in errors_of(response)
        assert f"<mark>{found}</mark>" in body
        assert 'type="checkbox"' in body and 'name="no_personal_data"' in body

    def test_confirming_lets_it_save_and_is_recorded(self, commissioner_client, lots):
        data = package_data(lots[0], days_and_hours="At the day centre, CW1 2BJ, 9am to 3pm")
        commissioner_client.post("/fps/packages/new/", data)
        assert not Package.objects.exists()
        response = commissioner_client.post("/fps/packages/new/", {**data, "no_personal_data": "true"})
        assert response.status_code == 302
        package = Package.objects.get()
        assert "CW1 2BJ" in package.days_and_hours
        assert "no personal data" in package.history.get().history_change_reason

    @pytest.mark.parametrize(
        "text",
        [
            "Lives in the CW1 area; travels by bus.",  # a partial postcode
            "Needs 1:1 support from 9am to 3pm.",
            "Call 01270 686000 about transport.",  # a phone number, not an NHS number
            "Reference 123 456 7890.",  # 10 digits with a wrong check digit
            "MS and epilepsy; enjoys Drama and Music.",
        ],
    )
    def test_no_false_alarm(self, text):
        assert find_personal_data(text) == []

    def test_nhs_check_digit(self):
        assert nhs_number_is_valid("943 476 5919")
        assert not nhs_number_is_valid("943 476 5918")
        assert not nhs_number_is_valid("123")


class TestEditPublishCancel:
    def test_edit_a_draft_only(self, commissioner_client, lots):
        package = PackageFactory(lot=lots[0], status=Package.Status.DRAFT, published_at=None)
        url = f"/fps/packages/{package.reference}/edit/"
        assert commissioner_client.get(url).status_code == 200
        response = commissioner_client.post(url, package_data(lots[0], title="Two days a week"))
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.title == "Two days a week"
        assert package.history.latest().history_change_reason == "Draft changed"
        published = PackageFactory(lot=lots[0])
        response = commissioner_client.post(
            f"/fps/packages/{published.reference}/edit/", package_data(lots[0], title="Changed")
        )
        assert response.status_code == 302
        published.refresh_from_db()
        assert published.title != "Changed"

    def test_publish_tells_every_actively_admitted_provider(
        self, commissioner_client, lots, own_provider, django_capture_on_commit_callbacks
    ):
        suspended = ProviderFactory(name="Suspended Care Ltd")
        admit(suspended, lots[0], status=Admission.Status.SUSPENDED)
        package = PackageFactory(lot=lots[0], status=Package.Status.DRAFT, published_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            response = commissioner_client.post(f"/fps/packages/{package.reference}/publish/")
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.status == Package.Status.PUBLISHED
        assert package.published_by.username == "commissioner"
        notified = set(Notification.objects.values_list("provider__name", flat=True))
        assert notified == {own_provider.name}  # not the other lot's provider, not the suspended one
        note = Notification.objects.get()
        assert note.link == f"/fps/packages/{package.reference}/"
        assert len(mail.outbox) == 1
        assert package.reference in mail.outbox[0].subject
        assert f"/fps/packages/{package.reference}/" in mail.outbox[0].body

    def test_publish_refused_once_the_deadline_has_passed(self, commissioner_client, lots):
        package = PackageFactory(
            lot=lots[0],
            status=Package.Status.DRAFT,
            published_at=None,
            bid_deadline=timezone.now() - datetime.timedelta(minutes=1),
        )
        response = commissioner_client.post(f"/fps/packages/{package.reference}/publish/", follow=True)
        assert "has passed" in response.content.decode()
        package.refresh_from_db()
        assert package.status == Package.Status.DRAFT

    def test_publish_is_post_only(self, commissioner_client, lots):
        package = PackageFactory(lot=lots[0], status=Package.Status.DRAFT, published_at=None)
        assert commissioner_client.get(f"/fps/packages/{package.reference}/publish/").status_code == 405

    def test_cancel_tells_the_bidders(
        self, commissioner_client, lots, own_provider, django_capture_on_commit_callbacks
    ):
        package = PackageFactory(lot=lots[0])
        BidFactory(package=package, provider=own_provider)
        url = f"/fps/packages/{package.reference}/cancel/"
        assert "Enter the reason" in errors_of(commissioner_client.post(url, {"reason": ""}))
        with django_capture_on_commit_callbacks(execute=True):
            response = commissioner_client.post(url, {"reason": "The person's needs changed"})
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.status == Package.Status.CANCELLED
        assert package.history.latest().history_change_reason == "Cancelled: The person's needs changed"
        assert [m.subject for m in mail.outbox] == [f"Care package {package.reference} is cancelled"]

    def test_an_awarded_package_cannot_be_cancelled(self, commissioner_client, lots):
        package = PackageFactory(lot=lots[0], status=Package.Status.AWARDED)
        response = commissioner_client.post(f"/fps/packages/{package.reference}/cancel/", {"reason": "x"})
        assert response.status_code == 302
        package.refresh_from_db()
        assert package.status == Package.Status.AWARDED


class TestPages:
    def test_package_page_shows_history_and_formula_to_commissioners(self, commissioner_client, lots):
        commissioner_client.post("/fps/packages/new/", package_data(lots[0]))
        package = Package.objects.get()
        commissioner_client.post(f"/fps/packages/{package.reference}/publish/")
        body = commissioner_client.get(f"/fps/packages/{package.reference}/").content.decode()
        assert "History" in body
        assert "Published to the providers admitted to the lot" in body
        assert "Draft created" in body
        assert "Price score = lowest weekly price" in body

    def test_provider_sees_the_package_without_history(self, provider_client, lots):
        package = PackageFactory(lot=lots[0])
        body = provider_client.get(f"/fps/packages/{package.reference}/").content.decode()
        assert package.title in body
        assert "Bid for this package" in body
        assert "History" not in body

    def test_commissioner_list_filters(self, commissioner_client, lots):
        PackageFactory(lot=lots[0], title="Lot one package")
        PackageFactory(lot=lots[1], title="Lot two package", status=Package.Status.DRAFT)
        body = commissioner_client.get(f"/fps/packages/?lot={lots[1].pk}").content.decode()
        assert "Lot two package" in body and "Lot one package" not in body
        body = commissioner_client.get("/fps/packages/?status=published").content.decode()
        assert "Lot one package" in body and "Lot two package" not in body
        body = commissioner_client.get("/fps/packages/?q=zzz").content.decode()
        assert "No packages match these filters." in body

    def test_provider_list_shows_only_its_lots_and_its_bid(self, provider_client, lots, own_provider):
        mine = PackageFactory(lot=lots[0], title="On my lot")
        PackageFactory(lot=lots[1], title="On the other lot")
        PackageFactory(lot=lots[0], title="A draft", status=Package.Status.DRAFT)
        body = provider_client.get("/fps/packages/").content.decode()
        assert "On my lot" in body
        assert "On the other lot" not in body and "A draft" not in body
        assert f'href="/fps/packages/{mine.reference}/bid/">Bid<' in body
        BidFactory(package=mine, provider=own_provider)
        body = provider_client.get("/fps/packages/").content.decode()
        assert "Change your bid" in body and "£450 a week" in body

    def test_provider_empty_state(self, provider_client, lots):
        body = provider_client.get("/fps/packages/").content.decode()
        assert "No packages have been published to your organisation&#x27;s lots yet." in body or (
            "No packages have been published to your organisation's lots yet." in body
        )

    def test_list_queries_are_flat_for_commissioners(
        self, commissioner_client, lots, django_assert_max_num_queries, own_provider
    ):
        def make(n):
            for _ in range(n):
                package = PackageFactory(lot=lots[0])
                BidFactory(package=package, provider=own_provider)

        make(2)
        with django_assert_max_num_queries(8) as few:
            assert commissioner_client.get("/fps/packages/").status_code == 200
        make(40)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert commissioner_client.get("/fps/packages/").status_code == 200

    def test_list_queries_are_flat_for_providers(
        self, provider_client, lots, django_assert_max_num_queries, own_provider
    ):
        def make(n):
            for _ in range(n):
                package = PackageFactory(lot=lots[0])
                BidFactory(package=package, provider=own_provider)
                closed_package(lots[0])

        make(2)
        with django_assert_max_num_queries(8) as few:
            assert provider_client.get("/fps/packages/").status_code == 200
        make(20)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert provider_client.get("/fps/packages/").status_code == 200

    def test_staff_without_the_permission_get_403(self, client_for, lots):
        assert client_for("finance-officer").get("/fps/packages/").status_code == 403
        assert client_for("finance-officer").get("/fps/packages/new/").status_code == 403
        assert client_for("provider").get("/fps/packages/new/").status_code == 403
