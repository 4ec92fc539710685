"""Limits per sender, counted in the database so they hold across web processes (issue 13): password
reset emails per address and per IP address, anonymous document builds per IP address.

    if ratelimit.exceeded("password-reset-ip", client_address(request), limit=10, window=timedelta(hours=1)):
        ...

Each call counts one attempt (unless the limit is already reached) under a PostgreSQL advisory lock on
the scope and key, so two requests at once cannot both slip under the limit.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from portal.models import RateLimitHit


def hashed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@transaction.atomic
def exceeded(scope: str, value: str, *, limit: int, window: timedelta) -> bool:
    """True if `limit` attempts of `scope` by `value` were counted within `window` (this one is then not
    counted); otherwise counts this one and returns False."""
    key = hashed(value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{scope}:{key}"])
    now = timezone.now()
    recent = RateLimitHit.objects.filter(scope=scope, key=key, created_at__gte=now - window).count()
    if recent >= limit:
        return True
    RateLimitHit.objects.create(scope=scope, key=key)
    keep_since = now - max(window, timedelta(days=1))
    RateLimitHit.objects.filter(scope=scope, key=key, created_at__lt=keep_since).delete()
    return False
