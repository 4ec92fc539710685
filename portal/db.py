"""The embedded PostgreSQL server used when DATABASE_URL is not set.

`pgserver` ships PostgreSQL 16. Its data lives under var/pg/ (git-ignored); the server is left running
between commands (cleanup_mode=None) and is reached over its Unix socket, never over TCP. `make stop`
(``python -m portal.db stop``) stops it; ``python -m portal.db start`` starts it.

This module must not import Django: settings.py calls it before Django is set up.
"""

from __future__ import annotations

import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "var" / "pg"


def _pgserver():
    """Import pgserver quietly: platformdirs warns that XDG_RUNTIME_DIR is unset (it is, in CI and
    containers), and pgserver copes."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        import pgserver._commands

    return pgserver


def embedded_database_settings(name: str, data_dir: Path = DATA_DIR) -> dict:
    """Start (or reuse) the embedded server, make sure database `name` exists, and return the
    Django DATABASES entry for it."""
    import psycopg2

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = _pgserver().get_server(data_dir, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    connection = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }


def stop(data_dir: Path = DATA_DIR) -> str:
    """Stop the embedded server if it is running. Returns what happened, for the command line."""
    if not (data_dir / "postmaster.pid").exists():
        return "The embedded PostgreSQL server is not running."
    import os

    user = "pgserver" if os.geteuid() == 0 else None
    _pgserver()._commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    return f"Stopped the embedded PostgreSQL server ({data_dir})."


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        print(stop())
    elif sys.argv[1:] == ["start"]:
        # Started once before commands that would otherwise start it side by side (make test).
        import os

        if not os.environ.get("DATABASE_URL"):
            embedded_database_settings(os.environ.get("PORTAL_DB_NAME", "portal"))
    else:
        sys.exit("usage: python -m portal.db start|stop")
