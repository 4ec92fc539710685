"""Carers hub factories: invented people only."""

from datetime import date

import factory
from django.utils import timezone

from commissioning.carers.models import (
    AgeBand,
    CaredForPerson,
    Carer,
    CarerType,
    CaringLink,
    Referral,
    ReferrerType,
    Relationship,
    Route,
    Status,
    SupportReason,
)


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = date(1970, 5, 17)
    phone = "07700 900123"
    email = factory.Sequence(lambda n: f"carer{n}@example.org")
    consent_to_store = True
    consent_to_contact = True
    contact_by_phone = True


class CaredForFactory(factory.django.DjangoModelFactory):
    """A person looked after by `carer` (a new carer unless given), linked with `relationship`."""

    class Meta:
        model = CaredForPerson

    age_band = AgeBand.AGE_85_PLUS
    primary_support_reason = SupportReason.MEMORY

    @factory.post_generation
    def relationship(person, create, extracted, **kwargs):
        person.link_relationship = extracted or Relationship.PARENT

    @factory.post_generation
    def carer(person, create, extracted, **kwargs):
        if create:
            CaringLink.objects.create(
                carer=extracted or CarerFactory(), cared_for=person, relationship=person.link_relationship
            )


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    carer = factory.SubFactory(CarerFactory)
    received_at = factory.LazyFunction(timezone.now)
    route = Route.ONLINE
    referrer_type = ReferrerType.SELF
    reason = "Struggling to get a break from caring for my mum."
    carer_type = CarerType.ADULT
    status = Status.RECEIVED


def matrix_referral() -> Referral:
    """The referral the permission matrix asks for: moderate need, reviewed, awaiting allocation, sent to
    social care (so the assessor sees it too). Made once per test."""
    referral = Referral.objects.filter(reference="CH-MATRIX01").first()
    if referral is None:
        referral = ReferralFactory(
            reference="CH-MATRIX01",
            status=Status.AWAITING_SUPPORT,
            level_of_need="moderate",
            sent_to_social_care_at=timezone.now(),
        )
        CaredForFactory(carer=referral.carer)
    return referral
