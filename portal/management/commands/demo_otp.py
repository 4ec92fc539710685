"""python manage.py demo_otp <username>: the security code a demo user's authenticator app shows now."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import mfa


class Command(BaseCommand):
    help = "Print the current security code of a demo user's authenticator app (made by load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--uri", action="store_true", help="Print the otpauth:// address as well.")
        parser.add_argument("--allow-production", action="store_true", help="Work even though DEBUG is off.")

    def handle(self, *args, username, uri=False, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("DEBUG is off, so this looks like a live service. Use --allow-production.")
        user = get_user_model().objects.filter(username=username).first()
        device = (
            TOTPDevice.objects.filter(user=user, name=mfa.DEMO_DEVICE_NAME, confirmed=True).first()
            if user
            else None
        )
        if device is None:
            raise CommandError(f"{username} is not a demo user with a demo authenticator (run load_demo).")
        code, seconds = mfa.code_for_now(device)
        self.stdout.write(f"{code}  (usable for about {seconds} more seconds)")
        if uri:
            self.stdout.write(device.config_url)
