"""python manage.py load_demo: the demo data taken from the documents (fixtures/demo/), idempotently."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from commissioning.providers import demo as providers_demo
from portal import demo as portal_demo
from portal import mfa

# Each area's demo data, loaded after the users and providers, in this order. A loader is a function
# `load(*, stdout)` that reads its files in fixtures/demo/ and creates only what is missing.
DEMO_DATA_LOADERS: list[str] = [
    "committees.demo.load",
    "funding.demo.load",
    "commissioning.carers.demo.load",
    "scorecard.demo.load",
    "commissioning.fps.demo.load",
    "commissioning.contracts.demo.load",
    "commissioning.market.demo.load",
    # Invented KPIs, returns, visits and concerns (issue 12, parts 4-7), after the contracts they report on.
    "commissioning.contracts.demo_monitoring.load",
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
            # Every demo user signs in with an authenticator app (docs/adr/023): its secret is printed below.
            usernames = [username for username, _ in staff_logins] + list(provider_logins)
            users = get_user_model().objects.in_bulk(usernames, field_name="username")
            devices = {username: mfa.demo_device_ensure(users[username]) for username in usernames}
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write("Demo logins for http://127.0.0.1:8000/sign-in/ with authenticator secrets")
        logins = [*staff_logins, *((username, "Provider user") for username in provider_logins)]
        for username, role in logins:
            secret = mfa.secret_text(devices[username]).replace(" ", "")
            self.stdout.write(f"  {username:<28} {role:<22} {secret}")
        self.stdout.write(
            "Security code for the second step: add the secret to an authenticator app, or run "
            "`python manage.py demo_otp <username>` for the current code."
        )
        if generated:
            self.stdout.write(
                f"Password for every demo login: {password} "
                "(generated: set DEMO_PASSWORD in .env to keep one)"
            )
        else:
            self.stdout.write(f"Password for every demo login: {password} (DEMO_PASSWORD in .env)")
