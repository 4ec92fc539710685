import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from portal.dashboard import panels_for


@login_not_required
def home(request):
    """Signed in: the role-aware dashboard. Anonymous: what the public can do here."""
    if request.user.is_authenticated:
        return render(request, "portal/dashboard.html", {"panels": panels_for(request.user)})
    return render(request, "portal/start.html")


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
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


def server_error(request):
    """handler500: a database that is down gets the 503 page, anything else the 500 page.

    Rendered without the request context: the context processors would need the database.
    """
    error = sys.exc_info()[1]
    context = {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}
    if isinstance(error, DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", context))
