"""Where a member's registered interest meets the council's business: the one place that matches them.

An interest matches an organisation when the organisation's name is the same once case, spacing,
punctuation and "Limited"/"Ltd" are set aside (`commissioning.providers.models.name_key`), or when both
carry the same Companies House number. Only interests current on the day count. The organisations are
those the council deals with: FPS applicants, contracted providers (parties to a contract, on the provider
register or named as suppliers) and funding recipients.

Warnings are for commissioners and democratic services (`perms.VIEW_INTEREST_WARNINGS`): every function
that returns warnings for a user returns none to anyone else, providers and the public included. Each
makes a fixed number of queries, however many interests, members or organisations there are.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Lower, Replace

from commissioning.providers.models import Provider, name_key, normalise_companies_house_number
from portal import permissions as perms

from ..models import AgendaItem, Meeting, RegisteredInterest

APPLICANT, CONTRACTED, FUNDED = "an FPS applicant", "a contracted provider", "a funding recipient"
# Trailing words of a company's name left out when looking for it in a report's text ("Mere Side
# Residential Homes" names "Mere Side Residential Homes Ltd").
COMPANY_SUFFIX = re.compile(r"(ltd|plc|llp|cic|cio)$")


def may_see(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perms.VIEW_INTEREST_WARNINGS))


def key_sql(field: str):
    """name_key() in SQL over any text column (ContractParty.supplier_name, Provider.name)."""
    text = Replace(Replace(Lower(F(field)), Value("&"), Value("and")), Value("limited"), Value("ltd"))
    return Func(text, Value("[^a-z0-9]"), Value(""), Value("g"), function="regexp_replace")


@dataclass(frozen=True)
class InterestWarning:
    interest: RegisteredInterest
    organisation: str  # as the council's own record names it
    matched_by: str  # "name" or "Companies House number"
    roles: tuple[str, ...] = ()
    agenda_items: tuple[str, ...] = ()  # on a meeting: the numbers of the items whose reports name it

    @property
    def person(self):
        return self.interest.person

    @property
    def roles_text(self) -> str:
        roles = list(self.roles)
        return ", ".join(roles[:-1]) + (" and " if len(roles) > 1 else "") + (roles[-1] if roles else "")


def _matched_by(interest: RegisteredInterest, key: str, number: str) -> str:
    if number and interest.companies_house_number == number:
        return "Companies House number"
    if key and interest.organisation_key == key:
        return "name"
    return ""


def interests_matching(
    organisations: list[tuple[str, str]], on: datetime.date | None = None
) -> list[list[tuple[RegisteredInterest, str]]]:
    """For each (name, Companies House number), the current interests that match it and how: one query."""
    wanted = [(name_key(name), normalise_companies_house_number(number)) for name, number in organisations]
    keys = {key for key, _ in wanted if key}
    numbers = {number for _, number in wanted if number}
    if not keys and not numbers:
        return [[] for _ in organisations]
    interests = list(
        RegisteredInterest.objects.current(on)
        .filter(Q(organisation_key__in=keys) | Q(companies_house_number__in=numbers))
        .select_related("person")
        .order_by("person__name", "pk")
    )
    found = []
    for key, number in wanted:
        matches = [(i, how) for i in interests if (how := _matched_by(i, key, number))]
        found.append(matches)
    return found


def provider_warnings(user, provider: Provider, *, role: str) -> list[InterestWarning]:
    """Warnings for a page about one provider's business (an FPS application, a funding allocation)."""
    if not may_see(user):
        return []
    (matches,) = interests_matching([(provider.name, provider.companies_house_number)])
    return [InterestWarning(interest, provider.name, how, (role,)) for interest, how in matches]


def _business(interests: list[RegisteredInterest]) -> dict[int, list[tuple[str, str, tuple[str, ...]]]]:
    """For each interest, the organisations of the council's business it matches: (name, how, roles).
    Two queries: providers on the register (with what they are to the council), suppliers named on
    contracts but not on the register."""
    from commissioning.contracts.models import ContractParty
    from commissioning.fps.models import Application
    from funding.models import ProviderAllocation

    keys = {i.organisation_key for i in interests if i.organisation_key}
    numbers = {i.companies_house_number for i in interests if i.companies_house_number}
    result: dict[int, list[tuple[str, str, tuple[str, ...]]]] = {i.pk: [] for i in interests}
    if not keys and not numbers:
        return result
    providers = (
        Provider.objects.alias(key=key_sql("name"))
        .filter(Q(key__in=keys) | Q(companies_house_number__in=numbers))
        .annotate(
            applicant=Exists(
                Application.objects.filter(provider=OuterRef("pk")).exclude(status=Application.Status.DRAFT)
            ),
            contracted=Exists(ContractParty.objects.filter(provider=OuterRef("pk"))),
            funded=Exists(ProviderAllocation.objects.filter(provider=OuterRef("pk"))),
        )
        .only("name", "companies_house_number")
    )
    suppliers = (
        ContractParty.objects.filter(provider__isnull=True)
        .alias(key=key_sql("supplier_name"))
        .filter(Q(key__in=keys) | Q(registration_number__in=numbers))
        .values_list("supplier_name", "registration_number")
        .distinct()
    )
    organisations = [
        (
            p.name,
            p.companies_house_number,
            (APPLICANT,) * p.applicant + (CONTRACTED,) * p.contracted + (FUNDED,) * p.funded,
        )
        for p in providers
    ] + [(name, number, (CONTRACTED,)) for name, number in suppliers]
    for interest in interests:
        for name, number, roles in organisations:
            how = _matched_by(interest, name_key(name), normalise_companies_house_number(number))
            if how and roles:
                result[interest.pk].append((name, how, roles))
    return result


def text_names(text_key: str, name: str) -> bool:
    """Whether a text (as name_key) names the organisation, with or without "Ltd" and the like."""
    key = name_key(name)
    core = COMPANY_SUFFIX.sub("", key)
    return bool(core) and len(core) >= 4 and core in text_key


def meeting_warnings(user, meeting: Meeting) -> list[InterestWarning]:
    """The committee's members on the meeting's day whose interests (current that day) match an
    organisation of the council's business that a report on this agenda names. Four queries at most."""
    if not may_see(user):
        return []
    on = meeting.date
    interests = list(
        RegisteredInterest.objects.current(on)
        .filter(
            Q(person__memberships__end__isnull=True) | Q(person__memberships__end__gte=on),
            person__memberships__committee_id=meeting.committee_id,
            person__memberships__start__lte=on,
        )
        .exclude(organisation="")
        .select_related("person")
        .distinct()
        .order_by("person__name", "pk")
    )
    if not interests:
        return []
    reports = [
        (number, name_key(f"{title} {body}"))
        for number, title, body in AgendaItem.objects.filter(meeting=meeting, report__isnull=False)
        .order_by("position", "pk")
        .values_list("number", "report__title", "report__body_text")
    ]
    if not reports:
        return []
    business = _business(interests)
    warnings = []
    for interest in interests:
        for name, how, roles in business[interest.pk]:
            items = tuple(
                number
                for number, text in reports
                if text_names(text, name) or text_names(text, interest.organisation)
            )
            if items:
                warnings.append(InterestWarning(interest, name, how, roles, items))
    return warnings
