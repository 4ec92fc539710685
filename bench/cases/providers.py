"""The provider register at scale: `scale` providers, one user per role, and the register's pages.

The generator only adds: it counts the providers already there and creates the rest, in batches, with
invented but realistic names, addresses and registration numbers. Registration numbers come from the row's
index through a fixed multiplication (a bijection), so they are unique without looking anything up.
"""

from __future__ import annotations

import math
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.urls import reverse
from django.utils.text import slugify

from bench.registry import BenchCase, BenchError
from commissioning.providers.models import Area, Provider, ProviderMembership, Service
from portal.permissions import Role

BATCH_SIZE = 5000
PER_PAGE = 25  # the list page's page size (commissioning/providers/views.py)
GOAL_MS = 150.0
EXPORT_GOAL_MS = 10_000.0
# A word in about a third of the generated names: the search case looks for it.
SEARCH_WORD = "care"

COMMISSIONER = f"bench-{Role.COMMISSIONER.value}"
SUPERUSER = "bench-superuser"  # the Django admin's changelist, timed for comparison (no role is staff)
ADMIN_GOAL_MS = 10_000.0  # the admin is the comparison, not a page with a goal of its own
# The register against the admin's changelist of the same rows, in the same run (issue 20).
FASTER_THAN_ADMIN = 5.0
PROVIDER_USER = f"bench-{Role.PROVIDER_USER.value}"
# Colleagues at the provider user's organisation, so its page lists several people.
PROVIDER_COLLEAGUES = [f"{PROVIDER_USER}-2", f"{PROVIDER_USER}-3"]
SHOWCASE_HISTORY = 6  # history records given to the provider user's organisation

# Towns of Cheshire East and their postcode districts.
TOWNS: dict[str, list[str]] = {
    "Crewe": ["CW1", "CW2"],
    "Nantwich": ["CW5"],
    "Macclesfield": ["SK10", "SK11"],
    "Congleton": ["CW12"],
    "Sandbach": ["CW11"],
    "Middlewich": ["CW10"],
    "Alsager": ["ST7"],
    "Knutsford": ["WA16"],
    "Wilmslow": ["SK9"],
    "Handforth": ["SK9"],
    "Alderley Edge": ["SK9"],
    "Poynton": ["SK12"],
    "Disley": ["SK12"],
    "Bollington": ["SK10"],
    "Holmes Chapel": ["CW4"],
    "Audlem": ["CW3"],
    "Wybunbury": ["CW5"],
    "Haslington": ["CW1"],
}
PLACES = [
    *TOWNS,
    "Cheshire",
    "Dane Valley",
    "Weaver",
    "Peckforton",
    "Mow Cop",
    "Tegg's Nose",
    "Shutlingsloe",
    "Bosley",
    "Goostrey",
    "Prestbury",
    "Mobberley",
    "Wrenbury",
    "Bunbury",
    "Willaston",
    "Shavington",
    "Wistaston",
    "Elworth",
    "Wheelock",
    "Rode Heath",
    "Astbury",
    "Gawsworth",
    "Rainow",
    "Styal",
    "Chelford",
    "Marton",
    "Pickmere",
    "Lyme",
    "Cranage",
    "Swettenham",
    "Arclid",
    "Church Minshull",
    "Barthomley",
    "Betley",
]
ADJECTIVES = [
    "Caring",
    "Community",
    "Compassionate",
    "Bright",
    "Golden",
    "Green",
    "Friendly",
    "Helping",
    "Independent",
    "Kind",
    "Positive",
    "Quality",
    "Reliable",
    "Trusted",
    "Valley",
    "Village",
    "Willow",
    "Oak",
    "Meadow",
    "Riverside",
    "Sunrise",
    "Evergreen",
    "Heritage",
    "Harmony",
    "Beacon",
    "Cedar",
    "Rose",
    "Heather",
    "Orchard",
    "Haven",
]
NOUNS = [
    "Care",
    "Care",
    "Care Services",
    "Care Services",
    "Homecare",
    "Home Care",
    "Care Homes",
    "Carers",
    "Support",
    "Support Services",
    "Living",
    "Lives",
    "Day Services",
    "Partnership",
    "Advocacy",
    "Housing",
    "Nursing",
    "Healthcare",
    "Companions",
    "Enablement",
    "Respite",
    "Wellbeing",
    "Futures",
    "Pathways",
    "Horizons",
    "Connections",
    "Network",
    "Foundation",
    "Trust",
    "Group",
]
SUFFIXES = ["Ltd", "Ltd", "Ltd", "Ltd", "Limited", "CIC", "LLP", "Ltd", "(North West) Ltd", "Services Ltd"]
STREETS = [
    "High Street",
    "Market Street",
    "London Road",
    "Chester Road",
    "Nantwich Road",
    "Park Lane",
    "Church Lane",
    "Station Road",
    "Mill Lane",
    "Victoria Street",
    "Edleston Road",
    "Sydney Road",
    "West Street",
    "Manchester Road",
    "Buxton Road",
    "Crewe Road",
    "Welsh Row",
    "Hospital Street",
    "Middlewich Road",
    "Sandbach Road",
]
ADDRESS_EXTRAS = ["", "", "", "Unit 4", "Suite 2", "First Floor", "The Old School", "Business Park"]
FIRST_NAMES = [
    "Amelia",
    "Oliver",
    "Isla",
    "George",
    "Ava",
    "Harry",
    "Mia",
    "Jack",
    "Sophie",
    "Noah",
    "Grace",
    "Leo",
    "Priya",
    "Mohammed",
    "Chloe",
    "Rhys",
    "Siobhan",
    "Tomasz",
    "Aisha",
    "David",
    "Margaret",
    "Susan",
    "Paul",
    "Karen",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Khan",
    "Patel",
    "Nowak",
    "O'Brien",
    "Hughes",
    "Edwards",
    "Clarke",
]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DEACTIVATION_REASONS = [
    "Ceased trading.",
    "Merged with another registered provider.",
    "Asked to be removed from the register.",
    "CQC registration cancelled.",
]
AREAS = [choice.value for choice in Area]
SERVICES = [choice.value for choice in Service]


def companies_house_number(index: int, rng: random.Random) -> str:
    """Unique per index: 7919 is prime to 10**8 and 10**6, so the products do not repeat."""
    if rng.random() < 0.04:
        return f"{rng.choice(['SC', 'NI'])}{(index * 7919 + 123457) % 10**6:06d}"
    return f"{(index * 7919 + 1234567) % 10**8:08d}"


def charity_number(index: int) -> str:
    """Unique per index (104729 is prime): 7 digits, like England and Wales numbers."""
    return str(1_000_000 + (index * 104729 + 54321) % 9_000_000)


def cqc_provider_id(index: int) -> str:
    return f"1-{100_000_000 + (index * 15485863) % 900_000_000}"


def new_provider(index: int, rng: random.Random, taken_slugs: set[str]) -> Provider:
    """One invented provider; `taken_slugs` gains its slug."""
    place = rng.choice(PLACES)
    name = f"{place} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(SUFFIXES)}"
    slug = base = slugify(name)[:200]
    suffix = 2
    while slug in taken_slugs:
        slug = f"{base}-{suffix}"
        suffix += 1
    taken_slugs.add(slug)

    kind = rng.random()
    has_company = kind >= 0.12  # 12% are charities that are not companies
    has_charity = kind < 0.30  # 18% are both
    is_active = rng.random() >= 0.05
    town = place if place in TOWNS else rng.choice(list(TOWNS))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    domain = slugify(f"{place} {name.split()[-2]}").replace("-", "")[:40]
    return Provider(
        name=name,
        slug=slug,
        companies_house_number=companies_house_number(index, rng) if has_company else "",
        charity_number=charity_number(index) if has_charity else "",
        cqc_provider_id=cqc_provider_id(index) if rng.random() < 0.6 else "",
        address_line_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        address_line_2=rng.choice(ADDRESS_EXTRAS),
        town=town,
        postcode=(
            f"{rng.choice(TOWNS[town])} {rng.randint(1, 9)}"
            f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
        ),
        areas_served=rng.sample(AREAS, rng.randint(1, 4)),
        services=rng.sample(SERVICES, rng.randint(1, 4)),
        contact_name=f"{first} {last}",
        contact_email=f"{first}.{last}@{domain}.example.org".lower().replace("'", ""),
        contact_phone=f"01632 960 {rng.randint(0, 999):03d}",
        is_active=is_active,
        deactivated_reason="" if is_active else rng.choice(DEACTIVATION_REASONS),
    )


def spread_created_at(after_pk: int) -> None:
    """Registered dates over five years (auto_now_add stamps every new row with now)."""
    table = connection.ops.quote_name(Provider._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} AS p
               SET created_at = spread.registered,
                   updated_at = spread.registered + (now() - spread.registered) * random()
              FROM (SELECT id, now() - random() * interval '5 years' AS registered
                      FROM {table} WHERE id > %s) AS spread
             WHERE p.id = spread.id
            """,  # noqa: S608 - the table name is the model's, not input
            [after_pk],
        )


def analyse() -> None:
    """Give the planner statistics for the new rows, as autovacuum would soon after a real import."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Provider._meta.db_table)}")


def add_providers(scale: int) -> int:
    """Create providers until there are `scale`. Returns how many were added."""
    existing = Provider.objects.count()
    if existing > scale:
        raise BenchError(
            f"The bench database has {existing:,} providers, more than the {scale:,} asked for. "
            "The generator only adds rows: run scales in ascending order, or use --reset."
        )
    missing = scale - existing
    if not missing:
        print(f"  providers: already {scale:,}")
        return 0
    rng = random.Random(existing)  # invented data: a seeded generator, not for security
    taken_slugs = set(Provider.objects.values_list("slug", flat=True))
    last_pk = Provider.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(existing, scale, BATCH_SIZE):
            stop = min(start + BATCH_SIZE, scale)
            Provider.objects.bulk_create(
                [new_provider(index, rng, taken_slugs) for index in range(start, stop)]
            )
        inserted = time.perf_counter()
        spread_created_at(last_pk)
    dated = time.perf_counter()
    analyse()
    print(
        f"  providers: added {missing:,} (now {scale:,}): insert {inserted - started:.1f} s, "
        f"registered dates {dated - inserted:.1f} s, vacuum analyse {time.perf_counter() - dated:.1f} s"
    )
    return missing


def user(username: str, role: Role, first_name: str, last_name: str):
    """Get or create a user in one role (no usable password: the harness uses force_login)."""
    User = get_user_model()
    account, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.gov.uk"},
    )
    if created:
        account.set_unusable_password()
        account.save()
    account.groups.add(Group.objects.get(name=Role(role).label))
    return account


def ensure_users() -> None:
    """One user per role, `bench-<role>`, and a superuser for the Django admin (the comparison)."""
    for role in Role:
        user(f"bench-{role.value}", role, "Bench", role.label)
    superuser, created = get_user_model().objects.get_or_create(
        username=SUPERUSER, defaults={"is_staff": True, "is_superuser": True, "email": "su@example.gov.uk"}
    )
    if created:
        superuser.set_unusable_password()
        superuser.save()


def showcase_provider() -> Provider:
    """The provider user's organisation: the first active provider, the same at every scale."""
    provider = Provider.objects.filter(is_active=True).order_by("pk").first()
    if provider is None:
        raise BenchError("No active provider was generated: use a larger --scale.")
    return provider


def ensure_showcase(provider: Provider) -> None:
    """Members and a short history on the showcase provider, so its page is a realistic worst case."""
    for username in [PROVIDER_USER, *PROVIDER_COLLEAGUES]:
        member = user(username, Role.PROVIDER_USER, "Bench", username.rsplit("-", 1)[-1].title())
        ProviderMembership.objects.get_or_create(user=member, defaults={"provider": provider})
    for step in range(provider.history.count(), SHOWCASE_HISTORY):
        provider.contact_phone = f"01632 960 {step:03d}"
        provider.save()


def generate(scale: int) -> None:
    """Fill the bench database with `scale` providers, the role users and the showcase organisation."""
    add_providers(scale)
    ensure_users()
    ensure_showcase(showcase_provider())


def last_page_url() -> str:
    """The list's last page under its default filter (active providers only)."""
    active = Provider.objects.filter(is_active=True).count()
    return f"{reverse('providers:list')}?page={max(1, math.ceil(active / PER_PAGE))}"


def cases(scale: int) -> list[BenchCase]:
    """The provider register's pages, as a commissioner and as a provider user."""
    register = reverse("providers:list")
    showcase = showcase_provider().get_absolute_url()
    admin = f"{reverse('admin:providers_provider_changelist')}?is_active__exact=1"
    return [
        # The register's default list is the active providers by name: the admin's changelist filtered
        # to the same rows.
        BenchCase("providers: admin changelist, active", SUPERUSER, admin, ADMIN_GOAL_MS, repeat=10),
        BenchCase(
            "providers: list",
            COMMISSIONER,
            register,
            GOAL_MS,
            faster_than=("providers: admin changelist, active", FASTER_THAN_ADMIN),
        ),
        BenchCase("providers: list, name descending", COMMISSIONER, f"{register}?sort=-name", GOAL_MS),
        BenchCase("providers: list, last page", COMMISSIONER, last_page_url, GOAL_MS),
        BenchCase(
            "providers: list, service + area",
            COMMISSIONER,
            f"{register}?service=day-opportunities&area=crewe",
            GOAL_MS,
        ),
        BenchCase("providers: list, search", COMMISSIONER, f"{register}?q={SEARCH_WORD}", GOAL_MS),
        BenchCase(
            "providers: list, CQC, newest", COMMISSIONER, f"{register}?cqc=yes&sort=-created_at", GOAL_MS
        ),
        BenchCase("providers: detail", COMMISSIONER, showcase, GOAL_MS),
        BenchCase("providers: own organisation", PROVIDER_USER, showcase, GOAL_MS),
        BenchCase(
            "providers: CSV export, whole register",
            COMMISSIONER,
            f"{reverse('providers:export')}?status=all",
            EXPORT_GOAL_MS,
            streaming=True,
            repeat=3,
            warmup=1,
        ),
    ]
