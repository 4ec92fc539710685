"""The daily jobs run by the task worker (portal/daily.py): no cron needed for reminders and the
contracts' daily check (issue 17: nothing ran send_fps_reminders)."""

from __future__ import annotations

import datetime
import io
import sys
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from portal import daily

pytestmark = pytest.mark.django_db

UK = zoneinfo.ZoneInfo("Europe/London")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="portal.daily.run_daily_jobs", status="READY"))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 12, 2, 5, 59, tzinfo=UK), datetime.datetime(2026, 12, 2, 6, 0, tzinfo=UK)),
        (datetime.datetime(2026, 12, 2, 6, 0, tzinfo=UK), datetime.datetime(2026, 12, 3, 6, 0, tzinfo=UK)),
        # The clocks go forward on 29 March 2026: still 6am UK time the next morning.
        (datetime.datetime(2026, 3, 28, 9, 0, tzinfo=UK), datetime.datetime(2026, 3, 29, 6, 0, tzinfo=UK)),
    ],
)
def test_the_next_run_is_the_next_6am_uk_time(now, expected):
    assert daily.next_run_at(now) == expected
    assert daily.next_run_at(now).utcoffset() == expected.utcoffset()


@override_settings(TASKS=DATABASE_TASKS, DAILY_JOBS_HOUR=7)
def test_scheduling_queues_one_run_however_often_it_is_asked():
    now = datetime.datetime(2026, 12, 2, 8, 30, tzinfo=UK)
    assert daily.schedule(now) == datetime.datetime(2026, 12, 3, 7, 0, tzinfo=UK)
    daily.schedule(now)
    call_command("contracts_daily", schedule=True, stdout=io.StringIO())
    (run,) = queued()
    assert run.run_after == datetime.datetime(2026, 12, 3, 7, 0, tzinfo=UK)


def test_with_a_backend_that_cannot_defer_nothing_is_queued():
    assert daily.schedule() is None  # the tests' immediate backend: cron runs the commands there
    assert queued() == []


@override_settings(TASKS=DATABASE_TASKS)
def test_starting_the_worker_queues_the_daily_jobs():
    call_command(
        "run_worker", command=f"{sys.executable} -c exit(0)", max_restarts=0, delay=0, stderr=io.StringIO()
    )
    assert len(queued()) == 1


def test_each_job_runs_and_one_failing_does_not_stop_the_others(monkeypatch):
    assert daily.run_daily_jobs.call() == {
        "contracts_daily": "done",
        "send_fps_reminders": "done",
        "carers_reminders": "done",
        "purge_registrations": "done",
    }
    monkeypatch.setattr(daily, "DAILY_COMMANDS", ("no_such_command", "send_fps_reminders"))
    assert daily.run_daily_jobs.call() == {"no_such_command": "failed", "send_fps_reminders": "done"}


@override_settings(TASKS=DATABASE_TASKS)
def test_a_run_queues_the_next_one():
    daily.run_daily_jobs.call()
    assert len(queued()) == 1
