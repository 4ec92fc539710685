"""python manage.py purge_registrations: delete online registrations whose link has expired or was used
more than 3 days ago (docs/adr/028). One of the daily jobs (portal/daily.py)."""

from django.core.management.base import BaseCommand

from commissioning.providers.services import registrations_purge


class Command(BaseCommand):
    help = "Delete online registrations older than their confirmation link (3 days)."

    def handle(self, *args, **options):
        self.stdout.write(f"{registrations_purge()} registration(s) deleted.")
