"""The carers hub at scale: `scale` referrals and 0.8 x `scale` carers (1,000,000 and 800,000 at the default
--scale 50,000 with factor 20), made with INSERT ... SELECT generate_series (bulk_create would take many
minutes), plus one allocation for every referral that reached support.

Every value comes from the row number through fixed arithmetic, so the data is the same at every run and
only grows: received dates spread over 20 years (newest rows throughout), about 15% of referrals open,
5% in crisis, the catalogue's services allocated in turn. Timed: the caseload (default, all, filtered,
deep and last pages), search (issue 16: by part of a surname, a common first name, a reference, a date of
birth with a postcode), a new referral's page with its likely matches, a referral page, the statistics
page, and the Django admin's changelist on the same rows for comparison (as a superuser: no role is staff).
"""

from __future__ import annotations

import math
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench.registry import BenchCase, BenchError
from commissioning.carers.models import (
    CaredForPerson,
    CaringLink,
    CatalogueService,
    Contact,
    Referral,
    Status,
)
from commissioning.carers.statistics import financial_year_of
from portal.permissions import Role

GOAL_MS = 200.0
MATCHING_GOAL_MS = 300.0  # issue 16: duplicate matching on a new referral
ADMIN_GOAL_MS = 10_000.0  # the admin is the comparison, not a page with a goal of its own
# The caseload against the admin's changelist of the same rows, in the same run (issue 20).
FASTER_THAN_ADMIN = 5.0
PER_PAGE = 25
CARERS_PER_REFERRAL = 0.8
HUB = f"bench-{Role.CARERS_HUB_WORKER.value}"
COMMISSIONER = f"bench-{Role.COMMISSIONER.value}"
SUPERUSER = "bench-superuser"

CARERS_SQL = """
INSERT INTO carers_carer (
    first_name, last_name, date_of_birth, email, phone, address_line_1, address_line_2, town, postcode,
    gp_practice, preferred_contact, consent_to_store, consent_to_share_with_gp, consent_to_contact,
    consent_to_share_with_social_care, contact_by_post, contact_by_phone, contact_by_text, contact_by_email,
    is_parent_carer, is_working_carer, caring_hours_per_week, school, is_demo, created_at,
    first_name_key, last_name_key, phone_key, search_text)
SELECT first_name, last_name,
       DATE '2015-01-01' - (((g %% 100000) * 7919) %% 30000),
       'carer' || g || '@example.org',
       '07700 900' || lpad((g %% 1000)::text, 3, '0'),
       (1 + g %% 200) || ' Example Street', '',
       (ARRAY['Crewe','Nantwich','Macclesfield','Congleton','Sandbach'])[1 + g %% 5],
       (ARRAY['CW1','CW5','SK11','CW12','CW11'])[1 + g %% 5] || ' 9ZZ',
       'Example Medical Centre', 'phone', true, g %% 3 = 0, true,
       g %% 3 = 0, false, true, g %% 2 = 0, g %% 4 = 0,
       g %% 7 = 0, g %% 3 = 0, 5 + g %% 60, '', true, now(),
       -- The search keys the model computes on save (commissioning/carers/normalise.py), for these
       -- plain ASCII names: lower case, and every suffix of 2 letters or more of each name.
       lower(first_name), lower(last_name), '07700900' || lpad((g %% 1000)::text, 3, '0'),
       array_to_string(ARRAY(
           SELECT substr(lower(word), i)
             FROM unnest(ARRAY[first_name, last_name]) AS word,
                  generate_series(1, greatest(1, length(word) - 1)) AS i
       ), ' ')
  FROM (
    SELECT g,
           (ARRAY['Alex','Bea','Cal','Dee','Eli','Fran','Gus','Hal','Ivy','Jo'])[1 + g %% 10] AS first_name,
           'Benchcarer' || g AS last_name
      FROM generate_series(%(first)s, %(last)s) AS g
  ) AS named
"""

# Status by row: 3% declined, 2% not eligible, 80% closed, 15% open across the pathway's open steps.
REFERRALS_SQL = """
INSERT INTO carers_referral (
    reference, carer_id, received_at, route, referrer_type, referrer_name, referrer_organisation,
    referrer_contact, reason, is_crisis, crisis_reason, crisis_details, carer_type, status, contacted_at,
    assessed_on, mailing_list_opt_in, signposted_to, level_of_need, sent_to_social_care_at,
    assessor_notes, plan_agreed_on, review_due_on, closed_at, closure_reason, closure_notes,
    outcome_wellbeing, outcome_ability_to_care, outcome_life_of_own, is_demo, updated_at,
    assessment_method, support_type, carer_checked_at)
SELECT 'CH-B' || lpad(g::text, 8, '0'),
       %(first_carer)s + (g %% %(carers)s),
       received,
       (ARRAY['online','telephone','face-to-face','email'])[1 + (g * 3) %% 4],
       (ARRAY['self','gp','hospital','family','professional','school'])[1 + (g * 5) %% 6],
       '', '', '', 'Generated for the benchmark.',
       crisis, CASE WHEN crisis THEN 'breakdown' ELSE '' END, '',
       (ARRAY['young','young','young-adult','young-adult','parent','parent','parent',
              'adult','adult','adult','adult','adult','adult','adult','adult','adult','adult',
              'adult','adult','adult'])[1 + (g * 11) %% 20],
       status,
       CASE WHEN status <> 'received' THEN received + interval '3 days' END,
       CASE WHEN status NOT IN ('received', 'contacted') THEN (received + interval '14 days')::date END,
       false, '', need,
       CASE WHEN need IN ('moderate', 'high') THEN received + interval '15 days' END,
       '',
       CASE WHEN status IN ('plan-in-place', 'closed') THEN (received + interval '40 days')::date END,
       CASE WHEN status IN ('plan-in-place', 'closed') THEN (received + interval '405 days')::date END,
       CASE WHEN status IN ('closed', 'declined', 'not-eligible') THEN received + interval '120 days' END,
       CASE status WHEN 'closed' THEN 'outcomes-met' WHEN 'declined' THEN 'declined'
                   WHEN 'not-eligible' THEN 'not-eligible' ELSE '' END,
       '',
       CASE WHEN status = 'closed' THEN (ARRAY['improved','improved','same','worse'])[1 + g %% 4] ELSE '' END,
       CASE WHEN status = 'closed' THEN (ARRAY['improved','same','same','worse'])[1 + g %% 4] ELSE '' END,
       CASE WHEN status = 'closed' THEN (ARRAY['improved','improved','same','same'])[1 + g %% 4] ELSE '' END,
       true, now(),
       CASE WHEN status NOT IN ('received', 'contacted', 'declined', 'not-eligible')
            THEN (ARRAY['joint','separate','separate'])[1 + g %% 3] ELSE '' END,
       CASE WHEN status IN ('plan-in-place', 'closed')
            THEN (ARRAY['commissioned','direct-payment','information'])[1 + g %% 3] ELSE '' END,
       CASE WHEN status <> 'received' THEN received + interval '1 day' END
  FROM (
    SELECT g, received, crisis, status,
           CASE WHEN status IN ('received', 'contacted', 'assessed', 'declined', 'not-eligible') THEN ''
                WHEN status = 'assessor-review' THEN 'moderate'
                WHEN status = 'social-care' THEN 'high'
                ELSE (ARRAY['low','low','low','low','low','low','low','moderate','moderate','high'])
                     [1 + (g * 17) %% 10] END AS need
      FROM (
        SELECT g,
               now() - make_interval(days => (g * 7) %% 7300, secs => (g * 37) %% 86400) AS received,
               (g * 13) %% 100 < 5 AS crisis,
               CASE WHEN ((g %% 100000) * 7919 + 13) %% 100 < 3 THEN 'declined'
                    WHEN ((g %% 100000) * 7919 + 13) %% 100 < 5 THEN 'not-eligible'
                    WHEN ((g %% 100000) * 7919 + 13) %% 100 < 85 THEN 'closed'
                    ELSE (ARRAY['received','contacted','assessed','assessor-review','social-care',
                                'awaiting-support','support-allocated','plan-in-place'])[1 + (g * 31) %% 8]
               END AS status
          FROM generate_series(%(first)s, %(last)s) AS g
      ) AS base
  ) AS r
"""

ALLOCATIONS_SQL = """
INSERT INTO carers_allocation (
    referral_id, carer_id, service_id, amount, notes, allocated_by_id, allocated_at)
SELECT r.id, r.carer_id, (%(services)s::int[])[1 + r.id %% array_length(%(services)s::int[], 1)], NULL, '',
       %(hub)s, r.received_at + interval '30 days'
  FROM carers_referral r
 WHERE r.id > %(after)s AND r.status IN ('support-allocated', 'plan-in-place', 'closed')
   AND r.level_of_need <> ''
"""


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
        return cursor.fetchone()[0]


def max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def ensure_users():
    User = get_user_model()
    superuser, created = User.objects.get_or_create(
        username=SUPERUSER, defaults={"is_staff": True, "is_superuser": True, "email": "su@example.gov.uk"}
    )
    if created:
        superuser.set_unusable_password()
        superuser.save()
    for username in [HUB, COMMISSIONER]:
        if not User.objects.filter(username=username).exists():
            raise BenchError(f"{username} is missing: the providers module makes the role users first.")
    return User.objects.get(username=HUB)


def generate(scale: int) -> None:
    hub = ensure_users()
    existing = count("carers_referral")
    if existing > scale:
        raise BenchError(
            f"The bench database has {existing:,} referrals, more than the {scale:,} asked for: use --reset."
        )
    carers_wanted = round(scale * CARERS_PER_REFERRAL)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        carers = count("carers_carer")
        if carers < carers_wanted:
            cursor.execute(CARERS_SQL, {"first": carers + 1, "last": carers_wanted})
        cursor.execute("SELECT min(id) FROM carers_carer")
        first_carer = cursor.fetchone()[0]
        if existing < scale:
            after = max_id("carers_referral")
            cursor.execute(
                REFERRALS_SQL,
                {"first": existing + 1, "last": scale, "first_carer": first_carer, "carers": carers_wanted},
            )
            services = list(CatalogueService.objects.order_by("pk").values_list("pk", flat=True))
            cursor.execute(ALLOCATIONS_SQL, {"services": services, "hub": hub.pk, "after": after})
    inserted = time.perf_counter()
    if existing < scale:
        with connection.cursor() as cursor:
            for table in ["carers_carer", "carers_referral", "carers_allocation"]:
                cursor.execute(f"VACUUM ANALYZE {table}")
    ensure_showcase()
    print(
        f"  carers: {scale:,} referrals, {carers_wanted:,} carers: insert {inserted - started:.1f} s, "
        f"vacuum analyse {time.perf_counter() - inserted:.1f} s"
    )


def showcase() -> Referral:
    """The referral page's case: the first open referral with a plan, the same at every scale."""
    referral = Referral.objects.filter(status=Status.PLAN_IN_PLACE).order_by("pk").first()
    if referral is None:
        raise BenchError("No referral with a plan was generated: use a larger --scale.")
    return referral


def ensure_showcase() -> None:
    """Cared-for people, contacts and a history on the showcase, so its page is a realistic worst case."""
    referral = showcase()
    hub = get_user_model().objects.get(username=HUB)
    for _ in range(referral.carer.cared_for.count(), 2):
        person = CaredForPerson.objects.create(age_band="85+", primary_support_reason="memory")
        CaringLink.objects.create(carer=referral.carer, cared_for=person, relationship="parent")
    for n in range(referral.contacts.count(), 12):
        Contact.objects.create(
            referral=referral, contacted_on=timezone.localdate(), method="phone", notes=f"Call {n}", by=hub
        )
    for n in range(referral.history.count(), 8):
        referral.assessor_notes = f"Bench note {n}"
        referral._history_user = hub
        referral.save()


def unchecked() -> str:
    """A new referral whose carer the hub has not checked: its page looks for likely matches (the bench's
    carers share telephone numbers in thousands, so 50 candidates are scored)."""
    referral = Referral.objects.filter(carer_checked_at=None).order_by("pk").first()
    if referral is None:
        raise BenchError("No unchecked referral was generated: use a larger --scale.")
    return referral.get_absolute_url()


def page_of(query: str, fraction: float = 1.0) -> str:
    """A page `fraction` of the way through the caseload under `query` (1.0: the last page)."""
    url = reverse("carers:caseload")

    def build() -> str:
        qs = Referral.objects.all() if "status=all" in query else Referral.objects.open()
        pages = max(1, math.ceil(qs.count() / PER_PAGE))
        return f"{url}?{query}&page={max(1, round(pages * fraction))}"

    return build


def cases(scale: int) -> list[BenchCase]:
    caseload = reverse("carers:caseload")
    statistics = reverse("carers:statistics")
    this_year = financial_year_of(timezone.localdate())
    admin = reverse("admin:carers_referral_changelist")
    search = reverse("carers:search")
    return [
        BenchCase("carers: search, part of a surname", HUB, f"{search}?name=carer4242", GOAL_MS),
        BenchCase("carers: search, a common first name", HUB, f"{search}?name=alex", GOAL_MS),
        BenchCase("carers: search, reference", HUB, f"{search}?reference=CH-B00000042", GOAL_MS),
        BenchCase(
            "carers: search, date of birth and postcode",
            HUB,
            f"{search}?date_of_birth-day=1&date_of_birth-month=1&date_of_birth-year=1990&postcode=CW1",
            GOAL_MS,
        ),
        BenchCase("carers: new referral, likely matches", HUB, unchecked, MATCHING_GOAL_MS),
        BenchCase("carers: caseload (open, crisis first)", HUB, caseload, GOAL_MS),
        BenchCase(
            "carers: caseload, all referrals",
            HUB,
            f"{caseload}?status=all",
            GOAL_MS,
            faster_than=("carers: admin changelist, all referrals", FASTER_THAN_ADMIN),
        ),
        BenchCase(
            "carers: caseload, moderate need young carers",
            HUB,
            f"{caseload}?status=all&level_of_need=moderate&carer_type=young",
            GOAL_MS,
        ),
        BenchCase(
            "carers: caseload, telephone crisis", HUB, f"{caseload}?route=telephone&crisis=on", GOAL_MS
        ),
        BenchCase("carers: caseload, review overdue", HUB, f"{caseload}?review_overdue=on", GOAL_MS),
        BenchCase("carers: caseload, status received", HUB, f"{caseload}?status=received", GOAL_MS),
        BenchCase(
            "carers: caseload, all, middle page",
            HUB,
            page_of("status=all", 0.5),
            GOAL_MS,
            faster_than=("carers: admin changelist, middle page", FASTER_THAN_ADMIN),
        ),
        BenchCase("carers: caseload, all, last page", HUB, page_of("status=all", 1.0), GOAL_MS),
        BenchCase("carers: caseload, open, last page", HUB, page_of("status=open", 1.0), GOAL_MS),
        BenchCase("carers: referral page", HUB, lambda: showcase().get_absolute_url(), GOAL_MS),
        BenchCase("carers: statistics, this year", COMMISSIONER, statistics, GOAL_MS),
        BenchCase(
            "carers: statistics, 5 years ago", COMMISSIONER, f"{statistics}?year={this_year - 4}", GOAL_MS
        ),
        BenchCase("carers: admin changelist, all referrals", SUPERUSER, admin, ADMIN_GOAL_MS, repeat=10),
        BenchCase(
            "carers: admin changelist, middle page",
            SUPERUSER,
            lambda: f"{admin}?p={max(1, count('carers_referral') // 100 // 2)}",
            ADMIN_GOAL_MS,
            repeat=10,
        ),
    ]
