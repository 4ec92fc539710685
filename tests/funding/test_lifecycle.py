"""Issue 14, funding: no dead ends. Providers accept or refuse an offer online (audited, finance told);
funders, BCF schemes and the calculator's figures are changed and removed in pages (with a confirmation,
refused with the reason while something depends on them); a payment dated in the future is refused; the
messages name what they are about as GOV.UK would."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from funding import services
from funding.models import (
    AllocationStatus,
    BCFScheme,
    Funder,
    ProviderAllocation,
    ProviderBasis,
    Section75Agreement,
)
from portal.permissions import Role
from tests.factories import ProviderFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
FINANCE = Role.FINANCE_OFFICER


def text(response) -> str:
    return response.content.decode()


def date_post(name: str, value: date) -> dict:
    """A date as the GOV.UK date input posts it."""
    return date_fields(name, value)


@pytest.fixture
def offer(round_, own_provider):
    return ProviderAllocation.objects.create(
        round=round_,
        provider=own_provider,
        amount=Decimal("4000"),
        basis="10 beds at £400",
        offered_on=date(2022, 1, 5),
    )


# Providers answer offers -------------------------------------------------------------------------------


def test_a_provider_accepts_an_offer_online_and_finance_is_told(
    client_for, users, offer, django_capture_on_commit_callbacks, settings
):
    settings.FUNDING_FINANCE_EMAIL = "finance-team@example.gov.uk"
    provider = client_for("provider")
    page = text(provider.get(f"/funding/allocations/{offer.pk}/"))
    assert "Accept or refuse the money" in page
    url = f"/funding/allocations/{offer.pk}/answer/"
    assert "Do you accept this money?" in text(provider.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = provider.post(url, {"answer": "accept", "reason": ""})
    assert response.status_code == 302 and response["Location"] == f"/funding/allocations/{offer.pk}/"
    offer.refresh_from_db()
    assert offer.status == AllocationStatus.ACCEPTED
    record = offer.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        users["provider"],
        "Accepted by Own Organisation Ltd",
    )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["finance-officer@example.gov.uk", "finance-team@example.gov.uk"]
    assert (
        mail.outbox[0].subject
        == "Own Organisation Ltd accepted £4,000 from Test Infection Control Fund, Round 1"
    )
    assert f"/funding/allocations/{offer.pk}/" in mail.outbox[0].body
    # Answered: the page no longer offers it, and a second answer changes nothing.
    assert "Accept or refuse the money" not in text(provider.get(f"/funding/allocations/{offer.pk}/"))
    assert provider.post(url, {"answer": "refuse", "reason": "Changed our minds"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == AllocationStatus.ACCEPTED


def test_a_refusal_needs_a_reason_and_leaves_the_money_for_finance_to_place(
    client_for, users, offer, django_capture_on_commit_callbacks
):
    provider = client_for("provider")
    url = f"/funding/allocations/{offer.pk}/answer/"
    for data, message in [
        ({}, "Select whether you accept the money"),
        ({"answer": "maybe"}, "Select whether you accept the money"),
        ({"answer": "refuse", "reason": "  "}, "Enter why you are refusing the money"),
        ({"answer": "refuse", "reason": "x" * 501}, "must be 500 characters or fewer"),
    ]:
        response = provider.post(url, data)
        assert response.status_code == 200 and message in text(response), data
    offer.refresh_from_db()
    assert offer.status == AllocationStatus.OFFERED and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        provider.post(url, {"answer": "refuse", "reason": "We have no staff to deliver it"})
    offer.refresh_from_db()
    assert offer.status == AllocationStatus.REFUSED
    assert offer.history.latest().history_change_reason == (
        "Refused by Own Organisation Ltd: We have no staff to deliver it"
    )
    assert "Redistribute the refused money or return it to the funder." in mail.outbox[0].body
    finance = text(client_for(FINANCE).get(f"/funding/allocations/{offer.pk}/"))
    assert "Redistribute or return the refused £4,000" in finance


def test_only_the_providers_own_users_answer(client_for, offer):
    url = f"/funding/allocations/{offer.pk}/answer/"
    for role, refused in [("other-provider", 404), (FINANCE, 403), (Role.COMMISSIONER, 403)]:
        assert client_for(role).post(url, {"answer": "refuse", "reason": "x"}).status_code == refused
    offer.refresh_from_db()
    assert offer.status == AllocationStatus.OFFERED
    with pytest.raises(Exception, match="Only the provider's own users"):
        from tests.factories import UserFactory

        services.allocation_respond(allocation=offer, accept=True, by=UserFactory(role=FINANCE))


# Payments are not dated in the future ------------------------------------------------------------------


def test_a_payment_dated_in_the_future_is_refused(client_for, offer):
    finance = client_for(FINANCE)
    url = f"/funding/allocations/{offer.pk}/status/"
    response = finance.post(
        url, {"status": "paid", "reason": "BACS run", **date_post("paid_on", date(2030, 1, 1))}
    )
    assert response.status_code == 200
    assert "The payment date must be today or in the past" in text(response)
    offer.refresh_from_db()
    assert (offer.status, offer.paid_on) == (AllocationStatus.OFFERED, None)
    before_offer = date(2022, 1, 4)
    response = finance.post(
        url, {"status": "paid", "reason": "BACS run", **date_post("paid_on", before_offer)}
    )
    assert "The payment date must be on or after the offer, 5 January 2022" in text(response)
    today = timezone.localdate()
    response = finance.post(url, {"status": "paid", "reason": "BACS run", **date_post("paid_on", today)})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.paid_on) == (AllocationStatus.PAID, today)


def test_the_service_refuses_a_future_payment_date_too(offer, users):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(Exception, match="today or in the past"):
        services.allocation_set_status(
            allocation=offer, status="paid", paid_on=tomorrow, by=users[FINANCE], reason="x"
        )


# Funders -----------------------------------------------------------------------------------------------


def test_a_funder_is_changed_and_removed_unless_it_funds_a_stream(client_for, users, funder, stream):
    finance = client_for(FINANCE)
    assert "Department of Health and Social Care" in text(finance.get("/funding/funders/"))
    response = finance.post(
        f"/funding/funders/{funder.pk}/edit/",
        {"name": "Department of Health and Social Care", "short_name": "DHSC", "kind": "government",
         "appendix_label": "DoHSC", "reason": "As the appendix prints it"},
    )  # fmt: skip
    assert response.status_code == 302
    funder.refresh_from_db()
    assert funder.appendix_label == "DoHSC"
    assert funder.history.latest().history_change_reason == "As the appendix prints it"
    # Referenced: the page says why, with no button, and a post changes nothing.
    page = text(finance.get(f"/funding/funders/{funder.pk}/remove/"))
    assert (
        "Department of Health and Social Care cannot be removed: it funds Test Infection Control Fund" in page
    )
    assert "Remove funder</button>" not in page
    finance.post(f"/funding/funders/{funder.pk}/remove/", {"reason": "Try"})
    assert Funder.objects.filter(pk=funder.pk).exists()
    # Not referenced: asked first, then removed, and the history keeps it.
    spare = Funder.objects.create(name="Entered in error", short_name="ERR", kind="nhs")
    page = text(finance.get(f"/funding/funders/{spare.pk}/remove/"))
    assert "Remove Entered in error?" in page and "Remove funder</button>" in page
    assert "Enter the reason" in text(finance.post(f"/funding/funders/{spare.pk}/remove/", {"reason": ""}))
    assert finance.post(f"/funding/funders/{spare.pk}/remove/", {"reason": "Duplicate"}).status_code == 302
    assert not Funder.objects.filter(pk=spare.pk).exists()
    deleted = Funder.history.filter(id=spare.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        users[FINANCE],
        "Duplicate",
    )


def test_a_funders_new_name_must_be_unique(client_for, funder):
    other = Funder.objects.create(name="NHS Cheshire CCG", short_name="CCG", kind="nhs")
    response = client_for(FINANCE).post(
        f"/funding/funders/{other.pk}/edit/",
        {"name": "department of health and social care", "short_name": "X", "kind": "nhs", "reason": "x"},
    )
    assert "A funder called department of health and social care is already recorded" in text(response)


# The calculator's figures ------------------------------------------------------------------------------


def test_figures_are_removed_unless_an_allocation_was_worked_out_from_them(client_for, round_, own_provider):
    other = ProviderFactory(name="Spare Care Ltd")
    kept = ProviderBasis.objects.create(round=round_, provider=own_provider, beds=10)
    spare = ProviderBasis.objects.create(round=round_, provider=other, beds=3)
    ProviderAllocation.objects.create(round=round_, provider=own_provider, amount=Decimal("4000"))
    finance = client_for(FINANCE)
    page = text(finance.get(f"/funding/bases/{kept.pk}/remove/"))
    assert "Own Organisation Ltd&#x27;s figures cannot be removed: its £4,000 allocation" in page
    finance.post(f"/funding/bases/{kept.pk}/remove/", {"reason": "x"})
    assert ProviderBasis.objects.filter(pk=kept.pk).exists()
    assert finance.post(f"/funding/bases/{spare.pk}/remove/", {"reason": "Closed home"}).status_code == 302
    assert not ProviderBasis.objects.filter(pk=spare.pk).exists()
    assert ProviderBasis.history.filter(id=spare.pk).latest().history_change_reason == "Closed home"


def test_the_calculators_messages_name_the_provider_as_written(client_for, round_):
    gawsworth = ProviderFactory(name="Gawsworth House Care Ltd")
    ProviderBasis.objects.create(round=round_, provider=gawsworth, beds=4)
    response = client_for(FINANCE).post(
        f"/funding/rounds/{round_.pk}/calculator/", {f"amount_{gawsworth.pk}": "lots", "reason": "x"}
    )
    page = text(response)
    assert "Amount to offer Gawsworth House Care Ltd must be a number, like 1250.50" in page
    assert "gawsworth house care ltd" not in page
    response = client_for(FINANCE).post(f"/funding/rounds/{round_.pk}/calculator/", {"reason": "x"})
    assert "Enter the amount to offer Gawsworth House Care Ltd" in text(response)


# The Better Care Fund's schemes ------------------------------------------------------------------------


@pytest.fixture
def agreement(db):
    return Section75Agreement.objects.create(
        name="Better Care Fund section 75 agreement 2021/22",
        parties="Cheshire East Council\nNHS Cheshire CCG",
        starts_on=date(2021, 4, 1),
        ends_on=date(2022, 3, 31),
    )


def scheme_post(**changes):
    return {
        "scheme_id": "21",
        "name": "Carers breaks",
        "source": "minimum-ccg",
        "expenditure": "£120,500",
        "year": "2021/22",
        "lead_commissioner": "CCG",
        "reason": "Agreement varied",
        **changes,
    }


def test_bcf_schemes_are_added_changed_and_removed(client_for, users, agreement):
    finance = client_for(FINANCE)
    response = finance.post(f"/funding/bcf/agreements/{agreement.pk}/schemes/add/", scheme_post())
    assert response.status_code == 302
    scheme = BCFScheme.objects.get(agreement=agreement, scheme_id=21)
    assert (scheme.expenditure, scheme.source) == (Decimal("120500"), "minimum-ccg")
    assert "Carers breaks" in text(client_for(Role.COMMISSIONER).get("/funding/bcf/"))
    for change, message in [
        ({"scheme_id": "21"}, "Scheme 21 is already in Better Care Fund section 75 agreement 2021/22"),
        ({"scheme_id": "x"}, "Scheme ID must be a whole number, like 21"),
        ({"name": ""}, "Enter the scheme name"),
        ({"source": "lottery"}, "Select the source of funding"),
        ({"expenditure": "-5"}, "Expenditure must be £0 or more"),
        ({"year": "2021-2022"}, "Enter the year like 2021/22"),
        ({"reason": ""}, "Enter the reason"),
    ]:
        response = finance.post(f"/funding/bcf/agreements/{agreement.pk}/schemes/add/", scheme_post(**change))
        assert response.status_code == 200 and message in text(response), change
    assert BCFScheme.objects.count() == 1
    response = finance.post(f"/funding/bcf/schemes/{scheme.pk}/edit/", scheme_post(expenditure="130000"))
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.expenditure == Decimal("130000")
    page = text(finance.get(f"/funding/bcf/schemes/{scheme.pk}/remove/"))
    assert "Remove scheme 21. Carers breaks?" in page and "£130,000" in page
    assert (
        finance.post(f"/funding/bcf/schemes/{scheme.pk}/remove/", {"reason": "Moved to 2022/23"}).status_code
        == 302
    )
    assert not BCFScheme.objects.exists()
    assert BCFScheme.history.filter(id=scheme.pk).latest().history_user == users[FINANCE]
