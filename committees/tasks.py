"""Background work for committees: the agenda pack (docs/adr/007).

`build_agenda_pack` runs in a `python manage.py db_worker` process (django-tasks' database backend); in
tests the immediate backend runs it inline. The work itself is `committees.agenda_pack.build`: it reads the
pack's sources, lays the pack out, saves its progress on the `AgendaPack` row as it goes, and stores the
PDF under MEDIA_ROOT (private: it is served only by the `pack-pdf` view, which checks access)."""

from __future__ import annotations

from django_tasks import task

from . import agenda_pack, subscriptions
from .models import AgendaPack


def pack_reset_for_retry(pack_id: int) -> None:
    """The worker building this pack died (portal/worker.py): the pack waits to be built again."""
    AgendaPack.objects.filter(pk=pack_id, status=AgendaPack.Status.RUNNING).update(
        status=AgendaPack.Status.QUEUED, progress_message="Waiting to start again", progress_percent=0
    )


@task()
def build_agenda_pack(pack_id: int) -> int:
    """Build the public agenda pack `pack_id` and store it. Returns its page count."""
    return agenda_pack.build(pack_id)


@task()
def notify_subscribers(event: str, pk: int) -> int:
    """Email the committee's subscribers that an agenda, minutes or a decision is published; returns how
    many emails were queued (committees/subscriptions.py)."""
    return subscriptions.notify(event, pk)
