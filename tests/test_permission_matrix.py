"""Every URL of the project against every role: the outcome each visitor gets.

Adding a URL pattern without adding its row here fails `test_every_url_has_an_expectation`.
Outcomes: 200/403/404/405, LOGIN (302 to the sign-in page), or REDIRECT (302 elsewhere).
Each row may name its method (GET unless said) and how to build its URL's arguments from fixtures.

The Django admin's hundreds of generated URLs are represented by its index (`admin:index`): every admin
view checks is_staff the same way, and no role here is staff.
"""

import importlib
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.commissioning.fps import matrix as fps_matrix
from tests.conftest import ALL_ROLES

LOGIN = "login"
REDIRECT = "redirect"


@dataclass
class Row:
    outcomes: dict[str, object]
    default: object = None
    method: str = "get"
    kwargs: object = field(default=None)  # callable(fixtures) -> dict

    def expected(self, role: str):
        return self.outcomes.get(role, self.default)


def everyone(outcome) -> Row:
    return Row({}, default=outcome)


def signed_in(outcome, anonymous=LOGIN, **outcomes) -> Row:
    return Row({"anonymous": anonymous, **outcomes}, default=outcome)


def own_slug(fx):
    return {"slug": fx["own_provider"].slug}


def colleague(fx):
    """A second member of the provider's own organisation (one to remove, so the page is not a refusal)."""
    from commissioning.providers.models import ProviderMembership
    from tests.factories import ProviderMembershipFactory

    provider = fx["own_provider"]
    member = ProviderMembership.objects.filter(provider=provider, user__username="colleague-own").first()
    member = member or ProviderMembershipFactory(provider=provider, user__username="colleague-own")
    return {"slug": provider.slug, "pk": member.pk}


def by_role(**outcomes) -> dict:
    """Role names use hyphens; Python keywords cannot, so underscores stand for them here."""
    return {key.replace("_", "-"): value for key, value in outcomes.items()}


EXPECTATIONS: dict[str, Row] = {
    # Public pages.
    "home": everyone(200),
    "healthz": everyone(200),
    "accessibility": everyone(200),
    "cookies": everyone(200),
    "signed-out": everyone(200),
    "login": signed_in(REDIRECT, anonymous=200),
    "logout": signed_in(405),
    "password_reset": everyone(200),
    "password_reset_done": everyone(200),
    "password_reset_complete": everyone(200),
    "password_reset_confirm": Row({}, default=200, kwargs=lambda fx: {"uidb64": "MQ", "token": "bad-token"}),
    "invitation-accept": Row(
        {"anonymous": 200}, default=REDIRECT, kwargs=lambda fx: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "admin:index": everyone(REDIRECT),  # to the admin's own login: no role here is staff
    # Provider register.
    "providers:register": signed_in(REDIRECT, anonymous=200),
    "providers:register-sent": everyone(REDIRECT),  # to the form, without a registration in the session
    "providers:register-confirm": Row(
        {"anonymous": 404}, default=REDIRECT, kwargs=lambda fx: {"token": "bad"}
    ),
    "providers:list": signed_in(403, **by_role(commissioner=200, finance_officer=200)),
    "providers:export": signed_in(403, **by_role(commissioner=200, finance_officer=200)),
    "providers:search": signed_in(403, **by_role(commissioner=200, finance_officer=200)),
    "providers:mine": signed_in(404, provider=REDIRECT, **{"other-provider": REDIRECT}),
    "providers:detail": Row(
        {"anonymous": LOGIN, "commissioner": 200, "finance-officer": 200, "provider": 200},
        default=404,
        kwargs=own_slug,
    ),
    "providers:edit": Row(
        {"anonymous": LOGIN, "commissioner": 200, "finance-officer": 403, "provider": 200},
        default=404,
        kwargs=own_slug,
    ),
    "providers:invite": Row(
        {"anonymous": LOGIN, "commissioner": 200, "finance-officer": 403, "provider": 200},
        default=404,
        kwargs=own_slug,
    ),
    "providers:member-remove": Row(
        {"anonymous": LOGIN, "commissioner": 200, "finance-officer": 403, "provider": 200},
        default=404,
        kwargs=colleague,
    ),
    "providers:deactivate": Row({"anonymous": LOGIN, "commissioner": 200}, default=403, kwargs=own_slug),
    "providers:reactivate": Row(
        {"anonymous": LOGIN, "commissioner": REDIRECT}, default=403, method="post", kwargs=own_slug
    ),
}
# Newer apps keep their rows beside their tests: each module here has `rows(h)` -> {url name: Row}, so that
# each app's author edits only its own file.
MATRIX_MODULES = [
    "tests.commissioning.carers.matrix",
    "tests.committees.matrix",
    "tests.scorecard.matrix",
    "tests.funding.matrix",
    "tests.commissioning.contracts.matrix",
    "tests.commissioning.contracts.matrix_monitoring",
    "tests.commissioning.market.matrix",
    "tests.portal.matrix",
]
EXPECTATIONS.update(
    fps_matrix.rows(
        Row=Row, everyone=everyone, signed_in=signed_in, by_role=by_role, LOGIN=LOGIN, REDIRECT=REDIRECT
    )
)
_helpers = SimpleNamespace(
    Row=Row, everyone=everyone, signed_in=signed_in, by_role=by_role, LOGIN=LOGIN, REDIRECT=REDIRECT
)
for _module in MATRIX_MODULES:
    _rows = importlib.import_module(_module).rows(_helpers)
    _overlap = EXPECTATIONS.keys() & _rows.keys()
    assert not _overlap, f"{_module} repeats rows: {sorted(_overlap)}"
    EXPECTATIONS.update(_rows)


def url_names(patterns=None, namespace="") -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if inner == "admin:":
                names.append("admin:index")
                continue
            names.extend(url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name: name it and add it here"
            names.append(namespace + pattern.name)
    return names


def test_every_url_has_an_expectation():
    names = set(url_names())
    missing = sorted(names - EXPECTATIONS.keys())
    stale = sorted(EXPECTATIONS.keys() - names)
    assert not missing, f"URLs with no row in EXPECTATIONS: {missing}"
    assert not stale, f"Rows in EXPECTATIONS for URLs that no longer exist: {stale}"


def outcome_of(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("login")) else REDIRECT
    return response.status_code


@pytest.mark.parametrize("url_name", sorted(EXPECTATIONS))
def test_permission_matrix(url_name, client_for, own_provider, other_provider):
    row = EXPECTATIONS[url_name]
    fixtures = {"own_provider": own_provider, "other_provider": other_provider}
    url = reverse(url_name, kwargs=row.kwargs(fixtures) if row.kwargs else None)
    wrong = []
    for role in ALL_ROLES:
        expected = row.expected(role)
        assert expected is not None, f"{url_name}: no outcome for {role}"
        response = getattr(client_for(role), row.method)(url)
        actual = outcome_of(response)
        if actual != expected:
            wrong.append(f"{role}: expected {expected}, got {actual}")
    assert not wrong, f"{row.method.upper()} {url}\n" + "\n".join(wrong)
