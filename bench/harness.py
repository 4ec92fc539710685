"""Run the benchmark: point Django at the bench database, migrate, fill each module to scale, time its cases.

Everything here that touches the environment runs before Django is set up, so settings choose the bench
database (never the development one). See bench/README.md.

The run always completes: a data generator or a case that fails is recorded in the table with the reason,
and the exit code at the end says whether every case met its goal.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import statistics
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from bench.registry import REGISTRY, BenchCase, BenchError, CaseModule

BASE_DIR = Path(__file__).resolve().parent.parent
# BENCH_DB_NAME lets two benches run side by side (it must contain "bench": --reset drops it).
BENCH_DB_NAME = os.environ.get("BENCH_DB_NAME", "portal_bench")
SETTINGS_MODULE = "portal.settings_test"  # DEBUG off, plain static files, fast hashing, locmem email
DEFAULT_SCALE = 50_000
DEFAULT_REPEAT = 30
LOAD_SAMPLE_SECONDS = 5.0


@dataclass
class Result:
    """One case timed at one scale. `error` is set when it could not be timed (wrong status, exception).

    Besides wall-clock times, the mean CPU time per request of this process (Python: views, templates)
    and of the database server's backend (PostgreSQL: the queries) is kept: CPU time hardly changes with
    what else the machine is doing, so it compares runs taken at different loads.
    """

    module: str
    case: BenchCase
    scale: int
    p50_ms: float = math.nan
    p95_ms: float = math.nan
    queries: int | None = None
    error: str = ""
    py_cpu_ms: float = math.nan
    db_cpu_ms: float = math.nan
    load: float = math.nan  # the 1-minute load average when the case finished
    # Relative goal (case.faster_than): the other case's p50 divided by this one's.
    speedup: float | None = None
    relative_error: str = ""

    @property
    def within_goal(self) -> bool:
        return not self.error and self.p95_ms < self.case.goal_ms

    @property
    def relative_passed(self) -> bool:
        if self.case.faster_than is None:
            return True
        return (
            not self.relative_error and self.speedup is not None and self.speedup >= self.case.faster_than[1]
        )

    @property
    def passed(self) -> bool:
        return self.within_goal and self.relative_passed

    @property
    def verdict(self) -> str:
        if self.error:
            return f"error: {self.error}"
        return "pass" if self.passed else "FAIL"


class LoadSampler:
    """The machine's 1-minute load average, sampled every few seconds while the bench runs, so a table
    can say how busy the machine was: figures from a busy machine are not a quiet machine's."""

    def __init__(self, interval: float = LOAD_SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.samples: list[float] = []
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-load-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(os.getloadavg()[0])

    def start(self) -> LoadSampler:
        self.started = time.monotonic()
        self.samples = [os.getloadavg()[0]]
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        cpus = os.cpu_count() or 1
        samples = self.samples or [os.getloadavg()[0]]
        start, end, peak = samples[0], samples[-1], max(samples)
        seconds = time.monotonic() - self.started
        # The bench itself keeps about one CPU busy (this process, then PostgreSQL's backend).
        verdict = (
            "quiet"
            if peak <= cpus
            else "BUSY: other work shared the CPUs, so these timings are not a quiet machine's"
        )
        return (
            f"load average during the run (1-minute, {cpus} CPUs): start {start:.1f}, end {end:.1f}, "
            f"max {peak:.1f} ({len(samples)} samples over {seconds:.0f} s): {verdict}"
        )


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
    parser.add_argument(
        "--no-generate",
        action="store_true",
        help="time the cases on the data already there: skip the generators (filled at this scale before)",
    )
    args = parser.parse_args(argv)
    args.scale_list = sorted({int(s) for s in args.scales.split(",")}) if args.scales else [args.scale]
    if min(args.scale_list) < 1 or args.repeat < 1:
        parser.error("scales and --repeat must be at least 1")
    if args.reset and args.no_generate:
        parser.error("--reset empties the database, so --no-generate would have nothing to time")
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
        where = f" to {response['Location']}" if response.has_header("Location") else ""
        raise BenchError(f"GET {url} answered {response.status_code}{where}, expected {case.expected_status}")
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    else:
        _ = response.content
    response.close()


@dataclass
class DatabaseCpu:
    """CPU time used by this connection's PostgreSQL backend, read from /proc (a server on this machine).
    Unavailable (None) for a server elsewhere, or when the connection changed in between."""

    pid: int | None = None
    ticks: int | None = None
    clock_ticks: int = field(default_factory=lambda: os.sysconf("SC_CLK_TCK"))

    @staticmethod
    def backend_pid() -> int | None:
        from django.db import connection

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                return cursor.fetchone()[0]
        except Exception:  # noqa: BLE001 - a measurement aid: never the reason a case fails
            return None

    @staticmethod
    def read_ticks(pid: int | None) -> int | None:
        if pid is None:
            return None
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15 of the whole line)

    def start(self) -> None:
        self.pid = self.backend_pid()
        self.ticks = self.read_ticks(self.pid)

    def used_ms(self) -> float:
        """Milliseconds of CPU since start(), or NaN if it cannot be known."""
        end = self.read_ticks(self.pid)
        if self.ticks is None or end is None or self.backend_pid() != self.pid:
            return math.nan
        return (end - self.ticks) * 1000 / self.clock_ticks


def run_once(client, url: str, case: BenchCase) -> float | None:
    """One request (or the case's action). Returns the time it says it took, if it times itself."""
    if case.action is not None:
        return case.action(client)
    fetch(client, url, case)
    return None


def measure(clients: Clients, module: str, case: BenchCase, scale: int, repeat: int) -> Result:
    """Warm up, time `repeat` requests, then count the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result(module, case, scale)
    try:
        client = clients.get(case.username)
        url = case.resolve_url()
        for _ in range(case.warmup):
            run_once(client, url, case)
        timings, cpu = [], []
        database_cpu = DatabaseCpu()
        database_cpu.start()
        for _ in range(case.repeat or repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            own_ms = run_once(client, url, case)
            timings.append((time.perf_counter() - started) * 1000 if own_ms is None else own_ms)
            cpu.append((time.process_time() - started_cpu) * 1000)
        result.db_cpu_ms = database_cpu.used_ms() / len(timings)
        if case.count_queries:  # one more run, counted (not for builds and imports: a run is costly)
            with CaptureQueriesContext(connection) as captured:
                run_once(client, url, case)
            result.queries = len(captured.captured_queries)
    except Exception as error:  # one broken case must not hide the others' results
        # A BenchError says what went wrong itself; anything else also says where it was raised.
        result.error = (
            f"BenchError: {error}".replace("\n", " ")[:300]
            if isinstance(error, BenchError)
            else short_error(error)
        )
        result.load = os.getloadavg()[0]
        return result
    result.p50_ms = statistics.median(timings)
    result.p95_ms = percentile(timings, 0.95)
    result.py_cpu_ms = statistics.fmean(cpu)
    result.load = os.getloadavg()[0]
    return result


class Clients:
    """A signed-in test client per username (None: an anonymous visitor), made when first asked for.

    Signed in with both steps: force_login, then the session marked verified by the user's authenticator
    app (made for the bench user if it has none), as portal/mfa.py does after a right code. Users whose
    roles need a second factor would otherwise be sent to that step."""

    def __init__(self) -> None:
        self.clients: dict[str | None, object] = {}

    def get(self, username: str | None):
        from django.contrib.auth import get_user_model
        from django.test import Client

        if username not in self.clients:
            client = Client()
            if username is not None:
                user = get_user_model().objects.get(username=username)
                client.force_login(user)
                verify_second_factor(client, user)
            self.clients[username] = client
        return self.clients[username]


def verify_second_factor(client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Bench authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def selected(case: BenchCase, only: list[str]) -> bool:
    return not only or any(text.lower() in case.name.lower() for text in only)


def short_error(error: BaseException) -> str:
    """The exception and where it was raised (the innermost frame in the project), on one line."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if str(BASE_DIR) in frame.filename and "/.venv/" not in frame.filename
    ]
    where = ""
    if frames:
        frame = frames[-1]
        where = f" (at {Path(frame.filename).relative_to(BASE_DIR)}:{frame.lineno})"
    return f"{type(error).__name__}: {error}{where}".replace("\n", " ")[:300]


def run_scale(scale: int, args: argparse.Namespace, registry: list[CaseModule] | None = None) -> list[Result]:
    """Generate every module up to its scale, then time its selected cases."""
    results = []
    clients = Clients()
    print(f"\n## Scale {scale:,}\n")
    for entry in REGISTRY if registry is None else registry:
        module_scale = entry.scale_for(scale, args.factors)
        if not args.no_generate:
            started = time.perf_counter()
            try:
                entry.generate(module_scale)
            except Exception as error:  # recorded, and the bench goes on with the next module
                traceback.print_exc()
                results.append(generator_error(entry, scale, error))
                print(f"  {entry.name}: the generator failed: {short_error(error)}")
                reconnect()
            else:
                print(
                    f"  {entry.name}: generated to {module_scale:,} in {time.perf_counter() - started:.1f} s"
                )
        results += run_cases(entry, module_scale, scale, args, clients)
    compare(results)
    return results


def reconnect() -> None:
    """After a failure, start the next module on a fresh connection (no transaction left half-open)."""
    from django.db import connection

    connection.close()


def generator_error(entry: CaseModule, scale: int, error: BaseException) -> Result:
    case = BenchCase(f"{entry.name}: data generator", None, "-", goal_ms=math.inf, count_queries=False)
    return Result(entry.name, case, scale, error=short_error(error))


def run_cases(
    entry: CaseModule, module_scale: int, scale: int, args: argparse.Namespace, clients: Clients
) -> list[Result]:
    results = []
    try:
        module_cases = entry.cases(module_scale)
    except Exception as error:
        traceback.print_exc()
        case = BenchCase(f"{entry.name}: cases", None, "-", goal_ms=math.inf, count_queries=False)
        print(f"  {entry.name}: could not list its cases: {short_error(error)}")
        return [Result(entry.name, case, scale, error=short_error(error))]
    for case in module_cases:
        if not selected(case, args.only):
            continue
        result = measure(clients, entry.name, case, scale, args.repeat)
        if result.error:
            reconnect()
        queries = "-" if result.queries is None else result.queries
        outcome = (
            f"error: {result.error}"
            if result.error
            else "goal met"
            if result.within_goal
            else "over its goal"
        )
        print(
            f"  timed {case.name}: p95 {fmt(result.p95_ms)} ms, {queries} queries, "
            f"load {fmt(result.load)} ({outcome})"
        )
        results.append(result)
    return results


def compare(results: list[Result]) -> None:
    """Fill in the relative goals: each case with `faster_than` against the named case of the same scale."""
    by_name = {(r.scale, r.case.name): r for r in results}
    for result in results:
        if result.case.faster_than is None or result.error:
            continue
        name, _factor = result.case.faster_than
        baseline = by_name.get((result.scale, name))
        if baseline is None:
            result.relative_error = f"{name!r} was not timed (use --only to include it)"
        elif baseline.error:
            result.relative_error = f"{name!r} errored"
        else:
            result.speedup = baseline.p50_ms / result.p50_ms


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def print_table(results: list[Result]) -> None:
    print("\n| case | scale | p50 ms | p95 ms | goal | queries | py cpu ms | db cpu ms | load | pass/fail |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---|")
    for r in results:
        queries = "-" if r.queries is None else str(r.queries)
        goal = "-" if math.isinf(r.case.goal_ms) else f"p95 < {r.case.goal_ms:,.0f} ms"
        if r.case.faster_than:
            goal += f", {r.case.faster_than[1]:g}x faster than {r.case.faster_than[0]!r}"
        print(
            f"| {r.case.name} | {r.scale:,} | {fmt(r.p50_ms)} | {fmt(r.p95_ms)} | {goal} | {queries} "
            f"| {fmt(r.py_cpu_ms)} | {fmt(r.db_cpu_ms)} | {fmt(r.load)} | {r.verdict} |"
        )
    relative = [r for r in results if r.case.faster_than]
    if relative:
        print("\n| relative goal | scale | this p50 ms | other p50 ms | speed-up | goal | pass/fail |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for r in relative:
            name, factor = r.case.faster_than
            if r.error or r.relative_error:
                verdict = f"error: {r.error or r.relative_error}"
                other = "-"
            else:
                verdict = "pass" if r.relative_passed else "FAIL"
                other = fmt(r.p50_ms * r.speedup)
            speedup = "-" if r.speedup is None else f"{r.speedup:.1f}x"
            print(
                f"| {r.case.name} against {name} | {r.scale:,} | {fmt(r.p50_ms)} | {other} | {speedup} "
                f"| >= {factor:g}x | {verdict} |"
            )


def flat_queries(runs: dict[int, list[Result]]) -> bool:
    """Print each case's query count at every scale; True when every count is the same at all scales."""
    scales = list(runs)
    counts: dict[str, dict[int, int | None]] = {}
    for scale, results in runs.items():
        for r in results:
            if r.case.count_queries:
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

    sampler = LoadSampler().start()
    print(f"# Bench: database {database_name()!r}, scales {', '.join(f'{s:,}' for s in args.scale_list)}")
    print(f"  load average now {os.getloadavg()[0]:.1f} on {os.cpu_count() or 1} CPUs")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.1f} s")
    runs = {scale: run_scale(scale, args) for scale in args.scale_list}
    sampler.stop()
    return finish(runs, sampler)


def finish(runs: dict[int, list[Result]], sampler: LoadSampler) -> int:
    """Print the tables, the load during the run and the verdict. Returns the exit code."""
    for results in runs.values():
        print_table(results)
    failed = [r for results in runs.values() for r in results if not r.passed]
    ok = not failed
    if len(runs) > 1:
        ok = flat_queries(runs) and ok
    else:
        print("\nflat queries: not checked (one scale; use --scales 500,50000)")
    if not any(runs.values()):
        print("No case matched --only.")
    print(f"\n{sampler.summary()}")
    errors = sum(1 for r in failed if r.error)
    print(
        f"result: {'pass' if ok else 'FAIL'} "
        f"({sum(len(r) for r in runs.values()) - len(failed)} passed, {len(failed) - errors} over a goal, "
        f"{errors} errors)"
    )
    return 0 if ok else 1
