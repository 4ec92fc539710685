"""No role but the carers hub and social care assessors ever reaches personal data; retention."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commissioning.carers.models import Carer, Contact, Referral, Status
from tests.commissioning.carers.factories import CaredForFactory, CarerFactory, ReferralFactory
from tests.conftest import ALL_ROLES

pytestmark = pytest.mark.django_db
PERSONAL = ["Zebedee", "Quillfeather", "07700 900777", "zq@example.org", "Secret reason text"]


@pytest.fixture
def private_referral():
    carer = CarerFactory(
        first_name="Zebedee", last_name="Quillfeather", phone="07700 900777", email="zq@example.org"
    )
    CaredForFactory(carer=carer)
    return ReferralFactory(carer=carer, reason="Secret reason text")


def carer_urls(referral):
    ref, pk = referral.reference, referral.carer_id
    return [
        reverse("carers:referral", args=[ref]),
        reverse("carers:allocate", args=[ref]),
        reverse("carers:step", args=[ref, "contacted"]),
        reverse("carers:step", args=[ref, "close"]),
        reverse("carers:carer", args=[pk]),
        reverse("carers:access-log", args=[pk]),
        reverse("carers:export-json", args=[pk]),
        reverse("carers:export-pdf", args=[pk]),
        reverse("carers:caseload") + "?status=all",
        reverse("carers:assessor"),
        reverse("carers:statistics"),
    ]


@pytest.mark.parametrize(
    "role", [r for r in ALL_ROLES if r not in {"carers-hub-worker", "social-care-assessor"}]
)
def test_other_roles_never_see_personal_data(role, client_for, private_referral):
    client = client_for(role)
    for url in carer_urls(private_referral):
        response = client.get(url)
        body = response.content.decode(errors="ignore")
        assert response.status_code in {302, 403, 404, 200}, url
        if response.status_code == 200:
            assert url == reverse("carers:statistics"), f"{role} got {url}"
        for text in PERSONAL:
            assert text not in body, f"{role} saw {text!r} at {url}"
        for url_part in ["/referrals/", "/carers/"]:
            if url_part in url and role != "anonymous":
                assert response.status_code == 404, f"{role} {url}: {response.status_code}"


def test_assessor_sees_only_referrals_sent_to_social_care(assessor_client, users, private_referral):
    assert assessor_client.get(private_referral.get_absolute_url()).status_code == 404
    assert assessor_client.get(private_referral.carer.get_absolute_url()).status_code == 404
    private_referral.sent_to_social_care_at = timezone.now()
    private_referral.status = Status.ASSESSOR_REVIEW
    private_referral.save()
    assert assessor_client.get(private_referral.get_absolute_url()).status_code == 200
    # Taken by another assessor: no longer this one's.
    other = users["commissioner"]
    private_referral.assessor = other
    private_referral.save()
    assert assessor_client.get(private_referral.get_absolute_url()).status_code == 404


def test_querysets_return_nothing_for_other_roles(users, private_referral):
    for role, user in users.items():
        visible = Referral.objects.visible_to(user).exists()
        assert visible == (role == "carers-hub-worker"), role
        assert Carer.objects.visible_to(user).exists() == (role == "carers-hub-worker"), role


def closed_long_ago(referral, years):
    when = timezone.now() - timedelta(days=365 * years + 2)
    Referral.objects.filter(pk=referral.pk).update(
        status=Status.CLOSED, closure_reason="outcomes-met", closed_at=when
    )


def test_retention_anonymises_old_carers_and_their_history(settings, hub_user, private_referral):
    settings.CARERS_RETENTION_YEARS = 6
    # History with personal data in it, as the services leave it.
    private_referral.carer._change_reason = "Details edited"
    private_referral.carer.save()
    private_referral._change_reason = "Contacted"
    private_referral.save()
    Contact.objects.create(
        referral=private_referral,
        contacted_on=timezone.localdate(),
        method="phone",
        notes="Zebedee rang",
        by=hub_user,
    )
    recent = ReferralFactory(carer=CarerFactory(first_name="Keepme"))
    still_open = ReferralFactory(carer=CarerFactory(first_name="Stillopen"))
    ReferralFactory(carer=still_open.carer)
    closed_long_ago(private_referral, 7)
    closed_long_ago(recent, 5)
    closed_long_ago(still_open, 7)

    out = StringIO()
    call_command("anonymise_carers", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 carers")
    call_command("anonymise_carers", stdout=out)
    assert "Anonymised 1 carers" in out.getvalue()
    assert "Zebedee" not in out.getvalue()

    carer = Carer.objects.get(pk=private_referral.carer_id)
    assert (
        carer.anonymised_at
        and carer.first_name == "Anonymised"
        and carer.phone == ""
        and carer.date_of_birth is None
    )
    for row in carer.history.all():
        assert row.first_name == "Anonymised" and row.phone == "" and row.email == ""
    for row in Referral.history.filter(id=private_referral.pk):
        assert row.reason == "Anonymised"
    assert Contact.objects.get(referral=private_referral).notes == "Anonymised"
    # What the statistics need stays.
    referral = Referral.objects.get(pk=private_referral.pk)
    assert referral.carer_type and referral.route and referral.closed_at
    assert Carer.objects.get(first_name="Keepme").anonymised_at is None
    assert Carer.objects.get(first_name="Stillopen").anonymised_at is None
    # Run again: nothing more to do.
    call_command("anonymise_carers", stdout=out)
    assert out.getvalue().rstrip().endswith("Anonymised 0 carers closed more than 6 years ago.")
