"""The evaluation pages' query counts do not grow with their rows: each measured with few and many."""

import pytest
from django.urls import reverse

from commissioning.fps.models import Admission
from commissioning.fps.services import evaluation as services
from tests.commissioning.fps.factories import fps_setup
from tests.commissioning.fps.factories_evaluation import (
    admitted,
    evaluate_all,
    section,
    submitted_application,
)
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query",
    ["", "?sort=-days_waiting&page=2", "?status=all&q=test&sort=provider", "?lot={lot}&status=clarification"],
)
def test_queue_is_flat(commissioner_client, users, django_assert_max_num_queries, query):
    system, lots, window = fps_setup()
    url = reverse("fps:queue") + query.format(lot=lots[0].pk)

    def add(n):
        for _ in range(n):
            application = submitted_application(lots=lots, window=window)
            services.clarification_ask(
                application=application,
                section=None,
                question="Q?",
                respond_by=None,
                by=users["commissioner"],
            )

    add(2)
    few = count_queries(commissioner_client, url, django_assert_max_num_queries, 12)
    add(40)
    many = count_queries(commissioner_client, url, django_assert_max_num_queries, 12)
    assert many == few


def test_evaluate_page_is_flat(commissioner_client, users, django_assert_max_num_queries, decider):
    system, lots, window = fps_setup()
    commissioner = users["commissioner"]
    application = submitted_application(lots=lots[:1], window=window)
    url = reverse("fps:evaluate", args=[application.reference])
    few = count_queries(commissioner_client, url, django_assert_max_num_queries, 25)
    evaluate_all(application, by=commissioner)
    for n in range(8):
        services.clarification_ask(
            application=application,
            section=section(application, 1),
            question=f"Q{n}?",
            respond_by=None,
            by=commissioner,
        )
        services.section_evaluate(
            application=application,
            section=section(application, 1),
            result="pass",
            notes=f"n{n}",
            by=commissioner,
        )
    services.application_lot_decide(
        application_lot=application.application_lots.get(), decision="admitted", reasons="", by=decider
    )
    many = count_queries(commissioner_client, url, django_assert_max_num_queries, 25)
    assert many == few


@pytest.mark.parametrize("query", ["", "?lot=1&sort=-town&page=2", "?lot=1&area=crewe&q=test"])
def test_register_is_flat(client, django_assert_max_num_queries, query):
    system, lots, window = fps_setup()
    url = reverse("fps:register", args=[system.slug]) + query
    for _ in range(2):
        admitted(provider=ProviderFactory(), lot=lots[0])
    few = count_queries(client, url, django_assert_max_num_queries, 8)
    for n in range(40):
        admitted(provider=ProviderFactory(), lot=lots[n % 2], status=["active", "suspended"][n % 2])
    many = count_queries(client, url, django_assert_max_num_queries, 8)
    assert many == few


def test_register_for_commissioners_and_csv_are_flat(commissioner_client, django_assert_max_num_queries):
    system, lots, window = fps_setup()
    urls = [reverse("fps:register", args=[system.slug]), reverse("fps:register-csv", args=[system.slug])]
    admitted(provider=ProviderFactory(), lot=lots[0])
    few = [count_queries(commissioner_client, url, django_assert_max_num_queries, 12) for url in urls]
    for _ in range(40):
        admitted(provider=ProviderFactory(), lot=lots[0], status=Admission.Status.SUSPENDED)
    many = [count_queries(commissioner_client, url, django_assert_max_num_queries, 12) for url in urls]
    assert many == few
