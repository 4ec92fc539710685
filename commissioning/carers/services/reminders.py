"""The daily reminders, sent through the task worker (`python manage.py carers_reminders` queues them;
the scheduler runs that once a day):

- to each owner, one email listing how many of their tasks are due and how many annual reviews of their
  cases fall due within REVIEW_NOTICE_DAYS (a link to the dashboard; no names, no health detail);
  reviews of cases with no case worker go to the hub's mailbox;
- to each carer whose review falls due within REVIEW_NOTICE_DAYS, an invitation, by email or text as
  they agreed to be contacted (checked when it is sent).

Idempotent: every reminder is one `ReminderSent` row, unique on (kind, what, due date), written in the
same transaction as the emails are queued, under an advisory lock; running twice, or in two workers,
sends each reminder once. A task whose due date changes is reminded again for the new date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from portal.email import absolute_url, send_email

from .. import tasks
from ..models import CaseTask, Referral, ReminderKind, ReminderSent, Status

REVIEW_NOTICE_DAYS = 14
LOCK = "carers.reminders"


def _not_sent(kind: str, due_field: str):
    return ~Exists(
        ReminderSent.objects.filter(kind=kind, object_id=OuterRef("pk"), due_on=OuterRef(due_field))
    )


def _digest(tasks_due: int, reviews_due: int) -> str:
    lines = ["You have work due in the Carers Hub:", ""]
    if tasks_due:
        lines.append(f"- {tasks_due} task{'s' if tasks_due != 1 else ''} due")
    if reviews_due:
        lines.append(f"- {reviews_due} annual review{'s' if reviews_due != 1 else ''} due within 2 weeks")
    lines += ["", f"Sign in to see them: {absolute_url(reverse('home'))}"]
    return "\n".join(lines)


@transaction.atomic
def send_reminders(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [LOCK])
    horizon = today + timedelta(days=REVIEW_NOTICE_DAYS)
    due_tasks = list(
        CaseTask.objects.due_by(today)
        .filter(_not_sent(ReminderKind.TASK_DUE, "due_on"))
        .select_related("owner")
        .only("pk", "due_on", "owner__email", "owner__is_active")
    )
    due_reviews = list(
        Referral.objects.filter(status=Status.PLAN_IN_PLACE, review_due_on__lte=horizon)
        .filter(_not_sent(ReminderKind.REVIEW_DUE, "review_due_on"))
        .select_related("owner")
        .only("pk", "review_due_on", "carer_id", "owner__email", "owner__is_active")
    )
    invitations = list(
        Referral.objects.filter(
            status=Status.PLAN_IN_PLACE, review_due_on__gte=today, review_due_on__lte=horizon
        )
        .filter(_not_sent(ReminderKind.REVIEW_INVITATION, "review_due_on"))
        .only("pk", "review_due_on", "carer_id")
    )

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in due_tasks:
        if item.owner.is_active and item.owner.email:
            counts[item.owner.email][0] += 1
    for item in due_reviews:
        owner = item.owner
        address = (
            owner.email
            if owner is not None and owner.is_active and owner.email
            else settings.CARERS_HUB_EMAIL
        )
        counts[address][1] += 1
    for address, (tasks_due, reviews_due) in counts.items():
        send_email(to=[address], subject="Carers Hub: work due", body=_digest(tasks_due, reviews_due))
    for item in invitations:
        transaction.on_commit(
            lambda item=item: tasks.message_carer.enqueue(
                carer_id=item.carer_id, referral_id=item.pk, kind="review-invitation"
            )
        )

    ReminderSent.objects.bulk_create(
        [ReminderSent(kind=ReminderKind.TASK_DUE, object_id=t.pk, due_on=t.due_on) for t in due_tasks]
        + [
            ReminderSent(kind=ReminderKind.REVIEW_DUE, object_id=r.pk, due_on=r.review_due_on)
            for r in due_reviews
        ]
        + [
            ReminderSent(kind=ReminderKind.REVIEW_INVITATION, object_id=r.pk, due_on=r.review_due_on)
            for r in invitations
        ]
    )
    return {
        "emails": len(counts),
        "tasks": len(due_tasks),
        "reviews": len(due_reviews),
        "invitations": len(invitations),
    }


@task()
def send_reminders_task() -> dict:
    """The task the daily command queues (`python manage.py carers_reminders`)."""
    return send_reminders()
