"""A document's version derived from the reads it is made from (the agenda pack's idea, ADR 031, shared by
every stored document, portal/documents.py, ADR 026).

Reading and laying out are two steps. Everything a document shows is read inside `recording_reads()`, and
every SELECT that runs there is kept exactly as it ran (parameters in place). `probe_sql(reads)` makes of
them one statement that hashes the rows each read returns now, and `fingerprint_of(probe)` runs it: the
digest is the same until a row the document was made from changes, or a row appears or goes where it
looked (a new section, a deleted appendix, a renamed member). Nobody keeps a list of inputs: a new read in
the document is a new input. Checking whether a stored document is current is one query.

Laying out afterwards (WeasyPrint) must read nothing: `reads_nothing()` refuses any read, so a template
that reached for data outside the gathered reads fails the build instead of leaving the document
silently stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import connection, transaction

READS = ("SELECT", "WITH")

T = TypeVar("T")


class ReadOutsideSources(RuntimeError):
    """Laying a document out tried to read the database: the read belongs in its gathering step."""


@contextmanager
def recording_reads() -> Iterator[list[str]]:
    """Every SELECT run inside the block, as the database ran it (parameters in place), in order."""
    reads: list[str] = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith(READS):
            reads.append(context["connection"].ops.last_executed_query(context["cursor"], sql, params))
        return result

    with connection.execute_wrapper(record):
        yield reads


@contextmanager
def reads_nothing() -> Iterator[None]:
    """Refuse database reads inside the block (writes, such as progress, go through)."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(READS):
            raise ReadOutsideSources(f"A document read the database while being laid out: {sql[:200]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def probe_sql(reads: list[str]) -> str:
    """One statement giving a digest of the rows each read returns now (order-insensitive per read)."""
    distinct = list(dict.fromkeys(read.strip().rstrip(";") for read in reads))
    # Each read is a statement the database ran for the document (recorded by `recording_reads`), never
    # input.
    head = "(SELECT md5(coalesce(string_agg(r.t, ',' ORDER BY r.t), '')) FROM (SELECT s::text AS t FROM ("
    parts = [head + read + ") AS s) AS r)" for read in distinct]
    return "SELECT md5(concat_ws('|', " + ", ".join(parts or ["''"]) + "))"


def fingerprint_of(probe: str) -> str:
    """The digest of what the reads in `probe` return now: equal to a document's version unless one of its
    sources changed. One query."""
    with connection.cursor() as cursor:
        cursor.execute(probe)
        (digest,) = cursor.fetchone()
    return hashlib.sha256(f"{digest}".encode()).hexdigest()


def gathered(read: Callable[[], T]) -> tuple[T, str, str]:
    """Run `read` recording its reads; return what it returned, the probe of its reads and their
    fingerprint, all from one snapshot of the database (REPEATABLE READ): a change committed meanwhile is
    either wholly in both or in neither. Inside an enclosing transaction (a request's, a test's) that
    transaction's own view is used."""
    if connection.in_atomic_block:
        with recording_reads() as reads:
            result = read()
        probe = probe_sql(reads)
        return result, probe, fingerprint_of(probe)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with recording_reads() as reads:
            result = read()
        probe = probe_sql(reads)
        return result, probe, fingerprint_of(probe)
