"""The contracts register at scale: the market module's 20,000 generated contracts (factor 0.4, "BEN-"
references, each with a provider party), plus a decision needed on some (their terms end within the notice
period). Times the staff register (first, deep, filtered and searched pages), a contract's page, the public
register and its CSV of every row (streamed, goal 5 s), and a provider's page (goal 200 ms)."""

from __future__ import annotations

from bench.cases import market as market_bench
from bench.cases import providers as providers_bench
from bench.registry import BenchCase
from commissioning.contracts.models import Contract, ContractParty
from commissioning.providers.models import Provider

GOAL_MS = 150.0
PROVIDER_PAGE_GOAL_MS = 200.0
EXPORT_GOAL_MS = 5_000.0
OFFICER = "bench-contracts-officer"


def generate(scale: int) -> None:
    market_bench._contracts(scale)  # only adds what is missing: the market module made them already


def middle_contract() -> str:
    count = Contract.objects.filter(reference__startswith="BEN-").count()
    return f"/contracts/BEN-{max(count // 2, 1):06d}/"


def busiest_provider() -> str:
    provider_id = ContractParty.objects.order_by("provider_id").values_list("provider_id", flat=True).first()
    return f"/contracts/providers/{Provider.objects.get(pk=provider_id).slug}/"


def cases(scale: int) -> list[BenchCase]:
    deep = max(scale // 25 // 2, 1)
    return [
        BenchCase("contracts: register", OFFICER, "/contracts/", goal_ms=GOAL_MS),
        BenchCase("contracts: register, middle page", OFFICER, f"/contracts/?page={deep}", goal_ms=GOAL_MS),
        BenchCase("contracts: decisions needed", providers_bench.COMMISSIONER, "/contracts/?decision=needed"),
        BenchCase(
            "contracts: register, live care at home", OFFICER, "/contracts/?status=live&service=care-at-home"
        ),
        BenchCase("contracts: search", OFFICER, "/contracts/?q=bench+contract+1234"),
        BenchCase("contracts: a contract", OFFICER, middle_contract, goal_ms=GOAL_MS),
        BenchCase("contracts: public register", None, "/contracts/public/", goal_ms=GOAL_MS),
        BenchCase(
            "contracts: public register, page 400", None, "/contracts/public/?page=400", goal_ms=GOAL_MS
        ),
        BenchCase(
            "contracts: public register CSV, every row",
            None,
            "/contracts/public/contracts.csv",
            goal_ms=EXPORT_GOAL_MS,
            streaming=True,
            repeat=5,
            warmup=1,
        ),
        BenchCase("contracts: provider page", OFFICER, busiest_provider, goal_ms=PROVIDER_PAGE_GOAL_MS),
        BenchCase("contracts: home dashboard", providers_bench.COMMISSIONER, "/", goal_ms=GOAL_MS),
    ]
