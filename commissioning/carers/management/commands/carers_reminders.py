"""python manage.py carers_reminders [--now]: queue the carers hub's daily reminders for the task worker
(tasks due, annual reviews due, review invitations to carers). Run it once a day from the scheduler;
running it again the same day sends nothing twice (commissioning/carers/services/reminders.py).

Prints counts only: never a name or any other personal data."""

from django.core.management.base import BaseCommand

from commissioning.carers.services.reminders import send_reminders, send_reminders_task


class Command(BaseCommand):
    help = "Queue the carers hub's daily reminders (tasks and annual reviews due) for the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send them in this process, not the worker.")

    def handle(self, *args, now=False, **options):
        if now:
            counts = send_reminders()
            self.stdout.write(
                f"{counts['emails']} reminder emails to staff ({counts['tasks']} tasks, {counts['reviews']} "
                f"reviews) and {counts['invitations']} review invitations to carers."
            )
            return
        result = send_reminders_task.enqueue()
        self.stdout.write(f"Reminders queued for the task worker ({result.id}).")
