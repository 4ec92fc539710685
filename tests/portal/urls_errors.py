"""The portal's URLs plus views that fail on purpose (tests/portal/test_hardening.py)."""

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError, connection, transaction
from django.urls import path

from portal.urls import handler400, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def data_error(request):
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: the test's transaction lives on
        cursor.execute("SELECT 1 / 0")  # division_by_zero: a DataError, not an outage


@login_not_required
def operational_error(request):
    raise OperationalError("deadlock detected")


@login_not_required
def value_error(request):
    raise ValueError("boom")


urlpatterns = [
    path("test-errors/data/", data_error),
    path("test-errors/operational/", operational_error),
    path("test-errors/value/", value_error),
    *portal_urlpatterns,
]
