"""Funding records for tests/test_permission_matrix.py: made on first use in a test, then reused."""

from datetime import date
from decimal import Decimal

from funding.models import (
    AllocationStatus,
    BCFScheme,
    Category,
    Decision,
    Funder,
    FundingStream,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    Round,
    Rule,
    Section75Agreement,
    ServiceInScope,
)


def matrix_objects(fx) -> dict:
    """A stream with a round; the own provider's paid allocation (no return yet) and an older paid one
    with a return that declares unspent money; the other provider's offered and refused allocations, and
    its figures (basis) for the first round."""
    own, other = fx["own_provider"], fx["other_provider"]
    funder, _ = Funder.objects.get_or_create(
        name="Matrix funder", defaults={"short_name": "MF", "kind": "government"}
    )
    stream, _ = FundingStream.objects.get_or_create(
        slug="matrix-fund",
        defaults={
            "name": "Matrix Fund",
            "funder": funder,
            "category": Category.WORKFORCE,
            "purpose": "Testing access.",
            "decision": Decision.URGENT,
        },
    )
    rounds = []
    for n in (1, 2, 3):
        round_, _ = Round.objects.get_or_create(
            stream=stream,
            name=f"Round {n}",
            defaults={
                "period": "2022",
                "allocation": Decimal("100000"),
                "rule": Rule.PER_BED,
                "rate": Decimal("400"),
            },
        )
        rounds.append(round_)
    paid, _ = ProviderAllocation.objects.get_or_create(
        round=rounds[0],
        provider=own,
        defaults={"amount": Decimal("4000"), "status": AllocationStatus.PAID, "paid_on": date(2022, 1, 1)},
    )
    returned, _ = ProviderAllocation.objects.get_or_create(
        round=rounds[1],
        provider=own,
        defaults={"amount": Decimal("3000"), "status": AllocationStatus.PAID, "paid_on": date(2022, 1, 1)},
    )
    provider_return, _ = ProviderReturn.objects.get_or_create(
        allocation=returned, defaults={"unspent": Decimal("500"), "submitted_on": date(2022, 2, 1)}
    )
    offered, _ = ProviderAllocation.objects.get_or_create(
        round=rounds[0],
        provider=other,
        defaults={"amount": Decimal("2000"), "status": AllocationStatus.OFFERED},
    )
    refused, _ = ProviderAllocation.objects.get_or_create(
        round=rounds[2],
        provider=other,
        defaults={"amount": Decimal("2000"), "status": AllocationStatus.REFUSED},
    )
    basis, _ = ProviderBasis.objects.get_or_create(round=rounds[0], provider=other, defaults={"beds": 5})
    agreement, _ = Section75Agreement.objects.get_or_create(
        name="Matrix section 75 agreement",
        defaults={"parties": "Council\nNHS", "starts_on": date(2021, 4, 1), "ends_on": date(2022, 3, 31)},
    )
    scheme, _ = BCFScheme.objects.get_or_create(
        agreement=agreement,
        scheme_id=1,
        defaults={
            "name": "Matrix scheme",
            "source": "ibcf",
            "expenditure": Decimal("1000"),
            "year": "2021/22",
        },
    )
    service, _ = ServiceInScope.objects.get_or_create(agreement=agreement, name="Matrix service in scope")
    return {
        "funder": funder,
        "agreement": agreement,
        "service": service,
        "scheme": scheme,
        "stream": stream,
        "basis": basis,
        "round": rounds[0],
        "paid": paid,
        "return": provider_return,
        "offered": offered,
        "refused": refused,
    }


def pk_of(name):
    return lambda fx: {"pk": matrix_objects(fx)[name].pk}


def stream_slug(fx):
    return {"slug": matrix_objects(fx)["stream"].slug}
