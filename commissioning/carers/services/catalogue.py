"""Writes to the service catalogue (Levels of Need): the hub's staff correct a service's name, description
and tier, and retire a service the hub no longer offers (or bring it back). A service is never deleted:
allocations point at it. Each write is one transaction, validated and audited (ADR 052)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal import permissions as perms
from portal.audit import audit

from ..models import CatalogueService

CATALOGUE_FIELDS = ["name", "description", "tier"]


def _check(by) -> None:
    if not by.has_perm(perms.CHANGE_CARERS_REFERRALS):
        raise PermissionDenied("Only the carers hub's staff change the service catalogue.")


@transaction.atomic
def catalogue_service_update(*, service: CatalogueService, data: dict, by, reason: str) -> CatalogueService:
    _check(by)
    service = CatalogueService.objects.select_for_update().get(pk=service.pk)
    name = data.get("name", service.name)
    tier = data.get("tier", service.tier)
    clash = CatalogueService.objects.filter(name__iexact=name, tier=tier).exclude(pk=service.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a service called {name} at this level of need"})
    for field in CATALOGUE_FIELDS:
        if field in data:
            setattr(service, field, data[field] or "")
    service.full_clean()
    audit(service, by=by, reason=reason).save()
    return service


@transaction.atomic
def catalogue_service_retire(*, service: CatalogueService, by, reason: str) -> CatalogueService:
    """No new allocation of the service; the allocations made stay as they are."""
    _check(by)
    service = CatalogueService.objects.select_for_update().get(pk=service.pk)
    if service.is_retired:
        raise ValidationError(f"{service.name} is already retired")
    service.is_retired = True
    audit(service, by=by, reason=f"Retired: {reason}").save()
    return service


@transaction.atomic
def catalogue_service_reinstate(*, service: CatalogueService, by, reason: str) -> CatalogueService:
    _check(by)
    service = CatalogueService.objects.select_for_update().get(pk=service.pk)
    if not service.is_retired:
        raise ValidationError(f"{service.name} is not retired")
    service.is_retired = False
    audit(service, by=by, reason=f"Reinstated: {reason}").save()
    return service
