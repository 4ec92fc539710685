"""The funding pages through HTTP: what each role sees, what they may change, and bad input."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from funding.giving import validation_errors
from funding.models import AllocationStatus, LedgerEntry, LedgerKind, ProviderAllocation, ProviderReturn
from portal.pdf import page_texts
from portal.permissions import Role
from tests.factories import ProviderFactory
from tests.forms import date_fields
from tests.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db
FINANCE = Role.FINANCE_OFFICER
COMMISSIONER = Role.COMMISSIONER


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


# Reading -----------------------------------------------------------------------------------------


def test_streams_page_lists_deadlines_first_and_totals(client_for, round_, paid_allocation):
    response = client_for(COMMISSIONER).get("/funding/")
    assert response.status_code == 200
    text = body(response)
    due = text.index("Due to be spent or passported in the next 30 days")
    assert due < text.index("All funding streams")
    assert "Test Infection Control Fund: Round 1" in text
    assert "£10,000" in text


def test_round_outside_30_days_is_not_due(client_for, round_):
    from datetime import timedelta

    round_.spend_by = round_.passport_by = round_.spend_by + timedelta(days=60)
    round_.save()
    text = body(client_for(FINANCE).get("/funding/"))
    assert "Nothing is due to be spent or passported in the next 30 days." in text


def test_stream_page_rounds_allocations_and_returns(client_for, stream, paid_allocation, other_allocation):
    response = client_for(FINANCE).get(f"/funding/{stream.slug}/")
    text = body(response)
    assert "Own Organisation Ltd" in text and "Other Organisation Ltd" in text
    assert "2 allocations" in text
    assert "£6,000" in text  # offered + paid, computed
    filtered = body(client_for(FINANCE).get(f"/funding/{stream.slug}/?status=paid"))
    assert "1 allocation" in filtered and "Other Organisation Ltd" not in filtered


def test_stream_page_bad_filters_are_ignored(client_for, stream, paid_allocation, other_allocation):
    """Filters that are not one of the choices filter nothing, and a page past the end shows the last."""
    response = client_for(FINANCE).get(f"/funding/{stream.slug}/?round=abc&status=nonsense&page=999")
    assert response.status_code == 200
    text = body(response)
    assert "2 allocations" in text
    assert "Own Organisation Ltd" in text and "Other Organisation Ltd" in text


def test_unknown_stream_round_and_allocation_404(client_for):
    client = client_for(FINANCE)
    assert client.get("/funding/no-such-fund/").status_code == 404
    assert client.get("/funding/rounds/999999/").status_code == 404
    assert client.get("/funding/allocations/999999/").status_code == 404


def test_round_page_shows_ledger_and_history(client_for, round_, other_allocation, users):
    from funding import services

    services.allocation_set_status(
        allocation=other_allocation, status="refused", by=users[FINANCE], reason="Declined"
    )
    services.refused_money_return(
        allocation=other_allocation, amount=Decimal("2000"), by=users[FINANCE], reason="After 20 days"
    )
    text = body(client_for(COMMISSIONER).get(f"/funding/rounds/{round_.pk}/"))
    assert "Returned to the funder" in text and "After 20 days" in text
    assert "Propose allocations" not in text  # commissioners read only


def test_provider_ledger_and_own_view(client_for, own_provider, paid_allocation, other_allocation):
    staff = body(client_for(FINANCE).get(f"/funding/providers/{own_provider.slug}/"))
    assert "Funding ledger" in staff and "£4,000" in staff
    own = body(client_for("provider").get("/funding/mine/"))
    assert "Your funding" in own and "Test Infection Control Fund" in own
    other = body(client_for("other-provider").get("/funding/mine/"))
    assert "£4,000" not in other and "£2,000" in other


def test_provider_sees_only_its_own_allocations_and_returns(client_for, paid_allocation, other_allocation):
    provider = client_for("provider")
    assert provider.get(f"/funding/allocations/{paid_allocation.pk}/").status_code == 200
    assert provider.get(f"/funding/allocations/{other_allocation.pk}/").status_code == 404
    assert provider.get(f"/funding/allocations/{other_allocation.pk}/return/").status_code == 404
    assert provider.get(f"/funding/{paid_allocation.round.stream.slug}/").status_code == 403
    assert provider.get("/funding/grants.json").status_code == 200  # open data (issue 18): public


def test_bcf_page_groups_by_source_with_totals(client_for, demo):
    text = body(client_for(COMMISSIONER).get("/funding/bcf/"))
    assert "Total expenditure: <strong>£39,145,857</strong>" in text
    assert "Improved Better Care Fund (iBCF): £8,706,050" in text
    assert "Disabled Facilities Grant (DFG): £2,342,241" in text
    assert "Minimum CCG contribution: £28,097,566" in text


def test_summary_page_states_the_headline_figures(client_for, demo):
    text = body(client_for(FINANCE).get("/funding/summary/"))
    for figure in [
        "£19.14 million",
        "£15.62 million",
        "£3.52 million",
        "£2.82 million",
        "£979,000",
        "£19,136,177",
    ]:
        assert figure in text


def test_dashboard_panels(client_for, round_, paid_allocation):
    finance = body(client_for(FINANCE).get("/"))
    assert "Funding deadlines" in finance and "Test Infection Control Fund: Round 1" in finance
    provider = body(client_for("provider").get("/"))
    assert "Your funding" in provider and "1 return to make" in provider
    assert "Funding deadlines" not in body(client_for(Role.CARERS_HUB_WORKER).get("/"))


# Changing money ----------------------------------------------------------------------------------


def test_finance_officer_offers_an_allocation(client_for, round_, own_provider):
    response = client_for(FINANCE).post(
        f"/funding/rounds/{round_.pk}/allocate/",
        {
            "provider": own_provider.companies_house_number,
            "amount": "£2,500.50",
            "basis": "6 beds",
            "reason": "ODR 4",
        },
    )
    assert response.status_code == 302
    allocation = ProviderAllocation.objects.get()
    assert allocation.amount == Decimal("2500.50")
    assert allocation.history.get().history_change_reason == "ODR 4"


@pytest.mark.parametrize(
    "data,message",
    [
        (
            {"provider": "", "amount": "", "reason": ""},
            "Enter the provider&#x27;s Companies House or charity number",
        ),
        (
            {"provider": "99999999", "amount": "10", "reason": "x"},
            "No active provider on the register has the number 99999999",
        ),
        ({"provider": "OWN", "amount": "ten", "reason": "x"}, "Amount must be a number, like 1250.50"),
        ({"provider": "OWN", "amount": "0", "reason": "x"}, "Amount must be more than £0"),
        ({"provider": "OWN", "amount": "1.234", "reason": "x"}, "no more than 2 decimal places"),
        ({"provider": "OWN", "amount": "10000.01", "reason": "x"}, "past its allocation of £10,000"),
    ],
)
def test_bad_allocation_changes_nothing(client_for, round_, own_provider, data, message):
    if data["provider"] == "OWN":
        data = {**data, "provider": own_provider.companies_house_number}
    response = client_for(FINANCE).post(f"/funding/rounds/{round_.pk}/allocate/", data)
    assert response.status_code == 200
    text = body(response)
    assert message in text
    assert "<title>Error: " in text
    assert not ProviderAllocation.objects.exists()


def test_commissioner_cannot_change_money(client_for, round_, own_provider, other_allocation):
    client = client_for(COMMISSIONER)
    assert (
        client.post(
            f"/funding/rounds/{round_.pk}/allocate/",
            {"provider": own_provider.companies_house_number, "amount": "1", "reason": "x"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/funding/allocations/{other_allocation.pk}/status/", {"status": "refused", "reason": "x"}
        ).status_code
        == 403
    )
    assert client.post(f"/funding/rounds/{round_.pk}/calculator/", {}).status_code == 403
    assert not ProviderAllocation.objects.filter(provider=own_provider).exists()
    other_allocation.refresh_from_db()
    assert other_allocation.status == AllocationStatus.OFFERED


def test_status_page_pays_and_needs_a_date(client_for, other_allocation):
    client = client_for(FINANCE)
    url = f"/funding/allocations/{other_allocation.pk}/status/"
    response = client.post(url, {"status": "paid", **date_fields("paid_on", None), "reason": "BACS"})
    assert "Enter the payment date" in body(response)
    response = client.post(url, {"status": "paid", **date_fields("paid_on", "31/2/2022"), "reason": "BACS"})
    assert "Payment date must be a real date" in body(response)
    assert (
        client.post(
            url, {"status": "paid", **date_fields("paid_on", "28/3/2022"), "reason": "BACS"}
        ).status_code
        == 302
    )
    other_allocation.refresh_from_db()
    assert other_allocation.status == "paid" and str(other_allocation.paid_on) == "2022-03-28"
    assert client.get(url).status_code == 403  # paid: nothing more to record


def test_refused_money_redistributed_through_the_page(client_for, other_allocation, users):
    from funding import services

    services.allocation_set_status(
        allocation=other_allocation, status="refused", by=users[FINANCE], reason="Declined"
    )
    newcomer = ProviderFactory(name="Newcomer Care Ltd")
    client = client_for(FINANCE)
    url = f"/funding/allocations/{other_allocation.pk}/refused/"
    response = client.post(url, {"action": "redistribute", "to_provider": "", "amount": "500", "reason": "x"})
    assert "Enter the Companies House or charity number of the provider it goes to" in body(response)
    response = client.post(url, {"action": "return", "amount": "2000.01", "reason": "x"})
    assert "Only £2,000 of the refused money is left to place" in body(response)
    response = client.post(
        url,
        {
            "action": "redistribute",
            "to_provider": newcomer.companies_house_number,
            "amount": "500",
            "reason": "Next on the list",
        },
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get().to_allocation.provider == newcomer
    text = body(client.get(f"/funding/allocations/{other_allocation.pk}/"))
    assert "Redistributed to another provider" in text and "Newcomer Care Ltd" in text


def test_calculator_proposes_and_approves_in_one_step(client_for, round_, bases):
    client = client_for(FINANCE)
    url = f"/funding/rounds/{round_.pk}/calculator/"
    text = body(client.get(url))
    assert "£4,000" in text and "10 beds" in text
    data = {f"amount_{home.pk}": amount for home, amount in zip(bases, ["4000", "2000", "1500"], strict=True)}
    response = client.post(url, {**data, "reason": ""})
    assert "Enter the reason" in body(response)
    response = client.post(url, {**data, f"amount_{bases[0].pk}": "7000", "reason": "Urgent decision"})
    assert "past its allocation" in body(response)
    assert not ProviderAllocation.objects.exists()
    response = client.post(url, {**data, "reason": "Urgent decision"})
    assert response.status_code == 302
    assert sorted(ProviderAllocation.objects.values_list("amount", flat=True)) == [
        Decimal("1500"),
        Decimal("2000"),
        Decimal("4000"),
    ]


# Returns -----------------------------------------------------------------------------------------


def return_data(**changes):
    data = {
        "spent_isolation-pay": "2000",
        "spent_testing-vaccination": "1,500",
        "unspent": "500",
        "notes": "",
    }
    data.update(changes)
    return data


def test_provider_submits_its_return(client_for, paid_allocation):
    client = client_for("provider")
    url = f"/funding/allocations/{paid_allocation.pk}/return/"
    assert client.get(url).status_code == 200
    response = client.post(url, return_data())
    assert response.status_code == 302
    provider_return = ProviderReturn.objects.get()
    assert provider_return.unspent == Decimal("500")
    assert provider_return.lines.count() == 2
    text = body(client.get(f"/funding/allocations/{paid_allocation.pk}/"))
    assert "Staff testing and vaccination" in text and "£1,500" in text
    assert client.get(url).status_code == 302  # nothing left to return


def test_return_claiming_more_than_paid_is_refused(client_for, paid_allocation):
    response = client_for("provider").post(
        f"/funding/allocations/{paid_allocation.pk}/return/", return_data(unspent="600")
    )
    assert response.status_code == 200
    assert "The return accounts for £4,100 but £4,000 was paid" in body(response)
    assert not ProviderReturn.objects.exists()


def test_return_bad_numbers(client_for, paid_allocation):
    response = client_for("provider").post(
        f"/funding/allocations/{paid_allocation.pk}/return/",
        return_data(**{"spent_isolation-pay": "-5", "unspent": ""}),
    )
    text = body(response)
    assert "must be £0 or more" in text and "Enter the unspent money" in text
    assert not ProviderReturn.objects.exists()


def test_staff_and_other_providers_cannot_submit_a_return(client_for, paid_allocation):
    url = f"/funding/allocations/{paid_allocation.pk}/return/"
    assert client_for(FINANCE).post(url, return_data()).status_code == 403
    assert client_for("other-provider").post(url, return_data()).status_code == 404
    assert not ProviderReturn.objects.exists()


def test_finance_reclaims_unspent(client_for, paid_allocation):
    client_for("provider").post(f"/funding/allocations/{paid_allocation.pk}/return/", return_data())
    provider_return = ProviderReturn.objects.get()
    url = f"/funding/returns/{provider_return.pk}/reclaim/"
    assert "Enter the reason" in body(client_for(FINANCE).post(url, {"reason": ""}))
    assert client_for(FINANCE).post(url, {"reason": "Terms 4.9"}).status_code == 302
    assert LedgerEntry.objects.get().kind == LedgerKind.RECLAIMED
    assert client_for(FINANCE).get(url).status_code == 403


# Outputs -----------------------------------------------------------------------------------------


def test_appendix_csv_and_pdf(client_for, demo):
    client = client_for(COMMISSIONER)
    csv_text = body(client.get("/funding/appendix.csv"))
    # One value per cell: a row per round, the allocation a plain number (no stacked multi-line cells).
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == [
        "Name of fund",
        "Funding source",
        "Funding period",
        "Cheshire East Council allocation (£)",
        "Allocation is an estimate",
        "Purpose",
        "How have the funds been spent?",
    ]
    assert not any("\n" in cell for row in rows for cell in row[:5])
    icf = [row for row in rows if row[0] == "Infection Control Fund"]
    assert [row[3] for row in icf] == ["5320292", "4712872", "1807449", "1283276", "2128810"]
    assert [row[4] for row in icf] == ["No"] * 5
    msf = [row[3:5] for row in rows if row[0] == "Market Sustainability Fund"]
    assert msf == [["979000", "No"], ["3600000", "Yes"], ["3600000", "Yes"]]
    pdf = client.get("/funding/appendix.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert_accessible_pdf(pdf.content)
    text = " ".join(" ".join(page_texts(pdf.content)).split())
    for figure in [
        "£5,320,292",
        "£2,021,000",
        "£725,319",
        "Estimated £3.6 million",
        "£982,203",
        "£800,000",
        "£362,659",
    ]:
        assert figure in text


def test_bcf_csv_and_pdf(client_for, demo):
    client = client_for(FINANCE)
    csv_text = body(client.get("/funding/bcf/schemes.csv"))
    assert "17,BCF Home first schemes CCG,Minimum CCG Contribution,18693933" in csv_text
    assert csv_text.strip().endswith(",Total,,39145857")
    data = client.get("/funding/bcf/schemes.pdf").content
    text = " ".join(page_texts(data))
    assert "£18,693,933" in text and "£39,145,857" in text
    assert_accessible_pdf(data)


def test_grants_json_is_valid_360giving(client_for, demo):
    data = json.loads(client_for(FINANCE).get("/funding/grants.json").content)
    assert validation_errors(data) == []
    paid = ProviderAllocation.objects.filter(status__in=["paid", "returned"])
    assert len(data["grants"]) == paid.count()
    assert sum(Decimal(str(g["amountAwarded"])) for g in data["grants"]) == sum(a.amount for a in paid)
    ids = {org["id"] for g in data["grants"] for org in g["recipientOrganization"]}
    assert "GB-COH-07654321" in ids  # Mere Side Residential Homes Ltd (Companies House)
    assert "GB-CHC-1187654" in ids  # Weaver Community Support (a charity, no company number)


def test_360giving_validation_catches_a_broken_grant(demo):
    from funding.giving import package

    data = package()
    data["grants"][0]["awardDate"] = "28 March 2022"
    del data["grants"][1]["recipientOrganization"]
    errors = validation_errors(data)
    assert any("grants/0/awardDate" in e for e in errors)
    assert any(e.startswith("grants/1") for e in errors)


def test_export_command(demo, tmp_path):
    out = io.StringIO()
    call_command("export_funding", "--format", "csv", "-o", str(tmp_path / "a.csv"), stdout=out)
    assert "Infection Control Fund" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    call_command("export_funding", "--format", "pdf", "-o", str(tmp_path / "a.pdf"), stdout=out)
    assert "£5,320,292" in " ".join(page_texts((tmp_path / "a.pdf").read_bytes()))
    call_command("export_funding", "--format", "csv", "--bcf", "-o", str(tmp_path / "b.csv"), stdout=out)
    assert "39145857" in (tmp_path / "b.csv").read_text(encoding="utf-8-sig")
    call_command("export_funding", "--format", "pdf", "--bcf", "-o", str(tmp_path / "b.pdf"), stdout=out)
    assert "£39,145,857" in " ".join(page_texts((tmp_path / "b.pdf").read_bytes()))
    with pytest.raises(CommandError):
        call_command("export_funding", "--format", "csv", "-o", str(tmp_path / "missing" / "x.csv"))


# Rounds ------------------------------------------------------------------------------------------


def round_data(**changes):
    data = {
        "name": "Round 7",
        "period": "Apr–Jun 2022",
        **date_fields("starts_on", "1/4/2022"),
        **date_fields("ends_on", "30/6/2022"),
        "allocation": "£1,234,567",
        **date_fields("received_on", "5/4/2022"),
        **date_fields("passport_by", "25/4/2022"),
        **date_fields("spend_by", "5/7/2022"),
        **date_fields("returns_due", None),
        "status": "received",
        "rule": "per-bed",
        "rate": "400",
        "service_user_rate": "",
        "enhanced_rate": "",
        "reason": "Grant determination letter",
    }
    data.update(changes)
    return data


def test_finance_officer_adds_and_changes_a_round(client_for, stream, users):
    client = client_for(FINANCE)
    response = client.post(f"/funding/{stream.slug}/rounds/add/", round_data())
    assert response.status_code == 302
    new = stream.rounds.get(name="Round 7")
    assert new.allocation == Decimal("1234567") and str(new.passport_by) == "2022-04-25"
    assert new.history.get().history_change_reason == "Grant determination letter"
    response = client.post(
        f"/funding/rounds/{new.pk}/edit/", round_data(status="passported", reason="All paid out")
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.status == "passported"
    latest = new.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (users[FINANCE], "All paid out")


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"name": "", "allocation": ""}, "Enter the name"),
        ({**date_fields("ends_on", "1/3/2022")}, "The period must end on or after the day it starts"),
        ({**date_fields("spend_by", "32/1/2022")}, "To be spent by must be a real date"),
        ({"allocation": "-5"}, "Allocation to the council must be more than £0"),
        ({"reason": ""}, "Enter the reason"),
    ],
)
def test_bad_round_changes_nothing(client_for, stream, changes, message):
    response = client_for(FINANCE).post(f"/funding/{stream.slug}/rounds/add/", round_data(**changes))
    assert response.status_code == 200
    assert message in body(response)
    assert not stream.rounds.exists()


def test_round_allocation_cannot_drop_below_what_is_allocated(client_for, round_, paid_allocation):
    response = client_for(FINANCE).post(
        f"/funding/rounds/{round_.pk}/edit/", round_data(name="Round 1", allocation="3999.99")
    )
    assert "£4,000 of this round is already allocated, retained or returned" in body(response)
    round_.refresh_from_db()
    assert round_.allocation == Decimal("10000")


def test_retained_money_through_the_page(client_for, round_, paid_allocation):
    client = client_for(FINANCE)
    url = f"/funding/rounds/{round_.pk}/retain/"
    assert "only £6,000 is left" in body(client.post(url, {"amount": "6000.01", "reason": "Discharges"}))
    assert client.post(url, {"amount": "1500", "reason": "Discharges"}).status_code == 302
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.note) == (LedgerKind.RETAINED, Decimal("1500"), "Discharges")


def test_changing_an_offered_amount(client_for, other_allocation, paid_allocation):
    client = client_for(FINANCE)
    url = f"/funding/allocations/{other_allocation.pk}/amount/"
    assert "this allocation can be at most £6,000" in body(
        client.post(url, {"amount": "6000.01", "reason": "More beds"})
    )
    assert client.post(url, {"amount": "6000", "reason": "More beds"}).status_code == 302
    other_allocation.refresh_from_db()
    assert other_allocation.amount == Decimal("6000")
    assert client.get(f"/funding/allocations/{paid_allocation.pk}/amount/").status_code == 403
