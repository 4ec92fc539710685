"""Grants to providers as 360Giving data (https://standard.threesixtygiving.org/), validated against the
schema vendored in schemas/360giving/ (see its README.md).

A grant is a provider allocation that was paid (or paid and later returned). The recipient's organisation
identifier comes from the provider register: GB-COH-<Companies House number>, else GB-CHC-<charity number>.
Open data (issue 18): public without sign-in, under `OPEN_DATA_LICENSE_URL` (OGL v3 unless set) named as
the package's `license`; each grant says where it comes from (`dataSource`, the file's own address on
`PORTAL_BASE_URL`), when it last changed (`dateModified`, the allocation's latest history record) and whom
it is for (`beneficiaryLocation`, Cheshire East).
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from .models import AllocationStatus, ProviderAllocation

COUNCIL_ORG_ID = "GB-LAE-CHE"  # Cheshire East Council in the org-id.guide local authority list
GRANT_ID_PREFIX = "360G-CheshireEastCouncil-funding-"
# Who the grants are for: adults in Cheshire East, the unitary authority with ONS code E06000049
# (geoCodeType UA from 360Giving's geoCodeType codelist; locationScope GLS050, "Local authority").
BENEFICIARY_LOCATION = {
    "name": "Cheshire East",
    "countryCode": "GB",
    "geoCode": "E06000049",
    "geoCodeType": "UA",
}
LOCATION_SCOPE = "GLS050"
SCHEMA_DIR = settings.BASE_DIR / "schemas" / "360giving"


def org_id(provider) -> str:
    if provider.companies_house_number:
        return f"GB-COH-{provider.companies_house_number}"
    return f"GB-CHC-{provider.charity_number}"


def grant(allocation: ProviderAllocation) -> dict:
    provider, round_, stream = allocation.provider, allocation.round, allocation.round.stream
    recipient = {"id": org_id(provider), "name": provider.name, "postalCode": provider.postcode}
    if provider.companies_house_number:
        recipient["companyNumber"] = provider.companies_house_number
    if provider.charity_number:
        recipient["charityNumber"] = provider.charity_number
    record = {
        "id": f"{GRANT_ID_PREFIX}{allocation.pk}",
        "title": f"{stream.name}: {round_.name}",
        "description": (
            f"{stream.name} ({round_.period}) passported to {provider.name}. {allocation.basis}"
        ).strip(),
        "currency": "GBP",
        "amountAwarded": float(allocation.amount),
        "awardDate": (allocation.offered_on or allocation.paid_on).isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": COUNCIL_ORG_ID, "name": settings.COUNCIL_NAME}],
        "grantProgramme": [{"code": stream.slug, "title": stream.name}],
    }
    if allocation.paid_on:
        record["amountDisbursed"] = float(allocation.amount)
    if round_.starts_on and round_.ends_on:
        record["plannedDates"] = [
            {
                "startDate": round_.starts_on.isoformat(),
                "endDate": round_.ends_on.isoformat(),
                "duration": duration_in_months(round_.starts_on, round_.ends_on),
            }
        ]
    record["beneficiaryLocation"] = [BENEFICIARY_LOCATION]
    record["locationScope"] = LOCATION_SCOPE
    record["dataSource"] = download_url()
    record["dateModified"] = date_time(modified_at(allocation))
    return record


def duration_in_months(first: datetime.date, last: datetime.date) -> float:
    """The planned duration in months, as 360Giving asks (`plannedDates/0/duration`): whole months when the
    period runs from the first of a month to the last of one (1 May to 30 September: 5), else its days in
    average months to one decimal place."""
    after = last + datetime.timedelta(days=1)
    if first.day == 1 and after.day == 1:
        return (after.year - first.year) * 12 + after.month - first.month
    return round((after - first).days / 30.4375, 1)


def download_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("funding:grants-json")


def date_time(moment: datetime.datetime) -> str:
    """RFC 3339 in UTC, to the second: "2022-03-28T09:30:00Z"."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def modified_at(allocation: ProviderAllocation) -> datetime.datetime:
    """When the allocation last changed: its latest history record (annotated by `grants_queryset`), else
    when it was paid (an allocation made without history, e.g. bulk-loaded)."""
    changed = getattr(allocation, "last_modified", None)
    if changed is not None:
        return changed
    day = allocation.paid_on or allocation.offered_on
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def grants_queryset():
    history = ProviderAllocation.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return (
        ProviderAllocation.objects.filter(status__in=[AllocationStatus.PAID, AllocationStatus.RETURNED])
        .select_related("provider", "round__stream")
        .annotate(last_modified=Subquery(history.values("history_date")[:1]))
        .order_by("round__stream__position", "round__position", "provider__name", "pk")
    )


def package(allocations=None) -> dict:
    allocations = grants_queryset() if allocations is None else allocations
    grants = [grant(a) for a in allocations.iterator(chunk_size=2000)]
    data = {
        "version": "1.4",
        "title": f"{settings.COUNCIL_NAME}: adult social care funding passported to care providers",
        "description": (
            "Grants the council passported to care providers from the adult social care funding streams "
            "(allocations paid, and paid and later returned)."
        ),
        "issued": timezone.localdate().isoformat(),
        "publisher": {"name": settings.COUNCIL_NAME, "identifier": COUNCIL_ORG_ID},
        "license": settings.OPEN_DATA_LICENSE_URL,
        "downloadURL": download_url(),
        "grants": grants,
    }
    if grants:
        data["modified"] = max(g["dateModified"] for g in grants)
    return data


@cache
def validator():
    """A validator for a 360Giving package, resolving the grant schema from the vendored copy."""
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    package_schema = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant_schema = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))
    # The files say "$schema": "http://json-schema.org/draft/2020-12/schema" (not the dialect's exact URI),
    # so the dialect is named here rather than detected.
    registry = Registry().with_resource(grant_schema["$id"], DRAFT202012.create_resource(grant_schema))
    return Draft202012Validator(package_schema, registry=registry, format_checker=format_checker())


RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)


def format_checker():
    """jsonschema's checks, with "date-time" always asserted (RFC 3339).

    The schema says a date is `oneOf` a date-time or a YYYY-MM-DD pattern: with "date-time" unchecked (as
    jsonschema leaves it without the optional rfc3339-validator package) every date would match both and
    fail, and any text would pass as a date-time.
    """
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=list(Draft202012Validator.FORMAT_CHECKER.checkers))
    checker.checks("date-time")(
        lambda value: not isinstance(value, str) or bool(RFC3339_DATE_TIME.match(value))
    )
    return checker


def validation_errors(data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]


def quality_findings(data: dict) -> list[str]:
    """What 360Giving's data quality checks find (each of its library's checks, funding/giving_quality.py)
    and this portal's own beyond them. Empty when all is said."""
    from .giving_quality import findings

    return findings(data)
