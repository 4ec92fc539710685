"""The background worker kept alive (issue 13): `python manage.py run_worker` runs django-tasks'
`db_worker` as a child process and starts it again whenever it stops (a database restart makes it exit),
and hands the tasks the dead worker was running back to the queue at once: a killed agenda pack build is
retried within seconds, not after the pack's ten-minute timeout.

In production run `run_worker` under the service manager too (README, "Background worker"), e.g. systemd:
`ExecStart=/srv/portal/.venv/bin/python manage.py run_worker` with `Restart=always`.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Tasks whose own records say "running" while they run: before such a task is retried, this resets them.
# Each function takes the task's own arguments.
RETRY_RESETS: dict[str, str] = {
    "committees.tasks.build_agenda_pack": "committees.tasks.pack_reset_for_retry",
    "portal.documents.build_stored_document": "portal.documents.reset_for_retry",
}


@transaction.atomic
def requeue_orphaned_tasks(worker_id: str) -> int:
    """Tasks that `worker_id` had claimed and was running when it died go back to the queue (READY), so
    the next worker runs them again (at least once: a task must be safe to run twice). Returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    orphans = list(
        DBTaskResult.objects.select_for_update()
        .filter(status=TaskResultStatus.RUNNING, worker_ids__contains=[worker_id])
        .order_by("enqueued_at")
    )
    for result in orphans:
        reset = RETRY_RESETS.get(result.task_path)
        if reset:
            arguments = result.args_kwargs or {}
            import_string(reset)(*arguments.get("args", []), **arguments.get("kwargs", {}))
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.save(update_fields=["status", "started_at"])
        logger.warning("Task %s (%s) ran when its worker died: queued again", result.pk, result.task_path)
    return len(orphans)
