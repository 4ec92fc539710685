"""The monitoring demo (issue 12, parts 4-7): invented quality records, insurance, visits, action plans,
concerns, a governance meeting, and KPIs and returns on the demo providers' contracts, all from
fixtures/demo/contracts/monitoring.json and all marked as demo data. Made through the services (so the
history, standing and concerns are what the portal would make), once: a second run adds nothing.

KPIs and returns need a contract that a demo provider (on the register) is party to: the contracts
register's demo adds the contracts; until one exists this part is skipped and says so."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from commissioning.providers.models import Provider

from .models import (
    Concern,
    ContractParty,
    Domain,
    GovernanceMeeting,
    InsurancePolicy,
    Kpi,
    PerformanceReturn,
    ProviderQuality,
    QualityVisit,
)
from .periods import Quarter
from .services import concerns as concern_services
from .services import performance as performance_services
from .services import quality as quality_services

DEMO_TODAY = datetime.date(2026, 12, 2)  # the demo's dates are as of the day it was written


def data() -> dict:
    return json.loads((settings.BASE_DIR / "fixtures" / "demo" / "contracts" / "monitoring.json").read_text())


def day(text):
    return datetime.date.fromisoformat(text) if text else None


@transaction.atomic
def load(*, stdout=None) -> None:
    spec = data()
    providers = {p.slug: p for p in Provider.objects.filter(is_demo=True)}
    officer = get_user_model().objects.filter(username=spec["officer"]).first()
    if officer is None or not providers:
        _say(stdout, "Monitoring demo skipped: the demo providers and users are not loaded.")
        return
    made = _quality(spec, providers, officer) + _visits(spec, providers, officer)
    made += _concerns(spec, providers, officer) + _performance(spec, providers, officer, stdout)
    _say(stdout, f"Monitoring demo: {made} records added (invented, marked as demo data).")


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _quality(spec, providers, officer) -> int:
    made = 0
    for row in spec["quality"]:
        provider = providers.get(row["provider"])
        if provider is None or ProviderQuality.objects.filter(provider=provider, cqc_rating__gt="").exists():
            continue
        quality_services.quality_update(
            provider=provider,
            risk_level=row["risk_level"],
            risk_reason=row["risk_reason"],
            cqc_rating=row["cqc_rating"],
            cqc_rating_date=day(row["cqc_rating_date"]),
            internal_notes="Demo data: invented.",
            by=officer,
            today=DEMO_TODAY,
        )
        made += 1
    for row in spec["insurance"]:
        provider = providers.get(row["provider"])
        if provider is None or InsurancePolicy.objects.filter(provider=provider, kind=row["kind"]).exists():
            continue
        policy = quality_services.insurance_save(
            provider=provider,
            kind=row["kind"],
            insurer=row["insurer"],
            cover=Decimal(row["cover"]),
            expires_on=day(row["expires_on"]),
            by=officer,
            today=DEMO_TODAY,
        )
        InsurancePolicy.objects.filter(pk=policy.pk).update(is_demo=True)
        made += 1
    Concern.objects.filter(provider__in=providers.values(), auto_key__gt="").update(is_demo=True)
    return made


def _visits(spec, providers, officer) -> int:
    made = 0
    for row in spec["visits"]:
        provider = providers.get(row["provider"])
        if provider is None or QualityVisit.objects.filter(provider=provider, is_demo=True).exists():
            continue
        visit = quality_services.visit_plan(
            provider=provider,
            visit_date=day(row["date"]),
            announced=row["announced"],
            officer=officer,
            by=officer,
        )
        QualityVisit.objects.filter(pk=visit.pk).update(is_demo=True)
        scores = {
            d.value: {
                "score": row["scores"].get(d.value, "met"),
                "findings": row["findings"].get(d.value, ""),
            }
            for d in Domain
        }
        quality_services.visit_record(
            visit=visit,
            scores=scores,
            summary=row["summary"],
            internal_notes=row["internal_notes"],
            by=officer,
            today=DEMO_TODAY,
        )
        for action in row["actions"]:
            item = quality_services.action_add(
                provider=provider,
                visit=visit,
                action=action["action"],
                owner=action["owner"],
                due_on=day(action["due_on"]),
                domain=action["domain"],
                by=officer,
                today=day(row["date"]),
                is_demo=True,
            )
            if action.get("response"):
                member = provider.memberships.select_related("user").first()
                quality_services.action_respond(
                    item=item, response=action["response"], by=member.user if member else officer
                )
        made += 1
    return made


def _concerns(spec, providers, officer) -> int:
    made = 0
    for row in spec["concerns"]:
        provider = providers.get(row["provider"])
        if provider is None or Concern.objects.filter(provider=provider, summary=row["summary"]).exists():
            continue
        concern_services.concern_open(
            provider=provider,
            source=row["source"],
            summary=row["summary"],
            details=row["details"],
            opened_on=day(row["opened_on"]),
            by=officer,
            today=DEMO_TODAY,
            is_demo=True,
        )
        made += 1
    for row in spec["meetings"]:
        if GovernanceMeeting.objects.filter(meeting_date=day(row["date"]), is_demo=True).exists():
            continue
        meeting = concern_services.meeting_save(
            meeting=GovernanceMeeting(
                meeting_date=day(row["date"]), chair=row["chair"], attendees=row["attendees"], is_demo=True
            ),
            by=officer,
            reason="Demo data: invented meeting",
        )
        for item in row["items"]:
            provider = providers.get(item["provider"])
            if provider is None:
                continue
            concern_services.item_record(
                meeting=meeting,
                provider=provider,
                concerns=list(Concern.objects.filter(provider=provider, status=Concern.Status.OPEN)),
                discussion=item["discussion"],
                decision=item["decision"],
                reason=item["reason"],
                actions_agreed=item["actions_agreed"],
                by=officer,
                today=DEMO_TODAY,
            )
        made += 1
    return made


def _performance(spec, providers, officer, stdout) -> int:
    party = (
        ContractParty.objects.filter(provider__in=providers.values(), left_on__isnull=True)
        .select_related("contract", "provider")
        .order_by("contract__reference", "pk")
        .first()
    )
    if party is None:
        _say(
            stdout, "Monitoring demo: no contract has a demo provider as a party yet, so no KPIs or returns."
        )
        return 0
    contract, provider = party.contract, party.provider
    if Kpi.objects.filter(contract=contract, is_demo=True).exists():
        return 0
    kpis = []
    for position, row in enumerate(spec["kpis"], start=1):
        kpi = performance_services.kpi_add(
            contract=contract,
            data={
                **{k: row[k] for k in ("measure", "unit", "polarity", "description")},
                "target": Decimal(row["target"]),
                "position": position,
            },
            by=officer,
        )
        Kpi.objects.filter(pk=kpi.pk).update(is_demo=True)
        kpis.append(kpi)
    member = provider.memberships.select_related("user").first()
    for row in spec["returns"]:
        quarter = Quarter(row["year"], row["quarter"])
        if PerformanceReturn.objects.filter(
            contract=contract, provider=provider, year=quarter.year, quarter=quarter.number
        ).exists():
            continue
        performance_return = performance_services.return_open(
            contract=contract, provider=provider, quarter=quarter, by=officer, today=DEMO_TODAY
        )
        PerformanceReturn.objects.filter(pk=performance_return.pk).update(is_demo=True)
        performance_services.return_submit(
            performance_return=performance_return,
            values={kpi.pk: {"value": value} for kpi, value in zip(kpis, row["values"], strict=True)},
            commentary=row["commentary"],
            by=member.user if member else officer,
            today=quarter.due_on,
        )
    return len(kpis)
