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


def matrix_task():
    """A task on the matrix referral, owned by the hub worker."""
    from django.contrib.auth import get_user_model

    from commissioning.carers.models import CaseTask

    referral = matrix_referral()
    task = CaseTask.objects.filter(referral=referral).first()
    if task is None:
        owner = get_user_model().objects.get(groups__name="Carers hub worker")
        task = CaseTask.objects.create(
            referral=referral, title="Matrix task", owner=owner, due_on=timezone.localdate()
        )
    return task


def matrix_document():
    """A document on the matrix referral (a one-page PDF)."""
    import io

    from django.core.files.base import ContentFile
    from pypdf import PdfWriter

    from commissioning.carers.models import CaseDocument

    referral = matrix_referral()
    document = CaseDocument.objects.filter(referral=referral).first()
    if document is None:
        out = io.BytesIO()
        writer = PdfWriter()
        writer.add_blank_page(width=100, height=100)
        writer.write(out)
        document = CaseDocument(referral=referral, title="Matrix document", original_name="m.pdf", kind="pdf")
        document.size = len(out.getvalue())
        document.file.save("m.pdf", ContentFile(out.getvalue()), save=False)
        document.save()
    return document


def matrix_second_carer() -> Carer:
    """Another carer sent to social care (the assessor sees both: merging is refused with 403)."""
    referral = Referral.objects.filter(reference="CH-MATRIX02").first()
    if referral is None:
        referral = ReferralFactory(
            reference="CH-MATRIX02",
            status=Status.AWAITING_SUPPORT,
            level_of_need="moderate",
            sent_to_social_care_at=timezone.now(),
        )
    return referral.carer
