"""The demo carers: deterministic, at the hub's scale, invented, idempotent."""

from datetime import date
from io import StringIO

import pytest

from commissioning.carers import demo
from commissioning.carers.models import Allocation, Carer, Referral
from commissioning.carers.statistics import year_statistics

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 31)


def test_demo_carers_at_the_hubs_scale_and_loaded_once(users):
    out = StringIO()
    made = demo.load(stdout=out, today=TODAY)
    assert made == 2 * (124 + 105 + 215 + 840)
    assert Carer.objects.filter(is_demo=False).count() == 0
    assert Referral.objects.filter(is_demo=False).count() == 0
    assert all(c.endswith("@example.org") for c in Carer.objects.values_list("email", flat=True)[:50])
    last_year = year_statistics(2025, today=TODAY)
    young = next(row for row in last_year["by_carer_type"] if row["label"] == "Young carer")
    assert 110 <= young["counts"][4] <= 140  # about 124 new young carers a year
    assert 1250 <= last_year["referrals"][4] <= 1450
    assert last_year["carers_supported"][4] > 500
    assert Allocation.objects.filter(service__code="wellbeing-fund", amount__isnull=False).exists()
    assert Referral.objects.filter(status="plan-in-place").exists()
    assert Referral.objects.filter(status="closed").exclude(outcome_wellbeing="").exists()
    counts = (Carer.objects.count(), Referral.objects.count(), Allocation.objects.count())
    assert demo.load(stdout=out, today=TODAY) == 0
    assert (Carer.objects.count(), Referral.objects.count(), Allocation.objects.count()) == counts
    assert "already loaded" in out.getvalue()


def test_demo_is_deterministic(users):
    demo.load(today=TODAY)
    first = list(Carer.objects.order_by("pk").values_list("last_name", "date_of_birth", "postcode")[:200])
    Allocation.objects.all().delete()
    Referral.history.all().delete()
    Referral.objects.all().delete()
    Carer.objects.all().delete()
    demo.load(today=TODAY)
    again = list(Carer.objects.order_by("pk").values_list("last_name", "date_of_birth", "postcode")[:200])
    assert first == again
