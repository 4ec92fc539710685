"""Lookups the monitoring views share: the provider a user acts for, a provider for quality staff, a
contract for contracts staff, and the action behind `saved()`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from commissioning.providers.models import Provider, ProviderMembership
from portal import permissions as perms
from portal.forms import add_validation_errors

from ..models import Contract


def own_provider_id(user) -> int | None:
    membership = ProviderMembership.for_user(user)
    return membership.provider_id if membership else None


def provider_for_quality(user, slug: str) -> Provider:
    """Any provider on the register, for quality staff (who need no provider-register permission to visit
    one); a provider user its own only; anyone else finds nothing (404)."""
    if user.has_perm(perms.VIEW_QUALITY):
        return get_object_or_404(Provider.objects.all(), slug=slug)
    own = own_provider_id(user)
    provider = Provider.objects.filter(pk=own, slug=slug).first() if own else None
    if provider is None:
        raise Http404("No such provider.")
    return provider


def contract_for(user, reference: str) -> Contract:
    return get_object_or_404(Contract.objects.visible_to(user), reference=reference)


def saved(request, form, write, success, to):
    """Call `write()`; on a ValidationError put its messages on the form and return None; else redirect with
    the success message (either may be a function of what `write()` returned)."""
    try:
        result = write()
    except ValidationError as error:
        add_validation_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(to(result) if callable(to) else to)


def quality_officers():
    """The staff who may record quality visits (commissioners and contracts and quality officers), by name."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = perms.MANAGE_QUALITY.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    users = get_user_model().objects.filter(is_active=True)
    if permission is None:
        return users.filter(is_superuser=True)
    return (
        users.filter(
            Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def providers_due_a_visit(user, *, by):
    """Providers the council commissions (a party to a live contract, admitted to an FPS lot, or already
    on the quality team's books) whose next quality visit is due by `by`: never visited first, then the
    most overdue. Quality staff only."""
    from django.db.models import Exists, F, OuterRef, Q

    from commissioning.fps.models import Admission

    from ..models import LIVE_STATUSES, ContractParty

    if not user.has_perm(perms.VIEW_QUALITY):
        return Provider.objects.none()
    commissioned = (
        Q(quality__isnull=False)
        | Exists(
            ContractParty.objects.filter(
                provider=OuterRef("pk"), left_on__isnull=True, contract__status__in=LIVE_STATUSES
            )
        )
        | Exists(Admission.objects.exclude(status=Admission.Status.REMOVED).filter(provider=OuterRef("pk")))
    )
    due = (
        Q(quality__isnull=True) | Q(quality__next_visit_due__isnull=True) | Q(quality__next_visit_due__lte=by)
    )
    return (
        Provider.objects.filter(is_active=True)
        .filter(commissioned)
        .filter(due)
        .select_related("quality")
        .order_by(F("quality__next_visit_due").asc(nulls_first=True), "name", "pk")
        # Tens of thousands of providers can be due: the page's 25 are found from narrow rows first.
        .deferred_join_from(0)
    )


def picker_for(form, user, field: str = "provider"):
    """The provider picker's suggestions come from the provider register's search, which a contracts and
    quality officer may not read: for them the picker stays a text input the server matches (it works the
    same without JavaScript)."""
    from django import forms

    if field in form.fields and not user.has_perm(perms.VIEW_PROVIDER_REGISTER):
        form.fields[field].widget = forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"})
    return form
