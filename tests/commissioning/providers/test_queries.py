"""A page's query count does not grow with its rows: each page is measured with few rows and with many."""

import pytest

from commissioning.providers import services
from tests.factories import ProviderFactory, ProviderMembershipFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/providers/",
        "/providers/?sort=-created_at&page=2",
        "/providers/?service=day-opportunities&area=crewe&q=test",
    ],
)
def test_list_is_flat(commissioner_client, django_assert_max_num_queries, url):
    ProviderFactory.create_batch(3)
    few = count_queries(commissioner_client, url, django_assert_max_num_queries, 12)
    ProviderFactory.create_batch(60)
    many = count_queries(commissioner_client, url, django_assert_max_num_queries, 12)
    assert many == few


def test_export_is_flat(commissioner_client, django_assert_max_num_queries):
    ProviderFactory.create_batch(3)
    few = count_queries(commissioner_client, "/providers/export.csv", django_assert_max_num_queries, 10)
    ProviderFactory.create_batch(60)
    many = count_queries(commissioner_client, "/providers/export.csv", django_assert_max_num_queries, 10)
    assert many == few


def test_detail_is_flat(commissioner_client, django_assert_max_num_queries, own_provider, users):
    url = f"/providers/{own_provider.slug}/"
    few = count_queries(commissioner_client, url, django_assert_max_num_queries, 14)
    for n in range(30):
        services.provider_update(provider=own_provider, data={"town": f"Town {n}"}, by=users["commissioner"])
    ProviderMembershipFactory.create_batch(10, provider=own_provider)
    many = count_queries(commissioner_client, url, django_assert_max_num_queries, 14)
    assert many == few


def test_dashboard_is_flat(commissioner_client, provider_client, django_assert_max_num_queries):
    # A ceiling only: the exact count, panel by panel, is tests/test_query_budgets.py's (12 since the
    # FPS questions waiting and the contracts needing a decision joined the commissioner's dashboard).
    few = count_queries(commissioner_client, "/", django_assert_max_num_queries, 12)
    ProviderFactory.create_batch(40)
    assert count_queries(commissioner_client, "/", django_assert_max_num_queries, 12) == few
    count_queries(provider_client, "/", django_assert_max_num_queries, 10)
