"""Factories for every test (factory-boy, with en_GB Faker)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from commissioning.providers.models import Area, Provider, ProviderMembership, Service
from portal.permissions import Role

factory.Faker._DEFAULT_LOCALE = "en_GB"

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Role(extracted).label))
        if create:
            self.save()


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Test Care Provider {n} Ltd")
    slug = factory.Sequence(lambda n: f"test-care-provider-{n}")
    companies_house_number = factory.Sequence(lambda n: f"{n + 10000000:08d}")
    cqc_provider_id = factory.Sequence(lambda n: f"1-{n + 100000000}")
    address_line_1 = factory.Faker("street_address")
    town = "Crewe"
    postcode = "CW1 2BJ"
    areas_served = factory.LazyFunction(lambda: [Area.CREWE, Area.NANTWICH])
    services = factory.LazyFunction(lambda: [Service.DAY_OPPORTUNITIES])
    contact_name = factory.Faker("name")
    contact_email = factory.Sequence(lambda n: f"contact{n}@provider.example.org")
    contact_phone = "01632 960 001"


class ProviderMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderMembership

    user = factory.SubFactory(UserFactory, role=Role.PROVIDER_USER)
    provider = factory.SubFactory(ProviderFactory)
