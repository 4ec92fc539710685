"""The money rules, service by service."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding import services
from funding.models import (
    AllocationStatus,
    LedgerEntry,
    LedgerKind,
    ProviderAllocation,
    ProviderReturn,
    ReturnStatus,
    Rule,
)
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2022, 3, 28)


@pytest.fixture
def officer(db):
    return UserFactory(username="officer", role="finance-officer")


def spend(**amounts):
    return {key.replace("_", "-"): Decimal(value) for key, value in amounts.items()}


def test_allocation_within_round_is_offered_with_history(round_, own_provider, officer):
    allocation = services.allocation_create(
        round=round_,
        provider=own_provider,
        amount=Decimal("6000"),
        basis="15 beds",
        by=officer,
        reason="ODR 12",
        offered_on=TODAY,
    )
    assert allocation.status == AllocationStatus.OFFERED
    record = allocation.history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "ODR 12"


def test_allocation_past_the_round_total_is_refused(round_, own_provider, other_provider, officer):
    services.allocation_create(
        round=round_,
        provider=own_provider,
        amount=Decimal("9000"),
        basis="",
        by=officer,
        reason="x",
        offered_on=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        services.allocation_create(
            round=round_,
            provider=other_provider,
            amount=Decimal("1000.01"),
            basis="",
            by=officer,
            reason="x",
            offered_on=TODAY,
        )
    assert "only £1,000 is left" in str(error.value)
    assert ProviderAllocation.objects.count() == 1


def test_retained_money_counts_against_the_round(round_, own_provider, officer):
    services.round_retain(
        round=round_, amount=Decimal("2500"), by=officer, reason="A quarter kept for discharges"
    )
    assert services.round_available(round_) == Decimal("7500")
    with pytest.raises(ValidationError):
        services.allocation_create(
            round=round_,
            provider=own_provider,
            amount=Decimal("7500.01"),
            basis="",
            by=officer,
            reason="x",
            offered_on=TODAY,
        )


def test_raising_an_amount_past_the_round_is_refused(other_allocation, officer):
    with pytest.raises(ValidationError):
        services.allocation_change_amount(
            allocation=other_allocation, amount=Decimal("10000.01"), by=officer, reason="x"
        )
    services.allocation_change_amount(
        allocation=other_allocation, amount=Decimal("10000"), by=officer, reason="more beds"
    )
    other_allocation.refresh_from_db()
    assert other_allocation.amount == Decimal("10000")


def test_second_allocation_for_a_provider_is_refused(paid_allocation, officer):
    with pytest.raises(ValidationError):
        services.allocation_create(
            round=paid_allocation.round,
            provider=paid_allocation.provider,
            amount=Decimal("1"),
            basis="",
            by=officer,
            reason="x",
            offered_on=TODAY,
        )


def test_status_transitions(other_allocation, officer):
    services.allocation_set_status(
        allocation=other_allocation, status=AllocationStatus.ACCEPTED, by=officer, reason="Signed"
    )
    services.allocation_set_status(
        allocation=other_allocation,
        status=AllocationStatus.PAID,
        paid_on=TODAY,
        by=officer,
        reason="BACS run",
    )
    other_allocation.refresh_from_db()
    assert other_allocation.paid_on == TODAY
    with pytest.raises(ValidationError):
        services.allocation_set_status(
            allocation=other_allocation, status=AllocationStatus.REFUSED, by=officer, reason="x"
        )
    reasons = list(
        other_allocation.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[-2:] == ["Accepted: Signed", "Paid: BACS run"]


def test_paid_needs_a_payment_date(other_allocation, officer):
    with pytest.raises(ValidationError):
        services.allocation_set_status(
            allocation=other_allocation, status=AllocationStatus.PAID, by=officer, reason="x"
        )


def test_refused_money_redistributed_then_the_rest_returned(
    other_allocation, paid_allocation, officer, round_
):
    services.allocation_set_status(
        allocation=other_allocation, status=AllocationStatus.REFUSED, by=officer, reason="Too much paperwork"
    )
    assert services.round_available(round_) == Decimal("6000")
    newcomer = ProviderFactory(name="Newcomer Care Ltd")
    services.refused_money_redistribute(
        allocation=other_allocation,
        to_provider=newcomer,
        amount=Decimal("1500"),
        by=officer,
        reason="Next on the list",
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.refused_money_return(
            allocation=other_allocation, amount=Decimal("500.01"), by=officer, reason="x"
        )
    services.refused_money_return(
        allocation=other_allocation, amount=Decimal("500"), by=officer, reason="After 20 days"
    )
    assert services.refused_left(other_allocation) == 0
    ledger = list(LedgerEntry.objects.filter(from_allocation=other_allocation).order_by("pk"))
    assert [(e.kind, e.amount) for e in ledger] == [
        (LedgerKind.REDISTRIBUTED, Decimal("1500")),
        (LedgerKind.RETURNED_TO_FUNDER, Decimal("500")),
    ]
    assert ledger[0].to_allocation.provider == newcomer
    # Redistributing does not add money to the round: 4,000 paid + 1,500 + 500 returned = 6,000.
    assert services.round_available(round_) == Decimal("4000")


def test_redistribute_to_a_paid_allocation_is_refused(other_allocation, paid_allocation, officer):
    services.allocation_set_status(
        allocation=other_allocation, status=AllocationStatus.REFUSED, by=officer, reason="x"
    )
    with pytest.raises(ValidationError):
        services.refused_money_redistribute(
            allocation=other_allocation,
            to_provider=paid_allocation.provider,
            amount=Decimal("1"),
            by=officer,
            reason="x",
            today=TODAY,
        )


def test_only_refused_money_moves(other_allocation, officer):
    with pytest.raises(ValidationError):
        services.refused_money_return(
            allocation=other_allocation, amount=Decimal("1"), by=officer, reason="x"
        )


def test_return_accounting_for_what_was_paid(paid_allocation, users):
    provider_return = services.return_submit(
        allocation=paid_allocation,
        spend=spend(isolation_pay="2500", testing_vaccination="1000"),
        unspent=Decimal("500"),
        notes="",
        by=users["provider"],
        today=TODAY,
    )
    assert provider_return.lines.count() == 2
    assert provider_return.is_late is False
    assert provider_return.history.get().history_user == users["provider"]


def test_return_claiming_more_than_was_paid_is_refused(paid_allocation, users):
    with pytest.raises(ValidationError) as error:
        services.return_submit(
            allocation=paid_allocation,
            spend=spend(isolation_pay="4000.01"),
            unspent=Decimal("0"),
            notes="",
            by=users["provider"],
            today=TODAY,
        )
    assert "£4,000.01 but £4,000 was paid" in str(error.value)
    assert not ProviderReturn.objects.exists()


def test_return_must_account_for_everything(paid_allocation, users):
    with pytest.raises(ValidationError):
        services.return_submit(
            allocation=paid_allocation,
            spend=spend(isolation_pay="3000"),
            unspent=Decimal("0"),
            notes="",
            by=users["provider"],
            today=TODAY,
        )


def test_return_after_the_due_date_is_late(paid_allocation, users):
    due = paid_allocation.round.returns_due
    provider_return = services.return_submit(
        allocation=paid_allocation,
        spend=spend(other="4000"),
        unspent=Decimal("0"),
        notes="",
        by=users["provider"],
        today=due + timedelta(days=1),
    )
    assert provider_return.is_late


def test_no_return_for_unpaid_money_or_twice(other_allocation, paid_allocation, users):
    with pytest.raises(ValidationError):
        services.return_submit(
            allocation=other_allocation,
            spend=spend(other="2000"),
            unspent=Decimal("0"),
            notes="",
            by=users["provider"],
            today=TODAY,
        )
    services.return_submit(
        allocation=paid_allocation,
        spend=spend(other="4000"),
        unspent=Decimal("0"),
        notes="",
        by=users["provider"],
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.return_submit(
            allocation=paid_allocation,
            spend=spend(other="4000"),
            unspent=Decimal("0"),
            notes="",
            by=users["provider"],
            today=TODAY,
        )


def test_unspent_money_is_reclaimed_once(paid_allocation, users, officer):
    provider_return = services.return_submit(
        allocation=paid_allocation,
        spend=spend(other="3000"),
        unspent=Decimal("1000"),
        notes="",
        by=users["provider"],
        today=TODAY,
    )
    entry = services.return_reclaim(provider_return=provider_return, by=officer, reason="Terms 4.9")
    assert (entry.kind, entry.amount) == (LedgerKind.RECLAIMED, Decimal("1000"))
    provider_return.refresh_from_db()
    assert provider_return.status == ReturnStatus.RECLAIMED
    with pytest.raises(ValidationError):
        services.return_reclaim(provider_return=provider_return, by=officer, reason="again")


def test_wholly_unspent_allocation_becomes_returned(paid_allocation, users, officer):
    provider_return = services.return_submit(
        allocation=paid_allocation,
        spend={},
        unspent=Decimal("4000"),
        notes="Closed",
        by=users["provider"],
        today=TODAY,
    )
    services.return_reclaim(provider_return=provider_return, by=officer, reason="All unspent")
    paid_allocation.refresh_from_db()
    assert paid_allocation.status == AllocationStatus.RETURNED


def test_calculator_at_the_rounds_rate(round_, bases):
    proposals, available = services.calculator_proposals(round_)
    assert available == Decimal("10000")
    assert [(p.provider.name, p.amount) for p in proposals] == [
        ("Home 1", Decimal("4000")),
        ("Home 2", Decimal("2000")),
        ("Home 3", Decimal("2000")),
    ]


def test_calculator_scales_down_to_what_is_left(round_, bases, paid_allocation):
    proposals, available = services.calculator_proposals(round_)
    assert available == Decimal("6000")
    assert [p.amount for p in proposals] == [Decimal("3000"), Decimal("1500"), Decimal("1500")]


def test_calculator_pro_rata_without_a_rate(round_, bases):
    round_.rate = None
    round_.save()
    proposals, _ = services.calculator_proposals(round_)
    assert [p.amount for p in proposals] == [Decimal("5000"), Decimal("2500"), Decimal("2500")]


def test_calculator_incentive_per_new_package(round_, bases):
    round_.rule, round_.rate, round_.enhanced_rate = Rule.INCENTIVE, Decimal("1000"), Decimal("1500")
    round_.save()
    basis = round_.bases.get(provider=bases[0])
    basis.new_packages, basis.hard_to_serve_packages = 3, 2
    basis.save()
    proposals, _ = services.calculator_proposals(round_)
    assert proposals[0].amount == Decimal("6000")
    assert proposals[1].amount == Decimal("0")


def test_calculator_per_bed_and_service_user(round_, bases):
    round_.rule, round_.rate, round_.service_user_rate = (
        Rule.PER_BED_AND_SERVICE_USER,
        Decimal("400"),
        Decimal("200"),
    )
    round_.save()
    round_.bases.filter(provider=bases[2]).update(beds=0, service_users=6)
    proposals, _ = services.calculator_proposals(round_)
    assert [p.amount for p in proposals] == [Decimal("4000"), Decimal("2000"), Decimal("1200")]


def test_calculator_approve_is_all_or_nothing(round_, bases, officer):
    amounts = {bases[0].pk: (Decimal("6000"), "10 beds"), bases[1].pk: (Decimal("4000.01"), "5 beds")}
    with pytest.raises(ValidationError):
        services.calculator_approve(round=round_, amounts=amounts, by=officer, reason="x", today=TODAY)
    assert not ProviderAllocation.objects.exists()
    amounts[bases[1].pk] = (Decimal("4000"), "5 beds")
    made = services.calculator_approve(
        round=round_, amounts=amounts, by=officer, reason="Urgent decision", today=TODAY
    )
    assert len(made) == 2
    assert made[0].history.get().history_change_reason == "Calculator: Urgent decision"
    assert services.calculator_proposals(round_)[0][0].provider == bases[2]
