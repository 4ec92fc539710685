"""The contracts demo: the documents' figures, nothing made up, loaded once."""

import csv
import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings

from commissioning.contracts import demo
from commissioning.contracts.models import Contract, ContractStatus

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


def test_the_carers_hub_figure_for_figure():
    demo.load(today=TODAY)
    hub = Contract.objects.get(title="All-Age Carers Hub")
    assert (hub.start_date, hub.end_date) == (datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))
    assert (hub.extension_count, hub.extension_months) == (2, 12)
    assert (hub.annual_value, hub.total_value) == (Decimal("751000"), Decimal("3755000"))
    assert hub.status == ContractStatus.LIVE and hub.needs_decision(TODAY)
    assert "Committee pack 2887-2910" in hub.source_notes
    assert not hub.is_demo and hub.parties.count() == 0  # still to be procured: no supplier is made up


def test_the_statements_services_and_what_they_do_not_say():
    demo.load(today=TODAY)
    assistive = Contract.objects.get(title="Assistive Technology Service")
    assert assistive.people_served == 3435 and "2,038 installations" in assistive.people_served_note
    assert assistive.total_value is None and assistive.annual_value is None
    abuse = Contract.objects.get(title="Whole Family Domestic Abuse Service")
    assert abuse.parties.get().name == "My CWA (Cheshire Without Abuse)"
    assert abuse.start_date == datetime.date(2019, 4, 1) and abuse.status == ContractStatus.ENDED
    equipment = Contract.objects.get(title="Community Equipment Service")
    assert equipment.partners == ["Cheshire West and Chester Council", "NHS Cheshire CCG"]
    sexual_health = Contract.objects.get(title="Sexual Health Service")
    assert sexual_health.end_date == datetime.date(2026, 9, 30)
    care_at_home = Contract.objects.get(title="Care at Home (adults), with Rapid Response")
    assert care_at_home.maximum_term_months == 120 and care_at_home.start_date == datetime.date(2023, 8, 31)
    assert Contract.objects.filter(is_demo=True).count() == 1


def test_loaded_once_and_changes_kept():
    demo.load(today=TODAY)
    count = Contract.objects.count()
    Contract.objects.filter(title="All-Age Carers Hub").update(people_served=10)
    demo.load(today=TODAY)
    assert Contract.objects.count() == count == 40  # 39 from the documents, 1 invented
    assert Contract.objects.get(title="All-Age Carers Hub").people_served == 10


def test_every_contract_the_market_intentions_name_is_here():
    fixtures = settings.BASE_DIR / "fixtures" / "demo"
    titles = {
        row["title"]
        for row in json.loads((fixtures / "contracts" / "contracts.json").read_text())["contracts"]
    }
    with open(fixtures / "market" / "intentions.csv", newline="") as file:
        named = {row["contract_title"] for row in csv.DictReader(file) if row["contract_title"]}
    assert named <= titles, named - titles
