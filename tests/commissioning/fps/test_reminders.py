"""Deadline reminders (issue 17): 7 and 1 days before a window closes to providers with a draft, 2 and 1
days before a bid deadline to admitted providers that have not bid; each once, through the task worker,
never to withdrawn, suspended, removed or deactivated providers. Tested with a moved clock."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from commissioning.fps.models import Admission, Application, Reminder
from commissioning.fps.services.reminders import closes_in, send_due_reminders
from tests.commissioning.fps.factories import (
    AdmissionFactory,
    ApplicationFactory,
    BidFactory,
    PackageFactory,
    fps_setup,
)
from tests.factories import ProviderFactory, ProviderMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(users):
    system, lots, window = fps_setup()
    return window


def provider_with_user(email, **kwargs):
    provider = ProviderFactory(**kwargs)
    ProviderMembershipFactory(provider=provider, user__email=email)
    return provider


def test_window_reminders_go_once_to_drafts_only(window, django_capture_on_commit_callbacks):
    drafting = provider_with_user("draft@example.org")
    ApplicationFactory(window=window, provider=drafting)
    submitted = provider_with_user("done@example.org")
    ApplicationFactory(window=window, provider=submitted, status=Application.Status.SUBMITTED)
    withdrawn = provider_with_user("gone@example.org")
    ApplicationFactory(window=window, provider=withdrawn, status=Application.Status.WITHDRAWN)
    deactivated = provider_with_user("off@example.org", is_active=False)
    ApplicationFactory(window=window, provider=deactivated)

    eight_days_before = window.closes_at - datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(eight_days_before) == {"windows": 0, "bids": 0}
    six_days_before = window.closes_at - datetime.timedelta(days=6, hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(six_days_before)["windows"] == 1
        assert send_due_reminders(six_days_before)["windows"] == 0  # each reminder once
    assert [m.to for m in mail.outbox] == [["draft@example.org"]]
    assert "closes in 7 days" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(window.closes_at - datetime.timedelta(hours=20))["windows"] == 1
        assert send_due_reminders(window.closes_at + datetime.timedelta(minutes=1))["windows"] == 0
    assert len(mail.outbox) == 2 and "tomorrow" in mail.outbox[1].subject
    assert Reminder.objects.filter(window=window, provider=drafting).count() == 2


def test_a_late_run_sends_only_the_nearest_reminder(window, django_capture_on_commit_callbacks):
    ApplicationFactory(window=window, provider=provider_with_user("late@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(window.closes_at - datetime.timedelta(hours=5))
    assert Reminder.objects.get().days_before == 1 and len(mail.outbox) == 1


def test_bid_reminders_go_to_active_admissions_that_have_not_bid(window, django_capture_on_commit_callbacks):
    lot = window.system.lots.get(number=1)
    package = PackageFactory(lot=lot)
    waiting = provider_with_user("waiting@example.org")
    AdmissionFactory(lot=lot, provider=waiting)
    bidder = provider_with_user("bidder@example.org")
    AdmissionFactory(lot=lot, provider=bidder)
    BidFactory(package=package, provider=bidder)
    suspended = provider_with_user("suspended@example.org")
    AdmissionFactory(lot=lot, provider=suspended, status=Admission.Status.SUSPENDED)
    removed = provider_with_user("removed@example.org")
    AdmissionFactory(lot=lot, provider=removed, status=Admission.Status.REMOVED)

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_due_reminders(package.bid_deadline - datetime.timedelta(days=1, hours=12))
    assert sent == {"windows": 0, "bids": 1}
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
    assert package.reference in mail.outbox[0].subject


def test_the_daily_command_queues_the_task(window, django_capture_on_commit_callbacks, capsys):
    ApplicationFactory(window=window, provider=provider_with_user("cmd@example.org"))
    # The immediate task backend runs the task when it is queued; the window closes in 21 days: none due.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_fps_reminders")
    assert "FPS reminders queued" in capsys.readouterr().out
    assert Reminder.objects.count() == 0


def test_closes_in():
    now = datetime.datetime(2025, 5, 20, 9, tzinfo=datetime.UTC)
    assert closes_in(now + datetime.timedelta(days=6), now) == "closes in 6 days"
    assert closes_in(now + datetime.timedelta(hours=20), now) == "closes tomorrow"
    assert closes_in(now + datetime.timedelta(hours=3), now) == "closes today"
    assert closes_in(now - datetime.timedelta(hours=3), now) == "closed"
