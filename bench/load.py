"""Speed under load: the portal served by gunicorn with production settings, driven by wrk.

    .venv/bin/python -m bench.load                       # the demo database (`make run` loads it)
    .venv/bin/python -m bench.load --db portal_bench     # the bench database at scale
    .venv/bin/python -m bench.load --connections 32 --seconds 15 --workers 2 --warmup 3

It collects the static files (production settings serve them hashed), signs a commissioner in (a session
with its second factor verified, written straight to the session store, as a sign-in would), starts
gunicorn (`portal.wsgi`, DEBUG off, sync workers), checks each page
answers 200, then runs wrk (Debian's package `wrk`) with a Lua script that spreads requests over a set of
paths and prints its figures as JSON:
- each staff page alone, then the mixed staff set (every page in turn), at `--connections`;
- `/healthz`, the ceiling (no template, one query);
- 16 connections asking anonymously for a report's PDF while the meetings list is timed at 4 connections
  (a PDF is built by the task worker and served from storage, never rendered in a request).
Goals (issue 13, part 8): the mixed staff set >= 150 requests/s with no errors and p99 < 500 ms at 32
connections on 2 cores; the meetings list's p99 < 500 ms beside the PDF requests. The exit code is 1 when a
goal is missed, 2 when the run could not start. The last line gives the load average before and after: quote
figures from a quiet machine only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAFF_PAGES = [
    "/",
    "/providers/",
    "/committees/meetings/",
    "/fps/packages/",
    "/fps/evaluation/",
    "/funding/",
    "/scorecard/",
    "/market/",
]
MEETINGS = "/committees/meetings/"
MIXED_GOAL_RPS = 150
P99_GOAL_MS = 500

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do paths[#paths + 1] = line end
local cookie = os.getenv("LOAD_COOKIE") or ""
local counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if cookie ~= "" then
    return wrk.format("GET", path, {["Cookie"] = cookie})
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOADJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class Result:
    name: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    goal: str = ""
    ok: bool | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        PORTAL_DB_NAME=db,
    )
    return env


def staff_cookie(username: str) -> str:
    """A signed-in session for `username` with its second factor verified, as a sign-in leaves it."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.module_loading import import_string

    from portal import mfa

    user = get_user_model().objects.get(username=username)
    device = mfa.demo_device_ensure(user)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend, after axes
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[mfa.SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def report_pdf_path() -> str:
    from committees.models import Report

    report = Report.objects.filter(status="published").order_by("pk").first() or Report.objects.first()
    if report is None:
        raise SystemExit("No committee report in this database: load the demo data first (make run).")
    return f"/committees/reports/{report.pk}/pdf/"


def get(base: str, path: str, cookie: str = "") -> int:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(base: str, paths: list[str], *, connections: int, seconds: int, cookie: str, workdir: Path):
    """Start wrk over `paths`; returns the process (read it with `finish`)."""
    script = workdir / "load.lua"
    script.write_text(LUA)
    listing = workdir / f"paths-{len(list(workdir.iterdir()))}.txt"
    listing.write_text("\n".join(paths) + "\n")
    env = dict(os.environ, LOAD_PATHS=str(listing), LOAD_COOKIE=cookie)
    threads = str(min(2, connections))
    command = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{seconds}s", "-s", str(script), base]
    return subprocess.Popen(  # noqa: S603 - our own command line
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def finish(process, name: str) -> Result:
    output, _ = process.communicate()
    line = next((line for line in output.splitlines() if line.startswith("LOADJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no figures for {name}:\n{output}")
    figures = json.loads(line.removeprefix("LOADJSON "))
    errors = sum(figures[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Result(
        name=name,
        requests=figures["requests"],
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=errors,
    )


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", default="portal", help="database name on the embedded server (default: portal)"
    )
    parser.add_argument("--user", default="commissioner", help="the staff user whose pages are timed")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    # One sync worker per core: the pages are CPU-bound and PostgreSQL shares the cores. On the 2-core
    # machine, /market/ at 32 connections served 135 requests/s with 2 workers, 114 with 3 and 84 with
    # gunicorn's usual 2 x cores + 1 = 5 (more processes than cores only switch between them).
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers")
    parser.add_argument("--warmup", type=int, default=3, help="untimed seconds of load before timing")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench.load needs wrk: apt-get install wrk", file=sys.stderr)
        return 2

    env = production_env(args.db)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    cookie = staff_cookie(args.user)
    pdf = report_pdf_path()
    from django.db import connections

    connections.close_all()

    # Production settings serve hashed static files from STATIC_ROOT (whitenoise): collect them first.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started_load = load_average()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results: list[Result] = []
    try:
        for _ in range(100):
            try:
                if get(base, "/healthz") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            print("gunicorn did not answer /healthz", file=sys.stderr)
            return 2
        for path in STAFF_PAGES:
            # Every worker answers each page once before timing (imports, template loading, connections).
            statuses = {get(base, path, cookie) for _ in range(args.workers)}
            if statuses != {200}:
                print(f"{path} answered {sorted(statuses)} for {args.user}, not 200", file=sys.stderr)
                return 2
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            run = {"connections": args.connections, "seconds": args.seconds, "workdir": workdir}
            # Warm every worker on every page under the same load, untimed: a handful of requests above may
            # all go to one worker, and a cold one spends about a second importing and compiling
            # templates, which a short timed run would count against the pages.
            finish(wrk(base, STAFF_PAGES, cookie=cookie, **{**run, "seconds": args.warmup}), "warm-up")
            for path in STAFF_PAGES:
                results.append(finish(wrk(base, [path], cookie=cookie, **run), path))
            mixed = finish(wrk(base, STAFF_PAGES, cookie=cookie, **run), "mixed staff set")
            mixed.goal = f">= {MIXED_GOAL_RPS}/s, p99 < {P99_GOAL_MS} ms, 0 errors"
            mixed.ok = mixed.rps >= MIXED_GOAL_RPS and mixed.p99_ms < P99_GOAL_MS and mixed.errors == 0
            results.append(mixed)
            results.append(finish(wrk(base, ["/healthz"], cookie="", **run), "/healthz (ceiling)"))
            get(base, pdf)  # ask once, so the build is queued (or the stored PDF is there)
            pdfs = wrk(base, [pdf], connections=16, seconds=args.seconds, cookie="", workdir=workdir)
            beside = wrk(
                base, [MEETINGS], connections=4, seconds=args.seconds, cookie=cookie, workdir=workdir
            )
            listing = finish(beside, f"{MEETINGS} beside 16 anonymous PDF requests")
            pdf_result = finish(pdfs, f"{pdf} (anonymous, 16 connections)")
            listing.goal = f"p99 < {P99_GOAL_MS} ms, 0 errors"
            listing.ok = listing.p99_ms < P99_GOAL_MS and listing.errors == 0
            results += [listing, pdf_result]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    width = max(len(result.name) for result in results)
    print(
        f"{'page':<{width}}  {'requests':>8}  {'req/s':>7}  {'p50 ms':>7}  {'p99 ms':>7}  {'errors':>6}  goal"
    )
    for r in results:
        verdict = "" if r.ok is None else (" PASS" if r.ok else " MISS")
        print(
            f"{r.name:<{width}}  {r.requests:>8}  {r.rps:>7.1f}  {r.p50_ms:>7.1f}  {r.p99_ms:>7.1f}  "
            f"{r.errors:>6}  {r.goal}{verdict}"
        )
    print(
        f"gunicorn {args.workers} sync workers, wrk {args.connections} connections x {args.seconds} s a run, "
        f"database {args.db}; load average at start {started_load}, at end {load_average()}"
    )
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
