"""Issue 13: no false outage, unreadable input, error pages, and the smaller hardening items that live in
portal/ (headers, 403 logging, the CSRF failure page, the health check's storage)."""

from __future__ import annotations

import logging
import re

import pytest
from django.db import OperationalError, connections, transaction
from django.test import Client
from django.urls import reverse

from portal.middleware import PERMISSIONS_POLICY

pytestmark = pytest.mark.django_db

ERRORS_URLCONF = "tests.portal.urls_errors"


def quiet_client() -> Client:
    client = Client()
    client.raise_request_exception = False
    return client


def nonce_of(response) -> str:
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return header.group(1) if header else ""


def body_nonces(response) -> list[str]:
    return re.findall(r'<script nonce="([^"]*)"', response.content.decode())


class TestNoFalseOutage:
    def test_a_database_error_that_is_not_an_outage_is_a_500_with_a_reference(self, settings, caplog):
        settings.ROOT_URLCONF = ERRORS_URLCONF
        response = quiet_client().get("/test-errors/data/")
        assert response.status_code == 500
        body = response.content.decode()
        assert "Sorry, there is a problem with the service" in body
        assert "unavailable" not in body
        reference = response["X-Error-Reference"]
        assert re.fullmatch(r"[0-9A-F]{8}", reference)
        assert reference in body
        logged = [r for r in caplog.records if reference in r.getMessage()]
        assert logged and logged[0].exc_info is not None  # the traceback is in the log, under the reference
        assert "DivisionByZero" in caplog.text or "division by zero" in caplog.text

    def test_an_operational_error_while_the_database_answers_is_not_an_outage(self, settings):
        settings.ROOT_URLCONF = ERRORS_URLCONF
        assert quiet_client().get("/test-errors/operational/").status_code == 500

    def test_503_only_when_the_database_does_not_answer(self, settings, monkeypatch):
        settings.ROOT_URLCONF = ERRORS_URLCONF

        def refuse(self, *args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(type(connections["default"]), "get_new_connection", refuse)
        response = quiet_client().get("/test-errors/operational/")
        assert response.status_code == 503
        assert "Sorry, the service is unavailable" in response.content.decode()
        assert response["Retry-After"] == "60"

    def test_each_reference_is_new(self, settings):
        settings.ROOT_URLCONF = ERRORS_URLCONF
        client = quiet_client()
        references = {client.get("/test-errors/value/")["X-Error-Reference"] for _ in range(3)}
        assert len(references) == 3


class TestErrorPagesCarryARealNonce:
    def test_500(self, settings):
        settings.ROOT_URLCONF = ERRORS_URLCONF
        response = quiet_client().get("/test-errors/value/")
        assert response.status_code == 500
        assert nonce_of(response)
        assert body_nonces(response) == [nonce_of(response)]

    @pytest.mark.parametrize(
        ("path", "status"), [("/no-such-page/", 404), ("/committees/search/?q=%00", 400)]
    )
    def test_404_and_400(self, path, status):
        response = Client().get(path)
        assert response.status_code == status
        assert body_nonces(response) == [nonce_of(response)]

    def test_403(self, client_for):
        response = client_for("democratic-services").get("/providers/")
        assert response.status_code == 403
        assert body_nonces(response) == [nonce_of(response)]

    def test_503(self, settings, monkeypatch):
        settings.ROOT_URLCONF = ERRORS_URLCONF

        def refuse(self, *args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(type(connections["default"]), "get_new_connection", refuse)
        response = quiet_client().get("/test-errors/operational/")
        assert response.status_code == 503
        assert body_nonces(response) == [nonce_of(response)]


class TestUnreadableInput:
    @pytest.mark.parametrize(
        "path",
        [
            "/committees/search/?q=%00",
            "/committees/search/?q=caf%FF",  # not UTF-8
            "/committees/meetings/?committee=%00",
            "/fps/?x=%00",
            "/fps/day-opportunities%00/",
            "/fps/day-opportunities/register/?q=a%00b",
            "/carers-hub/refer/?q=%00",
            "/carers-hub/%00/",
            "/providers/register/?%00=1",
            "/sign-in/?next=%00",
        ],
    )
    def test_nul_and_undecodable_bytes_in_paths_and_queries_are_400(self, path):
        response = Client().get(path)
        assert response.status_code == 400
        assert "Sorry, we cannot read what was sent" in response.content.decode()

    def test_every_url_with_a_nul_in_its_query_is_400(self, client_for, own_provider, other_provider):
        """Every URL of the project (the permission matrix's list), signed in as a commissioner."""
        from tests.test_permission_matrix import EXPECTATIONS

        client = client_for("commissioner")
        fixtures = {"own_provider": own_provider, "other_provider": other_provider}
        wrong = []
        for name, row in sorted(EXPECTATIONS.items()):
            with transaction.atomic():
                url = reverse(name, kwargs=row.kwargs(fixtures) if row.kwargs else None)
                response = getattr(client, row.method)(url + "?q=%00")
                transaction.set_rollback(True)
            if response.status_code != 400:
                wrong.append(f"{row.method.upper()} {url}: {response.status_code}")
        assert not wrong, "\n".join(wrong)

    def test_a_nul_in_form_data_is_400_and_saves_nothing(self):
        from commissioning.carers.models import Referral

        response = Client().post(
            reverse("carers:refer"), {"carer_first_name": "Ann\x00", "carer_last_name": "Smith"}
        )
        assert response.status_code == 400
        assert not Referral.objects.exists()

    def test_a_nul_in_a_multipart_form_is_400(self, client_for):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("q3.csv", b"Measure,Q3\n", content_type="text/csv")
        response = client_for("performance-analyst").post(
            reverse("scorecard:import"), {"file": upload, "year": "2021-22\x00"}
        )
        assert response.status_code == 400


class TestHealthz:
    def test_healthz_checks_storage_too(self, settings, tmp_path):
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the media folder should be")
        settings.MEDIA_ROOT = str(blocker / "media")
        response = Client().get("/healthz")
        assert response.status_code == 503
        assert response.content == b"storage unavailable\n"

    def test_healthz_leaves_no_file_behind(self, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        assert Client().get("/healthz").status_code == 200
        assert not [p for p in tmp_path.rglob("*") if p.is_file()]


class TestHeaders:
    def test_permissions_policy_everywhere(self, client_for):
        signed_in = client_for("commissioner")
        for response in (Client().get("/"), signed_in.get("/providers/"), Client().get("/x/")):
            assert response["Permissions-Policy"] == PERMISSIONS_POLICY
        assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY

    def test_no_store_on_carers_pages_and_signed_in_pages(self, client_for):
        assert "no-store" in Client().get(reverse("carers:refer"))["Cache-Control"]
        assert "no-store" in client_for("carers-hub-worker").get(reverse("carers:caseload"))["Cache-Control"]
        assert "no-store" in client_for("commissioner").get(reverse("providers:list"))["Cache-Control"]
        # Public pages for the public may still be cached.
        assert "no-store" not in Client().get(reverse("committees:index")).get("Cache-Control", "")


class TestForbidden:
    def test_403_is_logged_without_a_traceback(self, client_for, caplog):
        caplog.set_level(logging.WARNING, logger="django.request")
        client_for("democratic-services").get("/providers/")
        records = [r for r in caplog.records if r.name == "django.request"]
        forbidden = [r for r in records if "Forbidden" in r.getMessage()]
        assert forbidden
        for record in forbidden:  # the logger's filter ran before any handler saw the record
            assert record.exc_info is None
            assert "Traceback" not in logging.Formatter().format(record)

    def test_a_form_sent_without_a_valid_csrf_token_gets_a_govuk_page_with_a_way_back(self, users):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["commissioner"])
        response = client.post(
            reverse("providers:list"), {}, HTTP_REFERER="http://testserver/providers/?page=2"
        )
        assert response.status_code == 403
        body = response.content.decode()
        assert "This form can no longer be sent" in body
        assert 'href="http://testserver/providers/?page=2"' in body
        assert "govuk-generic-header" in body
        elsewhere = client.post(reverse("providers:list"), {}, HTTP_REFERER="https://attacker.example/")
        assert 'href="/"' in elsewhere.content.decode()


class TestPasswordResetThrottle:
    def test_at_most_three_emails_an_hour_to_one_address(self, settings):
        from django.core import mail

        from tests.factories import UserFactory

        UserFactory(username="someone", email="someone@example.gov.uk")
        client = Client()
        for _ in range(5):
            response = client.post("/password-reset/", {"email": "Someone@example.gov.uk"})
            assert response.status_code == 302  # the same answer every time: nothing is revealed
        assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL == 3

    def test_at_most_n_requests_an_hour_from_one_ip_address(self, settings):
        from django.core import mail

        from tests.factories import UserFactory

        settings.PASSWORD_RESET_LIMIT_PER_IP = 4
        for n in range(6):
            UserFactory(username=f"person{n}", email=f"person{n}@example.gov.uk")
        client = Client(REMOTE_ADDR="192.0.2.7")
        for n in range(6):
            client.post("/password-reset/", {"email": f"person{n}@example.gov.uk"})
        assert len(mail.outbox) == 4
        # Another address is not held back by this one.
        Client(REMOTE_ADDR="192.0.2.8").post("/password-reset/", {"email": "person5@example.gov.uk"})
        assert len(mail.outbox) == 5
