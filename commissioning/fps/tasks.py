"""The FPS's background work, run by the task worker (`python manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_deadline_reminders() -> dict[str, int]:
    """Email the window-closing and bid-deadline reminders due now (each once: see services/reminders.py)."""
    from .services.reminders import send_due_reminders

    return send_due_reminders()
