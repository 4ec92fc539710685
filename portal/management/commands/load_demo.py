"""python manage.py load_demo: the demo data taken from the documents (fixtures/demo/), idempotently."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from commissioning.providers import demo as providers_demo
from portal import demo as portal_demo

# Each area's demo data, loaded after the users and providers, in this order. A loader is a function
# `load(*, stdout)` that reads its files in fixtures/demo/ and creates only what is missing.
DEMO_DATA_LOADERS: list[str] = [
    "committees.demo.load",
    "funding.demo.load",
    "commissioning.carers.demo.load",
    "scorecard.demo.load",
    "commissioning.fps.demo.load",
    "commissioning.market.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo data and demo users (one per role). Safe to run again: nothing is loaded twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo users even though DEBUG is off (never do this on a live service).",
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, allow_production=False, quiet=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this looks like a live service: demo users are not created. "
                "Use --allow-production to load them anyway."
            )
        password = settings.DEMO_PASSWORD
        generated = not password
        if generated:
            password = "-".join(secrets.token_hex(3) for _ in range(4))
        with transaction.atomic():
            provider_logins = providers_demo.load(make_users=True, password=password)
            staff_logins = portal_demo.load_users(password=password)
            for loader in DEMO_DATA_LOADERS:
                import_string(loader)(stdout=self.stdout)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write("Demo logins for http://127.0.0.1:8000/sign-in/")
        for username, role in staff_logins:
            self.stdout.write(f"  {username:<32} {role}")
        for username in provider_logins:
            self.stdout.write(f"  {username:<32} Provider user")
        if generated:
            self.stdout.write(
                f"Password for every demo login: {password} "
                "(generated: set DEMO_PASSWORD in .env to keep one)"
            )
        else:
            self.stdout.write(f"Password for every demo login: {password} (DEMO_PASSWORD in .env)")
