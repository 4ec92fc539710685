"""The live figures: computed from the provider register, the FPS and the carers hub, counts only."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.fps.models import Admission, Package
from commissioning.market import supply
from commissioning.providers.models import Area, Service
from tests.commissioning.carers.factories import ReferralFactory
from tests.commissioning.fps.factories import (
    AdmissionFactory,
    LotFactory,
    PackageFactory,
    PurchasingSystemFactory,
)
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_providers_are_counted_per_care_community_and_service_type():
    ProviderFactory(services=[Service.RESIDENTIAL], areas_served=[Area.CREWE])
    ProviderFactory(services=[Service.RESIDENTIAL, Service.NURSING], areas_served=[Area.CREWE, Area.NANTWICH])
    ProviderFactory(services=[Service.NURSING], areas_served=[Area.KNUTSFORD], cqc_provider_id="")
    ProviderFactory(services=[Service.NURSING], areas_served=[Area.KNUTSFORD], is_active=False)
    ProviderFactory(services=[Service.CARE_AT_HOME], areas_served=[Area.CREWE])

    found = supply.providers_by_area([Service.RESIDENTIAL, Service.NURSING])

    assert found.service_types == [("residential", "Residential care"), ("nursing", "Nursing care")]
    by_area = {row["area"]: (row["counts"], row["any"]) for row in found.rows}
    assert by_area["crewe"] == ([2, 1], 2)
    assert by_area["nantwich"] == ([1, 1], 1)
    assert by_area["knutsford"] == ([0, 1], 1)
    assert by_area["macclesfield"] == ([0, 0], 0)
    assert [row["area"] for row in found.rows] == [area.value for area in Area]
    assert (found.totals, found.total, found.cqc_registered) == ([2, 2], 3, 2)


def test_a_market_without_service_types_has_no_provider_table():
    assert supply.providers_by_area([]) is None


def test_the_providers_are_counted_in_one_query_and_kept_until_they_change(django_assert_num_queries):
    ProviderFactory(services=[Service.CARE_AT_HOME])
    with django_assert_num_queries(2):  # the providers' version, the count
        supply.providers_by_area([Service.CARE_AT_HOME])
    with django_assert_num_queries(1):  # the version: the same, so the counts are the kept ones
        supply.providers_by_area([Service.CARE_AT_HOME])


def test_the_kept_provider_figures_follow_every_change_to_providers_and_ratings():
    """The figures are kept under a version that triggers change on every write to the provider register
    and to the CQC ratings recorded: whatever the way (save, queryset update, bulk create, delete), the next
    page counts again and equals a fresh count."""
    from commissioning.contracts.models import ProviderQuality
    from commissioning.providers.models import Provider

    types = [Service.CARE_AT_HOME]

    def shown():
        kept = supply.providers_by_area(types)
        fresh = supply.count_providers(types)
        assert kept == fresh
        return kept.total, kept.ratings, {row["area"]: row["any"] for row in kept.rows if row["any"]}

    assert shown() == (0, {}, {})
    first = ProviderFactory(services=types, areas_served=[Area.CREWE])
    assert shown() == (1, {}, {"crewe": 1})
    first.areas_served = [Area.NANTWICH]
    first.save()
    assert shown() == (1, {}, {"nantwich": 1})
    Provider.objects.filter(pk=first.pk).update(is_active=False)
    assert shown() == (0, {}, {})
    Provider.objects.filter(pk=first.pk).update(is_active=True)
    ProviderQuality.objects.create(provider=first, cqc_rating="good")
    assert shown() == (1, {"good": 1}, {"nantwich": 1})
    ProviderQuality.objects.filter(provider=first).update(cqc_rating="inadequate")
    assert shown() == (1, {"inadequate": 1}, {"nantwich": 1})
    Provider.objects.bulk_create([ProviderFactory.build(services=types, areas_served=[Area.CREWE])])
    assert shown() == (2, {"inadequate": 1}, {"nantwich": 1, "crewe": 1})
    ProviderQuality.objects.filter(provider=first).delete()
    assert shown() == (2, {}, {"nantwich": 1, "crewe": 1})


def test_fps_counts_active_admissions_per_lot():
    system = PurchasingSystemFactory()
    lot_1, lot_2 = LotFactory(system=system, number=1), LotFactory(system=system, number=2)
    provider = ProviderFactory()
    AdmissionFactory(lot=lot_1, provider=provider)
    AdmissionFactory(lot=lot_2, provider=provider)
    AdmissionFactory(lot=lot_1)
    AdmissionFactory(lot=lot_1, status=Admission.Status.SUSPENDED)
    AdmissionFactory(lot=lot_2, status=Admission.Status.REMOVED)
    assert [(lot["number"], lot["admitted"]) for lot in supply.fps_admissions(system)] == [(1, 2), (2, 1)]


def test_fps_placements_are_counted_per_financial_quarter():
    today = datetime.date(2026, 12, 1)
    lot = LotFactory(system=PurchasingSystemFactory(), number=1)
    for start in [datetime.date(2025, 4, 1), datetime.date(2025, 6, 30), datetime.date(2026, 11, 30)]:
        PackageFactory(lot=lot, status=Package.Status.PLACED, placement_start=start)
    PackageFactory(lot=lot, status=Package.Status.AWARDED, placement_start=datetime.date(2025, 5, 1))
    quarters = supply.fps_placements(lot.system, today)
    assert [(q["quarter"], q["placements"], q["to_date"]) for q in quarters] == [
        ("Q1 2025-26", 2, False),
        ("Q2 2025-26", 0, False),
        ("Q3 2025-26", 0, False),
        ("Q4 2025-26", 0, False),
        ("Q1 2026-27", 0, False),
        ("Q2 2026-27", 0, False),
        ("Q3 2026-27", 1, True),
    ]
    assert quarters[-1]["span"] == "1 October 2026 to 1 December 2026"


def test_carers_referrals_are_per_quarter_with_small_numbers_suppressed():
    today = timezone.localdate()
    this_year = today.year if today.month >= 4 else today.year - 1
    last_year_q1 = timezone.make_aware(datetime.datetime(this_year - 1, 5, 10, 12))
    last_year_q2 = timezone.make_aware(datetime.datetime(this_year - 1, 8, 10, 12))
    for _ in range(3):
        ReferralFactory(received_at=last_year_q1)
    for _ in range(7):
        ReferralFactory(received_at=last_year_q2)
    quarters = supply.carers_referrals(today)
    assert quarters[0] == {
        "quarter": f"Q1 {this_year - 1}-{str(this_year)[-2:]}",
        "span": f"1 April {this_year - 1} to 30 June {this_year - 1}",
        "referrals": "fewer than 5",
        "to_date": False,
    }
    assert quarters[1]["referrals"] == "7"
    assert quarters[2]["referrals"] == "0"
    # Quarters only: no total that would give a suppressed quarter away.
    assert all(set(q) == {"quarter", "span", "referrals", "to_date"} for q in quarters)


def _live_quarters(today):
    """Referrals per quarter counted from the referrals themselves (what the summary must always equal)."""
    from commissioning.carers.models import Referral

    return [
        supply.suppressed(
            Referral.objects.filter(
                received_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
                received_at__lt=timezone.make_aware(
                    datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
                ),
            ).count()
        )
        for _label, first, last in supply.financial_quarters(today)
    ]


def test_the_referrals_summary_follows_every_change_to_the_referrals(django_assert_num_queries):
    """The page reads a per-day summary kept by triggers: it must equal a count of the referrals after an
    insert, a bulk insert, a move to another quarter (the ORM and a queryset update), a delete and a bulk
    delete, including at the quarters' edges (midnight, local time, in British Summer Time)."""
    from commissioning.carers.models import Referral

    today = datetime.date(2026, 12, 1)
    year = 2025

    def at(month, day, hour=12, minute=0, year=year):
        return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))

    def shown():
        with django_assert_num_queries(1):
            found = [q["referrals"] for q in supply.carers_referrals(today)]
        assert found == _live_quarters(today)
        return found

    assert shown() == ["0"] * 7
    first = ReferralFactory(received_at=at(6, 30, 23, 59))  # the last minute of Q1 (BST)
    assert shown()[:2] == ["fewer than 5", "0"]
    carer = first.carer
    Referral.objects.bulk_create(
        [
            ReferralFactory.build(carer=carer, received_at=at(7, 1, 0, 0)) for _ in range(6)
        ]  # Q2's first minute
    )
    assert shown()[:2] == ["fewer than 5", "6"]
    first.received_at = at(7, 2)  # moved to Q2 through the ORM
    first.save()
    assert shown()[:2] == ["0", "7"]
    Referral.objects.filter(carer=carer).update(received_at=at(1, 15, year=2026))  # all to Q4
    assert shown()[:4] == ["0", "0", "0", "7"]
    first.delete()
    assert shown()[3] == "6"
    Referral.objects.filter(carer=carer).delete()
    assert shown() == ["0"] * 7
    ReferralFactory(received_at=at(11, 30, 9, year=2026))  # this year's Q3, to date
    assert shown()[-1] == "fewer than 5"


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (1234, "1,234")]
)
def test_suppression_follows_the_carers_hubs_rule(count, shown):
    assert supply.suppressed(count) == shown


def test_live_public_contracts_are_counted_and_the_soonest_ending_listed():
    from commissioning.contracts.models import ContractStatus
    from tests.commissioning.contracts.factories import ContractFactory, ContractPartyFactory

    today = datetime.date(2026, 12, 1)
    ending_soon = ContractFactory(service_type="care-at-home", end_date=datetime.date(2027, 3, 31))
    ContractPartyFactory(contract=ending_soon, provider=ProviderFactory(name="Gritstone Care"))
    later = ContractFactory(
        service_type="care-at-home",
        end_date=datetime.date(2029, 1, 1),
        initial_end_date=datetime.date(2029, 1, 1),
    )
    ContractFactory(
        service_type="care-at-home", status=ContractStatus.EXTENDED, end_date=datetime.date(2027, 9, 9)
    )
    ContractFactory(service_type="care-at-home", status=ContractStatus.ENDED)
    ContractFactory(service_type="care-at-home", status=ContractStatus.PIPELINE)
    ContractFactory(service_type="care-at-home", annual_value=Decimal("4000"), total_value=Decimal("4000"))
    ContractFactory(service_type="residential")

    found = supply.contracts(["care-at-home"], today)

    assert (found["live"], found["ending"], found["horizon"]) == (3, 2, datetime.date(2027, 12, 1))
    assert found["soonest"][0] == ending_soon
    assert found["soonest"][-1] == later
    assert [party.name for party in found["soonest"][0].parties.all()] == ["Gritstone Care"]


def test_no_service_types_no_contracts():
    assert supply.contracts([]) is None


def test_the_contracts_cost_three_queries_however_many(django_assert_num_queries):
    from tests.commissioning.contracts.factories import ContractPartyFactory

    for _ in range(12):
        ContractPartyFactory(contract__service_type="care-at-home")
    with django_assert_num_queries(3):  # the counts, the ten ending soonest, their parties
        found = supply.contracts(["care-at-home"])
        assert len(found["soonest"]) == 10


def test_the_cqc_rating_mix_of_the_markets_providers():
    from commissioning.contracts.models import ProviderQuality

    def rated(rating, **kwargs):
        provider = ProviderFactory(services=[Service.RESIDENTIAL], **kwargs)
        ProviderQuality.objects.create(provider=provider, cqc_rating=rating)

    for rating in ["outstanding", "good", "good", "requires-improvement", "not-rated", ""]:
        rated(rating)
    rated("inadequate", is_active=False)
    ProviderFactory(services=[Service.RESIDENTIAL])  # no quality record
    ProviderQuality.objects.create(
        provider=ProviderFactory(services=[Service.CARE_AT_HOME]), cqc_rating="good"
    )

    found = supply.cqc_ratings([Service.RESIDENTIAL], providers_total=7)

    assert {row["rating"]: row["providers"] for row in found["rows"]} == {
        "Outstanding": 1,
        "Good": 2,
        "Requires improvement": 1,
        "Inadequate": 0,
        "Not yet rated": 1,
        "Not registered with the CQC (not a regulated activity)": 0,
    }
    assert (found["recorded"], found["not_recorded"], found["rated"]) == (5, 2, 4)
    assert found["good_or_outstanding_percent"] == 75
