"""Questions and answers in the browser's pages (issue 17): a provider asks about an open window or a
package before its deadline; commissioners answer from a queue, publishing the question reworded (the asker
is never shown) or answering the asker only; the published answers reach everyone who can see the window
(a public log) or the package (only providers admitted to its lot)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.fps.models import Admission, Notification, PublicQuestion
from commissioning.fps.services import questions as services
from tests.commissioning.fps.factories import ApplicationFactory, PackageFactory, fps_setup
from tests.commissioning.fps.factories_calloffs import admit
from tests.factories import ProviderFactory, ProviderMembershipFactory

pytestmark = pytest.mark.django_db

ASKED = "Own Organisation Ltd runs a minibus: can we charge for transport in our bid?"
PUBLISHED = "Can a provider charge for transport in its bid?"


@pytest.fixture
def window(db):
    return fps_setup()[2]


def ask_url(window):
    return reverse("fps:window-question-ask", args=[window.system.slug, window.pk])


def log_url(window):
    return reverse("fps:window-questions", args=[window.system.slug, window.pk])


def test_a_provider_asks_and_a_commissioner_publishes_it_anonymised(
    window, client_for, users, own_provider, django_capture_on_commit_callbacks
):
    applying = ProviderFactory(name="Applying Ltd")
    ProviderMembershipFactory(provider=applying, user__email="applying@example.org")
    ApplicationFactory(window=window, provider=applying)
    provider = client_for("provider")
    response = provider.post(ask_url(window), {"question": ASKED})
    assert response.status_code == 302
    item = PublicQuestion.objects.get()
    assert (item.asked_by_provider, item.window, item.status) == (own_provider, window, "asked")

    # Nothing public yet; the asker sees its own question waiting.
    assert ASKED not in client_for("anonymous").get(log_url(window)).content.decode()
    own = provider.get(log_url(window)).content.decode()
    assert "Minibus" not in own and "minibus" in own and "Waiting for an answer" in own

    commissioner = client_for("commissioner")
    queue = commissioner.get(reverse("fps:question-queue")).content.decode()
    assert "Own Organisation Ltd" in queue and "1 question waiting" in queue
    answer_url = reverse("fps:question-answer", args=[item.pk])
    assert "Own Organisation Ltd (never published)" in commissioner.get(answer_url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = commissioner.post(
            answer_url, {"how": "publish", "published_question": PUBLISHED, "answer": "Yes, itemised."}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.published_question, item.answered_by) == (
        "published",
        PUBLISHED,
        users["commissioner"],
    )
    # Everyone applying in the window is told, and the asker; the public log shows the reworded question.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["applying@example.org", users["provider"].email])
    assert "Own Organisation" not in mail.outbox[0].body
    public = client_for("anonymous").get(log_url(window)).content.decode()
    assert PUBLISHED in public and "Yes, itemised." in public
    assert "Own Organisation" not in public and "minibus" not in public
    assert [h.history_change_reason for h in item.history.order_by("history_id")] == ["Asked", "Published"]
    # The queue opens on the questions still waiting: none now.
    assert "No questions match." in commissioner.get(reverse("fps:question-queue")).content.decode()


def test_bad_input_is_a_govuk_error_and_changes_nothing(window, client_for):
    provider = client_for("provider")
    for data, message in [
        ({"question": "  "}, "Enter your question"),
        ({"question": "x" * 4001}, "Your question must be 4,000 characters or fewer"),
    ]:
        response = provider.post(ask_url(window), data)
        assert response.status_code == 200 and message in response.content.decode()
    assert not PublicQuestion.objects.exists()
    item = services.question_ask_about_window(
        window=window, provider=ProviderFactory(), question="What is the term?", by=None
    )
    commissioner = client_for("commissioner")
    url = reverse("fps:question-answer", args=[item.pk])
    for data, message in [
        ({"answer": "Five years."}, "Choose who should see the answer"),
        (
            {"how": "publish", "published_question": "", "answer": "Five years."},
            "Enter the question as it will be published",
        ),
        ({"how": "private", "answer": ""}, "Enter the answer"),
    ]:
        response = commissioner.post(url, data)
        assert response.status_code == 200 and message in response.content.decode()
    item.refresh_from_db()
    assert item.status == "asked" and item.answer == ""


def test_a_closed_window_takes_no_questions(window, client_for):
    window.opens_at = timezone.now() - datetime.timedelta(days=30)
    window.closes_at = timezone.now() - datetime.timedelta(days=1)
    window.save()
    provider = client_for("provider")
    page = provider.get(ask_url(window)).content.decode()
    assert "only while an application window is open" in page and "Send the question" not in page
    response = provider.post(ask_url(window), {"question": "Late question?"})
    assert "govuk-error-summary" in response.content.decode()
    assert not PublicQuestion.objects.exists()
    assert "Ask a question" not in provider.get(log_url(window)).content.decode()


def test_a_private_answer_goes_to_the_asker_only(window, client_for, other_provider):
    item = services.question_ask_about_window(
        window=window,
        provider=other_provider,
        question="Is our CQC registration number right on our application?",
        by=None,
    )
    response = client_for("commissioner").post(
        reverse("fps:question-answer", args=[item.pk]),
        {"how": "private", "answer": "Yes, it matches the CQC register."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "not-published"
    assert Notification.objects.filter(provider=other_provider).count() == 1
    assert "matches the CQC" in client_for("other-provider").get(log_url(window)).content.decode()
    for role in ("anonymous", "provider"):
        assert "matches the CQC" not in client_for(role).get(log_url(window)).content.decode()


def test_package_questions_reach_only_providers_admitted_to_its_lot(
    client_for, own_provider, other_provider, users
):
    system, lots, _window = fps_setup()
    admit(own_provider, lots[0])
    admit(other_provider, lots[1])
    colleague_org = ProviderFactory(name="Also Admitted Ltd")
    colleague = ProviderMembershipFactory(provider=colleague_org, user__username="also").user
    admit(colleague_org, lots[0])
    suspended_org = ProviderFactory(name="Suspended Ltd")
    admit(suspended_org, lots[0], status=Admission.Status.SUSPENDED)
    package = PackageFactory(lot=lots[0])
    url = reverse("fps:package-question-ask", args=[package.reference])
    assert client_for("provider").post(url, {"question": "Is lunch provided?"}).status_code == 302
    # A provider admitted only to another lot cannot see the package or ask.
    assert client_for("other-provider").post(url, {"question": "Is lunch?"}).status_code == 404
    item = PublicQuestion.objects.get()
    services.question_publish(
        item=item,
        published_question="Is lunch provided?",
        answer="No: bring a packed lunch.",
        by=users["commissioner"],
    )
    assert {n.provider for n in Notification.objects.all()} == {own_provider, colleague_org}
    log = reverse("fps:package-questions", args=[package.reference])
    from django.test import Client

    from tests.signin import verified_login

    reader = Client()
    verified_login(reader, colleague)
    assert "packed lunch" in reader.get(log).content.decode()
    assert client_for("other-provider").get(log).status_code == 404
    # The package's published answers are not in the window's public log.
    assert not PublicQuestion.objects.visible_to(users["other-provider"]).filter(package=package).exists()


def test_package_questions_close_with_the_bids(client_for, own_provider):
    system, lots, _window = fps_setup()
    admit(own_provider, lots[0])
    package = PackageFactory(lot=lots[0], bid_deadline=timezone.now() - datetime.timedelta(minutes=1))
    url = reverse("fps:package-question-ask", args=[package.reference])
    page = client_for("provider").get(url).content.decode()
    assert "questions are closed" in page
    response = client_for("provider").post(url, {"question": "Too late?"})
    assert "govuk-error-summary" in response.content.decode()
    assert not PublicQuestion.objects.exists()


def test_correcting_a_published_answer_keeps_the_earlier_one_and_tells_no_one_again(
    window, client_for, users
):
    item = services.question_ask_about_window(
        window=window, provider=ProviderFactory(), question="What is the term?", by=None
    )
    services.question_publish(item=item, published_question="What is the term?", answer="Five.", by=None)
    told = Notification.objects.count()
    url = reverse("fps:question-answer", args=[item.pk])
    page = client_for("commissioner").get(url).content.decode()
    assert "Correct the published answer" in page and 'value="private"' not in page
    client_for("commissioner").post(
        url, {"how": "publish", "published_question": "What is the term?", "answer": "Five years."}
    )
    item.refresh_from_db()
    assert item.answer == "Five years." and Notification.objects.count() == told
    assert item.history.first().history_change_reason == "Published answer corrected"
    assert item.history.filter(answer="Five.").exists()


def test_the_public_log_is_paginated_newest_answer_first(window, client):
    provider = ProviderFactory()
    for n in range(23):
        item = services.question_ask_about_window(
            window=window, provider=provider, question=f"Question {n}?", by=None
        )
        services.question_publish(
            item=item,
            published_question=f"Published question number {n}?",
            answer=f"Answer {n}.",
            by=None,
            moment=timezone.now() + datetime.timedelta(minutes=n),
        )
    first = client.get(log_url(window)).content.decode()
    assert "23 questions" in first and "Published question number 22?" in first
    assert "Published question number 2?" not in first and 'rel="next"' in first
    second = client.get(log_url(window) + "?page=2").content.decode()
    assert "Published question number 2?" in second and "Published question number 22?" not in second


def test_empty_states(window, client_for):
    assert (
        "No questions have been answered and published yet."
        in client_for("anonymous").get(log_url(window)).content.decode()
    )
    page = client_for("provider").get(log_url(window)).content.decode()
    assert "Your organisation has not asked a question here." in page and "Ask a question" in page
    assert (
        "0 questions waiting"
        in client_for("commissioner").get(reverse("fps:question-queue")).content.decode()
    )
