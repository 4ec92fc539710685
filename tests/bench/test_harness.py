"""The bench harness completes whatever its cases do: a goal missed, a case or a data generator that
fails is recorded with its reason and reflected in the exit code at the end, never a stop half-way."""

from __future__ import annotations

import math
import time
from types import SimpleNamespace

import pytest

from bench import harness
from bench.registry import BenchCase, BenchError, CaseModule


def args(**overrides):
    return harness.parse_args(["--scale", "10", "--repeat", "3", *overrides.get("argv", [])])


def module(name: str, cases, generate=None) -> CaseModule:
    fake = SimpleNamespace(generate=generate or (lambda scale: None), cases=lambda scale: cases)
    return CaseModule(name, fake, 1.0)


def action(ms: float = 0.0, error: Exception | None = None):
    def run(_client):
        if error is not None:
            raise error
        return ms

    return run


def case(name: str, *, ms: float = 1.0, goal: float = 100.0, error=None, **kwargs) -> BenchCase:
    return BenchCase(name, None, "-", goal_ms=goal, warmup=0, action=action(ms, error), **kwargs)


@pytest.mark.django_db
def test_a_failing_generator_and_a_failing_case_are_recorded_and_the_run_goes_on(capsys):
    def broken_generator(scale):
        raise RuntimeError("the sheet took 2210 ms")

    registry = [
        module("first", [case("first: fine")], generate=broken_generator),
        module("second", [case("second: errors", error=BenchError("status 404")), case("second: fine")]),
        module("third", [case("third: slow", ms=250.0, goal=150.0)]),
    ]
    results = harness.run_scale(10, args(), registry)

    by_name = {r.case.name: r for r in results}
    assert by_name["first: data generator"].error.startswith("RuntimeError: the sheet took 2210 ms")
    assert by_name["first: fine"].passed  # the module's cases still ran
    assert by_name["second: errors"].error == "BenchError: status 404"
    assert by_name["second: fine"].passed  # the case after the broken one ran
    assert by_name["third: slow"].p95_ms == 250.0
    assert not by_name["third: slow"].passed and not by_name["third: slow"].error

    sampler = harness.LoadSampler().start()
    sampler.stop()
    assert harness.finish({10: results}, sampler) == 1
    out = capsys.readouterr().out
    assert "| second: errors | 10 |" in out and "error: BenchError: status 404 |" in out
    assert "| third: slow | 10 | 250.0 | 250.0 | p95 < 150 ms |" in out and "| FAIL |" in out
    assert "result: FAIL (2 passed, 1 over a goal, 2 errors)" in out
    assert "load average during the run (1-minute," in out


@pytest.mark.django_db
def test_every_case_within_its_goal_exits_0(capsys):
    results = harness.run_scale(10, args(), [module("only", [case("only: a"), case("only: b")])])
    sampler = harness.LoadSampler().start()
    sampler.stop()
    assert harness.finish({10: results}, sampler) == 0
    assert "result: pass (2 passed, 0 over a goal, 0 errors)" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_relative_goal_compares_medians_in_the_same_run(capsys):
    registry = [
        module(
            "rel",
            [
                case("rel: admin", ms=100.0, goal=math.inf),
                case("rel: fast", ms=10.0, faster_than=("rel: admin", 5.0)),
                case("rel: slow", ms=40.0, faster_than=("rel: admin", 5.0)),
                case("rel: orphan", ms=1.0, faster_than=("rel: missing", 5.0)),
            ],
        )
    ]
    results = {r.case.name: r for r in harness.run_scale(10, args(), registry)}
    assert results["rel: fast"].speedup == pytest.approx(10.0) and results["rel: fast"].passed
    assert results["rel: slow"].speedup == pytest.approx(2.5) and not results["rel: slow"].passed
    assert not results["rel: orphan"].passed
    assert "was not timed" in results["rel: orphan"].relative_error
    sampler = harness.LoadSampler().start()
    sampler.stop()
    assert harness.finish({10: list(results.values())}, sampler) == 1
    out = capsys.readouterr().out
    assert "| rel: slow against rel: admin | 10 | 40.0 | 100.0 | 2.5x | >= 5x | FAIL |" in out


@pytest.mark.django_db
def test_a_page_that_answers_the_wrong_status_names_it(client):
    result = harness.measure(
        harness.Clients(), "pages", BenchCase("funding: streams", None, "/funding/", warmup=0), 10, repeat=1
    )
    assert result.error.startswith("BenchError: GET /funding/ answered 302 to /sign-in/")
    assert result.error.endswith("expected 200")


def test_the_load_summary_says_whether_the_machine_was_quiet(monkeypatch):
    loads = iter([0.4, 1.2])
    monkeypatch.setattr(harness.os, "getloadavg", lambda: (next(loads), 0.0, 0.0))
    monkeypatch.setattr(harness.os, "cpu_count", lambda: 2)
    sampler = harness.LoadSampler(interval=60)
    sampler.start()
    sampler.samples.append(0.9)  # what the thread would have sampled
    sampler.stop()
    assert sampler.summary().startswith(
        "load average during the run (1-minute, 2 CPUs): start 0.4, end 1.2, max 1.2 (3 samples over"
    )
    assert sampler.summary().endswith(": quiet")
    sampler.samples.append(14.5)
    assert "max 14.5" in sampler.summary() and "BUSY" in sampler.summary()


def test_wall_time_of_an_action_that_times_itself():
    timed = case("x: self-timed", ms=7.5)
    started = time.perf_counter()
    assert harness.run_once(None, "-", timed) == 7.5
    assert time.perf_counter() - started < 1


@pytest.mark.django_db
def test_an_unexpected_exception_names_where_it_was_raised():
    broken = case("x: broken", error=KeyError("stream"))
    result = harness.measure(harness.Clients(), "x", broken, 10, repeat=1)
    assert result.error.startswith("KeyError: 'stream' (at tests/bench/test_harness.py:")
    assert math.isnan(result.p95_ms) and not result.passed


@pytest.mark.django_db
def test_a_costly_action_is_not_run_again_to_count_queries():
    runs = []

    def build(_client):
        runs.append(1)
        return 5.0

    costly = BenchCase(
        "x: build", None, "-", goal_ms=30_000, warmup=0, repeat=2, action=build, count_queries=False
    )
    result = harness.measure(harness.Clients(), "x", costly, 10, repeat=30)
    assert len(runs) == 2 and result.queries is None and result.passed
