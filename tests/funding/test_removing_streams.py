"""Issue 14, funding: a funding stream or a round entered in error is removed by a finance officer after a
confirmation that asks why (audited), and refused, with the reason, once money has been allocated from it
or moved in its ledger."""

from decimal import Decimal

import pytest

from funding import services
from funding.models import FundingStream, ProviderBasis, Round
from portal.permissions import Role

pytestmark = pytest.mark.django_db
FINANCE = Role.FINANCE_OFFICER


def text(response) -> str:
    return response.content.decode()


def test_finance_removes_a_round_without_allocations(client_for, users, round_, bases):
    finance = client_for(FINANCE)
    assert "Remove this round" in text(finance.get(f"/funding/rounds/{round_.pk}/"))
    url = f"/funding/rounds/{round_.pk}/remove/"
    page = text(finance.get(url))
    assert "Remove Round 1?" in page and "£10,000" in page and "providers&#x27; figures" in page
    response = finance.post(url, {"reason": ""})
    assert response.status_code == 200 and "Enter the reason" in text(response)
    assert Round.objects.filter(pk=round_.pk).exists() and ProviderBasis.objects.count() == 3
    response = finance.post(url, {"reason": "Entered under the wrong stream"})
    assert response.status_code == 302 and response["Location"] == f"/funding/{round_.stream.slug}/"
    assert not Round.objects.filter(pk=round_.pk).exists() and not ProviderBasis.objects.exists()
    gone = Round.history.filter(id=round_.pk).latest()
    assert (gone.history_type, gone.history_user, gone.history_change_reason) == (
        "-",
        users[FINANCE],
        "Entered under the wrong stream",
    )


def test_a_round_with_an_allocation_is_refused_with_the_reason(client_for, users, round_, paid_allocation):
    finance = client_for(FINANCE)
    url = f"/funding/rounds/{round_.pk}/remove/"
    page = text(finance.get(url))
    assert "Round 1 cannot be removed: it has 1 allocation (to " in page
    assert paid_allocation.provider.name in page
    response = finance.post(url, {"reason": "Try anyway"})
    assert response.status_code == 302
    assert Round.objects.filter(pk=round_.pk).exists()
    with pytest.raises(Exception, match="cannot be removed"):
        services.round_delete(round=round_, by=users[FINANCE], reason="Direct")


def test_a_round_with_retained_money_is_refused(client_for, users, round_):
    services.round_retain(round=round_, amount=Decimal("500"), by=users[FINANCE], reason="Kept")
    page = text(client_for(FINANCE).get(f"/funding/rounds/{round_.pk}/remove/"))
    assert "its ledger records money retained or returned" in page
    client_for(FINANCE).post(f"/funding/rounds/{round_.pk}/remove/", {"reason": "Try"})
    assert Round.objects.filter(pk=round_.pk).exists()


def test_finance_removes_a_stream_whose_rounds_hold_no_money(client_for, users, stream, round_):
    finance = client_for(FINANCE)
    assert "Remove this funding stream" in text(finance.get(f"/funding/{stream.slug}/"))
    url = f"/funding/{stream.slug}/remove/"
    page = text(finance.get(url))
    assert "Remove Test Infection Control Fund?" in page and "with its rounds" in page
    assert finance.post(url, {"reason": "x" * 501}).status_code == 200
    assert FundingStream.objects.filter(pk=stream.pk).exists()
    response = finance.post(url, {"reason": "Entered twice"})
    assert response.status_code == 302 and response["Location"] == "/funding/"
    assert not FundingStream.objects.filter(pk=stream.pk).exists() and not Round.objects.exists()
    assert FundingStream.history.filter(id=stream.pk).latest().history_change_reason == "Entered twice"
    assert Round.history.filter(id=round_.pk).latest().history_user == users[FINANCE]


def test_a_stream_that_allocated_money_is_refused(client_for, users, stream, round_, other_allocation):
    finance = client_for(FINANCE)
    url = f"/funding/{stream.slug}/remove/"
    page = text(finance.get(url))
    assert (
        "Test Infection Control Fund cannot be removed: money has been allocated or moved in Round 1" in page
    )
    finance.post(url, {"reason": "Try"})
    assert FundingStream.objects.filter(pk=stream.pk).exists() and Round.objects.filter(pk=round_.pk).exists()


def test_only_finance_officers_remove_streams_and_rounds(client_for, users, stream, round_):
    for role in (Role.COMMISSIONER, "provider"):
        client = client_for(role)
        assert client.post(f"/funding/rounds/{round_.pk}/remove/", {"reason": "No"}).status_code == 403
        assert client.post(f"/funding/{stream.slug}/remove/", {"reason": "No"}).status_code == 403
    assert Round.objects.filter(pk=round_.pk).exists() and FundingStream.objects.filter(pk=stream.pk).exists()
