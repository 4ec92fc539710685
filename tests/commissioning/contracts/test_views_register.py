"""The contracts register's pages: the list and its filters, a contract's page, adding and correcting with
GOV.UK errors, a decision through its confirmation, the work programme in one step, the dashboard panel."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.contracts.models import Contract, ContractStatus, DecisionKind
from committees.models import Committee, WorkProgrammeItem
from tests.commissioning.contracts.factories import ContractFactory, contract_with_party
from tests.forms import with_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(today):
    return contract_with_party(title="All-Age Carers Hub", service_type="carers-support")


def contract_data(**overrides):
    data = {
        "title": "All-Age Carers Hub",
        "service_type": "carers-support",
        "partners": "NHS Cheshire CCG\n",
        "start_date": datetime.date(2023, 1, 1),
        "initial_end_date": datetime.date(2026, 12, 31),
        "extension_count": "2",
        "extension_months": "12",
        "annual_value": "751000",
        "total_value": "3755000",
        "status": "live",
    }
    data.update(overrides)
    return with_dates(data, "start_date", "initial_end_date", "end_date")


class TestList:
    def test_filters_and_search(self, client_for, hub):
        ContractFactory(
            title="Sexual Health",
            service_type="public-health",
            end_date=datetime.date(2026, 9, 30),
            initial_end_date=datetime.date(2026, 9, 30),
            status=ContractStatus.ENDED,
        )
        client = client_for("commissioner")
        assert "All-Age Carers Hub" in client.get(reverse("contracts:list")).text
        page = client.get(reverse("contracts:list"), {"status": "ended"}).text
        assert "Sexual Health" in page and "All-Age Carers Hub" not in page
        page = client.get(reverse("contracts:list"), {"q": "carers hub"}).text
        assert "All-Age Carers Hub" in page and "Sexual Health" not in page
        page = client.get(reverse("contracts:list"), {"decision": "needed"}).text
        assert "All-Age Carers Hub" in page and "Decision needed" in page and "Sexual Health" not in page
        page = client.get(reverse("contracts:list"), {"service": "public-health"}).text
        assert "Sexual Health" in page and "All-Age Carers Hub" not in page

    def test_a_choice_not_offered_is_a_govuk_error(self, client_for, hub):
        response = client_for("finance-officer").get(reverse("contracts:list"), {"route": "bribery"})
        assert response.status_code == 200
        assert "Select the procurement route from the list" in response.text

    def test_query_count_is_flat(self, client_for, today):
        client = client_for("commissioner")

        def count():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("contracts:list")).status_code == 200
            return len(captured)

        contract_with_party()
        client.get(reverse("contracts:list"))
        few = count()
        for _ in range(6):
            contract_with_party()
        assert count() == few


class TestDetail:
    def test_staff_see_terms_gaps_and_history(self, client_for, hub):
        page = client_for("finance-officer").get(hub.get_absolute_url()).text
        assert "2 × 12 months; 0 taken" in page
        assert "£3,755,000" in page
        assert "Not given in the source documents" in page  # people served
        assert "A decision on the end of this term is needed by 31 March 2026" in page
        assert "History" in page
        assert "Record a decision" not in page  # finance officers read only

    def test_a_provider_sees_its_own_without_history_and_not_others(self, client_for, own_provider, today):
        own = contract_with_party(provider=own_provider)
        other = contract_with_party()
        client = client_for("provider")
        page = client.get(own.get_absolute_url()).text
        assert own.title in page and "History" not in page and "Record a decision" not in page
        assert client.get(other.get_absolute_url()).status_code == 404

    def test_query_count_is_flat(self, client_for, hub):
        client = client_for("commissioner")

        def count():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(hub.get_absolute_url()).status_code == 200
            return len(captured)

        client.get(hub.get_absolute_url())
        few = count()
        for _ in range(4):
            contract_with_party(pk=None) if False else None
            hub.parties.create(supplier_name="Subcontractor Ltd", role="subcontractor")
        assert count() == few


class TestCreateAndEdit:
    def test_add_a_contract(self, client_for, today):
        response = client_for("contracts-officer").post(reverse("contracts:create"), contract_data())
        contract = Contract.objects.get()
        assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
        assert contract.reference == "CON-2026-0001"
        assert contract.partners == ["NHS Cheshire CCG"]
        assert contract.end_date == datetime.date(2026, 12, 31)
        assert contract.total_value == Decimal("3755000")
        assert contract.history.first().history_change_reason == "Added to the contracts register"

    def test_the_approving_report_by_its_reference(self, client_for, today):
        from tests.committees.factories import ReportFactory

        report = ReportFactory(title="All-Age Carers Strategy")
        reference = report.references.get().reference
        client = client_for("commissioner")
        response = client.post(reverse("contracts:create"), contract_data(report_reference="AH/99/99-00"))
        assert "No committee report has the reference AH/99/99-00" in response.text
        assert not Contract.objects.exists()
        client.post(reverse("contracts:create"), contract_data(report_reference=reference.lower()))
        contract = Contract.objects.get()
        assert contract.approving_report == report
        assert "All-Age Carers Strategy" in client.get(contract.get_absolute_url()).text
        assert reference in client.get(reverse("contracts:edit", args=[contract.reference])).text

    def test_end_before_start_is_a_govuk_error_and_nothing_is_made(self, client_for, today):
        response = client_for("commissioner").post(
            reverse("contracts:create"), contract_data(initial_end_date=datetime.date(2022, 12, 31))
        )
        assert response.status_code == 400
        assert "End of the initial term must be after 1 January 2023" in response.text
        assert not Contract.objects.exists()

    def test_half_given_extension_options(self, client_for, today):
        response = client_for("commissioner").post(
            reverse("contracts:create"), contract_data(extension_months="")
        )
        assert "Enter the length of each extension option in months" in response.text

    def test_a_status_the_dates_contradict(self, client_for, today):
        response = client_for("commissioner").post(
            reverse("contracts:create"), contract_data(status="pipeline")
        )
        assert "is not in the pipeline" in response.text
        assert not Contract.objects.exists()

    def test_correcting_needs_a_reason_and_is_audited(self, client_for, hub):
        client = client_for("commissioner")
        url = reverse("contracts:edit", args=[hub.reference])
        assert client.get(url).status_code == 200
        response = client.post(url, contract_data(people_served="3435"))
        assert "Enter the reason for the change" in response.text
        response = client.post(url, contract_data(people_served="3435", reason="From the MPS"))
        assert response.status_code == 302
        hub.refresh_from_db()
        assert hub.people_served == 3435
        assert hub.history.first().history_change_reason == "Corrected: From the MPS"

    def test_an_end_past_the_maximum_is_refused(self, client_for, hub):
        response = client_for("commissioner").post(
            reverse("contracts:edit", args=[hub.reference]),
            contract_data(end_date=datetime.date(2029, 12, 31), reason="typo"),
        )
        assert response.status_code == 400
        assert "cannot be after 31 December 2028" in response.text

    def test_add_a_supplier_not_on_the_register(self, client_for, hub):
        response = client_for("commissioner").post(
            reverse("contracts:party-add", args=[hub.reference]),
            {
                "supplier_name": "Making Space",
                "registration_number": "1234567",
                "role": "lead",
                "vcse": "yes",
            },
        )
        assert response.status_code == 302
        party = hub.parties.get(supplier_name="Making Space")
        assert party.vcse is True and party.sme is None

    def test_a_supplier_needs_a_name(self, client_for, hub):
        response = client_for("commissioner").post(
            reverse("contracts:party-add", args=[hub.reference]), {"role": "lead"}
        )
        assert "Choose a provider from the register, or enter the supplier" in response.text


class TestDecision:
    def decision(self, **overrides):
        data = {
            "kind": "extend",
            "extension_months": "12",
            "decided_on": datetime.date(2026, 11, 30),
            "approver": "Adults and Health Committee",
            "reason": "The hub meets its outcomes",
        }
        data.update(overrides)
        return with_dates(data, "decided_on", "end_date")

    def test_extension_through_its_confirmation(self, client_for, hub):
        client = client_for("commissioner")
        response = client.post(reverse("contracts:decide", args=[hub.reference]), self.decision())
        assert response["Location"] == reverse("contracts:decide-confirm", args=[hub.reference])
        hub.refresh_from_db()
        assert hub.end_date == datetime.date(2026, 12, 31) and not hub.decisions.exists()  # nothing yet
        page = client.get(response["Location"]).text
        assert "Extended by 12 months, to 31 December 2027" in page
        response = client.post(reverse("contracts:decide-confirm", args=[hub.reference]))
        assert response.status_code == 302
        hub.refresh_from_db()
        assert hub.end_date == datetime.date(2027, 12, 31)
        assert hub.status == ContractStatus.EXTENDED
        decision = hub.decisions.get()
        assert decision.kind == DecisionKind.EXTEND and decision.approver == "Adults and Health Committee"

    def test_an_extension_past_the_option_is_a_field_error(self, client_for, hub):
        response = client_for("commissioner").post(
            reverse("contracts:decide", args=[hub.reference]), self.decision(extension_months="18")
        )
        assert response.status_code == 400
        assert "An extension can be at most 12 months" in response.text
        assert not hub.decisions.exists()

    def test_a_decision_dated_tomorrow_is_refused(self, client_for, hub):
        response = client_for("commissioner").post(
            reverse("contracts:decide", args=[hub.reference]),
            self.decision(decided_on=datetime.date(2026, 12, 2)),
        )
        assert "Date of the decision must be today or in the past" in response.text

    def test_an_end_needs_its_date(self, client_for, hub):
        response = client_for("commissioner").post(
            reverse("contracts:decide", args=[hub.reference]), self.decision(kind="end", extension_months="")
        )
        assert "Enter the date the contract ends" in response.text


class TestWorkProgramme:
    def test_added_in_one_step_and_linked_back(self, client_for, hub):
        committee = Committee.objects.create(name="Adults and Health Committee", slug="adults-and-health")
        client = client_for("commissioner")
        url = reverse("contracts:work-programme-add", args=[hub.reference])
        page = client.get(url).text
        assert "decision on the contract ending 31 December 2026" in page
        response = client.post(
            url,
            with_dates(
                {
                    "committee": committee.pk,
                    "meeting_date": datetime.date(2027, 1, 23),
                    "title": "Carers Hub: extension",
                    "purpose": "To decide whether to extend",
                },
                "meeting_date",
            ),
        )
        assert response.status_code == 302
        item = WorkProgrammeItem.objects.get()
        hub.refresh_from_db()
        assert hub.work_programme_item == item and item.decision_or_note == "decision"
        programme = client.get(reverse("committees:work-programme", args=[committee.slug])).text
        assert hub.get_public_url() in programme
        assert "already on the Adults and Health Committee work programme" in client.get(url).text


class TestDashboard:
    def test_the_commissioner_sees_decisions_needed(self, client_for, hub):
        ContractFactory(
            title="Far off",
            initial_end_date=datetime.date(2030, 1, 1),
            extension_count=None,
            extension_months=None,
            end_date=datetime.date(2030, 1, 1),
        )
        page = client_for("commissioner").get(reverse("home")).text
        assert "Contracts needing a decision" in page
        assert "All-Age Carers Hub" in page and "Far off" not in page

    def test_not_for_other_roles(self, client_for, hub):
        assert (
            "Contracts needing a decision" not in client_for("democratic-services").get(reverse("home")).text
        )


class TestPartyEnd:
    def test_a_supplier_leaves_after_a_confirmation(self, client_for, hub):
        party = hub.parties.get()
        url = reverse("contracts:party-end", args=[hub.reference, party.pk])
        client = client_for("contracts-officer")
        assert f"Are you sure {party.name} leaves the contract?" in client.get(url).text
        response = client.post(url, with_dates({"left_on": datetime.date(2026, 11, 30)}, "left_on"))
        assert "Enter why the supplier leaves the contract" in response.text
        party.refresh_from_db()
        assert party.left_on is None
        response = client.post(
            url, with_dates({"left_on": datetime.date(2026, 11, 30), "reason": "Replaced"}, "left_on")
        )
        assert response.status_code == 302
        party.refresh_from_db()
        assert party.left_on == datetime.date(2026, 11, 30)
        assert "has already left" in client.get(url).text

    def test_a_date_to_come_is_refused(self, client_for, hub):
        party = hub.parties.get()
        response = client_for("commissioner").post(
            reverse("contracts:party-end", args=[hub.reference, party.pk]),
            with_dates({"left_on": datetime.date(2026, 12, 5), "reason": "Replaced"}, "left_on"),
        )
        assert "must be today or in the past" in response.text
        party.refresh_from_db()
        assert party.left_on is None
