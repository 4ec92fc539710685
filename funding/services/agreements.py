"""Writes to the Better Care Fund's section 75 agreements and their services in scope (finance officers'
pages beside the schemes, /funding/bcf/). Each is one transaction, validated and audited like the other
set-up writes (funding.services.records)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Section75Agreement, ServiceInScope
from .common import _delete, _save

AGREEMENT_FIELDS = [
    "name",
    "parties",
    "starts_on",
    "ends_on",
    "extension_option",
    "report_reference",
    "approved_on",
]
OPTIONAL_TEXT = {"extension_option", "report_reference"}
SERVICE_FIELDS = ["name", "notes"]


def _agreement_values(data: dict) -> dict:
    values = {field: data[field] for field in AGREEMENT_FIELDS if field in data}
    for field in OPTIONAL_TEXT & set(values):
        values[field] = values[field] or ""
    if "parties" in values:
        lines = [line.strip() for line in (values["parties"] or "").splitlines()]
        values["parties"] = "\n".join(line for line in lines if line)
    return values


def _check_agreement(agreement: Section75Agreement) -> None:
    if Section75Agreement.objects.filter(name__iexact=agreement.name).exclude(pk=agreement.pk).exists():
        raise ValidationError({"name": f"An agreement called {agreement.name} is already recorded"})
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise ValidationError(
            {"ends_on": "The date the agreement ends must be on or after the date it starts"}
        )
    if not agreement.party_list():
        raise ValidationError({"parties": "Enter the parties to the agreement, one a line"})


@transaction.atomic
def agreement_create(*, data: dict, by, reason: str) -> Section75Agreement:
    agreement = Section75Agreement(**_agreement_values(data))
    _check_agreement(agreement)
    _save(agreement, by=by, reason=reason or "Agreement added")
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Section75Agreement, data: dict, by, reason: str) -> Section75Agreement:
    agreement = Section75Agreement.objects.select_for_update().get(pk=agreement.pk)
    for field, value in _agreement_values(data).items():
        setattr(agreement, field, value)
    _check_agreement(agreement)
    _save(agreement, by=by, reason=reason)
    return agreement


def agreement_removal_refusal(agreement: Section75Agreement) -> str:
    """Why the agreement cannot be removed ("" when it can): its schemes and services in scope hang on it."""
    schemes = agreement.schemes.count()
    services = agreement.services_in_scope.count()
    if not schemes and not services:
        return ""
    parts = []
    if schemes:
        parts.append(f"{schemes} scheme{'s' if schemes != 1 else ''}")
    if services:
        parts.append(f"{services} service{'s' if services != 1 else ''} in scope")
    return (
        f"{agreement.name} cannot be removed: it has {' and '.join(parts)}. "
        "Remove those first if the agreement was entered in error."
    )


@transaction.atomic
def agreement_delete(*, agreement: Section75Agreement, by, reason: str) -> None:
    agreement = Section75Agreement.objects.select_for_update().get(pk=agreement.pk)
    refusal = agreement_removal_refusal(agreement)
    if refusal:
        raise ValidationError(refusal)
    _delete(agreement, by=by, reason=reason or "Agreement removed")


def _unique_service(agreement: Section75Agreement, name: str, exclude_pk=None) -> None:
    clash = ServiceInScope.objects.filter(agreement=agreement, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"{name} is already in scope of {agreement.name}"})


@transaction.atomic
def service_create(*, agreement: Section75Agreement, data: dict, by, reason: str) -> ServiceInScope:
    agreement = Section75Agreement.objects.select_for_update().get(pk=agreement.pk)
    _unique_service(agreement, data.get("name") or "")
    service = ServiceInScope(agreement=agreement, **{f: data.get(f) or "" for f in SERVICE_FIELDS})
    _save(service, by=by, reason=reason or "Service in scope added")
    return service


@transaction.atomic
def service_update(*, service: ServiceInScope, data: dict, by, reason: str) -> ServiceInScope:
    service = ServiceInScope.objects.select_for_update().select_related("agreement").get(pk=service.pk)
    if "name" in data:
        _unique_service(service.agreement, data["name"] or "", exclude_pk=service.pk)
    for field in SERVICE_FIELDS:
        if field in data:
            setattr(service, field, data[field] or "")
    _save(service, by=by, reason=reason)
    return service


@transaction.atomic
def service_delete(*, service: ServiceInScope, by, reason: str) -> None:
    """A service dropped from the agreement's scope, or entered in error: its history keeps what it was."""
    service = ServiceInScope.objects.select_for_update().get(pk=service.pk)
    _delete(service, by=by, reason=reason or "Service in scope removed")
