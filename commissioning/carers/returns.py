"""The national returns, for the performance analyst: no names, no contact details (ADR 052).

- `cld_rows(quarter)`: the quarter's carer events in the shape of Adult Social Care Client Level Data (one
  row per event: request, assessment, review, service), with a pseudonymous person id.
- `sace_rows(on)`: the Survey of Adult Carers in England sample frame: carers aged 18 or over on `on`
  who were assessed or reviewed in the 12 months before it.

A person id is a keyed hash of the carer's record number (HMAC-SHA256 with CARERS_PSEUDONYM_KEY, or the
SECRET_KEY): the same carer has the same id in every quarter's file, and nobody without the key can
turn it back into a record. Dates of birth are given as year and month only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import (
    CLOSED_STATUSES,
    Allocation,
    AssessmentMethod,
    Carer,
    CaringLink,
    Referral,
    Status,
    SupportType,
    age_on,
)
from .statistics import financial_year_of

ADULT = 18


@dataclass(frozen=True)
class Quarter:
    year: int  # the financial year's first year: 2025 for 2025-26
    number: int  # 1 (April to June) to 4 (January to March)

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        following = Quarter(self.year + (self.number == 4), self.number % 4 + 1)
        return following.start - timedelta(days=1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        return (
            f"Q{self.number} {self.year}-{str(self.year + 1)[-2:]} ({self.start:%B %Y} to {self.end:%B %Y})"
        )

    @classmethod
    def of(cls, day: date) -> Quarter:
        year = financial_year_of(day)
        return cls(year, ((day.month - 4) % 12) // 3 + 1)

    @classmethod
    def parse(cls, slug: str) -> Quarter | None:
        try:
            year, number = slug.split("-q")
            quarter = cls(int(year), int(number))
        except ValueError:
            return None
        return quarter if 1 <= quarter.number <= 4 and 2015 <= quarter.year <= 2100 else None

    def previous(self, count: int) -> list[Quarter]:
        found, quarter = [], self
        for _ in range(count):
            found.append(quarter)
            quarter = Quarter(quarter.year - (quarter.number == 1), (quarter.number - 2) % 4 + 1)
        return found


def pseudonym(kind: str, pk: int) -> str:
    secret = getattr(settings, "CARERS_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    return salted_hmac(f"carers.returns.{kind}", str(pk), secret=secret, algorithm="sha256").hexdigest()[:20]


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return value.isoformat()


# --- Client Level Data ------------------------------------------------------------------------------------
CLD_HEADER = [
    "LA_Code",
    "LA_Name",
    "Reporting_Period_Start_Date",
    "Reporting_Period_End_Date",
    "LA_Person_Unique_Identifier",
    "Client_Type",
    "Birth_Year",
    "Birth_Month",
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Outcome",
    "Event_Description",
    "Service_Type",
    "Delivery_Mechanism",
    "Assessment_Method",
    "Carer_Type",
    "Linked_Person_ID_1",
    "Linked_Person_ID_2",
    "Linked_Person_ID_3",
]
DELIVERY = {
    SupportType.DIRECT_PAYMENT: "Direct Payment",
    SupportType.PERSONAL_BUDGET: "CASSR Managed Personal Budget",
    SupportType.COMMISSIONED: "CASSR Commissioned Support",
}
ASSESSMENT_METHOD = {AssessmentMethod.JOINT: "Joint", AssessmentMethod.SEPARATE: "Separate"}
NFA_SIGNPOSTING = "NFA - Information & Advice / Signposting only"


def _linked(carer_ids: set[int]) -> dict[int, list[str]]:
    """Up to three cared-for people per carer, only those known to social care (the specification
    shares a cared-for person's id only when they are a service user: here, when social care arranges
    their respite)."""
    links: dict[int, list[str]] = {}
    for carer_id, person_id in (
        CaringLink.objects.filter(carer_id__in=carer_ids, cared_for__has_social_care_respite=True)
        .order_by("carer_id", "cared_for_id")
        .values_list("carer_id", "cared_for_id")
    ):
        links.setdefault(carer_id, [])
        if len(links[carer_id]) < 3:
            links[carer_id].append(pseudonym("cared-for", person_id))
    return links


def _events(
    quarter: Quarter,
) -> Iterator[tuple[Referral, str, date | None, date | None, str, str, Allocation | None]]:
    """(referral, event type, start, end, outcome, description, allocation) for each event of the quarter."""
    first, last = quarter.start, quarter.end
    after = _start(last + timedelta(days=1))
    referrals = Referral.objects.select_related("carer").only(
        "pk",
        "status",
        "received_at",
        "contacted_at",
        "assessed_on",
        "closed_at",
        "support_type",
        "assessment_method",
        "carer_type",
        "carer__id",
        "carer__date_of_birth",
        "carer__merged_into_id",
    )
    # Requests: finished when first contact is made, or when an assessment is declined or not needed.
    requests = referrals.filter(
        Q(contacted_at__gte=_start(first), contacted_at__lt=after)
        | Q(contacted_at=None, assessed_on__range=(first, last), status__in=CLOSED_STATUSES)
    )
    for referral in requests.order_by("pk").iterator(chunk_size=2000):
        end = timezone.localdate(referral.contacted_at) if referral.contacted_at else referral.assessed_on
        outcome = {
            Status.DECLINED: "NFA - Support declined",
            Status.NOT_ELIGIBLE: NFA_SIGNPOSTING,
        }.get(referral.status, "Progress to Assessment")
        yield (
            referral,
            "Request",
            timezone.localdate(referral.received_at),
            end,
            outcome,
            "Carer referral",
            None,
        )
    assessments = referrals.filter(assessed_on__range=(first, last)).exclude(
        status__in=[Status.DECLINED, Status.NOT_ELIGIBLE]
    )
    for referral in assessments.order_by("pk").iterator(chunk_size=2000):
        start = timezone.localdate(referral.contacted_at) if referral.contacted_at else referral.assessed_on
        outcome = (
            NFA_SIGNPOSTING
            if referral.support_type == SupportType.INFORMATION
            else "Progress to Support Planning / Services"
        )
        yield referral, "Assessment", start, referral.assessed_on, outcome, "Carer's assessment", None
    reviews = (
        Referral.history.filter(
            history_change_reason="Annual review recorded", last_reviewed_on__range=(first, last)
        )
        .order_by("id", "last_reviewed_on")
        .distinct("id", "last_reviewed_on")
        .values_list("id", "last_reviewed_on")
    )
    reviewed = dict(reviews)
    for referral in referrals.filter(pk__in=list(reviewed)).order_by("pk"):
        day = reviewed[referral.pk]
        yield referral, "Review", day, day, "Continuation of support", "Annual review", None
    services = (
        Allocation.objects.filter(allocated_at__lt=after)
        .filter(Q(referral__closed_at=None) | Q(referral__closed_at__gte=_start(first)))
        .select_related("referral", "referral__carer", "service")
        .order_by("pk")
    )
    for allocation in services.iterator(chunk_size=2000):
        referral = allocation.referral
        end = timezone.localdate(referral.closed_at) if referral.closed_at else None
        outcome = "Service ended as planned" if end and end <= last else ""
        yield (
            referral,
            "Service",
            timezone.localdate(allocation.allocated_at),
            end,
            outcome,
            allocation.service.name,
            allocation,
        )


def cld_rows(quarter: Quarter) -> Iterator[list]:
    """One row per carer event of the quarter (carers aged 18 or over at the event's end)."""
    events = [event for event in _events(quarter) if _adult(event[0].carer, event[3] or quarter.end)]
    links = _linked({event[0].carer_id for event in events})
    for referral, kind, start, end, outcome, description, allocation in events:
        carer = referral.carer
        person = carer.merged_into_id or carer.pk
        born = carer.date_of_birth
        linked = (links.get(carer.pk, []) + ["", "", ""])[:3]
        yield [
            settings.CARERS_LA_CODE,
            settings.COUNCIL_NAME,
            _iso(quarter.start),
            _iso(quarter.end),
            pseudonym("person", person),
            "Carer",
            born.year if born else "",
            born.month if born else "",
            kind,
            pseudonym(kind.lower(), allocation.pk if allocation else referral.pk),
            _iso(start),
            _iso(end),
            outcome,
            description,
            "Carer Support: Direct to Carer" if kind == "Service" else "",
            DELIVERY.get(referral.support_type, "") if kind == "Service" else "",
            ASSESSMENT_METHOD.get(referral.assessment_method, ""),
            referral.get_carer_type_display(),
            *linked,
        ]


def _adult(carer: Carer, on: date) -> bool:
    """Adults only: CLD is adult social care (a young carer's support is children's services')."""
    return carer.date_of_birth is None or age_on(carer.date_of_birth, on) >= ADULT


# --- The Survey of Adult Carers sample frame --------------------------------------------------------------
SACE_HEADER = [
    "Record_Number",
    "Person_ID",
    "Age",
    "Carer_Type",
    "Method_Of_Assessment_Or_Review",
    "Support_Provided_To_Carer",
    "Last_Assessed_Or_Reviewed",
    "Cared_For_Age_Band",
    "Cared_For_Primary_Support_Reason",
]
SACE_METHOD = {
    AssessmentMethod.JOINT: "Assessed or reviewed jointly with the cared-for person",
    AssessmentMethod.SEPARATE: "Assessed or reviewed separately from the cared-for person",
    AssessmentMethod.NONE: "No assessment or review during the year",
}
SACE_SUPPORT = {
    SupportType.DIRECT_PAYMENT: "Direct Payment only",
    SupportType.PERSONAL_BUDGET: "CASSR Managed Personal Budget",
    SupportType.COMMISSIONED: "CASSR Commissioned Support only",
    SupportType.INFORMATION: "Information, Advice and Other Universal Services / Signposting",
    SupportType.NONE: "No Direct Support Provided to Carer",
}


def sace_rows(on: date) -> Iterator[list]:
    """Carers aged 18 or over on `on`, assessed or reviewed in the 12 months before it, once each (their
    latest referral's details), in a random-looking but stable order (by person id)."""
    since = on - timedelta(days=365)
    recent = (
        Referral.objects.filter(
            Q(assessed_on__range=(since, on)) | Q(last_reviewed_on__range=(since, on)),
            carer__anonymised_at=None,
            carer__merged_into=None,
        )
        .exclude(status__in=[Status.DECLINED, Status.NOT_ELIGIBLE])
        .select_related("carer")
        .order_by("carer_id", "-received_at")
        .distinct("carer_id")
    )
    chosen = [
        r for r in recent if r.carer.date_of_birth is None or age_on(r.carer.date_of_birth, on) >= ADULT
    ]
    first_cared_for = {}
    for link in (
        CaringLink.objects.filter(carer_id__in=[r.carer_id for r in chosen])
        .select_related("cared_for")
        .order_by("carer_id", "pk")
    ):
        first_cared_for.setdefault(link.carer_id, link.cared_for)
    chosen.sort(key=lambda r: pseudonym("person", r.carer_id))
    for number, referral in enumerate(chosen, start=1):
        carer = referral.carer
        cared = first_cared_for.get(carer.pk)
        last = max(d for d in (referral.assessed_on, referral.last_reviewed_on) if d)
        yield [
            number,
            pseudonym("person", carer.pk),
            age_on(carer.date_of_birth, on) if carer.date_of_birth else "",
            referral.get_carer_type_display(),
            SACE_METHOD.get(referral.assessment_method, "Not recorded"),
            SACE_SUPPORT.get(referral.support_type, "Not recorded"),
            _iso(last),
            cared.get_age_band_display() if cared else "",
            cared.get_primary_support_reason_display() if cared else "",
        ]
