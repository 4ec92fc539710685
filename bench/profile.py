"""Profile one page on the bench database: where a request's time goes.

    .venv/bin/python -m bench.profile URL [--user bench-finance-officer] [--top 25] [--no-explain]

Requests URL once to warm up, then once under cProfile (the Python functions with the most cumulative time,
this process's CPU time and the wall time), then prints each query it ran with PostgreSQL's
`EXPLAIN (ANALYZE, BUFFERS)` plan. Uses the bench's settings and database (fill it with `python -m bench`
first); the user is one of the bench's `bench-<role>` users, signed in as the harness does. Read-only:
only SELECTs are explained (inside a transaction that is rolled back).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time

from bench import harness


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--user", default=None, help="a bench username (default: an anonymous visitor)")
    parser.add_argument("--top", type=int, default=25, help="Python functions to list (default 25)")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative (default) or tottime")
    parser.add_argument("--no-explain", action="store_true", help="list the queries without their plans")
    return parser.parse_args(argv)


def explain(sql: str) -> str:
    from django.db import connection, transaction

    if not sql.lstrip().upper().startswith("SELECT"):
        return "(not a SELECT: not explained)"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    harness.configure_environment()
    import django

    django.setup()
    harness.check_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = harness.BenchCase("profile", args.user, args.url)
    client = harness.Clients().get(args.user)
    harness.fetch(client, args.url, case)  # warm up
    # CPU time, not wall time: on a shared machine the wall clock charges other work to whatever runs.
    profiler = cProfile.Profile(time.process_time)
    started, started_cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as captured:
        profiler.enable()
        harness.fetch(client, args.url, case)
        profiler.disable()
    wall_ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - started_cpu) * 1000
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    queries = captured.captured_queries
    total_sql = sum(float(q["time"]) for q in queries) * 1000
    print(f"# {args.url}: {wall_ms:.0f} ms wall (under cProfile), {cpu_ms:.0f} ms CPU in this process")
    print(f"# {len(queries)} queries, {total_sql:.0f} ms as seen by the client\n")
    for number, query in enumerate(queries, 1):
        print(f"## query {number}: {float(query['time']) * 1000:.1f} ms\n{query['sql']}\n")
        if not args.no_explain:
            print(explain(query["sql"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
