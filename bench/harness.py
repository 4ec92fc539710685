"""Run the benchmark: point Django at the bench database, migrate, fill each module to scale, time its cases.

Everything here that touches the environment runs before Django is set up, so settings choose the bench
database (never the development one). See bench/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.registry import REGISTRY, BenchCase, BenchError, CaseModule

BASE_DIR = Path(__file__).resolve().parent.parent
# BENCH_DB_NAME lets two benches run side by side (it must contain "bench": --reset drops it).
BENCH_DB_NAME = os.environ.get("BENCH_DB_NAME", "portal_bench")
SETTINGS_MODULE = "portal.settings_test"  # DEBUG off, plain static files, fast hashing, locmem email
DEFAULT_SCALE = 50_000
DEFAULT_REPEAT = 30


@dataclass
class Result:
    """One case timed at one scale. `error` is set when it could not be timed (wrong status, exception)."""

    module: str
    case: BenchCase
    scale: int
    p50_ms: float = math.nan
    p95_ms: float = math.nan
    queries: int | None = None
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and self.p95_ms < self.case.goal_ms


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Fill a separate database (portal_bench) at scale and time the registered pages.",
    )
    scales = parser.add_mutually_exclusive_group()
    scales.add_argument(
        "--scale", type=int, default=DEFAULT_SCALE, help="providers to generate (default 50000)"
    )
    scales.add_argument(
        "--scales", help="comma-separated scales, run in ascending order in one go, e.g. 500,50000"
    )
    parser.add_argument(
        "--repeat", type=int, default=DEFAULT_REPEAT, help="timed requests per case (default 30)"
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="TEXT", help="run only cases whose name contains TEXT"
    )
    parser.add_argument(
        "--factor",
        action="append",
        default=[],
        metavar="MODULE=X",
        help="a module's scale as a multiple of --scale, overriding its registered factor",
    )
    parser.add_argument(
        "--reset", action="store_true", help="drop and recreate the bench database before starting"
    )
    args = parser.parse_args(argv)
    args.scale_list = sorted({int(s) for s in args.scales.split(",")}) if args.scales else [args.scale]
    if min(args.scale_list) < 1 or args.repeat < 1:
        parser.error("scales and --repeat must be at least 1")
    try:
        args.factors = {name: float(value) for name, value in (item.split("=", 1) for item in args.factor)}
    except ValueError:
        parser.error("--factor takes MODULE=NUMBER, e.g. --factor committees=0.1")
    return args


def configure_environment() -> None:
    """Choose the bench database and the settings before Django reads them."""
    import environ

    # What settings.py would read from .env, so that a DATABASE_URL there is seen here too.
    environ.Env.read_env(BASE_DIR / ".env")
    if os.environ.get("DATABASE_URL"):
        bench_url = os.environ.get("BENCH_DATABASE_URL", "")
        if not bench_url:
            raise BenchError(
                "DATABASE_URL is set, so the bench will not guess a database: set BENCH_DATABASE_URL to a "
                "separate, disposable database (its data is generated and may be dropped with --reset)."
            )
        if bench_url == os.environ["DATABASE_URL"]:
            raise BenchError(
                "BENCH_DATABASE_URL is the same as DATABASE_URL: give the bench its own database."
            )
        os.environ["DATABASE_URL"] = bench_url
    else:
        os.environ["PORTAL_DB_NAME"] = BENCH_DB_NAME
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"


def database_name() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["NAME"]


def check_database() -> None:
    """Refuse to run anywhere but the bench database."""
    name = database_name()
    if not os.environ.get("BENCH_DATABASE_URL") and name != BENCH_DB_NAME:
        raise BenchError(f"Settings chose database {name!r}, not {BENCH_DB_NAME!r}: refusing to run.")


def reset_database() -> None:
    """Drop and recreate the bench database (on the same server, through its "postgres" database)."""
    import psycopg2
    from django.conf import settings
    from django.db import connections
    from psycopg2 import sql

    name = database_name()
    if "bench" not in name:
        raise BenchError(f"--reset drops only a database whose name contains 'bench', not {name!r}.")
    database = settings.DATABASES["default"]
    connections.close_all()
    server = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"],
        port=database["PORT"] or None,
    )
    try:
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        server.close()
    print(f"Dropped and recreated database {name!r}.")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def fetch(client, url: str, case: BenchCase) -> None:
    """One GET, read to the end (streaming content included). Raises BenchError on an unexpected status."""
    response = client.get(url)
    if response.status_code != case.expected_status:
        raise BenchError(f"status {response.status_code}, expected {case.expected_status}")
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    else:
        _ = response.content
    response.close()


def measure(client, module: str, case: BenchCase, scale: int, repeat: int) -> Result:
    """Warm up, time `repeat` requests, then count the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result(module, case, scale)
    try:
        url = case.resolve_url()
        for _ in range(case.warmup):
            fetch(client, url, case)
        timings = []
        for _ in range(case.repeat or repeat):
            started = time.perf_counter()
            fetch(client, url, case)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            fetch(client, url, case)
    except Exception as error:  # one broken case must not hide the others' results
        result.error = f"{type(error).__name__}: {error}"
        return result
    result.p50_ms = statistics.median(timings)
    result.p95_ms = percentile(timings, 0.95)
    result.queries = len(captured.captured_queries)
    return result


class Clients:
    """A signed-in test client per username, made when first asked for."""

    def __init__(self) -> None:
        self.clients: dict[str, object] = {}

    def get(self, username: str):
        from django.contrib.auth import get_user_model
        from django.test import Client

        if username not in self.clients:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]


def selected(case: BenchCase, only: list[str]) -> bool:
    return not only or any(text.lower() in case.name.lower() for text in only)


def run_scale(scale: int, args: argparse.Namespace) -> list[Result]:
    """Generate every module up to its scale, then time its selected cases."""
    results = []
    clients = Clients()
    print(f"\n## Scale {scale:,}\n")
    for entry in REGISTRY:
        module_scale = entry.scale_for(scale, args.factors)
        started = time.perf_counter()
        entry.generate(module_scale)
        print(f"  {entry.name}: generated to {module_scale:,} in {time.perf_counter() - started:.1f} s")
        results += run_cases(entry, module_scale, args, clients)
    return results


def run_cases(entry: CaseModule, scale: int, args: argparse.Namespace, clients: Clients) -> list[Result]:
    results = []
    for case in entry.cases(scale):
        if not selected(case, args.only):
            continue
        result = measure(clients.get(case.username), entry.name, case, scale, args.repeat)
        status = "error" if result.error else ("pass" if result.passed else "FAIL")
        print(f"  timed {case.name}: p95 {result.p95_ms:.1f} ms, {result.queries} queries ({status})")
        results.append(result)
    return results


def print_table(results: list[Result]) -> None:
    print("\n| case | scale | p50 ms | p95 ms | queries | goal | pass/fail |")
    print("|---|---:|---:|---:|---:|---|---|")
    for r in results:
        verdict = f"error: {r.error}" if r.error else ("pass" if r.passed else "FAIL")
        queries = "-" if r.queries is None else str(r.queries)
        print(
            f"| {r.case.name} | {r.scale:,} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {queries} "
            f"| p95 < {r.case.goal_ms:,.0f} ms | {verdict} |"
        )


def flat_queries(runs: dict[int, list[Result]]) -> bool:
    """Print each case's query count at every scale; True when every count is the same at all scales."""
    scales = list(runs)
    counts: dict[str, dict[int, int | None]] = {}
    for scale, results in runs.items():
        for r in results:
            counts.setdefault(r.case.name, {})[scale] = r.queries
    print("\n| case | " + " | ".join(f"queries at {s:,}" for s in scales) + " | flat |")
    print("|---|" + "---:|" * len(scales) + "---|")
    all_flat = True
    for name, by_scale in counts.items():
        values = [by_scale.get(s) for s in scales]
        flat = None not in values and len(set(values)) == 1
        all_flat = all_flat and flat
        shown = " | ".join("-" if v is None else str(v) for v in values)
        print(f"| {name} | {shown} | {'yes' if flat else 'NO'} |")
    print(f"\nflat queries: {'yes' if all_flat else 'no'}")
    return all_flat


def machine_load() -> str:
    """The 1-minute load average against the CPU count: timings on a busy machine are not comparable."""
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    busy = " (busy: timings will be noisy)" if load > cpus * 0.75 else ""
    return f"load average {load:.1f} on {cpus} CPUs{busy}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        configure_environment()
        import django

        django.setup()
        check_database()
        if args.reset:
            reset_database()
        return run(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    import bench.cases  # noqa: F401 - registers the case modules

    print(f"# Bench: database {database_name()!r}, scales {', '.join(f'{s:,}' for s in args.scale_list)}")
    print(f"  {machine_load()}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.1f} s")
    runs = {scale: run_scale(scale, args) for scale in args.scale_list}
    for results in runs.values():
        print_table(results)
    ok = all(r.passed for results in runs.values() for r in results)
    if len(runs) > 1:
        ok = flat_queries(runs) and ok
    else:
        print("\nflat queries: not checked (one scale; use --scales 500,50000)")
    if not any(runs.values()):
        print("No case matched --only.")
    print(f"\n{machine_load()}")
    print(f"result: {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1
