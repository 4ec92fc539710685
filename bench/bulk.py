"""Bulk loading for the bench's generators: PostgreSQL's COPY, and the history rows
django-simple-history would have written."""

# ruff: noqa: S608 - the SQL is built from the models' table and column names, never input

from __future__ import annotations

import io
from datetime import datetime

from django.db import connection


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY rows into a table (PostgreSQL's text format): much faster than INSERT for 100,000s of rows."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def add_history(model, where: str, date_expression: str, params: list) -> None:
    """One "created" history row for each new row, as django-simple-history would have written."""
    history = model.history.model
    plain = [
        f.column
        for f in history._meta.concrete_fields
        if f.column
        not in {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
    ]
    columns = ", ".join(plain)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({columns}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {columns}, {date_expression}, 'Bench data', '+', NULL "
            f"FROM {model._meta.db_table} WHERE {where}",
            params,
        )


def last_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
