"""python manage.py contracts_daily [--date YYYY-MM-DD] [--schedule]

The contracts register's daily check: contract statuses (pipeline to live on the start date, live to ended
after the end date), the returns for the quarter just ended, reminders for late returns, and eligibility
(expired insurance and Inadequate CQC ratings open concerns). The task worker runs it each morning
(portal/daily.py, with the other daily jobs); `--schedule` only makes sure the next morning's run is queued.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.contracts.services.eligibility import daily_check
from portal import daily


class Command(BaseCommand):
    help = "Run the contracts register's daily check (statuses, returns, reminders, eligibility)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--schedule", action="store_true", help="Only queue the next daily run for the task worker."
        )

    def handle(self, *args, date=None, schedule=False, **options):
        if schedule:
            when = daily.schedule()
            if when is None:
                self.stdout.write("The task backend cannot defer tasks: run this command from cron instead.")
            else:
                self.stdout.write(
                    f"The next daily jobs are queued for {timezone.localtime(when):%-d %B %Y %H:%M}."
                )
            return
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError("Give the date as YYYY-MM-DD, like 2026-12-01.") from None
        summary = daily_check(today=today)
        self.stdout.write(
            f"Daily check for {today:%-d %B %Y}: {summary['started']} contracts started, "
            f"{summary['ended']} ended; "
            f"{summary['returns_opened']} returns asked for, {summary['reminders']} reminders sent; "
            f"{summary['insurance_concerns']} insurance and {summary['cqc_concerns']} CQC concerns opened."
        )
