import logging
import secrets
import sys
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from portal.dashboard import panels_for


@login_not_required
def home(request):
    """Signed in: the role-aware dashboard. Anonymous: what the public can do here."""
    if request.user.is_authenticated:
        return render(request, "portal/dashboard.html", {"panels": panels_for(request.user)})
    return render(request, "portal/start.html")


logger = logging.getLogger(__name__)


def storage_writable() -> bool:
    """Uploads and built documents can be stored: a small file is written, read back and deleted."""
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(saved, "rb") as handle:
                return handle.read() == b"ok"
        finally:
            default_storage.delete(saved)
    except OSError:
        return False


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers and files can be stored; 503 saying which does not (for load
    balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not storage_writable():
        logger.error("Health check: cannot write to the file storage (MEDIA_ROOT %s)", settings.MEDIA_ROOT)
        return HttpResponse("storage unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
def accessibility(request):
    return render(
        request, "portal/accessibility.html", {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL}
    )


@login_not_required
def cookies(request):
    return render(request, "portal/cookies.html")


@login_not_required
def signed_out(request):
    return render(request, "registration/signed_out.html")


def database_answers() -> bool:
    """Whether the database answers a new connection now (not the request's own, which may be in a
    failed transaction, or a test's)."""
    try:
        probe = connection.get_new_connection(connection.get_connection_params())
    except Exception:  # noqa: BLE001 - any failure to connect means it does not answer
        return False
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001
        return False
    finally:
        probe.close()


def error_context(request) -> dict:
    """What an error page needs, without the context processors (they may need the database). The
    request goes in for its CSP nonce: the page's one inline script carries the nonce the header names."""
    return {"request": request, "council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}


def server_error(request):
    """handler500: the 503 page only when the database does not answer; anything else (a database error
    that is not an outage included) is the 500 page with a reference, logged with the traceback."""
    error = sys.exc_info()[1]
    context = error_context(request)
    if isinstance(error, OperationalError | InterfaceError) and not database_answers():
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = "60"
        return response
    reference = secrets.token_hex(4).upper()
    logger.error(
        "Error reference %s: %s %s",
        reference,
        request.method,
        request.path,
        exc_info=sys.exc_info() if error is not None else None,
    )
    page = loader.render_to_string("500.html", {**context, "reference": reference})
    response = HttpResponseServerError(page)
    response["X-Error-Reference"] = reference
    return response


def bad_request(request, exception=None):
    """handler400 (and portal.middleware.BadInputMiddleware): input the portal cannot read."""
    return HttpResponse(loader.render_to_string("400.html", error_context(request)), status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent twice (the first one signed in or out, or changed the session) or
    left open too long. A GOV.UK page with a way back, not Django's bare 403."""
    logger.warning("CSRF failure on %s %s: %s", request.method, request.path, reason)
    back = request.META.get("HTTP_REFERER", "")
    if not back or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("home")
    return render(request, "403_csrf.html", {"back": back}, status=403)
