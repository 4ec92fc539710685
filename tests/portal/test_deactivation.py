"""Issue 13: deactivation means it. A user of a deactivated provider is refused every write they could
make for it (403 or a GOV.UK error) and nothing changes: checked in the services, walked here over every
provider-facing URL of the resolver (the permission matrix's list) that takes a POST.

Each write has a payload that works while the provider is active (the control, rolled back), so the test
fails if a service stops checking: the same post then changes the database.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.forms import date_fields
from tests.signin import verified_login

pytestmark = pytest.mark.django_db

PROVIDER_APPS = ("providers", "fps", "funding", "contracts")
NOT_REFUSALS = (200, 302)


def provider_data(fx, kwargs):
    from commissioning.providers.services import PROVIDER_FIELDS

    provider = fx["own_provider"]
    data = {field: getattr(provider, field) for field in PROVIDER_FIELDS}
    data["name"] = "Renamed Ltd"
    data["areas_served"] = list(provider.areas_served)
    data["services"] = list(provider.services)
    return data


def start_data(fx, kwargs):
    from commissioning.fps.models import Lot

    return {"lots": [Lot.objects.filter(system__slug=kwargs["slug"]).order_by("number").first().pk]}


def lots_data(fx, kwargs):
    from commissioning.fps.models import Application

    application = Application.objects.get(reference=kwargs["reference"])
    return {"lots": [lot.pk for lot in application.window.system.lots.all()]}


def section_data(fx, kwargs):
    from commissioning.fps.models import Question

    return {f"q{Question.objects.get(number='1.4').pk}": "Local jobs.", "action": "later"}


def submit_data(fx, kwargs):
    from commissioning.fps.models import Application
    from tests.commissioning.fps.factories_provider import answer_all

    answer_all(Application.objects.get(reference=kwargs["reference"]))
    return {"declaration_name": "Ann Example", "declaration_role": "Director", "confirm": "on"}


def bid_data(fx, kwargs):
    start = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "weekly_price": "450.00",
        "price_breakdown": "Staff time and transport.",
        "outcomes_response": "We will support the person to meet their outcomes.",
        "social_value": "",
        **date_fields("start_date", start),
    }


def return_data(fx, kwargs):
    from funding.models import ProviderAllocation

    allocation = ProviderAllocation.objects.get(pk=kwargs["pk"])
    return {"unspent": str(allocation.amount), "notes": ""}


def performance_return_data(fx, kwargs):
    from commissioning.contracts.models import PerformanceReturn

    performance_return = PerformanceReturn.objects.get(pk=kwargs["pk"])
    return {f"kpi_{kpi.pk}": "95" for kpi in performance_return.contract.kpis.all()}


PAYLOADS = {
    "providers:edit": provider_data,
    "providers:invite": lambda fx, kw: {"first_name": "Bo", "last_name": "Lee", "email": "bo@example.org"},
    "providers:member-remove": lambda fx, kw: {"reason": "They left the company."},
    "fps:application-start": start_data,
    "fps:application-lots": lots_data,
    "fps:application-section": section_data,
    "fps:application-check": submit_data,
    "fps:application-withdraw": lambda fx, kw: {"reason": "We no longer wish to apply."},
    "fps:clarification-answer": lambda fx, kw: {"answer": "Our policy was updated in March."},
    "fps:bid": bid_data,
    "fps:window-question-ask": lambda fx, kw: {"question": "Can a consortium apply?"},
    "fps:package-question-ask": lambda fx, kw: {"question": "Is transport included?"},
    "funding:return-submit": return_data,
    "contracts:return-submit": performance_return_data,
    "contracts:action-respond": lambda fx, kw: {"response": "We updated every care plan in November."},
}


def state() -> dict[str, int]:
    """Row counts of every model of the provider-facing apps (history included), and the newest history
    row of each: any write shows here."""
    counts = {}
    for label in PROVIDER_APPS:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


def provider_facing_urls() -> list[str]:
    """Every URL of the provider-facing apps that a provider user may open (the permission matrix)."""
    from tests.test_permission_matrix import EXPECTATIONS

    return sorted(
        name
        for name, row in EXPECTATIONS.items()
        if name.split(":")[0] in PROVIDER_APPS and row.expected("provider") in (200, "redirect")
    )


# The provider-facing pages that only read: a POST to them must change nothing either (checked below).
READ_ONLY = {
    "contracts:action",
    "contracts:actions",
    "contracts:detail",
    "contracts:provider",
    "contracts:public",
    "contracts:public-csv",
    "contracts:public-entry",
    "contracts:return",
    "contracts:returns",
    "contracts:visit",
    "contracts:visits",
    "fps:application",
    "fps:application-submitted",
    "fps:applications",
    "fps:document",
    "fps:document-download",
    "fps:document-versions",
    "fps:documents",
    "fps:index",
    "fps:market",
    "fps:notifications",
    "fps:ocds",
    "fps:overview",
    "fps:package",
    "fps:package-questions",
    "fps:packages",
    "fps:register",
    "fps:register-csv",
    "fps:window-questions",
    "funding:allocation",
    "funding:grants-json",
    "funding:mine",
    "providers:detail",
    "providers:mine",
    "providers:register",
    "providers:register-confirm",
    "providers:register-sent",
}


def test_a_deactivated_providers_users_are_refused_every_write(client, own_provider, other_provider, users):
    from tests.test_permission_matrix import EXPECTATIONS

    verified_login(client, users["provider"])
    fixtures = {"own_provider": own_provider, "other_provider": other_provider}
    names = provider_facing_urls()
    assert set(names) == set(PAYLOADS) | READ_ONLY, "a provider-facing URL is neither a write nor a read here"
    wrong = []
    for name in sorted(READ_ONLY):
        row = EXPECTATIONS[name]
        with transaction.atomic():
            url = reverse(name, kwargs=row.kwargs(fixtures) if row.kwargs else None)
            type(own_provider).objects.filter(pk=own_provider.pk).update(is_active=False)
            before = state()
            client.post(url, {"lots": [], "reason": "x", "answer": "x"})
            if state() != before:
                wrong.append(f"{name}: a POST to a page that only reads changed the database")
            transaction.set_rollback(True)
    for name in sorted(PAYLOADS):
        row = EXPECTATIONS[name]
        with transaction.atomic():
            kwargs = row.kwargs(fixtures) if row.kwargs else {}
            url = reverse(name, kwargs=kwargs or None)
            data = PAYLOADS[name](fixtures, kwargs)
            # Control: while the provider is active the same post changes something.
            with transaction.atomic():
                before = state()
                response = client.post(url, data)
                changed = state() != before
                transaction.set_rollback(True)
            if not changed:
                wrong.append(f"{name}: the payload changed nothing while active ({response.status_code})")
            type(own_provider).objects.filter(pk=own_provider.pk).update(is_active=False)
            before = state()
            response = client.post(url, data)
            after = state()
            refused = response.status_code == 403 or (
                response.status_code == 200 and "govuk-error-summary" in response.content.decode()
            )
            if not refused or after != before:
                changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                wrong.append(f"{name}: {response.status_code}, changed {changes}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_staff_may_still_correct_a_deactivated_provider(client_for, own_provider):
    own_provider.is_active = False
    own_provider.save()
    response = client_for("commissioner").post(
        reverse("providers:edit", args=[own_provider.slug]), provider_data({"own_provider": own_provider}, {})
    )
    assert response.status_code == 302
    own_provider.refresh_from_db()
    assert own_provider.name == "Renamed Ltd"


def test_the_refusal_names_the_organisation(provider_client, own_provider):
    from commissioning.providers.models import ProviderDeactivated, require_active

    own_provider.is_active = False
    own_provider.save()

    with pytest.raises(ProviderDeactivated, match="Own Organisation Ltd is deactivated"):
        require_active(own_provider)
