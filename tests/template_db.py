"""The test databases are copies of one migrated, empty template database.

Migrating this project from nothing takes about a minute of one core: for each operation Django re-renders
every model related to the one changed, and every history table points at the user model. Each
pytest-xdist worker used to pay that minute for its own test database. Now the first worker that finds no
test database of its own migrates the template (under a file lock, so once), and each worker's database is
a copy of it (`CREATE DATABASE ... TEMPLATE`, about a second). `make test` migrates the template
(`python -m tests.template_db`) on one core while the demo database is migrated and filled on the other, so
pytest starts with it ready.

An existing test database is kept (`--reuse-db`), and Django migrates it forward as before; `--create-db`
makes Django build the database from nothing as it always did. The template is migrated forward whenever
it is behind the migration files, so a copy is never older than the code.
"""

from __future__ import annotations

import fcntl
import tempfile
from contextlib import contextmanager
from pathlib import Path


def template_name() -> str:
    """test_<database>_template, beside the per-worker test_<database>_gw0, _gw1..."""
    from django.conf import settings

    return f"test_{settings.DATABASES['default']['NAME']}_template"


@contextmanager
def locked(name: str):
    path = Path(tempfile.gettempdir()) / f"portal-{name}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _behind(connection) -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@contextmanager
def _pointed_at(connection, name: str):
    """The default connection, on database `name` for the duration."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def _ensure_template(connection, template: str) -> None:
    """Create the template if missing and migrate it if behind (the caller holds the lock)."""
    from django.core.management import call_command

    with connection.creation._nodb_cursor() as cursor:
        if not _exists(cursor, template):
            cursor.execute(f'CREATE DATABASE "{template}"')
    with _pointed_at(connection, template):
        if _behind(connection):
            call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)


def prepare_template(*, rebuild: bool = False) -> str:
    from django.db import connection

    template = template_name()
    with locked(template):
        if rebuild:
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
        _ensure_template(connection, template)
    return template


def copy_for_this_session() -> str | None:
    """Make this session's test database a copy of the template, unless it already exists. Returns the
    database copied to, or None when there was nothing to do."""
    from django.db import connection

    target = connection.creation._get_test_db_name()
    with connection.creation._nodb_cursor() as cursor:
        if _exists(cursor, target):
            return None
    template = template_name()
    with locked(template):
        _ensure_template(connection, template)
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{template}"')
    return target


if __name__ == "__main__":
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
    django.setup()
    # --rebuild: from nothing, after a migration was edited in place.
    print(f"Test template database {prepare_template(rebuild='--rebuild' in sys.argv)} is migrated.")
