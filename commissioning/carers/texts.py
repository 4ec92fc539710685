"""Text messages to carers and referrers: queued after the transaction commits and sent by the task
worker, like email (portal/email.py).

The backend is a setting, `CARERS_TEXT_BACKEND`: "console" (the default: writes each message to the
worker's standard output, as Django's console email backend does in development) or "memory" (tests read
`outbox`). A council sends texts through GOV.UK Notify; its backend (an API key and the Notify client) is
not part of this project yet: see ADR 051.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import transaction
from django_tasks import task

outbox: list[dict] = []


def send_text(*, to: str, body: str) -> None:
    """Queue one text message, sent once the current transaction commits."""
    transaction.on_commit(lambda: deliver_text.enqueue(to=to, body=body))


@task()
def deliver_text(*, to: str, body: str) -> None:
    backend = getattr(settings, "CARERS_TEXT_BACKEND", "console")
    if backend == "memory":
        outbox.append({"to": to, "body": body})
    elif backend == "console":
        sys.stdout.write(f"Text message to {to}:\n{body}\n{'-' * 40}\n")
    else:
        raise ValueError(f"CARERS_TEXT_BACKEND {backend!r} is not 'console' or 'memory'")
