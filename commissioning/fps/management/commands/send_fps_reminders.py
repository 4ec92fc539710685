"""python manage.py send_fps_reminders: run once a day (cron or a scheduler). Queues the FPS's deadline
reminders for the task worker; each reminder is sent once however often this runs."""

from django.core.management.base import BaseCommand

from commissioning.fps.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "Queue the FPS's deadline reminders (window closing, bid deadline) for the task worker."

    def handle(self, *args, **options):
        result = send_deadline_reminders.enqueue()
        self.stdout.write(f"FPS reminders queued (task {result.id}).")
