"""The portal's cross-cutting pieces: health, errors, sign-in, security headers, navigation, demo data."""

import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings

from commissioning.providers.models import Provider
from portal import permissions
from portal.envfile import write_env
from portal.templatetags.govuk import govuk_date, money
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class TestHealthAndErrors:
    def test_healthz_answers_200_when_the_database_answers(self):
        response = Client().get("/healthz")
        assert response.status_code == 200
        assert response.content == b"ok\n"

    def test_healthz_answers_503_when_the_database_does_not(self, monkeypatch):
        def refuse(self, *args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        assert Client().get("/healthz").status_code == 503

    def test_database_down_gives_the_503_page_not_a_traceback(self, client_for, monkeypatch):
        client = client_for("commissioner")

        def refuse(self, *args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        # The 503 is for a database that does not answer a new connection either (portal.views).
        monkeypatch.setattr(type(connections["default"]), "get_new_connection", refuse)
        client.raise_request_exception = False
        response = client.get("/providers/")
        assert response.status_code == 503
        assert "Sorry, the service is unavailable" in response.content.decode()
        assert "Traceback" not in response.content.decode()

    def test_unknown_url_is_a_styled_404(self):
        response = Client().get("/no-such-page/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "Page not found" in body
        assert "govuk-generic-header" in body

    def test_forbidden_is_a_styled_403(self, client_for):
        response = client_for("democratic-services").get("/providers/")
        assert response.status_code == 403
        assert "You do not have access to this page" in response.content.decode()

    def test_anonymous_is_sent_to_sign_in(self):
        response = Client().get("/providers/")
        assert response.status_code == 302
        assert response["Location"] == "/sign-in/?next=/providers/"


class TestSignIn:
    def test_sign_in_and_out(self):
        UserFactory(username="someone")
        client = Client()
        response = client.post("/sign-in/", {"username": "someone", "password": TEST_PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert "Welcome" in client.get("/").content.decode()
        response = client.post("/sign-out/")
        assert response["Location"] == "/signed-out/"
        assert client.get("/providers/").status_code == 302

    def test_wrong_password_shows_error_summary(self):
        UserFactory(username="someone")
        body = Client().post("/sign-in/", {"username": "someone", "password": "wrong"}).content.decode()
        assert "There is a problem" in body
        assert "Enter a correct username and password" in body
        assert 'href="#id_username"' in body
        assert 'aria-describedby="id_username-error"' in body

    def test_lockout_after_five_failures(self):
        UserFactory(username="someone")
        client = Client()
        for _ in range(5):
            client.post("/sign-in/", {"username": "someone", "password": "wrong"})
        response = client.post("/sign-in/", {"username": "someone", "password": TEST_PASSWORD})
        assert response.status_code == 429
        assert "You cannot sign in for 15 minutes" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_password_reset_sends_a_working_link(self):
        user = UserFactory(username="someone", email="someone@example.gov.uk")
        Client().post("/password-reset/", {"email": "someone@example.gov.uk"})
        assert len(mail.outbox) == 1
        link = re.search(r"http://testserver(/password-reset/\S+)", mail.outbox[0].body).group(1)
        client = Client()
        form = client.get(link, follow=True)
        assert "Choose a new password" in form.content.decode()
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
        )
        user.refresh_from_db()
        assert user.check_password("a-brand-new-passphrase")

    def test_password_reset_does_not_reveal_unknown_addresses(self):
        response = Client().post("/password-reset/", {"email": "nobody@example.gov.uk"})
        assert response["Location"] == "/password-reset/sent/"
        assert len(mail.outbox) == 0


class TestSecurityHeaders:
    def test_content_security_policy_with_nonce_on_the_inline_script(self):
        response = Client().get("/")
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        assert f'<script nonce="{nonce}">' in response.content.decode()

    def test_other_headers(self):
        response = Client().get("/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_session_expires(self):
        assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


class TestNavigation:
    @pytest.mark.parametrize(
        ("role", "shown", "hidden"),
        [
            (
                "anonymous",
                ["Register as a provider", "Sign in"],
                ["Providers", "Your organisation", "Sign out"],
            ),
            (
                "commissioner",
                ["Home", "Providers", "Sign out"],
                ["Your organisation", "Register as a provider"],
            ),
            ("finance-officer", ["Providers"], ["Your organisation"]),
            ("democratic-services", ["Home", "Sign out"], ["Providers", "Your organisation"]),
            ("provider", ["Your organisation"], ["Providers", "Register as a provider"]),
        ],
    )
    def test_each_role_sees_only_what_it_may_use(self, client_for, role, shown, hidden):
        nav = client_for(role).get("/").content.decode().split('id="navigation"')[1].split("</ul>")[0]
        labels = re.findall(r">\s*(?:<strong[^>]*>)?([A-Z][a-z ]+?)(?:<span|</strong>|</a>|</button>)", nav)
        for label in shown:
            assert label in labels, f"{role} should see {label}: {labels}"
        for label in hidden:
            assert label not in labels, f"{role} should not see {label}: {labels}"

    def test_current_item_is_marked(self, client_for):
        body = client_for("commissioner").get("/providers/").content.decode()
        assert 'href="/providers/" aria-current="true"' in body

    @pytest.mark.parametrize(
        ("path", "current"),
        [
            ("/contracts/", "/contracts/"),
            ("/contracts/add/", "/contracts/"),  # the section
            ("/contracts/performance/returns/", "/contracts/performance/returns/"),  # its own URL
            ("/contracts/quality/visits/due/", "/contracts/quality/visits/"),  # a deeper path
            ("/contracts/governance/meetings/", "/contracts/quality/visits/"),
            ("/contracts/governance/concerns/", "/contracts/quality/visits/"),
            ("/contracts/quality/actions/", "/contracts/quality/visits/"),
        ],
    )
    def test_only_the_most_specific_item_is_current(self, client_for, path, current):
        """Under Contracts, the quality and performance pages mark their own item, not Contracts."""
        response = client_for("commissioner").get(path)
        assert response.status_code == 200
        body = response.content.decode()
        assert re.findall(r'href="([^"]+)" aria-current="true"', body) == [current]


class TestRoles:
    def test_every_named_permission_exists(self):
        named = {perm for perms in permissions.ROLE_PERMISSIONS.values() for perm in perms}
        existing = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
        assert named <= existing, f"named in portal/permissions.py but not a permission: {named - existing}"

    def test_groups_have_exactly_the_declared_permissions(self):
        for role, perms in permissions.ROLE_PERMISSIONS.items():
            group = Group.objects.get(name=permissions.Role(role).label)
            granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
            assert granted == perms, role

    def test_sync_is_idempotent_and_repairs_drift(self):
        group = Group.objects.get(name=permissions.Role.COMMISSIONER.label)
        group.permissions.clear()
        permissions.sync_roles()
        permissions.sync_roles()
        assert group.permissions.count() == len(permissions.ROLE_PERMISSIONS[permissions.Role.COMMISSIONER])


class TestDemoData:
    @override_settings(DEBUG=True, DEMO_PASSWORD="demo-password-for-tests")
    def test_load_demo_twice_loads_nothing_twice(self):
        # The first load is a production one, asked for (--allow-production with DEBUG off): the whole
        # demo loads twice here, not three times, since a full load is one of the suite's slowest steps.
        with override_settings(DEBUG=False):
            call_command("load_demo", quiet=True, allow_production=True)
        assert get_user_model().objects.filter(username="commissioner").exists()
        counts = (Provider.objects.count(), get_user_model().objects.count(), Provider.history.count())
        call_command("load_demo", quiet=True)
        assert (
            Provider.objects.count(),
            get_user_model().objects.count(),
            Provider.history.count(),
        ) == counts
        assert Provider.objects.filter(is_demo=False).count() == 0
        User = get_user_model()
        for username in [
            "commissioner",
            "democratic-services",
            "report-author",
            "analyst",
            "finance",
            "carers-hub",
            "assessor",
            "provider-dane-valley",
            "provider-weaver",
            "provider-bollin-pathways",
        ]:
            assert User.objects.get(username=username).check_password("demo-password-for-tests"), username
        assert User.objects.get(username="analyst").has_role(permissions.Role.PERFORMANCE_ANALYST)

    @override_settings(DEBUG=False)
    def test_load_demo_refuses_when_debug_is_off(self):
        with pytest.raises(CommandError, match="DEBUG is off"):
            call_command("load_demo", quiet=True)
        assert get_user_model().objects.filter(username="commissioner").count() == 0


def test_envfile_is_written_once(tmp_path):
    target = tmp_path / ".env"
    assert write_env(target)
    first = target.read_text()
    assert re.search(r"^SECRET_KEY=\S{50,}$", first, re.M)
    assert re.search(r"^DEMO_PASSWORD=\S{20,}$", first, re.M)
    assert not write_env(target)
    assert target.read_text() == first
    assert oct(target.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("1234567"), "£1,234,567"), (Decimal("1234.5"), "£1,234.50"), (-400, "-£400"), (None, "")],
)
def test_money(value, expected):
    assert money(value) == expected


def test_govuk_date():
    from datetime import date

    assert govuk_date(date(2022, 3, 28)) == "28 March 2022"


def test_check_deploy_is_clean_with_production_settings():
    env = {
        # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment must not have it.
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-0123456789abcdefghijkl",
        "ALLOWED_HOSTS": "portal.example.gov.uk",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_unexpected_error_gives_the_500_page(rf):
    from portal.views import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "boom" not in response.content.decode()
