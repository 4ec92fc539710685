"""The one way the portal sends email: after the transaction commits, through the task worker.

A rolled-back change never emails anyone, and a slow mail server never holds a request: the message is
handed to `portal.tasks.deliver_email`, which the task worker (`manage.py db_worker`) sends. Tests run
tasks inline (the immediate backend), so `django.core.mail.outbox` holds the message once the test's
transaction would have committed (use `django_capture_on_commit_callbacks(execute=True)`).

Every email ends with the service's name; callers give plain text (no personal data beyond what the
recipient already holds: see each app's rules).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction


def signature() -> str:
    return f"{settings.SERVICE_NAME}, {settings.COUNCIL_NAME}"


def absolute_url(path: str) -> str:
    """A link for an email, which is read outside any request: PORTAL_BASE_URL + the portal path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def send_email(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    reply_to: Iterable[str] = (),
    sign: bool = True,
) -> int:
    """Queue one email per recipient (so no recipient sees another's address), sent once the current
    transaction commits. Returns how many were queued; blank addresses are skipped."""
    from portal.tasks import deliver_email

    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return 0
    text = f"{body.rstrip()}\n\n{signature()}\n" if sign else body
    for address in recipients:
        kwargs = {
            "to": address,
            "subject": " ".join(subject.split()),  # no header injection through line breaks
            "body": text,
            "headers": dict(headers or {}),
            "reply_to": list(reply_to),
        }
        transaction.on_commit(lambda kwargs=kwargs: deliver_email.enqueue(**kwargs))
    return len(recipients)
