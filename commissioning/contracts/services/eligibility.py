"""The daily check (python manage.py contracts_daily, run each morning by the task worker): contract
statuses, the quarter's returns, reminders for late ones, and eligibility. An expired insurance policy or an
Inadequate CQC rating opens a concern (once) and so flags the provider; it never suspends it silently."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from ..models import Concern, CqcRating, InsurancePolicy, ProviderQuality
from .common import uk_date
from .concerns import concern_open


def _open_once(*, provider, source, summary, details, key, today) -> bool:
    if Concern.objects.filter(auto_key=key).exists():
        return False
    try:
        with transaction.atomic():
            concern_open(
                provider=provider, source=source, summary=summary, details=details, auto_key=key, today=today
            )
    except IntegrityError:  # another run opened it meanwhile
        return False
    return True


def open_insurance_concern(policy: InsurancePolicy, *, today: datetime.date) -> bool:
    return _open_once(
        provider=policy.provider,
        source=Concern.Source.INSURANCE,
        summary=f"{policy.get_kind_display()} insurance expired on {uk_date(policy.expires_on)}"[:300],
        details=(
            f"The {policy.get_kind_display().lower()} policy"
            + (f" with {policy.insurer}" if policy.insurer else "")
            + f" (cover £{policy.cover:,.0f}) expired on {uk_date(policy.expires_on)}"
            + " and no renewal is recorded."
        ),
        key=f"insurance:{policy.pk}:{policy.expires_on.isoformat()}",
        today=today,
    )


def open_cqc_concern(record: ProviderQuality, *, today: datetime.date) -> bool:
    rated = record.cqc_rating_date.isoformat() if record.cqc_rating_date else "undated"
    return _open_once(
        provider=record.provider,
        source=Concern.Source.CQC,
        summary=(
            "CQC rated the provider Inadequate"
            + (f" on {uk_date(record.cqc_rating_date)}" if record.cqc_rating_date else "")
        ),
        details=(
            "An Inadequate rating from the Care Quality Commission opens a concern for the governance "
            "meeting."
        ),
        key=f"cqc:{record.provider_id}:{rated}",
        today=today,
    )


def eligibility_check(*, today: datetime.date) -> dict[str, int]:
    """Opens a concern for each expired policy and each Inadequate rating that has none yet."""
    insurance = sum(
        open_insurance_concern(policy, today=today)
        for policy in InsurancePolicy.objects.expired(today).select_related("provider")
    )
    cqc = sum(
        open_cqc_concern(record, today=today)
        for record in ProviderQuality.objects.filter(cqc_rating=CqcRating.INADEQUATE).select_related(
            "provider"
        )
    )
    return {"insurance": insurance, "cqc": cqc}


def daily_check(*, today: datetime.date) -> dict[str, int]:
    """Everything the daily check does, in order. Safe to run more than once a day."""
    from .contracts import contracts_refresh_status
    from .performance import returns_open_due, returns_remind

    summary = dict(contracts_refresh_status(today=today))
    summary["returns_opened"] = returns_open_due(today=today)
    summary["reminders"] = returns_remind(today=today)
    found = eligibility_check(today=today)
    summary["insurance_concerns"] = found["insurance"]
    summary["cqc_concerns"] = found["cqc"]
    return summary
