"""Demo providers (invented, marked is_demo) from fixtures/demo/providers.json."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model

from . import services
from .models import Provider


def load(*, make_users: bool, password: str, stdout=None) -> list[str]:
    """Create or update the demo providers; returns the provider usernames made or kept."""
    records = json.loads((settings.BASE_DIR / "fixtures" / "demo" / "providers.json").read_text())
    usernames = []
    for record in records:
        record = dict(record)
        account = record.pop("user", None)
        slug = record.pop("slug")
        provider = Provider.objects.filter(slug=slug).first()
        if provider is None:
            provider = Provider(slug=slug, is_demo=True, **record)
            provider.full_clean()
            provider._change_reason = "Demo data loaded"
            provider.save()
        if account and make_users:
            username = f"provider-{slug}"
            usernames.append(username)
            User = get_user_model()
            user = User.objects.filter(username=username).first()
            if user is None:
                services.provider_user_create(
                    provider=provider,
                    email=account["email"],
                    first_name=account["first_name"],
                    last_name=account["last_name"],
                    password=password,
                    username=username,
                )
            elif password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
    return usernames
