"""Issue 13: the background worker survives a database drop (run_worker starts it again) and a killed
agenda pack build is queued again at once, not after the pack's ten-minute timeout."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from committees.models import AgendaPack
from portal.worker import requeue_orphaned_tasks
from tests.committees.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_run_worker_starts_the_worker_again_whenever_it_stops():
    err, out = io.StringIO(), io.StringIO()
    call_command(
        "run_worker",
        command=f"{sys.executable} -c exit(3)",  # a worker that stops at once, as after a database drop
        max_restarts=2,
        delay=0,
        stderr=err,
        stdout=out,
    )
    assert err.getvalue().count("The worker stopped (exit code 3); starting it again") == 3
    assert "stopped after 3 restart(s)" in out.getvalue()


def running_task(worker_id: str, pack: AgendaPack) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [pack.pk], "kwargs": {}},
        task_path="committees.tasks.build_agenda_pack",
        worker_ids=[worker_id],
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def test_a_pack_build_whose_worker_died_is_queued_again_at_once():
    meeting = MeetingFactory()
    pack = AgendaPack.objects.create(
        meeting=meeting, status=AgendaPack.Status.RUNNING, progress_at=timezone.now(), progress_percent=40
    )
    orphan = running_task("host-1-0", pack)
    other_workers = running_task("host-2-0", AgendaPack.objects.create(meeting=meeting, status="running"))
    assert requeue_orphaned_tasks("host-1-0") == 1
    orphan.refresh_from_db()
    pack.refresh_from_db()
    assert orphan.status == TaskResultStatus.READY
    assert pack.status == AgendaPack.Status.QUEUED
    assert not pack.timed_out()  # no ten-minute wait: it is simply waiting for the next worker
    other_workers.refresh_from_db()
    assert other_workers.status == TaskResultStatus.RUNNING  # another live worker's task is left alone
