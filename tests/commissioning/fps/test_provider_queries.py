"""Query counts of the provider's pages do not grow with rows: few against many applications, answers,
sections and messages."""

import pytest
from django.urls import reverse

from commissioning.fps.models import Application, Notification, Question
from tests.commissioning.fps.factories import ApplicationFactory, QuestionFactory, SectionFactory, answer_all
from tests.commissioning.fps.factories_provider import open_clarification, own_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def count(client, url, django_assert_max_num_queries, limit=20):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def grow_questionnaire(system, sections=8, per_section=7):
    for s in range(sections):
        section = SectionFactory(system=system, number=20 + s, title=f"Extra section {s}")
        for q in range(per_section):
            kind = [Question.Kind.TEXT, Question.Kind.PASS_FAIL, Question.Kind.DECLARATION][q % 3]
            QuestionFactory(section=section, number=f"{20 + s}.{q + 1}", position=q, kind=kind)


def test_applications_list_is_flat(provider_client, own_provider, django_assert_max_num_queries):
    first = own_application(own_provider, lots=2)
    url = reverse("fps:applications")
    few = count(provider_client, url, django_assert_max_num_queries)
    for _ in range(30):
        ApplicationFactory(
            provider=own_provider,
            window__system=first.window.system,
            status=Application.Status.WITHDRAWN,
            lots=list(first.window.system.lots.all()),
        )
    assert count(provider_client, url, django_assert_max_num_queries) == few


@pytest.mark.parametrize("page", ["fps:application", "fps:application-check"])
def test_application_pages_are_flat(
    page, provider_client, commissioner_client, own_provider, django_assert_max_num_queries
):
    application = own_application(own_provider, lots=2)
    url = reverse(page, args=[application.reference])
    few = count(provider_client, url, django_assert_max_num_queries)
    few_commissioner = count(commissioner_client, url, django_assert_max_num_queries)
    grow_questionnaire(application.window.system)
    answer_all(application)
    for n in range(5):
        open_clarification(application, f"Question {n}?")
    assert Application.objects.get(pk=application.pk).answers.count() > 60
    assert count(provider_client, url, django_assert_max_num_queries) == few
    assert count(commissioner_client, url, django_assert_max_num_queries) == few_commissioner


def test_section_page_is_flat(provider_client, own_provider, django_assert_max_num_queries):
    application = own_application(own_provider)
    url = reverse("fps:application-section", args=[application.reference, 1])
    few = count(provider_client, url, django_assert_max_num_queries)
    section = application.window.system.sections.get(number=1)
    for n in range(20):
        QuestionFactory(section=section, number=f"1.{10 + n}", position=10 + n)
    answer_all(application)
    assert count(provider_client, url, django_assert_max_num_queries) == few


def test_notifications_are_flat_and_paginated(provider_client, own_provider, django_assert_max_num_queries):
    url = reverse("fps:notifications")
    Notification.objects.create(provider=own_provider, subject="One", body="x")
    few = count(provider_client, url, django_assert_max_num_queries)
    for n in range(40):
        Notification.objects.create(provider=own_provider, subject=f"Message {n}", body="x")
    assert count(provider_client, url, django_assert_max_num_queries) == few
    response = provider_client.get(url + "?page=2")
    assert 'aria-label="Page 2"' in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
