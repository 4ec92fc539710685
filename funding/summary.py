"""The briefing report's headline figures (paragraphs 2.5 and 5.2), computed from the rounds.

Paragraph 5.2.1: total government funding allocated to support the adult social care market, made of the
infection control / testing / vaccination / Omicron streams and the workforce capacity / recruitment /
retention streams. 5.2.2: the additional funding from Adult Social Care (the council) and the NHS, and
the Market Sustainability Fund for 2022/23. Estimated rounds (2023/24 and 2024/25) count in none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import ZERO, BCFScheme, Category, Funder, Round, money_sum


@dataclass(frozen=True)
class Summary:
    government_total: Decimal
    infection_control: Decimal
    workforce: Decimal
    local_support: Decimal
    market_sustainability_first_year: Decimal
    market_sustainability_year: str

    @property
    def headline(self) -> dict[str, str]:
        return {
            "government_total": millions(self.government_total),
            "infection_control": millions(self.infection_control),
            "workforce": millions(self.workforce),
            "local_support": millions(self.local_support),
        }


def millions(amount: Decimal) -> str:
    """£19,136,177 -> '£19.14 million', as the briefing rounds."""
    value = (amount / Decimal(1_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"£{value} million"


def funding_summary() -> Summary:
    """One query for the category sums, one for the Market Sustainability Fund's first confirmed year."""
    confirmed = Round.objects.filter(is_estimate=False)
    government = [Funder.Kind.GOVERNMENT]
    sums = confirmed.aggregate(
        infection_control=money_sum(
            "allocation", stream__category=Category.INFECTION_CONTROL, stream__funder__kind__in=government
        ),
        workforce=money_sum(
            "allocation", stream__category=Category.WORKFORCE, stream__funder__kind__in=government
        ),
        local_support=money_sum("allocation", stream__category=Category.LOCAL_SUPPORT),
    )
    first_msf = (
        confirmed.filter(stream__category=Category.MARKET_SUSTAINABILITY)
        .order_by("starts_on", "pk")
        .values("allocation", "name")
        .first()
    )
    return Summary(
        government_total=sums["infection_control"] + sums["workforce"],
        infection_control=sums["infection_control"],
        workforce=sums["workforce"],
        local_support=sums["local_support"],
        market_sustainability_first_year=first_msf["allocation"] if first_msf else ZERO,
        market_sustainability_year=first_msf["name"] if first_msf else "",
    )


def bcf_totals(schemes=None) -> dict:
    """Expenditure by source and in all, from the schemes (one query)."""
    from .models import BCFSource

    schemes = BCFScheme.objects.all() if schemes is None else schemes
    sums = schemes.aggregate(
        total=money_sum("expenditure"),
        **{source.value.replace("-", "_"): money_sum("expenditure", source=source) for source in BCFSource},
    )
    return sums
