"""Subscriptions to a committee (issue 19, point 4): double opt-in by a signed link, the emails through the
task worker with one-click unsubscribe (RFC 8058), a rate limit per address and hour, and the Atom feeds.
Nothing exempt (part 2) in any email or feed."""

from __future__ import annotations

import datetime
import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from committees import services, subscriptions
from committees.models import Decision, Meeting, Subscription
from tests.committees.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
EVENTS = ["agenda", "minutes", "decision"]


def ask(client, committee, email="resident@example.org", events=EVENTS):
    return client.post(
        reverse("committees:subscribe", args=[committee.slug]), {"email": email, "events": events}
    )


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)|https?://[^/\s]+(/\S+)", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def subscribe(committee, email="resident@example.org", events=EVENTS, capture=None) -> Subscription:
    client = Client()
    with capture(execute=True):
        ask(client, committee, email, events)
    confirm = path_of(link_in(mail.outbox[-1]))
    client.post(confirm)
    return Subscription.objects.get(committee=committee, email=email)


def test_nothing_is_kept_or_sent_but_the_confirmation_until_the_link_is_followed(
    business, django_capture_on_commit_callbacks
):
    committee, client = business["committee"], Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, committee, "Resident@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:subscribe-sent", args=[committee.slug])
    assert not Subscription.objects.exists()
    [confirmation] = mail.outbox
    assert confirmation.to == ["resident@example.org"]
    assert confirmation.subject == "Confirm your subscription to the Adults and Health Committee"
    assert "List-Unsubscribe" not in confirmation.extra_headers
    # Publishing an agenda now emails no one: the address has not confirmed.
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=business["scheduled"], by=None)
    assert len(mail.outbox) == 1
    confirm = path_of(link_in(confirmation))
    page = client.get(confirm)
    assert "Confirm your subscription" in page.text and "resident@example.org" in page.text
    assert not Subscription.objects.exists()  # a link scanner's GET confirms nothing
    done = client.post(confirm)
    assert "You are subscribed" in done.text
    subscription = Subscription.objects.get()
    assert subscription.email == "resident@example.org" and sorted(subscription.events) == sorted(EVENTS)


def test_the_agenda_email_has_one_click_unsubscribe_and_no_exempt_item(
    business, django_capture_on_commit_callbacks
):
    committee = business["committee"]
    subscriber = subscribe(committee, capture=django_capture_on_commit_callbacks)
    subscribe(committee, "minutes-only@example.org", ["minutes"], capture=django_capture_on_commit_callbacks)
    meeting = business["scheduled"]
    AgendaItemFactory(meeting=meeting, number="2", title="Care home fees (public)")
    AgendaItemFactory(
        meeting=meeting, number="9", title="Exempt prices of Acme", part=2, exempt_paragraph="3"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=None)
    [email] = mail.outbox
    assert email.to == [subscriber.email]
    assert email.subject == "Agenda published: Adults and Health Committee, 6 June 2030"
    assert "2. Care home fees (public)" in email.body
    assert "Exempt prices" not in email.body and "Acme" not in email.body
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.startswith("<") and unsubscribe.endswith(">")
    url = unsubscribe[1:-1]
    assert url in email.body
    # RFC 8058: the mail client POSTs with no CSRF token and no cookie.
    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(
        path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "You are unsubscribed" in response.text
    assert not Subscription.objects.filter(pk=subscriber.pk).exists()
    again = one_click.get(path_of(url))
    assert "You are not subscribed" in again.text


def test_minutes_and_decisions_email_those_who_asked(business, django_capture_on_commit_callbacks):
    committee = business["committee"]
    subscribe(committee, "all@example.org", capture=django_capture_on_commit_callbacks)
    subscribe(committee, "agendas@example.org", ["agenda"], capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    march = business["march"]
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(meeting=business["january"], at=march, by=None)
    decision = Decision.objects.create(
        title="Approve the FPS",
        decision="Agreed.",
        committee=committee,
        decided_on=datetime.date(2022, 3, 28),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_publish(decision=decision, by=None)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["all@example.org"], "Minutes approved: Adults and Health Committee, 18 January 2022"),
        (["all@example.org"], "Decision published: Approve the FPS"),
    ]
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)


def test_rate_limited_per_address_and_hour_with_a_govuk_error(
    business, settings, django_capture_on_commit_callbacks
):
    settings.COMMITTEES_SUBSCRIBE_RATE_LIMIT = 2
    committee = business["committee"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert ask(Client(), committee).status_code == 302
        refused = ask(Client(), committee, "RESIDENT@example.org")
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.text
    assert "Too many confirmation emails have been sent to this address in the last hour" in refused.text
    assert len(mail.outbox) == 2 and not Subscription.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(Client(), committee, "someone-else@example.org").status_code == 302
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "", "events": EVENTS}, "Enter your email address"),
        ({"email": "not an address", "events": EVENTS}, "Enter an email address in the correct format"),
        ({"email": "a@example.org"}, "Select what you want to be emailed about"),
        ({"email": "a@example.org", "events": ["everything"]}, "Select what you want to be emailed about"),
    ],
)
def test_bad_input_is_a_govuk_error_and_sends_nothing(
    business, data, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("committees:subscribe", args=[business["committee"].slug]), data)
    assert response.status_code == 200 and message in response.text and "govuk-error-summary" in response.text
    assert mail.outbox == [] and not Subscription.objects.exists()


def test_altered_or_expired_links_do_nothing(business, monkeypatch):
    committee = business["committee"]
    token = subscriptions.confirm_token(committee, "a@example.org", ["agenda"])
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    client = Client()
    for bad in (altered, "nonsense"):
        response = client.post(reverse("committees:subscription-confirm", args=[bad]))
        assert response.status_code == 404 and "This link does not work" in response.text
    assert subscriptions.read_confirm_token(token) is not None
    later = time.time() + datetime.timedelta(days=subscriptions.CONFIRM_DAYS, minutes=1).total_seconds()
    monkeypatch.setattr(time, "time", lambda: later)
    assert subscriptions.read_confirm_token(token) is None
    response = client.post(reverse("committees:subscription-confirm", args=[token]))
    assert response.status_code == 404
    assert not Subscription.objects.exists()
    response = client.post(reverse("committees:unsubscribe", args=["12:forged"]))
    assert response.status_code == 200 and "You are not subscribed" in response.text
    assert client.post(reverse("committees:unsubscribe", args=["forged"])).status_code == 404


def test_an_unsubscribe_link_cannot_be_forged_for_another_address(
    business, django_capture_on_commit_callbacks
):
    subscription = subscribe(business["committee"], capture=django_capture_on_commit_callbacks)
    forged = signing.Signer(salt=f"{subscriptions.UNSUBSCRIBE_SALT}:other@example.org").sign(
        str(subscription.pk)
    )
    response = Client().post(reverse("committees:unsubscribe", args=[forged]))
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


# Feeds ------------------------------------------------------------------------------------------------


def parse_atom(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    # Strict: raises on anything that is not well-formed XML. Our own output, not untrusted input.
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return root, entries


def test_the_feeds_list_public_agendas_and_never_an_exempt_item(business):
    other = MeetingFactory(committee=CommitteeFactory(name="Health and Wellbeing Board"))
    client = Client()
    root, entries = parse_atom(client.get(reverse("committees:meetings-feed")))
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Adults and Health Committee, 28 March 2022: agenda published" in titles
    assert "Health and Wellbeing Board, 28 March 2022: agenda published" in titles
    text = ET.tostring(root, encoding="unicode")
    assert "Day Opportunities" in text
    assert "Care contract award" not in text  # part 2
    assert "Not yet public item" not in text and "6 June 2030" not in text  # agenda not published
    root, entries = parse_atom(client.get(reverse("committees:committee-feed", args=["adults-and-health"])))
    assert {entry.find(f"{ATOM}title").text.split(",")[0] for entry in entries} == {
        "Adults and Health Committee"
    }
    assert other.committee.name not in ET.tostring(root, encoding="unicode")


def test_pages_link_their_feeds(business):
    client = Client()
    committee_page = client.get(reverse("committees:committee", args=["adults-and-health"])).text
    feed = reverse("committees:committee-feed", args=["adults-and-health"])
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="Adults and Health Committee: meetings" href="{feed}">' in committee_page
    )
    for name in ("committees:index", "committees:meetings"):
        assert (
            f'title="Committee meetings" href="{reverse("committees:meetings-feed")}"'
            in client.get(reverse(name)).text
        )
    assert reverse("committees:subscribe", args=["adults-and-health"]) in committee_page


def test_a_scheduled_meeting_publishing_notifies_through_the_task(
    business, django_capture_on_commit_callbacks
):
    """The notification itself is a task: publishing queues it, the worker (inline here) sends."""
    from committees.tasks import notify_subscribers

    subscribe(business["committee"], capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert notify_subscribers.call("agenda", business["scheduled"].pk) == 0  # not published yet
    Meeting.objects.filter(pk=business["scheduled"].pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_subscribers.call("agenda", business["scheduled"].pk) == 1
    assert len(mail.outbox) == 1
