"""Deep pages (the deferred join) return exactly what plain LIMIT/OFFSET would, and sorting is stable."""

import re

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from commissioning.providers.models import Provider
from portal import querysets
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    monkeypatch.setattr(querysets, "DEFERRED_JOIN_FROM_OFFSET", 5)
    towns = ["Crewe", "Nantwich", "Crewe", "Macclesfield"]
    return [
        ProviderFactory(name=f"Provider {n % 7}", town=towns[n % 4], is_active=n % 5 != 0) for n in range(40)
    ]


@pytest.mark.parametrize(
    "ordering", [("name", "pk"), ("-name", "-pk"), ("town", "pk"), ("-created_at", "-pk")]
)
@pytest.mark.parametrize(("start", "stop"), [(0, 10), (5, 15), (20, 33), (35, 60)])
def test_same_rows_as_plain_slicing(providers, ordering, start, stop):
    queryset = Provider.objects.filter(is_active=True).order_by(*ordering)
    plain = list(QuerySet.__getitem__(queryset, slice(start, stop)))
    assert list(queryset[start:stop]) == plain


def test_deep_slices_select_ids_first(providers):
    with CaptureQueriesContext(connection) as captured:
        list(Provider.objects.order_by("name", "pk")[10:20])
    sql = captured.captured_queries[0]["sql"]
    assert re.search(r'WHERE "providers_provider"\."id" IN \(SELECT', sql)
    assert "OFFSET 10" in sql


def test_shallow_slices_and_other_uses_are_plain(providers):
    with CaptureQueriesContext(connection) as captured:
        list(Provider.objects.order_by("name", "pk")[0:3])
        list(Provider.objects.order_by("name", "pk").values_list("name", flat=True)[10:20])
        Provider.objects.order_by("name", "pk")[12]
    assert all(" IN (SELECT" not in query["sql"] for query in captured.captured_queries)


def test_a_list_can_ask_for_two_steps_from_the_first_page_and_keeps_it_through_later_calls(providers):
    queryset = Provider.objects.all().deferred_join_from(0).filter(is_active=True).order_by("town", "pk")
    plain = list(QuerySet.__getitem__(queryset, slice(0, 10)))
    with CaptureQueriesContext(connection) as captured:
        assert list(queryset[0:10]) == plain
    assert " IN (SELECT" in captured.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as captured:  # the other lists are untouched
        list(Provider.objects.filter(is_active=True).order_by("town", "pk")[0:3])
    assert " IN (SELECT" not in captured.captured_queries[0]["sql"]


def test_pages_sorted_by_a_shared_column_neither_repeat_nor_miss_rows(commissioner_client, providers):
    Provider.objects.exclude(pk__in=[p.pk for p in providers]).delete()
    seen = []
    for page in (1, 2):
        body = commissioner_client.get(f"/providers/?sort=town&status=all&page={page}").content.decode()
        seen += re.findall(r'href="/providers/([^/]+)/"', body)
    assert sorted(seen) == sorted(p.slug for p in providers)
