"""The FPS as Open Contracting Data Standard (OCDS) 1.1 data: one release package, streamed.

What is published, and how it maps onto OCDS (validated against the OCDS 1.1.5 schemas vendored in
schemas/ocds-1.1.5/, see its README.md):

- **One release for the FPS itself** (stage 1). `ocid` = `<FPS_OCID_PREFIX>-<system code>`, e.g.
  `ocds-cheshire-east-fps-DO`. Tags `tender` and, once anyone is admitted, `award`. Its `tender` is the FPS:
  `procurementMethod` "selective" (any provider may apply, only those passing the selection criteria are
  admitted: OCDS's mapping for a restricted procedure or dynamic purchasing system), the legal basis in
  `procurementMethodDetails`, the 5-year term as `contractPeriod`, and the current application window (or
  the latest) as `tenderPeriod`. The lots are in `tender.lots`, and each **admission** of a provider to a
  lot is an award (`relatedLots` names the lot, `suppliers` the provider; a removed admission is
  "cancelled"). `parties` are the council (buyer, procuring entity) and every provider ever admitted
  (supplier), identified by Companies House number (`GB-COH`) or charity number (`GB-CHC`, or `GB-SC`
  and `GB-NIC` for Scottish and Northern Irish charities), as org-id.guide lists them. The release's `date`
  (and so its `id`) is the latest admission change, so the id changes when the data does.
  Lots and `relatedLots` come from the OCDS lots extension, named in the package's `extensions`; OCDS 1.1.5
  core allows the extra fields, so the core schema still validates the whole package. The techniques
  extension (`hasDynamicPurchasingSystem`) is not used: core fields only, besides lots.
- **One release per call-off package once awarded** (stage 2): `ocid` = `<prefix>-<package reference>`,
  e.g. `ocds-cheshire-east-fps-DO-CO-2022-0003`, tags `tender` and `award` (and `contract` once the
  placement is recorded), `relatedProcesses` pointing at the FPS's ocid with relationship "framework" (a
  call-off from it). The tender says only what the public may know of an anonymised package: its title,
  lot, area, number of people, weightings, tender period and number of bids. The award is the winning
  provider with `value` = weekly price × 52 in GBP (a year's cost); the placement is a contract from its
  start date. Drafts, open, cancelled and unawarded packages are not published, nor are other bids.

Streaming: `release_package()` yields the JSON text piece by piece (buffered to about 64 KB), reading every
list with `.iterator(chunk_size=...)`, so the whole export is never held in memory, and it makes the same
handful of queries however many providers, admissions and packages there are.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from commissioning.providers.models import Provider

from .models import Admission, ApplicationWindow, Bid, Package, PurchasingSystem

SCHEMA_DIR = settings.BASE_DIR / "schemas" / "ocds-1.1.5"
OCDS_VERSION = "1.1"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)
OPEN_GOVERNMENT_LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
COUNCIL_ORG_ID = "GB-LAE-CHE"  # Cheshire East Council in org-id.guide's list of English local authorities
CPV_DAYCARE = {"scheme": "CPV", "id": "85312100", "description": "Daycare services"}
WEEKS_A_YEAR = 52
CHUNK = 2000
BUFFER = 64 * 1024


def iso(moment) -> str | None:
    """An OCDS date-time: UTC datetimes as they are, dates as midnight UK time."""
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min)).isoformat()


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def system_ocid(system: PurchasingSystem) -> str:
    return f"{settings.FPS_OCID_PREFIX}-{system.code}"


def package_ocid(package: Package) -> str:
    return f"{settings.FPS_OCID_PREFIX}-{package.reference}"


def org_id(provider: Provider) -> tuple[str, str]:
    """(scheme, identifier) from the provider register: Companies House first, else the charity number."""
    if provider.companies_house_number:
        return "GB-COH", provider.companies_house_number
    number = provider.charity_number
    if number.startswith("SC"):
        return "GB-SC", number
    if number.startswith("NIC"):
        return "GB-NIC", number.removeprefix("NIC")
    return "GB-CHC", number


def party_id(provider: Provider) -> str:
    scheme, identifier = org_id(provider)
    return f"{scheme}-{identifier}"


def buyer_party() -> dict:
    return {
        "id": COUNCIL_ORG_ID,
        "name": settings.COUNCIL_NAME,
        "identifier": {"scheme": "GB-LAE", "id": "CHE", "legalName": settings.COUNCIL_NAME},
        "roles": ["buyer", "procuringEntity"],
    }


def supplier_party(provider: Provider) -> dict:
    scheme, identifier = org_id(provider)
    party = {
        "id": party_id(provider),
        "name": provider.name,
        "identifier": {"scheme": scheme, "id": identifier, "legalName": provider.name},
        "address": {
            "locality": provider.town,
            "postalCode": provider.postcode,
            "countryName": "United Kingdom",
        },
        "roles": ["supplier"],
    }
    if provider.cqc_provider_id:
        party["additionalIdentifiers"] = [{"scheme": "GB-CQC", "id": provider.cqc_provider_id}]
    return party


def money(amount) -> dict:
    return {"amount": float(Decimal(amount).quantize(Decimal("0.01"))), "currency": "GBP"}


# Streaming JSON -------------------------------------------------------------------------------------------


def _object(fields: dict, arrays: dict[str, Iterable] | None = None) -> Iterator[str]:
    """A JSON object: `fields` written whole, then each of `arrays` item by item (an empty one is left out,
    as OCDS arrays should not be empty)."""
    yield "{" + dumps(fields)[1:-1]
    first_key = not fields
    for key, items in (arrays or {}).items():
        iterator = iter(items)
        try:
            first = next(iterator)
        except StopIteration:
            continue
        yield ("" if first_key else ",") + dumps(key) + ":["
        first_key = False
        yield dumps(first)
        for item in iterator:
            yield "," + dumps(item)
        yield "]"
    yield "}"


def _buffered(pieces: Iterable[str], size: int = BUFFER) -> Iterator[bytes]:
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


# The FPS's release ----------------------------------------------------------------------------------------

TENDER_STATUS = {
    PurchasingSystem.Status.IN_DEVELOPMENT: "planning",
    PurchasingSystem.Status.LIVE: "active",
    PurchasingSystem.Status.ENDED: "complete",
}


def _system_release_fields(system: PurchasingSystem, lots: list, changed) -> dict:
    ocid = system_ocid(system)
    date = changed or timezone.make_aware(datetime.datetime.combine(system.go_live, datetime.time.min))
    window = (
        ApplicationWindow.objects.filter(system=system, opens_at__lte=timezone.now())
        .order_by("-opens_at")
        .first()
    )
    tender = {
        "id": system.code,
        "title": system.name,
        "description": system.summary or system.name,
        "status": TENDER_STATUS.get(system.status, "active"),
        "procurementMethod": "selective",
        "procurementMethodDetails": (
            f"Flexible purchasing system. {system.legal_basis.rstrip('.')}. Reopens to applications every "
            f"{system.reopens_every_months} months; any number of providers may be admitted to each lot."
        ),
        "mainProcurementCategory": "services",
        "items": [
            {
                "id": f"lot-{lot.number}",
                "description": lot.title,
                "classification": CPV_DAYCARE,
                "relatedLot": str(lot.number),
            }
            for lot in lots
        ],
        "contractPeriod": {"startDate": iso(system.go_live), "endDate": iso(system.ends)},
        "lots": [
            {
                "id": str(lot.number),
                "title": lot.title,
                "description": lot.description or lot.title,
                "status": "active" if lot.is_active else "complete",
            }
            for lot in lots
        ],
    }
    if window is not None:
        tender["tenderPeriod"] = {"startDate": iso(window.opens_at), "endDate": iso(window.closes_at)}
    if not tender["items"]:
        del tender["items"], tender["lots"]
    return {
        "ocid": ocid,
        "id": f"{ocid}-{timezone.localtime(date):%Y%m%dT%H%M%S}",
        "date": iso(date),
        "tag": ["tender", "award"] if changed else ["tender"],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": COUNCIL_ORG_ID, "name": settings.COUNCIL_NAME},
        "tender": tender,
    }


def _system_parties(system: PurchasingSystem) -> Iterator[dict]:
    yield buyer_party()
    admitted = Admission.objects.filter(lot__system=system).values("provider_id")
    providers = Provider.objects.filter(pk__in=admitted).order_by("name", "pk")
    for provider in providers.iterator(chunk_size=CHUNK):
        yield supplier_party(provider)


def _admission_awards(system: PurchasingSystem) -> Iterator[dict]:
    admissions = (
        Admission.objects.filter(lot__system=system)
        .select_related("lot", "provider")
        .order_by("lot__number", "provider__name", "pk")
    )
    for admission in admissions.iterator(chunk_size=CHUNK):
        award = {
            "id": f"admission-{admission.pk}",
            "title": f"Admitted to {admission.lot}",
            "status": "cancelled" if admission.status == Admission.Status.REMOVED else "active",
            "date": iso(admission.admitted_at),
            "suppliers": [{"id": party_id(admission.provider), "name": admission.provider.name}],
            "relatedLots": [str(admission.lot.number)],
        }
        if admission.status == Admission.Status.SUSPENDED:
            since = timezone.localdate(admission.status_changed_at or admission.admitted_at)
            award["description"] = f"Suspended from {date_filter(since, 'j F Y')}."
        yield award


def system_release(system: PurchasingSystem) -> Iterator[str]:
    lots = list(system.lots.order_by("number"))
    changed = Admission.objects.filter(lot__system=system).aggregate(
        changed=Max(Greatest("admitted_at", Coalesce("status_changed_at", "admitted_at")))
    )["changed"]
    yield from _object(
        _system_release_fields(system, lots, changed),
        {"parties": _system_parties(system), "awards": _admission_awards(system)},
    )


# A call-off package's release -----------------------------------------------------------------------------


def package_release(package: Package, system: PurchasingSystem) -> dict:
    """The release of an awarded (or placed) package; `package` comes with its lot, its awarded bid's
    provider and `bid_count` (see `awarded_packages`)."""
    ocid = package_ocid(package)
    bid = package.awarded_bid
    placed = package.status == Package.Status.PLACED
    date = package.placement_recorded_at if placed and package.placement_recorded_at else package.awarded_at
    award_id = f"{package.reference}-award"
    value = money(bid.weekly_price * WEEKS_A_YEAR)
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{'placement' if placed else 'award'}",
        "date": iso(date),
        "tag": ["tender", "award", "contract"] if placed else ["tender", "award"],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": COUNCIL_ORG_ID, "name": settings.COUNCIL_NAME},
        "parties": [buyer_party(), supplier_party(bid.provider)],
        "tender": {
            "id": package.reference,
            "title": package.title,
            "description": (
                f"Call-off from the {system.name}, {package.lot}: day opportunities for "
                f"{package.people_count} {'person' if package.people_count == 1 else 'people'} in "
                f"{package.get_area_display()}."
            ),
            "status": "complete",
            "procurementMethod": "selective",
            "procurementMethodDetails": f"Call-off: published to the providers admitted to {package.lot}.",
            "mainProcurementCategory": "services",
            "items": [
                {
                    "id": "1",
                    "description": f"Day opportunities: {package.lot.title}",
                    "classification": CPV_DAYCARE,
                    "quantity": package.people_count,
                    "unit": {"name": "person"},
                }
            ],
            "awardCriteria": "ratedCriteria",
            "awardCriteriaDetails": (
                f"Quality {package.quality_weight}% (of which social value {package.social_value_weight}%), "
                f"price {package.price_weight}%."
            ),
            "tenderPeriod": {"startDate": iso(package.published_at), "endDate": iso(package.bid_deadline)},
            "numberOfTenderers": package.bid_count,
        },
        "awards": [
            {
                "id": award_id,
                "title": f"{package.reference} awarded to {bid.provider.name}",
                "status": "active",
                "date": iso(package.awarded_at),
                "value": value,
                "suppliers": [{"id": party_id(bid.provider), "name": bid.provider.name}],
                "contractPeriod": {"startDate": iso(bid.start_date)},
            }
        ],
        "relatedProcesses": [
            {
                "id": "1",
                "relationship": ["framework"],
                "title": system.name,
                "scheme": "ocid",
                "identifier": system_ocid(system),
            }
        ],
    }
    if placed:
        release["contracts"] = [
            {
                "id": f"{package.reference}-placement",
                "awardID": award_id,
                "title": f"Placement for {package.reference}",
                "status": "active",
                "value": value,
                "period": {"startDate": iso(package.placement_start or bid.start_date)},
            }
        ]
    return release


def awarded_packages(system: PurchasingSystem):
    bid_count = (
        Bid.objects.filter(package=OuterRef("pk"))
        .order_by()
        .values("package")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Package.objects.filter(system=system, status__in=[Package.Status.AWARDED, Package.Status.PLACED])
        .exclude(awarded_bid=None)
        .select_related("lot", "awarded_bid__provider")
        .annotate(bid_count=Coalesce(Subquery(bid_count, output_field=IntegerField()), 0))
        .order_by(F("awarded_at").asc(nulls_last=True), "pk")
    )


# The package ----------------------------------------------------------------------------------------------


def package_fields(system: PurchasingSystem, *, uri: str) -> dict:
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [LOTS_EXTENSION],
        "publishedDate": iso(timezone.now()),
        "publisher": {"name": settings.COUNCIL_NAME, "scheme": "GB-LAE", "uid": "CHE"},
        "license": OPEN_GOVERNMENT_LICENCE,
        "publicationPolicy": f"{base}{system.get_absolute_url()}",
    }


def release_pieces(system: PurchasingSystem, *, uri: str) -> Iterator[str]:
    """The release package as pieces of JSON text, in order."""
    yield "{" + dumps(package_fields(system, uri=uri))[1:-1] + ',"releases":['
    yield from system_release(system)
    for package in awarded_packages(system).iterator(chunk_size=CHUNK // 4):
        yield "," + dumps(package_release(package, system))
    yield "]}"


def release_package(system: PurchasingSystem, *, uri: str) -> Iterator[bytes]:
    """What the view streams: UTF-8 bytes in chunks of about 64 KB."""
    return _buffered(release_pieces(system, uri=uri))


# Validation (tests, and anyone checking an export) ----------------------------------------------------------

RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


@cache
def validator():
    """A Draft 4 validator (the schemas' own `$schema`) for a release package, resolving the release schema
    from the vendored copy by its `id` (no network), with formats checked: "date-time" as RFC 3339 and
    "uri" as an absolute URI (jsonschema checks neither without optional packages)."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads((SCHEMA_DIR / "release-package-schema.json").read_text(encoding="utf-8"))
    release_schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(release_schema["id"], DRAFT4.create_resource(release_schema))
    checker = FormatChecker(formats=list(Draft4Validator.FORMAT_CHECKER.checkers))
    checker.checks("date-time")(
        lambda value: not isinstance(value, str) or bool(RFC3339_DATE_TIME.match(value))
    )
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(URI.match(value)))
    return Draft4Validator(package_schema, registry=registry, format_checker=checker)


def validation_errors(data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]
