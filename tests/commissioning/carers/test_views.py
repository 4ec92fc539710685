"""Hub staff, assessor and commissioner pages through HTTP."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.carers.models import CatalogueService, Contact, RecordView, Referral, Status
from portal.pdf import page_texts
from tests.commissioning.carers.factories import CaredForFactory, CarerFactory, ReferralFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


def step_url(referral, step):
    return reverse("carers:step", args=[referral.reference, step])


def test_caseload_crisis_first_and_filters(hub_client):
    calm = ReferralFactory(received_at=timezone.now())
    crisis = ReferralFactory(
        is_crisis=True, crisis_reason="breakdown", received_at=timezone.now() - timedelta(days=9)
    )
    young = ReferralFactory(carer_type="young", route="telephone", status=Status.CONTACTED)
    closed = ReferralFactory(status=Status.CLOSED, closure_reason="other", closed_at=timezone.now())
    overdue = ReferralFactory(
        status=Status.PLAN_IN_PLACE, review_due_on=timezone.localdate() - timedelta(days=1)
    )
    page = hub_client.get(reverse("carers:caseload")).content.decode()
    assert page.index(crisis.reference) < page.index(calm.reference)
    assert closed.reference not in page
    assert "5 referrals" not in page and "4 referrals" in page

    def refs(query):
        return {
            r
            for r in [calm, crisis, young, closed, overdue]
            if r.reference in hub_client.get(reverse("carers:caseload") + query).content.decode()
        }

    assert refs("?carer_type=young") == {young}
    assert refs("?route=telephone") == {young}
    assert refs("?status=closed") == {closed}
    assert refs("?status=all") == {calm, crisis, young, closed, overdue}
    assert refs("?review_overdue=on") == {overdue}
    assert refs("?crisis=on") == {crisis}
    assert hub_client.get(reverse("carers:caseload") + "?status=nonsense").status_code == 200


def test_caseload_query_count_does_not_grow(hub_client, django_assert_max_num_queries):
    ReferralFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        hub_client.get(reverse("carers:caseload"))
    ReferralFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        hub_client.get(reverse("carers:caseload"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        hub_client.get(reverse("carers:caseload") + "?page=2")


def test_referral_page_query_count_does_not_grow(hub_client, hub_user, django_assert_max_num_queries):
    referral = ReferralFactory(status=Status.AWAITING_SUPPORT, level_of_need="low")
    url = referral.get_absolute_url()
    with django_assert_max_num_queries(30) as few:
        hub_client.get(url)
    fund = CatalogueService.objects.get(code="wellbeing-fund")
    for n in range(10):
        Contact.objects.create(
            referral=referral, contacted_on=timezone.localdate(), method="phone", notes=f"n{n}", by=hub_user
        )
        referral.allocations.create(service=fund, amount=100 + n, allocated_by=hub_user)
        CaredForFactory(carer=referral.carer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        hub_client.get(url)


def test_pathway_through_http(hub_client, assessor_client, users, django_capture_on_commit_callbacks):
    referral = ReferralFactory()
    CaredForFactory(carer=referral.carer)
    page = hub_client.get(referral.get_absolute_url()).content.decode()
    assert "Record first contact" in page and "Close the referral" in page

    assert hub_client.post(step_url(referral, "contacted")).status_code == 302
    response = hub_client.post(
        step_url(referral, "assessment"),
        {"outcome": "completed", **date_fields("assessed_on", ("tomorrow", "1", "2022"))},
    )
    assert "Date must be a real date" in response.content.decode()
    today = timezone.localdate()
    assert (
        hub_client.post(
            step_url(referral, "assessment"), {"outcome": "completed", **date_fields("assessed_on", today)}
        ).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert hub_client.post(step_url(referral, "need"), {"level": "moderate"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ASSESSOR_REVIEW
    # The assessors are emailed: a link, no personal data.
    assert mail.outbox[-1].subject == "A referral needs attention"
    assert referral.carer.last_name not in mail.outbox[-1].body

    assert referral.reference in assessor_client.get(reverse("carers:assessor")).content.decode()
    assert hub_client.get(step_url(referral, "assessor-review")).status_code == 403
    assert (
        assessor_client.post(step_url(referral, "assessor-review"), {"level": "moderate"}).status_code == 302
    )
    service = CatalogueService.objects.get(code="one-to-one")
    hub_form = hub_client.get(reverse("carers:allocate", args=[referral.reference])).content.decode()
    assert "1 to 1 Support" not in hub_form and "Peer mentoring" in hub_form
    response = assessor_client.post(
        reverse("carers:allocate", args=[referral.reference]), {"service": service.pk}
    )
    assert response.status_code == 302
    fund = CatalogueService.objects.get(code="wellbeing-fund")
    response = hub_client.post(reverse("carers:allocate", args=[referral.reference]), {"service": fund.pk})
    assert "Enter the amount from the Wellbeing Fund" in response.content.decode()
    assert (
        hub_client.post(
            reverse("carers:allocate", args=[referral.reference]), {"service": fund.pk, "amount": "150"}
        ).status_code
        == 302
    )
    assert (
        hub_client.post(step_url(referral, "plan"), {**date_fields("plan_agreed_on", today)}).status_code
        == 302
    )
    assert (
        hub_client.post(step_url(referral, "review"), {**date_fields("reviewed_on", today)}).status_code
        == 302
    )
    response = hub_client.post(
        reverse("carers:add-contact", args=[referral.reference]),
        {**date_fields("contacted_on", today), "method": "phone", "notes": "Rang"},
    )
    assert response.status_code == 302
    response = hub_client.post(
        reverse("carers:add-contact", args=[referral.reference]), {**date_fields("contacted_on", today)}
    )
    assert "Enter the notes" in response.content.decode()

    close = step_url(referral, "close")
    assert "Are you sure you want to close this referral?" in hub_client.get(close).content.decode()
    response = hub_client.post(close, {"reason": ""})
    assert "Give the reason for closing" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.PLAN_IN_PLACE
    assert (
        hub_client.post(close, {"reason": "outcomes-met", "outcome_wellbeing": "improved"}).status_code == 302
    )
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED
    page = hub_client.get(referral.get_absolute_url()).content.decode()
    assert "£150" in page and "Outcomes met" in page and "Rang" in page
    # A step that is no longer next is not taken.
    assert (
        hub_client.post(step_url(referral, "plan"), {**date_fields("plan_agreed_on", today)}).status_code
        == 302
    )
    assert Referral.objects.get(pk=referral.pk).status == Status.CLOSED


def test_unknown_step_is_404(hub_client):
    referral = ReferralFactory()
    assert hub_client.get(step_url(referral, "teleport")).status_code == 404


def test_staff_enter_a_telephone_referral(hub_client, online_form_data):
    data = {**online_form_data, "route": "telephone"}
    response = hub_client.post(reverse("carers:referral-new"), data)
    referral = Referral.objects.get()
    assert response["Location"] == referral.get_absolute_url()
    assert referral.route == "telephone"
    assert referral.history.get().history_user.username == "carers-hub-worker"


def test_every_view_of_a_record_is_logged_and_shown_to_hub_managers(hub_client, assessor_client):
    referral = ReferralFactory(sent_to_social_care_at=timezone.now(), status=Status.ASSESSOR_REVIEW)
    hub_client.get(referral.get_absolute_url())
    assessor_client.get(referral.carer.get_absolute_url())
    hub_client.get(reverse("carers:export-json", args=[referral.carer_id]))
    views = list(RecordView.objects.order_by("pk").values_list("user__username", "what"))
    assert views == [
        ("carers-hub-worker", "referral"),
        ("social-care-assessor", "carer record"),
        ("carers-hub-worker", "subject access export (JSON)"),
    ]
    log = hub_client.get(reverse("carers:access-log", args=[referral.carer_id])).content.decode()
    assert "social-care-assessor" in log and "Subject access export (JSON)" in log
    assert assessor_client.get(reverse("carers:access-log", args=[referral.carer_id])).status_code == 403


def test_subject_access_exports(hub_client, hub_user):
    carer = CarerFactory(
        first_name="Exporta", last_name="Demo-Person", postcode="CW1 2BJ", address_line_1="1 Test Row"
    )
    CaredForFactory(carer=carer)
    referral = ReferralFactory(carer=carer, reason="Needs respite")
    Contact.objects.create(
        referral=referral, contacted_on=timezone.localdate(), method="phone", notes="Called back", by=hub_user
    )
    data = json.loads(hub_client.get(reverse("carers:export-json", args=[carer.pk])).content)
    assert data["carer"]["last_name"] == "Demo-Person"
    assert data["referrals"][0]["reference"] == referral.reference
    assert data["referrals"][0]["contacts"][0]["notes"] == "Called back"
    assert data["cared_for"][0]["main_reason_for_care"] == "Memory and cognition"
    response = hub_client.get(reverse("carers:export-pdf", args=[carer.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page_texts(response.content))
    assert "Exporta Demo-Person" in text and referral.reference in text and "Called back" in text


def test_statistics_page_shows_numbers_only(commissioner_client, hub_user):
    carer = CarerFactory(first_name="Secretname")
    referral = ReferralFactory(carer=carer, status=Status.AWAITING_SUPPORT, level_of_need="low")
    referral.allocations.create(
        service=CatalogueService.objects.get(code="signposting"), allocated_by=hub_user
    )
    page = commissioner_client.get(reverse("carers:statistics")).content.decode()
    assert "Secretname" not in page and referral.reference not in page
    assert "Referrals by route" in page and "Signposting to community activities/support" in page
    assert "[c]</abbr>" in page  # one referral: hidden, shown as [c] (ADR 050)
    assert commissioner_client.get(reverse("carers:statistics") + "?year=nonsense").status_code == 200
    assert commissioner_client.get(reverse("carers:statistics") + "?year=1900").status_code == 200


def test_dashboard_panels_count_for_hub_and_assessor(hub_client, assessor_client, commissioner_client):
    ReferralFactory(is_crisis=True, crisis_reason="breakdown")
    ReferralFactory(
        status=Status.ASSESSOR_REVIEW, sent_to_social_care_at=timezone.now(), level_of_need="moderate"
    )
    hub_page = hub_client.get(reverse("home")).content.decode()
    assert "2 open referrals" in hub_page and "1 in crisis" in hub_page
    assert "1 referral sent to social care" in assessor_client.get(reverse("home")).content.decode()
    assert "Carers hub" not in commissioner_client.get(reverse("home")).content.decode()


def test_statistics_and_assessor_list_query_counts_do_not_grow(
    commissioner_client, assessor_client, hub_user, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            referral = ReferralFactory(
                status=Status.ASSESSOR_REVIEW, level_of_need="moderate", sent_to_social_care_at=timezone.now()
            )
            referral.allocations.create(service=CatalogueService.objects.first(), allocated_by=hub_user)

    add(2)
    with django_assert_max_num_queries(25) as stats_few:
        commissioner_client.get(reverse("carers:statistics"))
    with django_assert_max_num_queries(15) as list_few:
        assessor_client.get(reverse("carers:assessor"))
    add(30)
    with django_assert_max_num_queries(len(stats_few.captured_queries)):
        commissioner_client.get(reverse("carers:statistics"))
    with django_assert_max_num_queries(len(list_few.captured_queries)):
        assessor_client.get(reverse("carers:assessor"))


def test_staff_referral_bad_input_changes_nothing(hub_client, online_form_data):
    response = hub_client.post(
        reverse("carers:referral-new"), {**online_form_data, **date_fields("date_of_birth", "1/1/2099")}
    )
    page = response.content.decode()
    assert "Choose how the referral reached the hub" in page
    assert "Date of birth must be today or in the past" in page
    assert not Referral.objects.exists()


def test_contact_on_closed_referral_is_refused(hub_client):
    referral = ReferralFactory(status=Status.CLOSED, closure_reason="other", closed_at=timezone.now())
    today = timezone.localdate()
    response = hub_client.post(
        reverse("carers:add-contact", args=[referral.reference]),
        {**date_fields("contacted_on", today), "method": "phone", "notes": "Late"},
    )
    assert "This referral is closed" in response.content.decode()
    assert not Contact.objects.exists()


def test_deep_pages_are_the_same_rows_as_plain_offsets(monkeypatch):
    from commissioning.carers.views.caseload import CASELOAD_ORDER
    from portal import querysets

    monkeypatch.setattr(querysets, "DEFERRED_JOIN_FROM_OFFSET", 3)
    base = timezone.now()
    for n in range(23):
        ReferralFactory(
            received_at=base - timedelta(hours=n % 7), is_crisis=n % 5 == 0, crisis_reason="other"
        )
    plain = list(Referral.objects.order_by(*CASELOAD_ORDER).values_list("pk", flat=True))
    for start, stop in [(3, 8), (10, 15), (15, 20), (20, 25), (21, 23)]:
        qs = Referral.objects.order_by(*CASELOAD_ORDER)
        assert qs.count() == 23
        assert [r.pk for r in qs[start:stop]] == plain[start:stop], (start, stop)
