"""Background work that belongs to no one app (django-tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def deliver_email(*, to: str, subject: str, body: str, headers: dict, reply_to: list) -> None:
    """Send one queued email (portal.email.send_email). A failure fails the task, so it shows in the
    worker's results rather than vanishing."""
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to or None,
        headers=headers or None,
    ).send(fail_silently=False)
