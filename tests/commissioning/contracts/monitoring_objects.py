"""The records the permission matrix and the deactivation walk need for the monitoring pages (issue 12,
parts 4-7): a contract the own provider is party to, with a KPI; the own provider's due return and a
submitted one; the other provider's return; made once per test, found again by the next call."""

from __future__ import annotations

import datetime

from commissioning.contracts.models import (
    ActionItem,
    Concern,
    Contract,
    ContractParty,
    GovernanceMeeting,
    Kpi,
    PerformanceReturn,
    QualityVisit,
    ReturnStatus,
)
from tests.commissioning.contracts.factories import ContractFactory, KpiFactory, VisitFactory


def monitoring_objects(fx) -> dict:
    own, other = fx["own_provider"], fx["other_provider"]
    contract = Contract.objects.filter(reference="CON-2026-9001").first()
    if contract is None:
        contract = ContractFactory(reference="CON-2026-9001", title="Matrix care at home")
        ContractParty.objects.create(contract=contract, provider=own)
        ContractParty.objects.create(contract=contract, provider=other)
        KpiFactory(contract=contract, measure="Visits on time")
        for provider, quarter, status in [(own, 2, ReturnStatus.DUE), (own, 1, ReturnStatus.SUBMITTED)]:
            PerformanceReturn.objects.create(
                contract=contract,
                provider=provider,
                year=2026,
                quarter=quarter,
                due_on=datetime.date(2026, 10, 30),
                status=status,
            )
        PerformanceReturn.objects.create(
            contract=contract, provider=other, year=2026, quarter=2, due_on=datetime.date(2026, 10, 30)
        )
        completed = VisitFactory(provider=own, status=QualityVisit.Status.COMPLETED, summary="Good.")
        VisitFactory(provider=own, visit_date=datetime.date(2026, 11, 25))
        VisitFactory(provider=other, status=QualityVisit.Status.COMPLETED, summary="Fine.")
        ActionItem.objects.create(
            provider=own,
            visit=completed,
            action="Update care plans",
            owner="Manager",
            due_on=datetime.date(2027, 1, 31),
        )
        concern = Concern.objects.create(
            provider=own, opened_on=datetime.date(2026, 11, 1), source="officer", summary="Late calls"
        )
        ActionItem.objects.create(
            provider=own,
            concern=concern,
            action="Fix the rota",
            owner="Manager",
            due_on=datetime.date(2027, 1, 31),
        )
        GovernanceMeeting.objects.create(
            meeting_date=datetime.date(2026, 11, 20), chair="Head of commissioning", attendees="CCG"
        )
    returns = PerformanceReturn.objects.filter(contract=contract)
    visits = QualityVisit.objects.filter(provider=own)
    return {
        "completed_visit": visits.get(status=QualityVisit.Status.COMPLETED),
        "planned_visit": visits.get(status=QualityVisit.Status.PLANNED),
        "visit_action": ActionItem.objects.get(provider=own, visit__isnull=False),
        "concern": Concern.objects.get(provider=own, summary="Late calls"),
        "meeting": GovernanceMeeting.objects.get(chair="Head of commissioning"),
        "contract": contract,
        "kpi": Kpi.objects.get(contract=contract),
        "own_due": returns.get(provider=own, quarter=2),
        "own_submitted": returns.get(provider=own, quarter=1),
        "other_due": returns.get(provider=other),
    }
