"""The daily check, run by the task worker (django-tasks' database backend; docs/adr/034).

`run_daily_check` runs `python manage.py contracts_daily` and queues itself again for the next morning at
CONTRACTS_DAILY_CHECK_HOUR (6am UK time by default). `schedule_daily_check()` starts the chain (load_demo
and `contracts_daily --schedule` call it); it queues nothing when a run is already waiting, so calling it
again never doubles the runs. With a backend that cannot defer tasks (the tests' immediate one) it does
nothing: run the command from cron there instead.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend, task


def next_run_at(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now or timezone.now())
    hour = int(getattr(settings, "CONTRACTS_DAILY_CHECK_HOUR", 6))
    run = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if run <= now:
        run = timezone.make_aware(
            datetime.datetime.combine(run.date() + datetime.timedelta(days=1), run.time())
        )
    return run


def _waiting() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is always installed here
        return False
    return DBTaskResult.objects.filter(task_path=f"{__name__}.run_daily_check", status="READY").exists()


def schedule_daily_check() -> datetime.datetime | None:
    """Queue the next run unless one is waiting. Returns when it runs, or None if tasks cannot be deferred."""
    if not default_task_backend.supports_defer:
        return None
    when = next_run_at()
    if not _waiting():
        run_daily_check.using(run_after=when).enqueue()
    return when


@task()
def run_daily_check() -> None:
    try:
        call_command("contracts_daily")
    finally:
        schedule_daily_check()
