"""python manage.py anonymise_carers [--dry-run]: the carers hub's retention rule
(settings.CARERS_RETENTION_YEARS).

Prints counts only: never a name or any other personal data."""

from django.conf import settings
from django.core.management.base import BaseCommand

from commissioning.carers.retention import anonymise_carers, carers_due

BATCH = 1000


class Command(BaseCommand):
    help = "Anonymise carers whose referrals all closed more than CARERS_RETENTION_YEARS years ago."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        ids = list(carers_due().values_list("pk", flat=True))
        years = settings.CARERS_RETENTION_YEARS
        if dry_run:
            self.stdout.write(f"{len(ids)} carers closed more than {years} years ago would be anonymised.")
            return
        done = 0
        for start in range(0, len(ids), BATCH):
            done += anonymise_carers(ids[start : start + BATCH])
        self.stdout.write(f"Anonymised {done} carers closed more than {years} years ago.")
