"""A market's live figures, computed from the portal's own records each time the page is drawn: nothing here
is stored or typed in. Each function costs a fixed number of queries, whatever the number of rows.

- Providers in the provider register of the market's service types, by care community (one query), and the
  CQC ratings recorded for them (one query).
- Live contracts of the market's service types on the public contracts register: how many, how many end
  within a year, and the ten ending soonest with their providers (three queries).
- The market's flexible purchasing system: admitted providers per lot, its spend figures and its call-off
  placements per quarter (three queries).
- The carers hub's referrals received per quarter, through the carers app's statistics functions: counts
  only, and a count from 1 to 4 is shown as "fewer than 5" (its small-number rule). Only quarters are shown,
  never a total, so a suppressed quarter cannot be worked out from the others.

Only aggregates leave this module: no provider's name, no person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.carers import statistics as carers_statistics
from commissioning.contracts.models import Contract, ContractParty, CqcRating, ProviderQuality, add_months
from commissioning.fps.models import Admission, Package, SpendFigure
from commissioning.providers.models import AREA_SHORT_NAMES, Area, Provider, Service

from .models import CarersReferralDay


@dataclass
class ProviderSupply:
    service_types: list[tuple[str, str]]  # (value, label)
    rows: list[dict]  # {"area", "label", "counts": [per service type], "any"}
    totals: list[int]
    total: int
    cqc_registered: int
    ratings: dict[str, int]  # the CQC ratings recorded for these providers (for cqc_ratings), by value


PROVIDERS_CACHE_SECONDS = 24 * 60 * 60


def providers_version() -> int | None:
    """The version of the provider register and the CQC ratings recorded for providers: a new number after
    every statement that changes either (triggers, migration 0003). None if the row is missing. One query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM market_source_version WHERE source = 'providers'")
        row = cursor.fetchone()
    return row[0] if row else None


def providers_by_area(service_types: list[str]) -> ProviderSupply | None:
    """The market's provider figures (`count_providers`), kept in the cache under the version of the tables
    they are counted from, so a page reads one version number and counts again only after a change to the
    providers or their ratings. One query when kept, two when counted."""
    service_types = [value for value in service_types if value in Service.values]
    if not service_types:
        return None
    version = providers_version()
    if version is None:
        return count_providers(service_types)
    key = f"market:providers:{version}:{'|'.join(service_types)}"
    found = cache.get(key)
    if found is None:
        found = count_providers(service_types)
        cache.set(key, found, PROVIDERS_CACHE_SECONDS)
    return found


def count_providers(service_types: list[str]) -> ProviderSupply | None:
    """Active providers offering any of `service_types`, per care community and per type, with totals, and
    the CQC ratings recorded for them. A provider counts once in each community it serves and once in each
    total ("any of these"); the totals count providers that serve at least one community, the ratings every
    one (as `cqc_ratings` does). Types that are not services of the provider register (contract types only)
    are left out.

    One query and one pass over the market's providers, with no grouping and no DISTINCT: every figure is a
    count with a FILTER (a community and a type are each "= ANY" of the provider's arrays)."""
    service_types = [value for value in service_types if value in Service.values]
    if not service_types:
        return None
    table = connection.ops.quote_name(Provider._meta.db_table)
    quality = connection.ops.quote_name(ProviderQuality._meta.db_table)
    served = "cardinality(p.areas_served) > 0"
    columns = [
        f"count(*) FILTER (WHERE {served})",
        f"count(*) FILTER (WHERE {served} AND p.cqc_provider_id <> '')",
    ]
    params: list = []
    for value in service_types:
        columns.append(f"count(*) FILTER (WHERE {served} AND %s = ANY(p.services))")
        params.append(value)
    for rating in CQC_ORDER:
        columns.append("count(*) FILTER (WHERE q.cqc_rating = %s)")
        params.append(str(rating))
    for area in Area:
        columns.append("count(*) FILTER (WHERE %s = ANY(p.areas_served))")
        params.append(area.value)
        for value in service_types:
            columns.append("count(*) FILTER (WHERE %s = ANY(p.areas_served) AND %s = ANY(p.services))")
            params += [area.value, value]
    # Table names from the models; the service types, ratings and communities are the only parameters.
    sql = f"""
        SELECT {", ".join(columns)}
        FROM {table} p LEFT JOIN {quality} q ON q.provider_id = p.id
        WHERE p.is_active AND p.services && %s::varchar[]
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, list(service_types)])
        found = iter(cursor.fetchone())
    n = len(service_types)
    total, cqc_registered = next(found), next(found)
    totals = [next(found) for _ in range(n)]
    ratings = {str(rating): next(found) for rating in CQC_ORDER}
    rows = []
    for area in Area:
        any_type = next(found)
        rows.append(
            {
                "area": area.value,
                "label": area.label,
                "short": AREA_SHORT_NAMES[area],
                "counts": [next(found) for _ in range(n)],
                "any": any_type,
            }
        )
    return ProviderSupply(
        service_types=[(value, Service(value).label) for value in service_types],
        rows=rows,
        totals=totals,
        total=total,
        cqc_registered=cqc_registered,
        ratings={value: count for value, count in ratings.items() if count},
    )


# The contracts register and providers' CQC ratings -------------------------------------------------------

CONTRACTS_SHOWN = 10
ENDING_WITHIN_MONTHS = 12


def public_contracts(service_types: list[str]):
    """Live contracts of these types that the public contracts register lists (nothing private)."""
    return Contract.objects.live().on_public_register().filter(service_type__in=service_types)


def contracts(service_types: list[str], today: date | None = None) -> dict | None:
    """How many live contracts of the market's types there are, how many end within a year, and the ones
    ending soonest with their providers. Three queries (counts, the contracts, their parties)."""
    if not service_types:
        return None
    today = today or timezone.localdate()
    horizon = add_months(today, ENDING_WITHIN_MONTHS)
    live = public_contracts(service_types)
    counts = live.aggregate(
        live=Count("pk"), ending=Count("pk", filter=Q(end_date__isnull=False, end_date__lte=horizon))
    )
    soonest = list(
        live.order_by(F("end_date").asc(nulls_last=True), "title", "pk").prefetch_related(
            Prefetch(
                "parties",
                queryset=ContractParty.objects.select_related("provider").filter(left_on__isnull=True),
            )
        )[:CONTRACTS_SHOWN]
    )
    return {"live": counts["live"], "ending": counts["ending"], "horizon": horizon, "soonest": soonest}


# Ratings from best to worst, then the providers the CQC has not rated or does not regulate.
CQC_ORDER = [
    CqcRating.OUTSTANDING,
    CqcRating.GOOD,
    CqcRating.REQUIRES_IMPROVEMENT,
    CqcRating.INADEQUATE,
    CqcRating.NOT_RATED,
    CqcRating.NOT_REGISTERED,
]
RATED = {CqcRating.OUTSTANDING, CqcRating.GOOD, CqcRating.REQUIRES_IMPROVEMENT, CqcRating.INADEQUATE}


def cqc_ratings(service_types: list[str], providers_total: int, recorded: dict | None = None) -> dict | None:
    """The CQC ratings recorded (by the Contracts and Quality Assurance team) for the market's active
    providers: how many of each, and the share of rated providers rated Good or Outstanding. CQC ratings are
    public; only counts leave here. `recorded` is the count per rating when the caller has it already
    (`ProviderSupply.ratings`: no query); otherwise one query."""
    service_types = [value for value in service_types if value in Service.values]
    if not service_types:
        return None
    if recorded is None:
        recorded = dict(
            ProviderQuality.objects.filter(
                provider__is_active=True, provider__services__overlap=service_types
            )
            .exclude(cqc_rating="")
            .values_list("cqc_rating")
            .annotate(n=Count("pk"))
            .order_by()
        )
    rows = [{"rating": CqcRating(value).label, "providers": recorded.get(value, 0)} for value in CQC_ORDER]
    rated = sum(n for value, n in recorded.items() if value in RATED)
    good = recorded.get(CqcRating.OUTSTANDING, 0) + recorded.get(CqcRating.GOOD, 0)
    return {
        "rows": rows,
        "recorded": sum(recorded.values()),
        "not_recorded": max(providers_total - sum(recorded.values()), 0),
        "rated": rated,
        "good_or_outstanding_percent": round(good * 100 / rated) if rated else None,
    }


# The flexible purchasing system -----------------------------------------------------------------------------


def fps_admissions(system) -> list[dict]:
    """Each lot of the system with the number of providers admitted to it now (suspended ones not counted).
    A count per lot (a subquery on the admissions' lot index), not a join of every admission grouped and
    sorted. A provider has one admission per lot that is not removed (fps_one_admission_per_lot), so active
    ones need no DISTINCT."""
    admitted = (
        Admission.objects.filter(lot=OuterRef("pk"), status=Admission.Status.ACTIVE)
        .order_by()
        .values("lot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        system.lots.annotate(admitted=Coalesce(Subquery(admitted), 0))
        .order_by("number")
        .values("number", "title", "admitted")
    )


def fps_spend_figures(system) -> list[SpendFigure]:
    return list(system.spend_figures.order_by("position", "pk"))


def financial_quarters(today: date) -> list[tuple[str, date, date]]:
    """The quarters of last financial year and of this one that have begun: (label, first day, last day),
    labelled as the carers hub labels them ("Q1 2025-26")."""
    this_year = carers_statistics.financial_year_of(today)
    spans = []
    for year in (this_year - 1, this_year):
        for label, first, last in carers_statistics.quarters(year):
            if first <= today:
                spans.append((f"{label} {year}-{str(year + 1)[-2:]}", first, last))
    return spans


def fps_placements(system, today: date | None = None) -> list[dict]:
    """Call-off placements made in each quarter (by placement start), last financial year and this one."""
    today = today or timezone.localdate()
    spans = financial_quarters(today)
    counts = Package.objects.filter(system=system, status=Package.Status.PLACED).aggregate(
        **{
            f"q{i}": Count("pk", filter=Q(placement_start__gte=first, placement_start__lte=last))
            for i, (_label, first, last) in enumerate(spans)
        }
    )
    return [
        {
            "quarter": label,
            "span": _span(first, min(last, today)),
            "placements": counts[f"q{i}"],
            "to_date": last > today,
        }
        for i, (label, first, last) in enumerate(spans)
    ]


def _span(first: date, last: date) -> str:
    return f"{first:%-d %B %Y} to {last:%-d %B %Y}"


# The carers hub ---------------------------------------------------------------------------------------


def suppressed(value: int) -> str:
    """The carers hub's small-number rule: 1 to 4 is shown as "fewer than 5"."""
    if 0 < value < carers_statistics.SUPPRESS_BELOW:
        return f"fewer than {carers_statistics.SUPPRESS_BELOW}"
    return f"{value:,}"


def carers_referrals(today: date | None = None) -> list[dict]:
    """Referrals the carers hub received in each quarter of the last financial year and this one, to date:
    quarters only (no total), each count through the small-number rule. One query, over the referrals per
    day summary (models.CarersReferralDay, kept by triggers on the referrals table), not the referrals."""
    today = today or timezone.localdate()
    spans = financial_quarters(today)
    counts = CarersReferralDay.objects.filter(day__gte=spans[0][1], day__lte=spans[-1][2]).aggregate(
        **{
            f"q{i}": Sum("referrals", filter=Q(day__gte=first, day__lte=last), default=0)
            for i, (_label, first, last) in enumerate(spans)
        }
    )
    return [
        {
            "quarter": label,
            "span": _span(first, min(last, today)),
            "referrals": suppressed(counts[f"q{i}"]),
            "to_date": last > today,
        }
        for i, (label, first, last) in enumerate(spans)
    ]
