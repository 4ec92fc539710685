"""The public contracts register (Transparency Code 2015) and the provider's page."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.contracts.models import ContractStatus
from tests.commissioning.contracts.factories import ContractFactory, ContractPartyFactory, contract_with_party
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(today):
    contract = contract_with_party(
        title="All-Age Carers Hub",
        description="Information, advice and support for carers",
        source_notes="Internal: the provider's QA notes",
    )
    contract.parties.create(
        supplier_name="Making Space", registration_number="1234567", role="lead", sme=True
    )
    return contract


class TestPublicRegister:
    def test_anyone_sees_the_codes_fields_and_nothing_private(self, client, published):
        ContractFactory(
            title="Still in the pipeline",
            status=ContractStatus.PIPELINE,
            start_date=datetime.date(2027, 1, 1),
            initial_end_date=datetime.date(2030, 1, 1),
            end_date=datetime.date(2030, 1, 1),
        )
        ContractFactory(title="Small contract", total_value=4000, annual_value=1000)
        page = client.get(reverse("contracts:public")).text
        assert "All-Age Carers Hub" in page and "Making Space" in page and "£3,755,000" in page
        assert "Still in the pipeline" not in page and "Small contract" not in page
        entry = client.get(published.get_public_url()).text
        assert "Review date" in entry and "31 March 2026" in entry
        assert "Internal" not in entry and "History" not in entry

    def test_a_contract_with_no_value_is_listed_blank(self, client, today):
        ContractFactory(title="Healthwatch", total_value=None, annual_value=None)
        rows = list(
            csv.reader(
                io.StringIO(b"".join(client.get(reverse("contracts:public-csv")).streaming_content).decode())
            )
        )
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["Title"] == "Healthwatch" and row["Total value (£)"] == "" and row["Supplier name"] == ""
        assert "Not given" in client.get(reverse("contracts:public")).text

    def test_csv_has_a_row_per_supplier_with_its_flags(self, client, published):
        response = client.get(reverse("contracts:public-csv"), {"q": "carers"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert [row["Supplier name"] for row in rows][1] == "Making Space"
        making_space = rows[1]
        assert making_space["SME"] == "Yes" and making_space["VCSE"] == "Not known"
        assert making_space["Supplier registration number"] == "1234567"
        assert making_space["End date"] == "2026-12-31" and making_space["Review date"] == "2026-03-31"
        assert making_space["Total value (£)"] == "3755000.00"

    def test_a_bad_filter_is_an_error_not_a_crash(self, client, published):
        response = client.get(reverse("contracts:public"), {"status": "pipeline"})
        assert response.status_code == 200 and "Select the status from the list" in response.text
        assert client.get(reverse("contracts:public-csv"), {"status": "pipeline"}).status_code == 302

    def test_a_pipeline_contract_has_no_public_entry(self, client, today):
        contract = ContractFactory(
            status=ContractStatus.PIPELINE,
            start_date=datetime.date(2027, 1, 1),
            initial_end_date=datetime.date(2030, 1, 1),
            end_date=datetime.date(2030, 1, 1),
        )
        assert client.get(contract.get_public_url()).status_code == 404


class TestProviderPage:
    def test_staff_and_the_provider_see_its_contracts(self, client_for, own_provider, today):
        contract = contract_with_party(provider=own_provider, title="Own service")
        url = reverse("contracts:provider", args=[own_provider.slug])
        for role in ("commissioner", "contracts-officer", "finance-officer"):
            page = client_for(role).get(url).text
            assert "Own service" in page and "Everything the council holds" in page
        own = client_for("provider").get(url).text
        assert (
            "Own service" in own and "Your organisation" in own and "Everything the council holds" not in own
        )
        assert contract.get_absolute_url() in own

    def test_query_count_is_flat(self, client_for, today):
        provider = ProviderFactory()
        client = client_for("commissioner")
        url = reverse("contracts:provider", args=[provider.slug])

        def count():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        contract_with_party(provider=provider)
        client.get(url)
        few = count()
        for _ in range(5):
            ContractPartyFactory(provider=provider)
        assert count() == few
