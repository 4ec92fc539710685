"""The daily jobs, run by the task worker (django-tasks' database backend) each morning: no cron needed.

`run_daily_jobs` runs each command of DAILY_COMMANDS in turn (one failing is logged and does not stop the
others), then queues itself again for the next morning at DAILY_JOBS_HOUR (6am UK time by default).
`schedule()` starts the chain: `run_worker` calls it whenever it starts the worker, and so does
`contracts_daily --schedule`; it queues nothing when a run is already waiting, so calling it again never
doubles the runs. With a backend that cannot defer tasks (the tests' immediate one) it does nothing: run
the commands from cron there instead. Each command is safe to run more than once a day (reminders are
sent once).
"""

from __future__ import annotations

import datetime
import io
import logging

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

DAILY_COMMANDS = (
    "contracts_daily",  # contract statuses, the quarter's returns, late-return reminders, eligibility
    "send_fps_reminders",  # FPS windows closing and bid deadlines
    "carers_reminders",  # carers' tasks due and annual reviews
    "purge_registrations",  # providers' registrations past their confirmation link (ADR 028)
)


def next_run_at(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next DAILY_JOBS_HOUR o'clock, UK time, after `now`."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=int(settings.DAILY_JOBS_HOUR), minute=0, second=0, microsecond=0)
    if run <= now:
        run = timezone.make_aware(
            datetime.datetime.combine(run.date() + datetime.timedelta(days=1), run.time())
        )
    return run


def waiting() -> bool:
    """Whether a run is queued and not yet started."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=f"{__name__}.run_daily_jobs", status="READY").exists()


def schedule(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Queue the next run unless one is waiting. Returns when it runs, or None if tasks cannot be deferred."""
    if not default_task_backend.supports_defer:
        return None
    when = next_run_at(now)
    if not waiting():
        run_daily_jobs.using(run_after=when).enqueue()
    return when


@task()
def run_daily_jobs() -> dict[str, str]:
    """Each daily command's outcome, "done" or "failed" (the failure is logged with its traceback)."""
    outcomes = {}
    try:
        for name in DAILY_COMMANDS:
            try:
                call_command(name, stdout=io.StringIO())
            except Exception:
                logger.exception("The daily job %s failed", name)
                outcomes[name] = "failed"
            else:
                outcomes[name] = "done"
    finally:
        schedule()
    return outcomes
