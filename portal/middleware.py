"""The portal's own middleware: the second sign-in step, and the security headers Django does not set."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.urls import reverse

from portal import mfa

# What a session that has passed the password but not the second step may still open.
SECOND_STEP_URL_NAMES = [
    "mfa-verify",
    "mfa-recovery",
    "mfa-set-up",
    "mfa-locked",
    "logout",
    "signed-out",
    "healthz",
]


@cache
def second_step_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in SECOND_STEP_URL_NAMES)


class SecondFactorMiddleware:
    """A signed-in session that must give a second factor and has not is sent to that step from every
    URL but the step's own pages (and signing out). A verified session costs no query here: django-otp's
    session key says which device accepted a code (portal/mfa.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not mfa.session_is_verified(request):
            step = mfa.pending_step(user)
            if step is not None:
                request.second_factor_pending = step
                if request.path_info not in second_step_paths():
                    target = reverse("mfa-verify" if step == "verify" else "mfa-set-up")
                    if request.method in ("GET", "HEAD"):
                        target += "?" + urlencode({"next": request.get_full_path()})
                    return HttpResponseRedirect(target)
        return self.get_response(request)


# --- Input the portal cannot read --------------------------------------------------------------------
# A NUL character cannot be stored in PostgreSQL text (psycopg2 refuses the query) and never belongs in
# a path, a query or a form; U+FFFD is what Django decodes bytes that are not UTF-8 into.
UNREADABLE = ("\x00", "\ufffd")


def unreadable(text: str) -> bool:
    return any(character in text for character in UNREADABLE)


def unreadable_data(data) -> bool:
    return any(unreadable(key) or any(unreadable(value) for value in values) for key, values in data.lists())


class BadInputMiddleware:
    """A path, query string, form field or upload's file name with a NUL character or bytes that are not
    UTF-8 is answered with the 400 page before any view sees it: never a database error, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http.multipartparser import MultiPartParserError

        from portal.views import bad_request

        if unreadable(request.path_info) or unreadable_data(request.GET):
            return bad_request(request)
        if request.method == "POST":
            try:
                post, files = request.POST, request.FILES
            except MultiPartParserError:
                return bad_request(request)
            if unreadable_data(post) or any(
                unreadable(name) or unreadable(upload.name or "") for name, upload in files.items()
            ):
                return bad_request(request)
        return self.get_response(request)


# --- Headers -----------------------------------------------------------------------------------------
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)
# Pages that may hold personal data even for a visitor who is not signed in (the online referral form
# shows a carer's details back with its errors).
PERSONAL_DATA_PREFIXES = ("/carers-hub/",)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (the portal uses no camera, microphone, location...), and
    `Cache-Control: no-store` on every response to a signed-in user and on the carers hub's pages: they
    may carry personal data, which no browser or proxy cache may keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if (
            self.signed_in(request)
            or request.path_info.startswith(PERSONAL_DATA_PREFIXES)
            or (request.method == "POST")
        ):
            response["Cache-Control"] = "no-store, private"
        return response

    @staticmethod
    def signed_in(request) -> bool:
        user = getattr(request, "user", None)
        if user is None:
            return settings.SESSION_COOKIE_NAME in request.COOKIES
        try:
            return user.is_authenticated
        except DatabaseError:  # the session could not be read: assume the worst
            return True
