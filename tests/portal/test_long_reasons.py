"""Issue 13: a long reason is never a false outage. Every reason a form accepts is kept whole in the
history (`history_change_reason` is text: SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD). Each
case below gave "Sorry, the service is unavailable" (503) and lost the text when the column was 100
characters."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def long_reason(length: int) -> str:
    words = "The provider asked us to record this in full because it matters to the audit trail. "
    return (words * (length // len(words) + 1))[:length].strip()


def kwargs_of(name, own_provider, other_provider):
    from tests.test_permission_matrix import EXPECTATIONS

    return EXPECTATIONS[name].kwargs({"own_provider": own_provider, "other_provider": other_provider})


def test_provider_deactivation_with_a_long_reason(client_for, own_provider):
    reason = long_reason(300)
    assert len(reason) > 88
    response = client_for("commissioner").post(
        reverse("providers:deactivate", args=[own_provider.slug]), {"reason": reason}
    )
    assert response.status_code == 302
    own_provider.refresh_from_db()
    assert not own_provider.is_active
    assert own_provider.deactivated_reason == reason
    assert own_provider.history.first().history_change_reason == f"Deactivated: {reason}"


def test_package_cancel_with_a_long_reason(client_for, own_provider, other_provider):
    from commissioning.fps.models import Package

    kwargs = kwargs_of("fps:package-cancel", own_provider, other_provider)
    reason = long_reason(2000)
    url = reverse("fps:package-cancel", kwargs=kwargs)
    response = client_for("commissioner").post(url, {"reason": reason})
    assert response.status_code == 302
    package = Package.objects.get(reference=kwargs["reference"])
    assert package.status == Package.Status.CANCELLED
    assert any(reason in (h.history_change_reason or "") for h in package.history.all())


def test_funding_amount_change_with_a_long_reason(client_for, own_provider, other_provider):
    from funding.models import ProviderAllocation

    kwargs = kwargs_of("funding:allocation-amount", own_provider, other_provider)
    allocation = ProviderAllocation.objects.get(pk=kwargs["pk"])
    reason = long_reason(500)
    response = client_for("finance-officer").post(
        reverse("funding:allocation-amount", kwargs=kwargs),
        {"amount": str(allocation.amount - 1), "reason": reason},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert any(reason in (h.history_change_reason or "") for h in allocation.history.all())


def test_scorecard_new_version_with_a_long_reason(client_for, own_provider, other_provider):
    from scorecard.models import ScorecardQuarter

    kwargs = kwargs_of("scorecard:new-version", own_provider, other_provider)
    reason = long_reason(2000)
    client = client_for("performance-analyst")
    response = client.post(reverse("scorecard:new-version", kwargs=kwargs), {"reason": reason})
    assert response.status_code == 302
    start_year = int(kwargs["year"][:4])
    quarter = ScorecardQuarter.objects.get(year__start_year=start_year, quarter=kwargs["quarter"])
    assert not quarter.is_published
    assert any(reason in (h.history_change_reason or "") for h in quarter.history.all())
