"""Signing test clients in with both steps: the password (force_login) and the second factor.

`verified_login(client, user)` gives the user a confirmed authenticator app (if they have none) and marks
the session verified by it, as portal/mfa.py does after a right code. `client_for(role)` in conftest.py
uses it, so every HTTP test runs with two-step sign-in on. Browser tests sign in through the pages
(tests/browser/helpers.py: `sign_in` enters the code `security_code(user)` computes).
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import mfa


def authenticator(user) -> TOTPDevice:
    device = mfa.app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def verified_login(client, user) -> None:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def security_code(user) -> str:
    """The code the user's authenticator app shows now (the next one if this one was used)."""
    device = mfa.app_device(user)
    assert device is not None, f"{user} has no authenticator app"
    code, _ = mfa.code_for_now(device)
    return code
