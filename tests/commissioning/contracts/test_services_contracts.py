"""The contracts register's services: dates that cannot be right are refused, decisions apply to the term,
the work programme link, the daily status refresh and who sees what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.contracts.models import Contract, ContractStatus, DecisionKind
from commissioning.contracts.periods import Quarter
from commissioning.contracts.services import contracts as services
from committees.models import Committee, WorkProgrammeItem
from tests.commissioning.contracts.factories import TODAY, ContractFactory, contract_with_party
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(username="officer", role="contracts-officer")


def carers_hub_data(**overrides):
    data = {
        "title": "All-Age Carers Hub",
        "service_type": "carers-support",
        "start_date": datetime.date(2023, 1, 1),
        "initial_end_date": datetime.date(2026, 12, 31),
        "extension_count": 2,
        "extension_months": 12,
        "annual_value": Decimal("751000"),
        "total_value": Decimal("3755000"),
        "partners": ["NHS Cheshire CCG"],
    }
    data.update(overrides)
    return data


class TestCreate:
    def test_reference_and_end_of_term(self, officer):
        contract = services.contract_create(data=carers_hub_data(), status="live", by=officer, today=TODAY)
        assert contract.reference == "CON-2026-0001"
        assert contract.end_date == datetime.date(2026, 12, 31)
        assert contract.maximum_end_date == datetime.date(2028, 12, 31)
        assert contract.history.first().history_change_reason == "Added to the contracts register"
        assert contract.history.first().history_user == officer
        second = services.contract_create(data=carers_hub_data(), status="live", by=officer, today=TODAY)
        assert second.reference == "CON-2026-0002"

    def test_end_before_start_is_refused(self, officer):
        data = carers_hub_data(initial_end_date=datetime.date(2022, 12, 31))
        with pytest.raises(ValidationError) as error:
            services.contract_create(data=data, status="live", by=officer, today=TODAY)
        assert error.value.message_dict["initial_end_date"] == [
            "The end of the initial term must be after the start date"
        ]
        assert Contract.objects.count() == 0

    def test_half_given_extension_options_are_refused(self, officer):
        with pytest.raises(ValidationError) as error:
            services.contract_create(
                data=carers_hub_data(extension_months=None), status="live", by=officer, today=TODAY
            )
        assert "extension_months" in error.value.message_dict

    @pytest.mark.parametrize(
        ("status", "start", "end", "message"),
        [
            ("pipeline", datetime.date(2023, 1, 1), None, "is not in the pipeline"),
            (
                "live",
                datetime.date(2027, 1, 1),
                datetime.date(2028, 1, 1),
                "until then it is in the pipeline",
            ),
            ("live", datetime.date(2019, 1, 1), datetime.date(2022, 1, 1), "it is ended, not live"),
            ("ended", datetime.date(2023, 1, 1), datetime.date(2027, 1, 1), "record a decision to end it"),
            (
                "extended",
                datetime.date(2023, 1, 1),
                datetime.date(2027, 1, 1),
                "extension decision is recorded",
            ),
        ],
    )
    def test_a_status_the_dates_contradict_is_refused(self, officer, status, start, end, message):
        data = carers_hub_data(start_date=start, initial_end_date=end)
        with pytest.raises(ValidationError) as error:
            services.contract_create(data=data, status=status, by=officer, today=TODAY)
        assert message in error.value.message_dict["status"][0]

    def test_correction_needs_a_reason_and_keeps_it(self, officer):
        contract = ContractFactory()
        with pytest.raises(ValidationError):
            services.contract_update(
                contract=contract, data={"title": "New"}, status="live", reason=" ", by=officer
            )
        services.contract_update(
            contract=contract, data={"title": "New"}, status="live", reason="Typo", by=officer, today=TODAY
        )
        contract.refresh_from_db()
        assert contract.title == "New"
        assert contract.history.first().history_change_reason == "Corrected: Typo"


class TestDecisions:
    def test_extension_moves_the_end_and_starts_a_new_term(self, officer):
        contract = ContractFactory(end_decision="")
        decision = services.decision_record(
            contract=contract,
            kind=DecisionKind.EXTEND,
            extension_months=12,
            decided_on=TODAY,
            approver="Adults and Health Committee",
            reason="The service performs well.",
            by=officer,
            today=TODAY,
        )
        contract.refresh_from_db()
        assert contract.end_date == datetime.date(2027, 12, 31)
        assert contract.status == ContractStatus.EXTENDED
        assert decision.previous_end_date == datetime.date(2026, 12, 31)
        assert decision.new_end_date == datetime.date(2027, 12, 31)
        assert "Extended by 12 months to 31 December 2027" in contract.history.first().history_change_reason

    def test_extension_longer_than_the_option_is_refused(self, officer):
        contract = ContractFactory()
        with pytest.raises(ValidationError) as error:
            services.decision_record(
                contract=contract,
                kind=DecisionKind.EXTEND,
                extension_months=13,
                decided_on=TODAY,
                approver="Director",
                reason="r",
                by=officer,
                today=TODAY,
            )
        assert "at most 12 months" in error.value.message_dict["extension_months"][0]
        contract.refresh_from_db()
        assert contract.end_date == datetime.date(2026, 12, 31)

    def test_no_extension_past_the_options(self, officer):
        contract = ContractFactory()
        for _ in range(2):
            services.decision_record(
                contract=contract,
                kind=DecisionKind.EXTEND,
                extension_months=12,
                decided_on=TODAY,
                approver="Director",
                reason="r",
                by=officer,
                today=TODAY,
            )
        with pytest.raises(ValidationError) as error:
            services.decision_record(
                contract=contract,
                kind=DecisionKind.EXTEND,
                extension_months=1,
                decided_on=TODAY,
                approver="Director",
                reason="r",
                by=officer,
                today=TODAY,
            )
        assert "Every extension option is taken (2 of 2)" in error.value.messages[0]
        contract.refresh_from_db()
        assert contract.end_date == datetime.date(2028, 12, 31)

    def test_no_extension_past_the_maximum_term(self, officer):
        contract = ContractFactory(
            start_date=datetime.date(2020, 1, 1),
            initial_end_date=datetime.date(2026, 12, 31),
            end_date=datetime.date(2026, 12, 31),
            maximum_term_months=84,
        )
        with pytest.raises(ValidationError) as error:
            services.decision_record(
                contract=contract,
                kind=DecisionKind.EXTEND,
                extension_months=6,
                decided_on=TODAY,
                approver="Director",
                reason="r",
                by=officer,
                today=TODAY,
            )
        assert "past 31 December 2026" in error.value.message_dict["extension_months"][0]

    def test_a_decision_dated_in_the_future_is_refused(self, officer):
        contract = ContractFactory()
        with pytest.raises(ValidationError) as error:
            services.decision_record(
                contract=contract,
                kind=DecisionKind.RECOMMISSION,
                decided_on=TODAY + datetime.timedelta(days=1),
                approver="Director",
                reason="r",
                by=officer,
                today=TODAY,
            )
        assert error.value.message_dict["decided_on"] == [
            "The date of the decision must be today or in the past"
        ]

    def test_end_cannot_be_after_the_term_or_before_the_start(self, officer):
        contract = ContractFactory()
        for day, words in [
            (datetime.date(2027, 2, 1), "cannot end later"),
            (datetime.date(2022, 1, 1), "on or after"),
        ]:
            with pytest.raises(ValidationError) as error:
                services.decision_record(
                    contract=contract,
                    kind=DecisionKind.END,
                    end_date=day,
                    decided_on=TODAY,
                    approver="Director",
                    reason="r",
                    by=officer,
                    today=TODAY,
                )
            assert words in error.value.message_dict["end_date"][0]

    def test_recommission_starts_a_successor_and_settles_the_term(self, officer):
        contract = ContractFactory()
        assert contract in Contract.objects.needing_decision(TODAY)
        decision = services.decision_record(
            contract=contract,
            kind=DecisionKind.RECOMMISSION,
            decided_on=TODAY,
            approver="Adults and Health Committee",
            reason="A new model of service.",
            by=officer,
            today=TODAY,
        )
        assert decision.successor.status == ContractStatus.PIPELINE
        assert decision.successor.title.endswith("(recommissioned)")
        assert contract not in Contract.objects.needing_decision(TODAY)


class TestNeedingDecision:
    def test_within_the_notice_period(self):
        soon = ContractFactory(end_date=datetime.date(2027, 9, 1))  # 9 months on: due today
        later = ContractFactory(end_date=datetime.date(2027, 9, 2))
        ended = ContractFactory(status=ContractStatus.ENDED, end_date=datetime.date(2026, 1, 1))
        found = set(Contract.objects.needing_decision(TODAY))
        assert soon in found and later not in found and ended not in found
        assert soon.needs_decision(TODAY) and not later.needs_decision(TODAY)
        assert soon.decision_due_on == TODAY

    def test_live_means_live_or_extended(self):
        live = ContractFactory(status=ContractStatus.LIVE)
        extended = ContractFactory(status=ContractStatus.EXTENDED)
        ContractFactory(status=ContractStatus.PIPELINE)
        ContractFactory(status=ContractStatus.ENDED)
        assert set(Contract.objects.live()) == {live, extended}


class TestWorkProgramme:
    def test_one_step_adds_the_item_and_links_it(self, officer):
        committee = Committee.objects.create(
            name="Adults and Health Committee", slug="adults-and-health", code="AH"
        )
        contract = ContractFactory(title="All-Age Carers Hub")
        item = services.work_programme_add(
            contract=contract,
            committee=committee,
            meeting_date=datetime.date(2027, 1, 23),
            title="",
            purpose="",
            lead_officer="Director of Commissioning",
            by=officer,
        )
        contract.refresh_from_db()
        assert contract.work_programme_item == item
        assert item.committee == committee and item.decision_or_note == WorkProgrammeItem.For.DECISION
        assert item.title == "All-Age Carers Hub: decision on the contract ending 31 December 2026"
        assert "take one of its 2 remaining extension options of 12 months" in item.purpose
        assert list(item.contracts.all()) == [contract]
        assert item.history.first().history_user == officer
        with pytest.raises(
            ValidationError, match="already on the Adults and Health Committee work programme"
        ):
            services.work_programme_add(
                contract=contract,
                committee=committee,
                meeting_date=None,
                title="",
                purpose="",
                lead_officer="",
                by=officer,
            )


class TestDailyRefresh:
    def test_start_and_end_by_date(self):
        starting = ContractFactory(
            status=ContractStatus.PIPELINE,
            start_date=TODAY,
            initial_end_date=datetime.date(2029, 1, 1),
            end_date=datetime.date(2029, 1, 1),
        )
        ending = ContractFactory(end_date=TODAY - datetime.timedelta(days=1), initial_end_date=TODAY)
        assert services.contracts_refresh_status(today=TODAY) == {"started": 1, "ended": 1}
        starting.refresh_from_db()
        ending.refresh_from_db()
        assert starting.status == ContractStatus.LIVE
        assert ending.status == ContractStatus.ENDED
        assert ending.history.first().history_change_reason == "Term ended on 30 November 2026"
        assert services.contracts_refresh_status(today=TODAY) == {"started": 0, "ended": 0}


class TestVisibility:
    def test_provider_sees_its_own_contracts_only(self, client_for, users, own_provider, other_provider):
        mine = contract_with_party(own_provider)
        theirs = contract_with_party(other_provider)
        assert set(Contract.objects.visible_to(users["provider"])) == {mine}
        assert set(Contract.objects.visible_to(users["finance-officer"])) == {mine, theirs}
        assert not Contract.objects.visible_to(users["carers-hub-worker"]).exists()


def test_quarters():
    assert str(Quarter(2026, 2)) == "Q2 2026-27"
    assert Quarter(2026, 4).end == datetime.date(2027, 3, 31)
    assert Quarter.containing(datetime.date(2027, 2, 1)) == Quarter(2026, 4)
    assert Quarter.last_ended(TODAY) == Quarter(2026, 2)
    assert Quarter(2026, 2).due_on == datetime.date(2026, 10, 30)
