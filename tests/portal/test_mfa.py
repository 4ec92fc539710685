"""Two-step sign-in (portal/mfa.py, docs/adr/023): who must, enrolment, the code step, recovery codes,
the lockout, and that a session with the password only gets nowhere else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import mfa
from portal.middleware import SECOND_STEP_URL_NAMES
from portal.permissions import MFA_REQUIRED_ROLES, Role
from tests.factories import TEST_PASSWORD, ProviderMembershipFactory, UserFactory
from tests.signin import authenticator, security_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def enter_code(client: Client, code: str, *, recovery: bool = False, next_url: str = ""):
    url = reverse("mfa-recovery" if recovery else "mfa-verify")
    return client.post(url, {"code": code, "next": next_url})


def test_the_roles_that_must_are_named_once():
    assert set(MFA_REQUIRED_ROLES) == {
        Role.CARERS_HUB_WORKER,
        Role.SOCIAL_CARE_ASSESSOR,
        Role.FINANCE_OFFICER,
        Role.PROVIDER_USER,
    }
    assert mfa.second_factor_required(UserFactory(role=Role.FINANCE_OFFICER))
    assert mfa.second_factor_required(UserFactory(is_staff=True))
    assert not mfa.second_factor_required(UserFactory(role=Role.COMMISSIONER))


def test_a_password_only_session_is_sent_to_the_code_step_everywhere(client, own_provider, other_provider):
    """Every URL of the project (the permission matrix's list), with its method, as a carers hub worker
    who has given the password but not the code: each answers with a redirect to the code step."""
    from tests.test_permission_matrix import EXPECTATIONS

    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    authenticator(user)
    client.force_login(user)
    fixtures = {"own_provider": own_provider, "other_provider": other_provider}
    checked, wrong = 0, []
    for name, row in sorted(EXPECTATIONS.items()):
        if name in SECOND_STEP_URL_NAMES:
            continue
        with transaction.atomic():  # each row's objects are made afresh, as in the matrix
            url = reverse(name, kwargs=row.kwargs(fixtures) if row.kwargs else None)
            response = getattr(client, row.method)(url)
            transaction.set_rollback(True)
        checked += 1
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith(reverse("mfa-verify")):
            wrong.append(f"{row.method.upper()} {url}: {response.status_code} {location}")
    assert checked > 100
    assert not wrong, "\n".join(wrong)


def test_a_required_role_without_an_app_is_sent_to_set_one_up(client):
    user = UserFactory(role=Role.FINANCE_OFFICER)
    sign_in_with_password(client, user)
    for url in (reverse("home"), reverse("funding:streams"), reverse("account")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa-set-up"))
    # And the pages of the step show no navigation: there is nowhere else to go yet.
    page = client.get(reverse("mfa-set-up"))
    assert page.status_code == 200
    assert b"govuk-service-navigation__item--active" not in page.content
    assert b"Funding" not in page.content


def test_a_role_that_may_choose_signs_in_with_the_password_only_until_it_enrols(client):
    user = UserFactory(role=Role.COMMISSIONER)
    sign_in_with_password(client, user)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    authenticator(user)
    sign_in_with_password(client, user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa-verify"))


def test_the_right_code_verifies_the_session_and_goes_on_to_next(client):
    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    authenticator(user)
    sign_in_with_password(client, user)
    response = client.get(reverse("carers:caseload"))
    assert response["Location"] == f"{reverse('mfa-verify')}?next=%2Fcarers-hub%2F"
    response = enter_code(client, security_code(user), next_url=reverse("carers:caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("carers:caseload")
    assert client.get(reverse("carers:caseload")).status_code == 200


def test_next_may_not_leave_the_site(client):
    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    authenticator(user)
    sign_in_with_password(client, user)
    response = enter_code(client, security_code(user), next_url="https://attacker.example/")
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the security code"),
        ("12ab56", "The security code must be 6 numbers"),
        ("1234567", "The security code must be 6 numbers"),
        ("x" * 500, "The security code must be 6 numbers"),
    ],
)
def test_a_code_that_is_not_a_code_gets_a_govuk_message(client, code, message):
    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    authenticator(user)
    sign_in_with_password(client, user)
    response = enter_code(client, code)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not verified


def test_a_wrong_code_is_refused(client):
    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    device = authenticator(user)
    sign_in_with_password(client, user)
    right = security_code(user)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa-verify"))
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Straight after a wrong code django-otp's back-off refuses even the right one, and says how long.
    response = enter_code(client, right)
    assert re.search(r"Wait \d+ seconds?, then enter the code again", response.content.decode())


def test_a_code_is_accepted_once(client):
    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    device = authenticator(user)
    code, _ = mfa.code_for_now(device)
    sign_in_with_password(client, user)
    assert enter_code(client, code).status_code == 302
    other = Client()
    sign_in_with_password(other, user)
    response = enter_code(other, code)
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()


def test_enrolment_shows_a_qr_code_and_the_secret_then_recovery_codes_once(client):
    user = UserFactory(role=Role.SOCIAL_CARE_ASSESSOR)
    sign_in_with_password(client, user)
    page = client.get(reverse("mfa-set-up"), {"next": "/carers-hub/assessor/"})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert mfa.secret_text(device) in html
    # The same device while enrolment is unfinished (a reload does not change the secret).
    client.get(reverse("mfa-set-up"))
    assert TOTPDevice.objects.filter(user=user).count() == 1
    wrong = client.post(reverse("mfa-set-up"), {"code": "000000"})
    assert "The security code is not right" in wrong.content.decode()
    code = f"{hotp(device.bin_key, int(timezone.now().timestamp()) // 30):06d}"
    response = client.post(reverse("mfa-set-up"), {"code": code, "next": "/carers-hub/assessor/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa-recovery-codes"))
    device.refresh_from_db()
    assert device.confirmed
    shown = client.get(response["Location"])
    assert "no-store" in shown["Cache-Control"]
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", shown.content.decode())
    assert len(codes) == 10 == len(set(codes))
    assert 'href="/carers-hub/assessor/"' in shown.content.decode()
    # Shown once: the next visit has no codes to show.
    again = client.get(reverse("mfa-recovery-codes"))
    assert again.status_code == 302
    assert mfa.recovery_codes_left(user) == 10
    # The session is verified: the assessor's pages open.
    assert client.get(reverse("carers:assessor")).status_code == 200


def test_a_recovery_code_works_once(client):
    user = UserFactory(role=Role.FINANCE_OFFICER)
    authenticator(user)
    codes = mfa.recovery_codes_issue(user=user)
    sign_in_with_password(client, user)
    response = enter_code(client, mfa.recovery_code_text(codes[0]).upper(), recovery=True)
    assert response.status_code == 302
    assert client.get(reverse("funding:streams")).status_code == 200
    assert mfa.recovery_codes_left(user) == 9
    other = Client()
    sign_in_with_password(other, user)
    reused = enter_code(other, codes[0], recovery=True)
    assert reused.status_code == 200
    assert "This recovery code is not right or has been used" in reused.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client_for, users):
    client = client_for(Role.FINANCE_OFFICER)
    old = mfa.recovery_codes_issue(user=users[Role.FINANCE_OFFICER])
    confirm = client.get(reverse("mfa-recovery-codes-new"))
    assert "Your old recovery codes will stop working" in confirm.content.decode()
    assert "Make new recovery codes?" in confirm.content.decode()
    response = client.post(reverse("mfa-recovery-codes-new"))
    assert response["Location"] == reverse("mfa-recovery-codes")
    shown = client.get(reverse("mfa-recovery-codes")).content.decode()
    new = [c.replace("-", "") for c in re.findall(r"<code>([a-z2-7-]{14})</code>", shown)]
    assert len(new) == 10
    finance = users[Role.FINANCE_OFFICER]
    tokens = set(StaticToken.objects.filter(device__user=finance).values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


def test_five_wrong_codes_lock_the_second_step(client, settings, caplog):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the back-off is tested above; here only the count matters
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = UserFactory(role=Role.CARERS_HUB_WORKER)
    authenticator(user)
    mfa.recovery_codes_issue(user=user)
    sign_in_with_password(client, user)
    wrong = f"{(int(security_code(user)) + 500_000) % 1_000_000:06d}"
    for _ in range(3):
        assert enter_code(client, wrong).status_code == 200
    assert enter_code(client, "zzzz-zzzz-zzzz", recovery=True).status_code == 200  # recovery codes count
    response = enter_code(client, wrong)
    assert response["Location"] == reverse("mfa-locked")
    assert "Second sign-in step locked" in caplog.text
    # Signed out: the session is gone.
    assert client.get(reverse("home")).status_code == 200
    assert b"Sign in" in client.get(reverse("home")).content
    locked_page = client.get(reverse("mfa-locked"))
    assert "You cannot sign in for 15 minutes" in locked_page.content.decode()
    # The password still works, but even the right code is not checked while locked.
    sign_in_with_password(client, user)
    response = enter_code(client, security_code(user))
    assert response["Location"] == reverse("mfa-locked")
    # After 15 minutes the right code works, and the count starts again.
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=16)
    )
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=16)
    )
    sign_in_with_password(client, user)
    assert enter_code(client, security_code(user))["Location"] == reverse("home")
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 0


def test_setting_up_a_new_app_needs_the_old_one_first(client):
    """Someone with only the password cannot replace the user's authenticator app with their own."""
    user = UserFactory(role=Role.FINANCE_OFFICER)
    device = authenticator(user)
    sign_in_with_password(client, user)
    response = client.get(reverse("mfa-set-up"))
    assert response["Location"].startswith(reverse("mfa-verify"))
    response = client.post(reverse("mfa-set-up"), {"code": "123456"})
    assert response["Location"].startswith(reverse("mfa-verify"))
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_only_roles_that_may_choose_can_turn_it_off(client_for, users):
    assert client_for("provider").post(reverse("mfa-turn-off")).status_code == 403
    assert mfa.app_device(users["provider"]) is not None
    client = client_for(Role.COMMISSIONER)
    assert client.post(reverse("mfa-turn-off"))["Location"] == reverse("account")
    assert mfa.app_device(users[Role.COMMISSIONER]) is None
    assert client.get(reverse("home")).status_code == 200


def test_the_account_page_says_whether_it_is_on(client_for, users):
    page = client_for(Role.COMMISSIONER).get(reverse("account")).content.decode()
    assert "On. You sign in with your password and a security code" in page
    assert "Turn off two-step sign-in" in page
    provider_page = client_for("provider").get(reverse("account")).content.decode()
    assert "Turn off two-step sign-in" not in provider_page


def test_a_provider_who_registers_sets_up_an_app_next(client):
    membership = ProviderMembershipFactory()
    client.force_login(membership.user)
    assert client.get(reverse("providers:mine"))["Location"].startswith(reverse("mfa-set-up"))


def test_demo_users_get_an_app_and_the_command_prints_its_code(capsys):
    user = UserFactory(username="demo-finance", role=Role.FINANCE_OFFICER)
    device = mfa.demo_device_ensure(user)
    assert mfa.demo_device_ensure(user) == device  # once
    call_command("demo_otp", "demo-finance", "--allow-production")
    printed = capsys.readouterr().out
    code, _ = mfa.code_for_now(device)
    assert printed.startswith(code)
    client = Client()
    sign_in_with_password(client, user)
    assert enter_code(client, printed[:6]).status_code == 302
