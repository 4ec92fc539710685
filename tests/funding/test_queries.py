"""The funding pages' query counts do not grow with their rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from commissioning.providers.models import Provider
from funding.models import (
    AllocationStatus,
    FundingStream,
    LedgerEntry,
    ProviderAllocation,
    ProviderReturn,
    ReturnLine,
    Round,
)
from portal.permissions import Role
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


def grow(stream, round_, own_provider, n):
    """n more rounds, n providers with a paid allocation and a return each, ledger entries."""
    for _ in range(n):
        extra = Round.objects.create(
            stream=stream,
            name=f"Extra {Round.objects.count()}",
            period="2022",
            allocation=Decimal("1000"),
            rule="discretionary",
        )
        provider = ProviderFactory()
        allocation = ProviderAllocation.objects.create(
            round=round_,
            provider=provider,
            amount=Decimal("10"),
            status=AllocationStatus.PAID,
            paid_on=date(2022, 1, 1),
        )
        ProviderAllocation.objects.create(
            round=extra,
            provider=own_provider,
            amount=Decimal("10"),
            status=AllocationStatus.PAID,
            paid_on=date(2022, 1, 1),
        )
        provider_return = ProviderReturn.objects.create(
            allocation=allocation, unspent=Decimal("0"), submitted_on=date(2022, 2, 1)
        )
        ReturnLine.objects.create(provider_return=provider_return, category="other", amount=Decimal("10"))
        LedgerEntry.objects.create(round=round_, kind="retained", amount=Decimal("1"))
    FundingStream.objects.create(
        name=f"Another {FundingStream.objects.count()}",
        slug=f"another-{FundingStream.objects.count()}",
        funder=stream.funder,
        category=stream.category,
        purpose="x",
        decision="urgent",
    )


@pytest.mark.parametrize(
    "url",
    [
        "/funding/",
        "/funding/{stream}/",
        "/funding/{stream}/?status=paid&page=2",
        "/funding/rounds/{round}/",
        "/funding/providers/{provider}/",
        "/funding/summary/",
        "/funding/bcf/",
        "/funding/appendix.csv",
        "/funding/bcf/schemes.csv",
        "/funding/grants.json",
        "/",
    ],
)
def test_staff_pages_are_flat(client_for, django_assert_max_num_queries, stream, round_, own_provider, url):
    client = client_for(Role.FINANCE_OFFICER)
    url = url.format(stream=stream.slug, round=round_.pk, provider=own_provider.slug)
    grow(stream, round_, own_provider, 3)
    few = count_queries(client, url, django_assert_max_num_queries, 16)
    grow(stream, round_, own_provider, 30)
    many = count_queries(client, url, django_assert_max_num_queries, 16)
    assert many == few


@pytest.mark.parametrize("url", ["/funding/mine/", "/funding/allocations/{allocation}/", "/"])
def test_provider_pages_are_flat(
    client_for, django_assert_max_num_queries, stream, round_, own_provider, paid_allocation, url
):
    client = client_for("provider")
    url = url.format(allocation=paid_allocation.pk)
    grow(stream, round_, own_provider, 3)
    few = count_queries(client, url, django_assert_max_num_queries, 16)
    grow(stream, round_, own_provider, 30)
    many = count_queries(client, url, django_assert_max_num_queries, 16)
    assert many == few


def test_deep_pages_give_the_same_rows_in_the_same_order(round_):
    """Pages read backwards near the end, or through the deferred join, match a plain ordered list."""
    providers = Provider.objects.bulk_create(ProviderFactory.build_batch(1300))
    ProviderAllocation.objects.bulk_create(
        ProviderAllocation(round=round_, provider=p, amount=Decimal("1"), status=AllocationStatus.OFFERED)
        for p in providers
    )
    # As autovacuum would have: without statistics the planner takes these 1,300 rows for one and joins the
    # deferred page's ids in a nested loop (70 s a page in the suite, once other tests had left the tables
    # analysed while empty).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE providers_provider, funding_providerallocation")
    ordered = ProviderAllocation.objects.filter(round=round_).order_by("provider__name", "pk")
    everything = list(ordered.values_list("pk", flat=True))
    total = len(everything)
    for start in (0, 475, 500, 650, total - 1100, total - 900, total - 30, total - 10):
        page = [allocation.pk for allocation in ordered[start : start + 25]]
        assert page == everything[start : start + 25], start


def test_basis_list_is_flat(client_for, django_assert_max_num_queries, round_):
    from funding.models import ProviderBasis

    client = client_for(Role.FINANCE_OFFICER)
    url = f"/funding/rounds/{round_.pk}/bases/"

    def more(n):
        for provider in Provider.objects.bulk_create(ProviderFactory.build_batch(n)):
            ProviderBasis.objects.create(round=round_, provider=provider, beds=3, service_users=2)

    more(3)
    few = count_queries(client, url, django_assert_max_num_queries, 16)
    more(60)
    many = count_queries(client, url, django_assert_max_num_queries, 16)
    assert many == few
    assert count_queries(client, url + "?page=3&sort=-beds", django_assert_max_num_queries, 16) == few
