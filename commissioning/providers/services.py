"""Writes to the provider register. Each is one transaction, validates with full_clean(), and leaves a
history record saying who did it and why."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from portal import permissions as perms
from portal.permissions import Role

from .models import Provider, ProviderMembership, require_active

PROVIDER_FIELDS = [
    "name",
    "companies_house_number",
    "charity_number",
    "cqc_provider_id",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "areas_served",
    "services",
    "contact_name",
    "contact_email",
    "contact_phone",
]


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200] or "provider"
    taken = set(
        Provider.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def provider_user_create(
    *,
    provider: Provider,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None,
    invited_by=None,
    username: str | None = None,
):
    """A user who acts for `provider`. With no password the account waits for its invitation link."""
    User = get_user_model()
    user = User(
        username=username or email.lower(),
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=Role.PROVIDER_USER.label))
    ProviderMembership.objects.create(user=user, provider=provider, invited_by=invited_by)
    return user


@transaction.atomic
def provider_register(*, organisation: dict, account: dict, is_demo: bool = False):
    """A provider registers online: its organisation and its first user account."""
    provider = Provider(**{field: organisation.get(field, "") for field in PROVIDER_FIELDS}, is_demo=is_demo)
    provider.slug = unique_slug(provider.name)
    provider.full_clean()
    provider._change_reason = "Registered online"
    provider.save()
    user = provider_user_create(
        provider=provider,
        email=account["email"],
        first_name=account["first_name"],
        last_name=account["last_name"],
        password=account["password1"],
    )
    return provider, user


@transaction.atomic
def provider_update(*, provider: Provider, data: dict, by) -> Provider:
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not by.has_perm(perms.CHANGE_ANY_PROVIDER):
        require_active(provider)  # its own users may not change a deactivated provider
    for field in PROVIDER_FIELDS:
        if field in data:
            setattr(provider, field, data[field])
    provider.full_clean()
    provider._history_user = by
    provider._change_reason = "Details edited"
    provider.save()
    return provider


@transaction.atomic
def provider_deactivate(*, provider: Provider, reason: str, by) -> Provider:
    """A deactivated provider stays on the register (and in history) but cannot be edited by its users."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not provider.is_active:
        return provider
    provider.is_active = False
    provider.deactivated_reason = reason
    provider._history_user = by
    provider._change_reason = f"Deactivated: {reason}"
    provider.save()
    return provider


@transaction.atomic
def provider_reactivate(*, provider: Provider, by) -> Provider:
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if provider.is_active:
        return provider
    provider.is_active = True
    provider.deactivated_reason = ""
    provider._history_user = by
    provider._change_reason = "Reactivated"
    provider.save()
    return provider


@transaction.atomic
def provider_invite(*, provider: Provider, first_name: str, last_name: str, email: str, by):
    """Adds a colleague to the organisation. The caller sends the invitation email (it needs the request
    to build the link) after this returns."""
    require_active(Provider.objects.select_for_update().get(pk=provider.pk))
    return provider_user_create(
        provider=provider,
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=None,
        invited_by=by,
    )
