"""Writes to the provider register. Each is one transaction, validates with full_clean(), and leaves a
history record saying who did it and why."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from portal import permissions as perms
from portal.email import absolute_url, send_email
from portal.permissions import Role

from .models import Provider, ProviderMembership, Registration, require_active

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
    password_hash: str = "",
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
    elif password_hash:
        user.password = password_hash  # chosen at registration, kept hashed until the email was confirmed
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
        password=account.get("password1"),
        password_hash=account.get("password_hash", ""),
    )
    return provider, user


# Registering online: nothing is made until the email address is confirmed ---------------------------------

REGISTRATION_LINK_DAYS = 3
REGISTRATIONS_PER_ADDRESS_PER_HOUR = 3


def email_in_use(email: str) -> bool:
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def registration_start(*, organisation: dict, account: dict) -> bool:
    """Email the address a link that finishes the registration, or, if it already has an account, a
    reminder to sign in. The person registering sees the same page either way, so the form does not tell
    anyone which addresses have accounts. At most REGISTRATIONS_PER_ADDRESS_PER_HOUR emails an hour go
    to one address (the rest are dropped silently, for the same reason). Returns whether an email went."""
    email = account["email"].strip().lower()
    since = timezone.now() - datetime.timedelta(hours=1)
    if (
        Registration.objects.filter(email=email, created_at__gte=since).count()
        >= REGISTRATIONS_PER_ADDRESS_PER_HOUR
    ):
        return False
    token = secrets.token_urlsafe(32)
    names = {"first_name": account["first_name"], "last_name": account["last_name"], "email": email}
    Registration.objects.create(
        token_digest=_digest(token),
        email=email,
        organisation=organisation,
        account={**names, "password_hash": make_password(account["password1"])},
    )
    name = organisation.get("name", "")
    if email_in_use(email):
        body = (
            f"Someone asked to register {name} on the commissioning portal with this email address, which "
            f"already has an account.\n\nSign in: {absolute_url(reverse('login'))}\n\nForgotten your "
            f"password? Reset it: {absolute_url(reverse('password_reset'))}\n\nTo add an organisation to "
            "your account, or to be added to one, ask a colleague who uses the portal to invite you.\n\n"
            "If it was not you, you can ignore this email."
        )
        send_email(to=[email], subject="You already have an account", body=body)
        return True
    link = absolute_url(reverse("providers:register-confirm", args=[token]))
    body = (
        f"Someone, probably you, asked to register {name} on the commissioning portal with this email "
        f"address.\n\nTo finish registering, follow this link within {REGISTRATION_LINK_DAYS} days:\n"
        f"{link}\n\n"
        "If it was not you, you can ignore this email: nothing is registered until the link is followed."
    )
    send_email(to=[email], subject="Confirm your email address to finish registering", body=body)
    return True


def registration_pending(token: str) -> Registration | None:
    """The registration the link is for, while it can still be finished (not used, not expired)."""
    since = timezone.now() - datetime.timedelta(days=REGISTRATION_LINK_DAYS)
    return Registration.objects.filter(
        token_digest=_digest(token), completed_at__isnull=True, created_at__gte=since
    ).first()


@transaction.atomic
def registration_complete(*, token: str):
    """Follow the link: the organisation and its first user are made now (checked again, since the
    register may have changed meanwhile). Returns (provider, user); a ValidationError says why not."""
    registration = registration_pending(token)
    if registration is not None:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration is None or registration.completed_at:
        raise ValidationError("This link has expired or has already been used. Register again.")
    if email_in_use(registration.email):
        raise ValidationError(
            "An account with this email address was made after you registered. Sign in, or reset your "
            "password."
        )
    provider, user = provider_register(organisation=registration.organisation, account=registration.account)
    registration.completed_at = timezone.now()
    registration.save(update_fields=["completed_at"])
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


def member_removal_refusal(membership: ProviderMembership, *, by) -> str:
    """Why this member may not be removed now, or "" if they may: the organisation must keep at least
    one active member (someone who can sign in and act for it), and a deactivated provider's own users
    make no changes (staff still may)."""
    provider = membership.provider
    if not by.has_perm(perms.CHANGE_ANY_PROVIDER) and not provider.is_active:
        return (
            f"{provider.name} is deactivated, so its users cannot make changes. "
            "Contact the commissioning team if you think this is wrong."
        )
    others = provider.memberships.exclude(pk=membership.pk).filter(user__is_active=True)
    if not others.exists():
        if membership.user_id == by.pk:
            return (
                f"You cannot remove yourself: you are the only person who uses the portal for "
                f"{provider.name}. Invite a colleague first."
            )
        return (
            f"{membership.user.get_full_name() or membership.user.username} cannot be removed: they are the "
            f"only person who uses the portal for {provider.name}. Invite a colleague first."
        )
    return ""


@transaction.atomic
def member_remove(*, membership: ProviderMembership, reason: str, by) -> None:
    """Ends a user's membership of their organisation (issue 14): the row goes (its history keeps who
    removed them and why) and the account is closed, since a provider's user acts for one organisation
    only and has nothing else to do in the portal. Raises ValidationError with the reason when refused."""
    provider = Provider.objects.select_for_update().get(pk=membership.provider_id)
    membership = ProviderMembership.objects.select_related("user", "provider").get(pk=membership.pk)
    membership.provider = provider
    refusal = member_removal_refusal(membership, by=by)
    if refusal:
        raise ValidationError(refusal)
    user = membership.user
    membership._history_user = by
    membership._change_reason = f"Removed from the organisation: {reason}"
    membership.delete()
    role = Group.objects.get(name=Role.PROVIDER_USER.label)
    user.groups.remove(role)
    if not user.is_staff and not user.groups.exists():
        user.is_active = False
        user.save(update_fields=["is_active"])


def registrations_purge(now=None) -> int:
    """Delete registrations older than their link (used or not): they hold names, an email address and a
    password hash, needed only until the link is followed or expires. A daily job (portal/daily.py)."""
    since = (now or timezone.now()) - datetime.timedelta(days=REGISTRATION_LINK_DAYS)
    deleted, _ = Registration.objects.filter(created_at__lt=since).delete()
    return deleted
