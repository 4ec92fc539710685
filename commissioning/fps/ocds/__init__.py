"""The FPS as Open Contracting Data Standard (OCDS) 1.1 data: one release package, streamed.

What is published, and how it maps onto OCDS (validated against the OCDS 1.1.5 schemas vendored in
schemas/ocds-1.1.5/, with the lots and techniques extensions of schemas/ocds-extensions/ applied; see
docs/adr/043-fps-open-contracting-data.md):

- **One release for the FPS itself** (stage 1). `ocid` = `<FPS_OCID_PREFIX>-<system code>`. Its `tender`
  is the FPS: `procurementMethod` "selective", `techniques` (techniques extension) saying it is a dynamic
  purchasing system, not a framework agreement; `tenderPeriod` the period in which suppliers may join (from
  the first application window to the end of the term); the lots (lots extension). Each admission of a
  provider to a lot is an award: "active", "pending" while suspended, "cancelled" once removed. Its `date`
  is the latest change to anything it says (the system, lots, windows, admissions, admitted providers'
  records: their history tables), and its `id` carries that moment, so changed content has a new id and a
  published release never changes; nothing in it depends on the clock.
- **Releases per call-off package** from the moment it is published: the competition opened ("tender",
  status active), then cancelled ("tenderCancellation"), or awarded ("award": the winning provider, value
  weekly price × 52, number of tenderers), then the placement ("contract"), each dated when it happened and
  with an id from that moment; `relatedProcesses` points at the FPS as the "framework". Drafts and losing
  bids are never published, nor anything of the person's needs.
- **One release per notice** the council recorded (a dynamic market's UK13-UK16 notices, a call-off's UK4,
  UK6 and UK7), dated its publication, with the notice as a document.
- `uri` and `publicationPolicy` come from `PORTAL_BASE_URL`, never from the request's host.

Streaming: `release_package()` yields the JSON text piece by piece (buffered to about 64 KB), reading every
list with `.iterator(chunk_size=...)`, so the whole export is never held in memory, and it makes the same
handful of queries however many providers, admissions, packages and notices there are.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from commissioning.providers.models import Provider

from ..models import Admission, ApplicationWindow, Bid, Lot, Notice, Package, PurchasingSystem

OCDS_VERSION = "1.1"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)
TECHNIQUES_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/"
    "5568b00a8dd694a3d34441bdd9ef2bd3f9d44b11/extension.json"
)
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
# A suspended provider is not on the FPS for new call-offs until reinstated: its award is not "active".
AWARD_STATUS = {
    Admission.Status.ACTIVE: "active",
    Admission.Status.SUSPENDED: "pending",
    Admission.Status.REMOVED: "cancelled",
}


def at_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def release_id(ocid: str, moment: datetime.datetime, stage: str = "") -> str:
    """A release's id: its ocid, what it is and the moment of the latest change it carries, so content
    that changes gets a new id and a published release never changes."""
    stamp = moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{ocid}-{stage}-{stamp}" if stage else f"{ocid}-{stamp}"


def system_changed(system: PurchasingSystem) -> datetime.datetime:
    """The latest change to anything the FPS's release says: the system, its lots and windows (their
    history), its admissions and the admitted providers' records. Five aggregate queries."""
    candidates = [at_midnight(system.go_live)]
    candidates.append(system.history.aggregate(latest=Max("history_date"))["latest"])
    candidates.append(Lot.history.filter(system_id=system.pk).aggregate(latest=Max("history_date"))["latest"])
    candidates.append(
        ApplicationWindow.history.filter(system_id=system.pk).aggregate(latest=Max("history_date"))["latest"]
    )
    candidates.append(
        Admission.objects.filter(lot__system=system).aggregate(
            latest=Max(Greatest("admitted_at", Coalesce("status_changed_at", "admitted_at")))
        )["latest"]
    )
    admitted = Admission.objects.filter(lot__system=system).values("provider_id")
    candidates.append(
        Provider.history.filter(id__in=admitted).aggregate(latest=Max("history_date"))["latest"]
    )
    return max(moment for moment in candidates if moment is not None)


def joining_period(system: PurchasingSystem) -> dict:
    """The period in which suppliers may join: from the first application window (or the day a dynamic
    market was established, or go-live) to the end of the term. It depends on the data, never the clock."""
    first_window = system.windows.order_by("opens_at").values_list("opens_at", flat=True).first()
    start = first_window or at_midnight(system.established_on or system.go_live)
    return {"startDate": iso(start), "endDate": iso(at_midnight(system.ends))}


def techniques() -> dict:
    """An FPS (a PCR 2015 dynamic purchasing system) or a PA 2023 dynamic market: not a framework agreement;
    used by this council alone ("closed")."""
    return {
        "hasFrameworkAgreement": False,
        "hasDynamicPurchasingSystem": True,
        "dynamicPurchasingSystem": {"type": "closed"},
    }


def _system_release_fields(system: PurchasingSystem, lots: list, changed, admitted: bool) -> dict:
    ocid = system_ocid(system)
    regime = (
        "Dynamic market under the Procurement Act 2023"
        if system.is_dynamic_market
        else "Flexible purchasing system (a dynamic purchasing system under the Public Contracts "
        "Regulations 2015)"
    )
    tender = {
        "id": system.code,
        "title": system.name,
        "description": system.summary or system.name,
        "status": TENDER_STATUS.get(system.status, "active"),
        "procurementMethod": "selective",
        "procurementMethodDetails": (
            f"{regime}. {system.legal_basis.rstrip('.')}. Any number of providers may be admitted to each "
            "lot."
        ),
        "mainProcurementCategory": "services",
        "techniques": techniques(),
        "items": [
            {
                "id": f"lot-{lot.number}",
                "description": lot.title,
                "classification": CPV_DAYCARE,
                "relatedLot": str(lot.number),
            }
            for lot in lots
        ],
        "tenderPeriod": joining_period(system),
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
    if not tender["items"]:
        del tender["items"], tender["lots"]
    return {
        "ocid": ocid,
        "id": release_id(ocid, changed),
        "date": iso(changed),
        "tag": ["tender", "award"] if admitted else ["tender"],
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
            "status": AWARD_STATUS[admission.status],
            "date": iso(admission.admitted_at),
            "suppliers": [{"id": party_id(admission.provider), "name": admission.provider.name}],
            "relatedLots": [str(admission.lot.number)],
        }
        if admission.status != Admission.Status.ACTIVE:
            since = timezone.localdate(admission.status_changed_at or admission.admitted_at)
            label = "Suspended" if admission.status == Admission.Status.SUSPENDED else "Removed"
            award["description"] = f"{label} from {date_filter(since, 'j F Y')}."
        yield award


def system_release(system: PurchasingSystem) -> Iterator[str]:
    lots = list(system.lots.order_by("number"))
    changed = system_changed(system)
    admitted = Admission.objects.filter(lot__system=system).exists()
    yield from _object(
        _system_release_fields(system, lots, changed, admitted),
        {"parties": _system_parties(system), "awards": _admission_awards(system)},
    )


# The notices of a dynamic market and its call-offs ---------------------------------------------------------

NOTICE_TAGS = {
    Notice.Kind.INTENTION: ["planning"],
    Notice.Kind.ESTABLISHMENT: ["tender"],
    Notice.Kind.MODIFICATION: ["tenderAmendment"],
    Notice.Kind.CESSATION: ["tenderUpdate"],
    Notice.Kind.TENDER: ["tender"],
    Notice.Kind.CONTRACT_AWARD: ["award"],
    Notice.Kind.CONTRACT_DETAILS: ["contract"],
}
NOTICE_DOCUMENT_TYPE = {
    Notice.Kind.CONTRACT_AWARD: "awardNotice",
    Notice.Kind.CONTRACT_DETAILS: "contractNotice",
}


def notice_release(notice: Notice, system: PurchasingSystem) -> dict:
    """One release per notice the council published, in the ocid of what it is about (the market or the
    call-off), dated the day it was published; the notice itself is the release's document."""
    ocid = package_ocid(notice.package) if notice.package_id else system_ocid(system)
    document = {
        "id": f"notice-{notice.pk}",
        "documentType": NOTICE_DOCUMENT_TYPE.get(notice.kind, "tenderNotice"),
        "title": notice.get_kind_display() + (f" {notice.reference}" if notice.reference else ""),
        "datePublished": iso(notice.published_on),
        "language": "en",
    }
    if notice.url:
        document["url"] = notice.url
    if notice.description:
        document["description"] = notice.description
    published = at_midnight(notice.published_on)
    release = {
        "ocid": ocid,
        "id": release_id(ocid, max(published, notice.recorded_at), f"notice-{notice.kind}-{notice.pk}"),
        "date": iso(notice.published_on),
        "tag": NOTICE_TAGS[notice.kind],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": COUNCIL_ORG_ID, "name": settings.COUNCIL_NAME},
    }
    section = {Notice.Kind.CONTRACT_AWARD: "awards", Notice.Kind.CONTRACT_DETAILS: "contracts"}.get(
        notice.kind
    )
    if section == "awards":
        release["awards"] = [{"id": f"{notice.package.reference}-award", "documents": [document]}]
    elif notice.kind == Notice.Kind.CONTRACT_DETAILS:
        release["contracts"] = [
            {
                "id": f"{notice.package.reference}-placement",
                "awardID": f"{notice.package.reference}-award",
                "documents": [document],
            }
        ]
    else:
        tender = {
            "id": notice.package.reference if notice.package_id else system.code,
            "documents": [document],
        }
        if notice.kind == Notice.Kind.CESSATION:
            tender["status"] = "complete"
        release["tender"] = tender
    return release


def notices(system: PurchasingSystem):
    return Notice.objects.filter(system=system).select_related("package").order_by("published_on", "pk")


# A call-off package's releases ------------------------------------------------------------------------------


def _package_tender(package: Package, system: PurchasingSystem, *, status: str) -> dict:
    return {
        "id": package.reference,
        "title": package.title,
        "description": (
            f"Call-off from the {system.name}, {package.lot}: day opportunities for "
            f"{package.people_count} {'person' if package.people_count == 1 else 'people'} in "
            f"{package.get_area_display()}."
        ),
        "status": status,
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
    }


def _framework(system: PurchasingSystem) -> list[dict]:
    return [
        {
            "id": "1",
            "relationship": ["framework"],
            "title": system.name,
            "scheme": "ocid",
            "identifier": system_ocid(system),
        }
    ]


def package_releases(package: Package, system: PurchasingSystem) -> list[dict]:
    """A package's releases, each as it was when it happened: the competition opened (published), then
    cancelled, or awarded, then the placement (a contract). `package` comes with its lot, its awarded
    bid's provider and `bid_count` (see `published_packages`)."""
    ocid = package_ocid(package)
    common = {
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": COUNCIL_ORG_ID, "name": settings.COUNCIL_NAME},
        "relatedProcesses": _framework(system),
    }
    releases = [
        {
            "ocid": ocid,
            "id": release_id(ocid, package.published_at, "tender"),
            "date": iso(package.published_at),
            "tag": ["tender"],
            **common,
            "parties": [buyer_party()],
            "tender": _package_tender(package, system, status="active"),
        }
    ]
    if package.status == Package.Status.CANCELLED and package.cancelled_at:
        releases.append(
            {
                "ocid": ocid,
                "id": release_id(ocid, package.cancelled_at, "cancelled"),
                "date": iso(package.cancelled_at),
                "tag": ["tenderCancellation"],
                **common,
                "tender": {"id": package.reference, "status": "cancelled"},
            }
        )
    bid = package.awarded_bid
    if bid is None or package.awarded_at is None:
        return releases
    award_id = f"{package.reference}-award"
    value = money(bid.weekly_price * WEEKS_A_YEAR)
    award = {
        "id": award_id,
        "title": f"{package.reference} awarded to {bid.provider.name}",
        "status": "active",
        "date": iso(package.awarded_at),
        "value": value,
        "suppliers": [{"id": party_id(bid.provider), "name": bid.provider.name}],
        "contractPeriod": {"startDate": iso(bid.start_date)},
    }
    tender = {**_package_tender(package, system, status="complete"), "numberOfTenderers": package.bid_count}
    releases.append(
        {
            "ocid": ocid,
            "id": release_id(ocid, package.awarded_at, "award"),
            "date": iso(package.awarded_at),
            "tag": ["award"],
            **common,
            "parties": [buyer_party(), supplier_party(bid.provider)],
            "tender": tender,
            "awards": [award],
        }
    )
    if package.status == Package.Status.PLACED and package.placement_recorded_at:
        releases.append(
            {
                "ocid": ocid,
                "id": release_id(ocid, package.placement_recorded_at, "placement"),
                "date": iso(package.placement_recorded_at),
                "tag": ["contract"],
                **common,
                "parties": [buyer_party(), supplier_party(bid.provider)],
                "awards": [award],
                "contracts": [
                    {
                        "id": f"{package.reference}-placement",
                        "awardID": award_id,
                        "title": f"Placement for {package.reference}",
                        "status": "active",
                        "value": value,
                        "period": {"startDate": iso(package.placement_start or bid.start_date)},
                    }
                ],
            }
        )
    return releases


def published_packages(system: PurchasingSystem):
    """Every package that was published (open, closed, awarded, placed, or cancelled after publishing)."""
    bid_count = (
        Bid.objects.filter(package=OuterRef("pk"))
        .order_by()
        .values("package")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Package.objects.filter(system=system, published_at__isnull=False)
        .exclude(status=Package.Status.DRAFT)
        .select_related("lot", "awarded_bid__provider")
        .annotate(bid_count=Coalesce(Subquery(bid_count, output_field=IntegerField()), 0))
        .order_by("published_at", "pk")
    )


# The package ----------------------------------------------------------------------------------------------


def export_uri(system: PurchasingSystem) -> str:
    """The export's own address, from the one configured base URL (PORTAL_BASE_URL), never the request's
    host, so the same data is the same JSON whatever name the portal was reached by."""
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('fps:ocds', args=[system.slug])}"


def package_fields(system: PurchasingSystem) -> dict:
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return {
        "uri": export_uri(system),
        "version": OCDS_VERSION,
        "extensions": [LOTS_EXTENSION, TECHNIQUES_EXTENSION],
        "publishedDate": iso(timezone.now()),
        "publisher": {"name": settings.COUNCIL_NAME, "scheme": "GB-LAE", "uid": "CHE"},
        "license": settings.OPEN_DATA_LICENSE_URL,  # one licence for all open data (README)
        "publicationPolicy": f"{base}{system.get_absolute_url()}",
    }


def release_pieces(system: PurchasingSystem) -> Iterator[str]:
    """The release package as pieces of JSON text, in order."""
    yield "{" + dumps(package_fields(system))[1:-1] + ',"releases":['
    yield from system_release(system)
    for notice in notices(system).iterator(chunk_size=CHUNK):
        yield "," + dumps(notice_release(notice, system))
    for package in published_packages(system).iterator(chunk_size=CHUNK // 4):
        for release in package_releases(package, system):
            yield "," + dumps(release)
    yield "]}"


def release_package(system: PurchasingSystem) -> Iterator[bytes]:
    """What the view streams: UTF-8 bytes in chunks of about 64 KB."""
    return _buffered(release_pieces(system))


# The export's own check, re-exported for callers of `ocds.validation_errors`.
from .validation import (  # noqa: E402,F401
    RFC3339_DATE_TIME,
    URI,
    extended_release_schema,
    validation_errors,
    validator,
)
