"""The service navigation: each item says who sees it, so each role is shown only what it may use.

Later apps add their items to NAVIGATION. Hiding a link is a courtesy; the views enforce access.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse

from portal import permissions as perms


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[object], bool]
    # The first segment of the path that marks this item as the current one ("providers" for /providers/...).
    section: str = ""
    # Deeper paths that mark it current, ahead of a section ("/contracts/quality/" for Quality).
    prefixes: tuple[str, ...] = ()


def signed_in(user) -> bool:
    return user.is_authenticated


def anonymous(user) -> bool:
    return not user.is_authenticated


def has_perm(perm: str) -> Callable[[object], bool]:
    return lambda user: user.has_perm(perm)


def provider_user(user) -> bool:
    from commissioning.providers.models import ProviderMembership

    return user.is_authenticated and ProviderMembership.for_user(user) is not None


def scorecard_reader(user) -> bool:
    return user.has_perm(perms.VIEW_PUBLISHED_SCORECARD) or user.has_perm(perms.MANAGE_SCORECARD)


def carers_case_worker(user) -> bool:
    return user.has_perm(perms.CHANGE_CARERS_REFERRALS) or user.has_perm(perms.ASSESS_CARERS_REFERRALS)


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home", signed_in),
    NavItem("Providers", "providers:list", has_perm(perms.VIEW_PROVIDER_REGISTER), section="providers"),
    NavItem("Your organisation", "providers:mine", provider_user, section="providers"),
    NavItem("Register as a provider", "providers:register", anonymous, section="providers"),
    NavItem("Committees", "committees:index", lambda user: True, section="committees"),
    NavItem("Market position", "market:index", lambda user: True, section="market"),
    NavItem(
        "Carers caseload", "carers:caseload", has_perm(perms.VIEW_CARERS_REFERRALS), section="carers-hub"
    ),
    NavItem(
        "Sent to social care",
        "carers:assessor",
        has_perm(perms.ASSESS_CARERS_REFERRALS),
        section="carers-hub",
    ),
    NavItem("Find a carer", "carers:search", carers_case_worker),
    NavItem("Carers statistics", "carers:statistics", has_perm(perms.VIEW_CARERS_STATISTICS)),
    NavItem("Carers returns", "carers:returns", has_perm(perms.EXPORT_CARERS_RETURNS)),
    NavItem("Refer a carer", "carers:refer", anonymous, section="carers-hub"),
    NavItem("Funding", "funding:streams", has_perm(perms.VIEW_FUNDING), section="funding"),
    NavItem("Your funding", "funding:mine", provider_user, section="funding"),
    NavItem("Scorecard", "scorecard:index", scorecard_reader, section="scorecard"),
    NavItem("FPS", "fps:queue", has_perm(perms.VIEW_FPS_APPLICATIONS), section="fps"),
    NavItem("FPS", "fps:applications", provider_user, section="fps"),
    NavItem("Flexible purchasing", "fps:index", anonymous, section="fps"),
    NavItem("Contracts", "contracts:list", has_perm(perms.VIEW_CONTRACTS), section="contracts"),
    NavItem("Contracts register", "contracts:public", anonymous, section="contracts"),
    # Monitoring providers (issue 12, parts 4-7): performance returns, then quality and concerns.
    NavItem(
        "Performance returns",
        "contracts:returns",
        has_perm(perms.VIEW_CONTRACTS),
        prefixes=("/contracts/performance/",),
    ),
    NavItem(
        "Your performance returns", "contracts:returns", provider_user, prefixes=("/contracts/performance/",)
    ),
    NavItem(
        "Quality",
        "contracts:visits",
        has_perm(perms.VIEW_QUALITY),
        prefixes=("/contracts/quality/", "/contracts/governance/"),
    ),
    NavItem("Your quality visits", "contracts:visits", provider_user, prefixes=("/contracts/quality/",)),
]

# Each item's URL, reversed once per script prefix rather than on every page (about a tenth of a list
# page's time went to reversing the same two dozen names).
_urls: dict[tuple[str, str], str] = {}


def url_of(item: NavItem) -> str:
    key = (item.url_name, get_script_prefix())
    found = _urls.get(key)
    if found is None:
        found = _urls[key] = reverse(item.url_name)
    return found


def items_for(request) -> list[dict]:
    if getattr(request, "second_factor_pending", None):
        return []  # signed in with a password only: nothing to navigate to until the second step
    path = request.path
    first_segment = path.strip("/").split("/")[0]
    items, scores = [], []
    for item in NAVIGATION:
        if not item.visible(request.user):
            continue
        url = url_of(item)
        items.append({"label": item.label, "url": url, "active": False})
        # How specifically the item matches the page: its own URL, then its longest deeper path, then its
        # section (the last such item, as before).
        if path == url:
            scores.append((3, 0))
        elif matched := [len(prefix) for prefix in item.prefixes if path.startswith(prefix)]:
            scores.append((2, max(matched)))
        elif item.section and item.section == first_segment:
            scores.append((1, 0))
        else:
            scores.append((0, 0))
    # Only one current item: the most specific match wins (on a tie, the later item).
    if scores and max(scores) > (0, 0):
        best = max(range(len(items)), key=lambda index: (scores[index], index))
        items[best]["active"] = True
    return items
