"""python manage.py run_worker: the background worker, started again whenever it stops (portal/worker.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections

from portal import daily
from portal.worker import requeue_orphaned_tasks


class Command(BaseCommand):
    help = "Run django-tasks' db_worker and start it again whenever it stops (e.g. after a database restart)."

    def add_arguments(self, parser):
        parser.add_argument("--delay", type=float, default=5.0, help="Seconds to wait before a restart.")
        parser.add_argument("--max-restarts", type=int, default=None, help="Stop after this many (tests).")
        parser.add_argument(
            "--command",
            default=None,
            help="The worker command line (default: this Python's manage.py db_worker).",
        )

    def handle(self, *args, delay=5.0, max_restarts=None, command=None, **options):
        stopping = False
        self.child: subprocess.Popen | None = None

        def stop(signum, frame):
            nonlocal stopping
            stopping = True
            if self.child is not None and self.child.poll() is None:
                self.child.terminate()

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            restarts = self.supervise(delay, max_restarts, command, stop_flag=lambda: stopping)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"Worker supervisor stopped after {restarts} restart(s).")

    def supervise(self, delay, max_restarts, command, *, stop_flag) -> int:
        restarts = 0
        while not stop_flag():
            worker_id = f"{socket.gethostname()}-{os.getpid()}-{restarts}"[:64]
            manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
            argv = command.split() if command else [*manage, "db_worker", "--worker-id", worker_id]
            self.schedule_daily_jobs()
            self.child = subprocess.Popen(argv)  # noqa: S603 - our own manage.py, or the test's command
            code = self.child.wait()
            if stop_flag():
                break
            self.stderr.write(f"The worker stopped (exit code {code}); starting it again in {delay:g} s.")
            self.recover(worker_id)
            restarts += 1
            if max_restarts is not None and restarts > max_restarts:
                break
            time.sleep(delay)
        return restarts

    def schedule_daily_jobs(self) -> None:
        """Make sure the next morning's daily jobs are queued (portal/daily.py): then no cron is needed."""
        try:
            daily.schedule()
        except DatabaseError as error:
            self.stderr.write(f"Could not queue the daily jobs yet: {error}")
            connections.close_all()

    def recover(self, worker_id: str) -> None:
        """Put the dead worker's tasks back in the queue; if the database is down, the next worker's death
        (or start) is soon enough: the database answers again before the worker can run anything."""
        try:
            count = requeue_orphaned_tasks(worker_id)
        except DatabaseError as error:
            self.stderr.write(f"Could not requeue the worker's tasks yet: {error}")
            connections.close_all()  # reconnect next time: the database may have restarted
            return
        if count:
            self.stderr.write(f"{count} task(s) the worker was running are queued again.")
