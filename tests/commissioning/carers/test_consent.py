"""Consent as records: what, when, how and by whom; a withdrawal takes effect at once (the next email is
not sent, even one already queued)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.carers import services
from commissioning.carers.models import Carer, Consent, RecordView, ReminderSent, Status
from commissioning.carers.services.reminders import send_reminders
from commissioning.carers.tasks import message_carer
from tests.commissioning.carers.factories import CarerFactory, ReferralFactory
from tests.forms import date_fields, with_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer(hub_user):
    carer = CarerFactory(email="jo.carer@example.org", phone="01632 960 001")
    services.consent_record(
        carer=carer, kind="contact-email", given=True, on=date(2025, 1, 6), method="phone", by=hub_user
    )
    return carer


def test_the_consent_page_records_a_decision(hub_client, hub_user, carer):
    url = reverse("carers:consent", args=[carer.pk])
    page = hub_client.get(url).content.decode()
    assert "Contact by email" in page and "Record a decision" in page
    today = timezone.localdate()
    response = hub_client.post(
        url,
        {
            "kind": "share-social-care",
            "given": "yes",
            **date_fields("on", today),
            "method": "in-person",
        },
    )
    assert response.status_code == 302
    record = Consent.objects.get(kind="share-social-care")
    assert (
        record.given
        and record.on == today
        and record.method == "in-person"
        and record.recorded_by == hub_user
    )
    carer.refresh_from_db()
    assert carer.consent_to_share_with_social_care
    assert carer.history.latest().history_change_reason == "Consent given: share information with social care"
    assert RecordView.objects.filter(carer=carer, what="consent").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Choose what the carer agreed to or withdrew"),
        ({"given": ""}, "Choose whether the carer gave or withdrew consent"),
        ({"method": "pigeon"}, "Select one of the options for “How?”"),
        ({"on": "1/1/2099"}, "The date must be today or in the past"),
    ],
)
def test_bad_consent_input_changes_nothing(hub_client, carer, changes, message):
    data = with_dates({"kind": "store", "given": "no", "on": "1/1/2025", "method": "phone", **changes}, "on")
    response = hub_client.post(reverse("carers:consent", args=[carer.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Consent.objects.filter(carer=carer).count() == 1


def test_the_latest_decision_by_date_stands(hub_user, carer):
    services.consent_record(
        carer=carer, kind="contact-email", given=False, on=date(2025, 3, 1), method="phone", by=hub_user
    )
    # An older decision recorded later does not undo the newer one.
    services.consent_record(
        carer=carer, kind="contact-email", given=True, on=date(2025, 2, 1), method="phone", by=hub_user
    )
    assert not Carer.objects.get(pk=carer.pk).contact_by_email
    assert not services.may_contact(carer.pk, "email")


def test_a_withdrawn_email_consent_stops_the_next_email(hub_user, carer, django_capture_on_commit_callbacks):
    """The annual review invitation is emailed while the carer agrees; after a withdrawal, the next one
    is not, and neither is a message queued before the withdrawal and sent after it."""
    today = timezone.localdate()
    first = ReferralFactory(carer=carer, status=Status.PLAN_IN_PLACE, review_due_on=today + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today)
    invitations = [m for m in mail.outbox if m.to == [carer.email]]
    assert len(invitations) == 1 and first.reference in invitations[0].body
    assert "review" in invitations[0].subject.lower()

    # Withdrawn by telephone today: takes effect at once.
    services.consent_record(
        carer=carer, kind="contact-email", given=False, on=today, method="phone", by=hub_user
    )
    second = ReferralFactory(
        carer=carer, status=Status.PLAN_IN_PLACE, review_due_on=today + timedelta(days=6)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today)
    assert ReminderSent.objects.filter(kind="review-invitation", object_id=second.pk).exists()  # it was due
    assert [m for m in mail.outbox if m.to == [carer.email]] == invitations  # but no further email

    # A message queued while the carer agreed, sent after they withdrew, is not sent either.
    services.consent_record(
        carer=carer, kind="contact-email", given=True, on=today, method="phone", by=hub_user
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        from django.db import transaction

        transaction.on_commit(
            lambda: message_carer.enqueue(carer_id=carer.pk, referral_id=second.pk, kind="review-invitation")
        )
    services.consent_record(
        carer=carer, kind="contact-email", given=False, on=today, method="phone", by=hub_user
    )
    for callback in queued:
        callback()
    assert mail.outbox == []


def test_consents_at_intake_are_records(client, online_form_data):
    import re

    page = client.get(reverse("carers:refer")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {**online_form_data, "contact_by": ["text", "email"], "consent_to_share_with_gp": "on"}
    assert client.post(reverse("carers:refer"), {**data, "form_token": token}).status_code == 302
    carer = Carer.objects.get()
    kinds = set(Consent.objects.filter(carer=carer).values_list("kind", "given", "method", "recorded_by"))
    assert kinds == {
        ("store", True, "online", None),
        ("contact-text", True, "online", None),
        ("contact-email", True, "online", None),
        ("share-gp", True, "online", None),
    }
    assert carer.contact_by_email and carer.contact_by_text and not carer.contact_by_phone
    assert (
        carer.consent_to_contact
        and carer.consent_to_share_with_gp
        and not carer.consent_to_share_with_social_care
    )


def test_only_case_workers_see_or_record_consent(client_for, carer):
    url = reverse("carers:consent", args=[carer.pk])
    for role in ["commissioner", "performance-analyst", "provider", "social-care-assessor"]:
        assert client_for(role).get(url).status_code == 404, role
