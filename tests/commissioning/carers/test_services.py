"""The pathway as a state machine, through its services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commissioning.carers import services
from commissioning.carers.models import (
    CarerType,
    CatalogueService,
    ClosureReason,
    Need,
    Referral,
    Status,
    carer_type_on,
)
from tests.commissioning.carers.factories import ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("born", "parent", "expected"),
    [
        (date(2010, 6, 2), False, CarerType.YOUNG),  # 15
        (date(2009, 6, 1), False, CarerType.YOUNG),  # 17 today: still under 18
        (date(2008, 6, 1), False, CarerType.YOUNG_ADULT),  # 18 today
        (date(2000, 6, 2), True, CarerType.YOUNG_ADULT),  # 25: young adult even as a parent
        (date(2000, 6, 1), True, CarerType.PARENT),  # 26 today
        (date(1960, 1, 1), False, CarerType.ADULT),
        (None, False, CarerType.ADULT),
    ],
)
def test_carer_type_from_date_of_birth_and_parent_flag(born, parent, expected):
    assert carer_type_on(born, parent, TODAY) == expected


def receive(**overrides):
    carer = {
        "first_name": "Testy",
        "last_name": "Carer",
        "date_of_birth": date(1970, 1, 1),
        "phone": "07700 900123",
        "consent_to_store": True,
        **overrides.pop("carer", {}),
    }
    referral = {"route": "telephone", "referrer_type": "self", "reason": "Needs a break", **overrides}
    return services.referral_receive(
        carer=carer,
        cared_for=[{"relationship": "parent", "age_band": "85+", "primary_support_reason": "memory"}],
        referral=referral,
    )


def test_receive_derives_carer_type_and_records_history():
    referral = receive(carer={"date_of_birth": timezone.localdate() - timedelta(days=365 * 16)})
    assert referral.carer_type == CarerType.YOUNG
    assert referral.status == Status.RECEIVED
    assert referral.reference.startswith("CH-")
    assert referral.history.get().history_change_reason == "Referral received"
    assert referral.carer.history.count() == 1
    assert referral.carer.cared_for.count() == 1


def test_future_date_of_birth_and_no_contact_route_are_refused():
    with pytest.raises(ValidationError) as error:
        receive(carer={"date_of_birth": timezone.localdate() + timedelta(days=1)})
    assert "date_of_birth" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        receive(carer={"phone": "", "email": ""})
    assert "phone" in error.value.message_dict
    assert not Referral.objects.exists()


def test_crisis_needs_a_reason():
    with pytest.raises(ValidationError):
        receive(is_crisis=True)


def walk_to_need(referral, hub_user, level):
    services.referral_mark_contacted(referral=referral, by=hub_user)
    services.referral_record_assessment(
        referral=referral, outcome="completed", assessed_on=timezone.localdate(), by=hub_user
    )
    return services.referral_set_need(referral=referral, level=level, by=hub_user)


def test_moderate_pathway_through_assessor_allocation_plan_review_and_closure(hub_user, assessor_user):
    referral = walk_to_need(receive(), hub_user, Need.MODERATE)
    assert referral.status == Status.ASSESSOR_REVIEW
    assert referral.sent_to_social_care_at is not None
    assert Referral.objects.visible_to(assessor_user).filter(pk=referral.pk).exists()

    with pytest.raises(PermissionDenied):
        services.referral_assessor_review(referral=referral, level=Need.MODERATE, by=hub_user)
    referral = services.referral_assessor_review(referral=referral, level=Need.MODERATE, by=assessor_user)
    assert referral.status == Status.AWAITING_SUPPORT
    assert referral.assessor == assessor_user

    take_a_break = CatalogueService.objects.get(code="take-a-break")
    with pytest.raises(PermissionDenied):  # moderate services are the assessor's to allocate
        services.allocation_add(referral=referral, service=take_a_break, by=hub_user)
    services.allocation_add(referral=referral, service=take_a_break, by=assessor_user)
    fund = CatalogueService.objects.get(code="wellbeing-fund")
    with pytest.raises(ValidationError):  # the wellbeing fund records its amount
        services.allocation_add(referral=referral, service=fund, by=hub_user)
    allocation = services.allocation_add(referral=referral, service=fund, by=hub_user, amount=Decimal("250"))
    assert allocation.allocated_by == hub_user and allocation.amount == Decimal("250")
    referral.refresh_from_db()
    assert referral.status == Status.SUPPORT_ALLOCATED

    agreed = timezone.localdate() - timedelta(days=400)
    referral = services.referral_record_plan(referral=referral, plan_agreed_on=agreed, by=hub_user)
    assert referral.status == Status.PLAN_IN_PLACE
    assert referral.review_due_on == services.one_year_after(agreed)
    assert Referral.objects.review_overdue().filter(pk=referral.pk).exists()
    referral = services.referral_record_review(
        referral=referral, reviewed_on=timezone.localdate(), by=hub_user
    )
    assert referral.review_due_on == services.one_year_after(timezone.localdate())
    assert not Referral.objects.review_overdue().filter(pk=referral.pk).exists()

    with pytest.raises(ValidationError):
        services.referral_close(referral=referral, reason="", by=hub_user)
    referral = services.referral_close(
        referral=referral,
        reason=ClosureReason.OUTCOMES_MET,
        by=hub_user,
        outcomes={"outcome_wellbeing": "improved", "outcome_ability_to_care": "same"},
    )
    assert referral.status == Status.CLOSED and referral.closed_at
    assert referral.outcome_wellbeing == "improved"
    reasons = list(referral.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == [
        "Referral received",
        "Carer contacted",
        "Assessment completed",
        "Level of need: moderate",
        "Reviewed by a social care assessor: moderate need",
        "Support allocated",
        "Support plan in place",
        "Annual review recorded",
        "Closed: outcomes met",
    ]


def test_high_need_goes_to_social_care_and_hub_allocates_low_level_support(hub_user, assessor_user):
    referral = walk_to_need(receive(), hub_user, Need.HIGH)
    assert referral.status == Status.SOCIAL_CARE
    referral = services.referral_social_care_assessed(referral=referral, by=assessor_user, notes="Respite")
    assert referral.status == Status.AWAITING_SUPPORT
    services.allocation_add(
        referral=referral, service=CatalogueService.objects.get(code="emergency-card"), by=hub_user
    )
    services.allocation_add(
        referral=referral, service=CatalogueService.objects.get(code="day-care"), by=assessor_user
    )
    assert referral.allocations.count() == 2


def test_low_need_cannot_have_moderate_services(hub_user, assessor_user):
    referral = walk_to_need(receive(), hub_user, Need.LOW)
    assert referral.status == Status.AWAITING_SUPPORT
    assert not Referral.objects.visible_to(assessor_user).filter(pk=referral.pk).exists()
    with pytest.raises(ValidationError):
        services.allocation_add(
            referral=referral, service=CatalogueService.objects.get(code="one-to-one"), by=assessor_user
        )


@pytest.mark.parametrize(
    ("outcome", "status", "extra"),
    [
        ("declined", Status.DECLINED, {"mailing_list_opt_in": True}),
        ("not-eligible", Status.NOT_ELIGIBLE, {"signposted_to": "Age UK Cheshire East"}),
    ],
)
def test_declined_and_not_eligible_end_the_referral(hub_user, outcome, status, extra):
    referral = receive()
    services.referral_mark_contacted(referral=referral, by=hub_user)
    referral = services.referral_record_assessment(
        referral=referral, outcome=outcome, assessed_on=timezone.localdate(), by=hub_user, **extra
    )
    assert referral.status == status and referral.closed_at and not referral.is_open
    with pytest.raises(ValidationError):
        services.referral_close(referral=referral, reason=ClosureReason.OTHER, by=hub_user)


def test_steps_out_of_order_are_refused_and_change_nothing(hub_user):
    referral = ReferralFactory()
    for step in [
        lambda: services.referral_set_need(referral=referral, level=Need.LOW, by=hub_user),
        lambda: services.referral_record_plan(
            referral=referral, plan_agreed_on=timezone.localdate(), by=hub_user
        ),
        lambda: services.allocation_add(
            referral=referral, service=CatalogueService.objects.get(code="signposting"), by=hub_user
        ),
    ]:
        with pytest.raises(ValidationError):
            step()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert referral.allocations.count() == 0


def test_not_eligible_needs_signposting(hub_user):
    referral = receive()
    services.referral_mark_contacted(referral=referral, by=hub_user)
    with pytest.raises(ValidationError):
        services.referral_record_assessment(
            referral=referral, outcome="not-eligible", assessed_on=timezone.localdate(), by=hub_user
        )


def test_catalogue_is_the_documents_by_tier():
    by_tier = {
        tier: list(CatalogueService.objects.filter(tier=tier).values_list("name", flat=True))
        for tier in ["low", "moderate", "high"]
    }
    assert by_tier == {
        "low": [
            "Information, Advice and Guidance",
            "Online based support",
            "Group and Drop In Sessions",
            "Peer mentoring",
            "24/7 Chat Line",
            "Emergency Card",
            "Wellbeing Fund",
            "Befriending and Volunteering",
            "Education and Training",
            "Signposting to community activities/support",
            "Advocacy for carers",
            "Transition support",
        ],
        "moderate": ["Take a Break", "1 to 1 Support", "Community Respite"],
        "high": ["Residential and Nursing Respite Care", "Day Care", "Community Respite"],
    }
