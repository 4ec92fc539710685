"""Multi-factor sign-in: an authenticator app (TOTP) and single-use recovery codes, on django-otp.

django-otp supplies the devices (`TOTPDevice`, `StaticDevice` with its `StaticToken`s), the code
checks (RFC 6238 with a one-step tolerance, each code accepted once) and the exponential back-off
after wrong codes. This module adds the portal's rules (docs/adr/023-multi-factor-sign-in.md):

- who must use a second factor (`second_factor_required`, from `MFA_REQUIRED_ROLES` in
  portal/permissions.py, plus Django admin staff), and who must give one at sign-in (`pending_step`:
  required, or enrolled of their own choice);
- enrolment (`totp_device_start`, `totp_device_confirm`) and recovery codes (`recovery_codes_issue`);
- the lockout (`check_code`): MFA_FAILURE_LIMIT wrong codes within MFA_LOCKOUT lock the second step
  for MFA_LOCKOUT; while locked no code is even checked.

A session is verified when django-otp's session key holds the device that accepted a code
(`django_otp.login`). portal.middleware.SecondFactorMiddleware reads that key without a query.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.permissions import MFA_REQUIRED_ROLES, Role

SESSION_KEY = django_otp.DEVICE_ID_SESSION_KEY
APP_DEVICE_NAME = "Authenticator app"
DEMO_DEVICE_NAME = "Demo authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def failure_limit() -> int:
    return getattr(settings, "MFA_FAILURE_LIMIT", 5)


def lockout_period() -> timedelta:
    return getattr(settings, "MFA_LOCKOUT", timedelta(minutes=15))


# --- Who ---------------------------------------------------------------------------------------------
def required_group_names() -> list[str]:
    return [Role(role).label for role in MFA_REQUIRED_ROLES]


def second_factor_required(user) -> bool:
    """The user's roles say they must sign in with a second factor (or they administer the site)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=required_group_names()).exists()


def pending_step(user) -> str | None:
    """For a signed-in session not yet verified: "verify" (has an authenticator app), "set-up" (must
    have one but has not), or None (need not). One query."""
    if not user.is_authenticated:
        return None
    User = get_user_model()
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            required=Exists(
                User.groups.through.objects.filter(
                    **{User.groups.field.m2m_field_name(): OuterRef("pk")},
                    group__name__in=required_group_names(),
                )
            ),
            enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
        .values("required", "enrolled", "is_staff", "is_superuser")
        .first()
    )
    if row is None:
        return None
    if row["enrolled"]:
        return "verify"
    if row["required"] or row["is_staff"] or row["is_superuser"]:
        return "set-up"
    return None


def session_is_verified(request) -> bool:
    return bool(request.session.get(SESSION_KEY))


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Enrolment ---------------------------------------------------------------------------------------
def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (no script, no image URL)."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, border=4, dark="#0b0c0c", light="#ffffff", omitsize=False)
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """The unconfirmed device an enrolment page shows (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def normalise_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "")


@transaction.atomic
def totp_device_confirm(*, user, device: TOTPDevice, code: str) -> bool:
    """Confirm the enrolment if `code` is the device's current code: the new device replaces any
    earlier authenticator app of the user's."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
    if device is None:  # confirmed a moment ago (a double click), or replaced
        return False
    # The secret is on the user's own page: nothing to guess, so no back-off while setting up.
    device.throttle_reset(commit=False)
    if not device.verify_token(normalise_code(code)):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """Ten new recovery codes (the old ones stop working). Returned once, to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token() + StaticToken.random_token()[:4]
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_code_text(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


@transaction.atomic
def second_factor_remove(*, user) -> None:
    """Turn the second factor off (for a user whose roles do not require it)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- Verification and lockout -------------------------------------------------------------------------
@dataclass
class CodeCheck:
    device: object | None = None  # the device that accepted the code
    locked_until: datetime | None = None  # the second step is locked (too many wrong codes)
    wait_until: datetime | None = None  # django-otp's back-off: try again after this

    @property
    def ok(self) -> bool:
        return self.device is not None


def locked_until(user, now: datetime | None = None) -> datetime | None:
    """When the user's second step unlocks, if MFA_FAILURE_LIMIT wrong codes (app and recovery codes
    together) were entered within MFA_LOCKOUT of the last one."""
    now = now or timezone.now()
    window = lockout_period()
    failures, last = 0, None
    for model in (TOTPDevice, StaticDevice):
        recent = model.objects.filter(
            user=user, confirmed=True, throttling_failure_timestamp__gt=now - window
        ).values_list("throttling_failure_count", "throttling_failure_timestamp")
        for count, stamp in recent:
            failures += count
            last = max(last, stamp) if last else stamp
    if failures >= failure_limit() and last is not None:
        return last + window
    return None


def check_code(*, user, code: str, recovery: bool = False) -> CodeCheck:
    """Check a code from the authenticator app (or a recovery code), unless the step is locked. A
    right code resets the count of wrong ones; a recovery code is used up."""
    locked = locked_until(user)
    if locked:
        return CodeCheck(locked_until=locked)
    with transaction.atomic():
        queryset = StaticDevice.objects if recovery else TOTPDevice.objects
        device = queryset.select_for_update().filter(user=user, confirmed=True).order_by("-pk").first()
        if device is None:
            return CodeCheck()
        allowed, info = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(wait_until=(info or {}).get("locked_until"))
        token = normalise_code(code).lower() if recovery else normalise_code(code)
        if device.verify_token(token):
            return CodeCheck(device=device)
    return CodeCheck(locked_until=locked_until(user))


# --- Demo and tests -----------------------------------------------------------------------------------
def code_for_now(device: TOTPDevice, now: float | None = None) -> tuple[str, int]:
    """The code an authenticator app would show now, and how many seconds it stays usable. A code
    already used is never accepted twice, so after one is used this gives the next time step's (the
    one-step tolerance accepts it early)."""
    now = time.time() if now is None else now
    step = int((now - device.t0) // device.step) + device.drift
    if device.last_t >= step:
        step = device.last_t + 1
    remaining = int(device.t0 + (step + 1 - device.drift) * device.step - now)
    code = hotp(device.bin_key, step, digits=device.digits)
    return f"{code:0{device.digits}d}", max(0, remaining)


@transaction.atomic
def demo_device_ensure(user) -> TOTPDevice:
    """A demo user's authenticator app: made once, its secret printed by load_demo."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
    return device
