"""Data loaded once for a module's tests: `loaded_once(load)` runs `load()` inside a transaction that is
rolled back after the module's last test. Each test still runs in its own savepoint (pytest-django's `db`),
rolled back to this, so a test that changes the data changes it for itself only. For demos that take tens
of seconds to load, read by many tests (suite time)."""

from __future__ import annotations

import contextlib

from django.db import transaction


@contextlib.contextmanager
def loaded_once(django_db_blocker, load):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)
