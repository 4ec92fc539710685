"""Demo staff users, one per role, from fixtures/demo/users.json."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.permissions import Role


def load_users(*, password: str) -> list[tuple[str, str]]:
    """Create (or keep) each demo staff user; returns (username, role label) pairs."""
    User = get_user_model()
    records = json.loads((settings.BASE_DIR / "fixtures" / "demo" / "users.json").read_text())
    logins = []
    for record in records:
        role = Role(record["role"])
        user, created = User.objects.get_or_create(
            username=record["username"],
            defaults={
                "first_name": record["first_name"],
                "last_name": record["last_name"],
                "email": f"{record['username']}@example.gov.uk",
            },
        )
        if created or (password and not user.check_password(password)):
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role.label))
        logins.append((user.username, role.label))
    return logins
