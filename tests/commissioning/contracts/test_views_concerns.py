"""Providers of concern over HTTP (issue 12, part 6): a governance meeting's decision to suspend new
placements is confirmed first, then suspends the provider's FPS admissions at once (its next bid is
refused with the reason); lifting it is refused while the action plan is open."""

import datetime
import html

import pytest
from django.urls import reverse

from commissioning.contracts.models import ActionItem, Concern, GovernanceMeeting, PlacementSuspension
from commissioning.fps.models import Admission
from commissioning.fps.services.calloffs import bid_refusal
from tests.commissioning.fps.factories import AdmissionFactory, PackageFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def meeting(db):
    return GovernanceMeeting.objects.create(
        meeting_date=TODAY - datetime.timedelta(days=1), chair="Head of commissioning", attendees="CCG"
    )


def decide(client, meeting, provider, decision, **extra):
    return client.post(
        reverse("contracts:meeting-item", args=[meeting.pk, provider.slug]),
        {
            "discussion": "Missed calls again.",
            "decision": decision,
            "reason": "Repeated missed calls.",
            **extra,
        },
    )


def test_suspending_asks_first_then_suspends_and_the_next_bid_is_refused(client_for, meeting, own_provider):
    admission = AdmissionFactory(provider=own_provider)
    package = PackageFactory(lot=admission.lot)
    client = client_for("contracts-officer")
    response = decide(client, meeting, own_provider, "suspend")
    assert response.status_code == 200 and "Suspend new placements with" in response.content.decode()
    assert not PlacementSuspension.objects.exists()
    response = decide(client, meeting, own_provider, "suspend", confirmed="true")
    assert response.status_code == 302
    admission.refresh_from_db()
    assert admission.status == Admission.Status.SUSPENDED
    refusal = bid_refusal(package, own_provider)
    assert "Repeated missed calls." in refusal
    assert own_provider.name in client.get(reverse("contracts:concerns")).content.decode()


def test_lifting_is_refused_while_the_action_plan_is_open(client_for, meeting, own_provider):
    client = client_for("commissioner")
    decide(client, meeting, own_provider, "suspend", confirmed="true")
    concern = Concern.objects.create(
        provider=own_provider, opened_on=TODAY, source="officer", summary="Calls"
    )
    item = ActionItem.objects.create(
        provider=own_provider, concern=concern, action="Fix the rota", owner="Manager", due_on=TODAY
    )
    response = decide(client, meeting, own_provider, "lift")
    assert "lifted only when the provider's action plan is complete" in html.unescape(
        response.content.decode()
    )
    assert PlacementSuspension.objects.get().lifted_on is None
    item.status = ActionItem.Status.COMPLETED
    item.save()
    assert decide(client, meeting, own_provider, "lift").status_code == 302
    assert PlacementSuspension.objects.get().lifted_on is not None


def test_a_concern_flags_the_provider_and_closes_with_a_reason(client_for, own_provider):
    client = client_for("contracts-officer")
    response = client.post(
        reverse("contracts:concern-add"),
        {
            "provider": own_provider.name,
            "source": "partner",
            "summary": "Safeguarding alert",
            "opened_on-day": TODAY.day,
            "opened_on-month": TODAY.month,
            "opened_on-year": TODAY.year,
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    own_provider.quality.refresh_from_db()
    assert own_provider.quality.standing == "of-concern"
    assert (
        "Enter the reason"
        in client.post(reverse("contracts:concern-close", args=[concern.pk]), {"reason": ""}).content.decode()
    )
    client.post(
        reverse("contracts:concern-close", args=[concern.pk]), {"reason": "Alert closed by safeguarding."}
    )
    own_provider.quality.refresh_from_db()
    assert own_provider.quality.standing == "good"


def test_a_provider_of_concern_is_flagged_where_money_is_placed(client_for, own_provider, other_provider):
    from commissioning.contracts.services.concerns import concern_open
    from tests.funding.factories import matrix_objects

    offer = matrix_objects({"own_provider": own_provider, "other_provider": other_provider})["paid"]
    round_ = offer.round
    client = client_for("finance-officer")
    assert (
        "Provider of concern" not in client.get(reverse("funding:round", args=[round_.pk])).content.decode()
    )
    concern_open(provider=own_provider, source="officer", summary="Missed calls", by=None)
    assert "Provider of concern" in client.get(reverse("funding:round", args=[round_.pk])).content.decode()
    assert "Missed calls" in client.get(offer.get_absolute_url()).content.decode()


def test_a_provider_of_concern_is_flagged_where_work_is_placed_and_only_to_staff(
    client_for, client, own_provider, other_provider
):
    """The provider register and the FPS register show the flag to commissioners (issue 12, part 7); the
    published FPS register and a provider's own view of the register never do."""
    from commissioning.contracts.services.concerns import concern_open

    admission = AdmissionFactory(provider=own_provider)
    AdmissionFactory(provider=other_provider, lot=admission.lot)
    concern_open(provider=own_provider, source="officer", summary="Missed calls", by=None)
    fps_register = reverse("fps:register", args=[admission.lot.system.slug]) + f"?lot={admission.lot.number}"
    commissioner = client_for("commissioner")
    for url in (reverse("providers:list"), fps_register):
        page = commissioner.get(url).content.decode()
        assert page.count("Provider of concern") == 1, url
        assert "Own Organisation Ltd" in page and "Other Organisation Ltd" in page
    public = client.get(fps_register).content.decode()
    assert "Own Organisation Ltd" in public and "Provider of concern" not in public
    assert "Provider of concern" not in client_for("provider").get(reverse("providers:list")).content.decode()
