"""Invented carers for the demo, generated deterministically from fixtures/demo/carers/demo-parameters.json
(a fixed seed; dates counted back from today). Nobody is real and every row is marked is_demo.

Thousands of rows are not committed: the parameters and the service catalogue are, and this loader makes
the rest. It loads nothing when demo carers already exist (idempotent)."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .catalogue import sync_catalogue
from .models import (
    AgeBand,
    Allocation,
    AssessmentMethod,
    CaredForPerson,
    Carer,
    CaringLink,
    CaseTask,
    CatalogueService,
    ClosureReason,
    Consent,
    ConsentKind,
    ConsentMethod,
    Contact,
    CrisisReason,
    Need,
    Referral,
    Relationship,
    Status,
    SupportReason,
    SupportType,
    carer_type_on,
    new_reference,
)
from .services import one_year_after

PARAMETERS = settings.BASE_DIR / "fixtures" / "demo" / "carers" / "demo-parameters.json"


def weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9 + rng.randrange(8), rng.randrange(60))))


def date_of_birth(kind: str, received: date, rng: random.Random) -> date:
    low, high = {"young": (8, 17), "young-adult": (18, 25), "parent": (26, 60), "adult": (26, 90)}[kind]
    age = rng.randint(low, high)
    return received - timedelta(days=age * 365 + rng.randrange(1, 360))


def load(*, stdout=None, today: date | None = None) -> int:
    """Generate the demo carers unless they exist; returns how many carers were made."""
    sync_catalogue(CatalogueService)
    if Carer.objects.filter(is_demo=True).exists():
        if stdout:
            stdout.write("Carers hub: demo carers already loaded.")
        return 0
    with transaction.atomic():
        made = generate(json.loads(PARAMETERS.read_text()), today or timezone.localdate())
    if stdout:
        stdout.write(f"Carers hub: {made:,} invented carers and their referrals loaded.")
    return made


def generate(p: dict, today: date) -> int:
    rng = random.Random(p["seed"])  # invented data: a seeded generator, not for security
    User = get_user_model()
    hub = User.objects.filter(username="carers-hub").first()
    assessor = User.objects.filter(username="assessor").first()
    catalogue = {tier: list(CatalogueService.objects.filter(tier=tier)) for tier in Need.values}
    fund = CatalogueService.objects.get(code="wellbeing-fund")
    start = today - timedelta(days=365 * p["years"])
    towns = list(p["towns"].items())

    plans = []
    for kind, per_year in p["new_carers_per_year"].items():
        for _ in range(per_year * p["years"]):
            plans.append((kind, start + timedelta(days=rng.randrange((today - start).days))))
    plans.sort(key=lambda plan: plan[1])

    carers, cared_for, links, referrals = [], [], [], []
    for n, (kind, received) in enumerate(plans):
        town, district = rng.choice(towns)
        first, last = rng.choice(p["first_names"]), rng.choice(p["last_names"])
        carer = Carer(
            first_name=first,
            last_name=last,
            date_of_birth=date_of_birth(kind, received, rng),
            phone=f"07700 900{n % 1000:03d}",
            email=f"{first}.{last}.{n}@example.org".lower(),
            address_line_1=f"{rng.randint(1, 200)} Example Street",
            town=town,
            postcode=f"{district} {rng.randint(1, 9)}ZZ",
            gp_practice=rng.choice(p["gp_practices"]),
            preferred_contact=rng.choice(["phone", "phone", "email", "text", "post"]),
            consent_to_store=True,
            consent_to_contact=True,
            consent_to_share_with_gp=rng.random() < 0.7,
            is_parent_carer=kind == "parent",
            is_working_carer=kind != "young" and rng.random() < 0.4,
            caring_hours_per_week=rng.choice([5, 10, 20, 35, 50, 80, 100]),
            school=rng.choice(p["schools"]) if kind == "young" else "",
            is_demo=True,
        )
        setattr(carer, f"contact_by_{carer.preferred_contact}", True)
        carer.fill_search_keys()
        carers.append((carer, kind, received))
    bulk_create_with_history(
        [c for c, _k, _r in carers], Carer, batch_size=1000, default_change_reason="Demo data loaded"
    )
    for carer, kind, received in carers:
        relationship = {
            "young": Relationship.PARENT,
            "young-adult": rng.choice([Relationship.PARENT, Relationship.SIBLING]),
            "parent": Relationship.CHILD,
        }.get(kind, rng.choice([Relationship.PARTNER, Relationship.PARENT, Relationship.FRIEND]))
        age_band = {
            "parent": AgeBand.UNDER_18,
            "young": rng.choice([AgeBand.AGE_18_64, AgeBand.AGE_65_84]),
        }.get(kind, rng.choice([AgeBand.AGE_18_64, AgeBand.AGE_65_84, AgeBand.AGE_85_PLUS]))
        person = CaredForPerson(
            age_band=age_band,
            primary_support_reason=rng.choice(SupportReason.values),
            has_social_care_respite=rng.random() < 0.15,
        )
        cared_for.append(person)
        links.append(CaringLink(carer=carer, cared_for=person, relationship=relationship))
        days = [received]
        if rng.random() < p["second_referral_rate"] and (today - received).days > 200:
            days.append(received + timedelta(days=rng.randrange(180, (today - received).days)))
        for day in days:
            referrals.append(new_referral(p, rng, carer, kind, day, today))
    bulk_create_with_history(
        cared_for, CaredForPerson, batch_size=2000, default_change_reason="Demo data loaded"
    )
    bulk_create_with_history(links, CaringLink, batch_size=2000, default_change_reason="Demo data loaded")
    casework = random.Random(p["seed"] + 1)  # case work added later: a second generator, same data as before
    for referral, _extra in referrals:
        case_details(referral, hub, casework)
    bulk_create_with_history(
        [r for r, _extra in referrals], Referral, batch_size=1000, default_change_reason="Demo data loaded"
    )
    consents(carers, referrals)
    tasks_and_a_likely_duplicate(referrals, hub, casework, today)

    allocations, contacts = [], []
    for referral, extra in referrals:
        for offset, note in extra["contacts"]:
            contacts.append(
                Contact(
                    referral=referral,
                    contacted_on=referral.received_at.date() + timedelta(days=offset),
                    method=rng.choice(["phone", "phone", "email", "face-to-face"]),
                    notes=note,
                    by=hub,
                )
            )
        if extra["allocated_on"] is None:
            continue
        when = moment(extra["allocated_on"], rng)
        services = rng.sample(catalogue[Need.LOW], rng.randint(1, 3))
        for service in services:
            amount = Decimal(rng.choice(p["wellbeing_fund_amounts"])) if service == fund else None
            allocations.append(
                Allocation(
                    referral=referral,
                    carer=referral.carer,
                    service=service,
                    amount=amount,
                    allocated_by=hub,
                    allocated_at=when,
                )
            )
        if referral.level_of_need in {Need.MODERATE, Need.HIGH}:
            allocations.append(
                Allocation(
                    referral=referral,
                    carer=referral.carer,
                    service=rng.choice(catalogue[referral.level_of_need]),
                    allocated_by=assessor,
                    allocated_at=when,
                )
            )
    Allocation.objects.bulk_create(allocations, batch_size=2000)
    Contact.objects.bulk_create(contacts, batch_size=2000)
    return len(carers)


def new_referral(p: dict, rng: random.Random, carer: Carer, kind: str, received: date, today: date):
    """A referral taken as far along the pathway as its age allows."""
    age = (today - received).days
    steps = p["days_to"]
    referrer = weighted(rng, p["young_carer_referrers"] if kind == "young" else p["referrers"])
    crisis = rng.random() < p["crisis_rate"]
    referral = Referral(
        reference=new_reference(),
        carer=carer,
        received_at=moment(received, rng),
        route=weighted(rng, p["routes"]),
        referrer_type=referrer,
        referrer_name="" if referrer == "self" else f"{rng.choice(p['first_names'])} Referrer (demo)",
        reason="Invented demo referral: the carer would like information and a break from caring.",
        is_crisis=crisis,
        crisis_reason=rng.choice(CrisisReason.values) if crisis else "",
        carer_type=carer_type_on(carer.date_of_birth, carer.is_parent_carer, received),
        status=Status.RECEIVED,
        is_demo=True,
    )
    extra = {"contacts": [], "allocated_on": None}
    if age < steps["contact"]:
        return referral, extra
    referral.status = Status.CONTACTED
    referral.contacted_at = moment(received + timedelta(days=steps["contact"]), rng)
    extra["contacts"].append((steps["contact"], "First call: talked through the hub's support (demo)."))
    if age < steps["assessment"]:
        return referral, extra
    outcome = weighted(rng, p["assessment"])
    assessed_on = received + timedelta(days=steps["assessment"])
    referral.assessed_on = assessed_on
    if outcome != "completed":
        referral.status = Status.DECLINED if outcome == "declined" else Status.NOT_ELIGIBLE
        referral.closure_reason = (
            ClosureReason.DECLINED if outcome == "declined" else ClosureReason.NOT_ELIGIBLE
        )
        referral.closed_at = moment(assessed_on, rng)
        referral.mailing_list_opt_in = outcome == "declined" and rng.random() < 0.5
        referral.signposted_to = "Live Well Cheshire East (demo)" if outcome == "not-eligible" else ""
        return referral, extra
    referral.status = Status.ASSESSED
    if age < steps["need"]:
        return referral, extra
    need = weighted(rng, p["need"])
    referral.level_of_need = need
    if need == Need.LOW:
        referral.status = Status.AWAITING_SUPPORT
    else:
        referral.sent_to_social_care_at = moment(received + timedelta(days=steps["need"]), rng)
        referral.status = Status.ASSESSOR_REVIEW if need == Need.MODERATE else Status.SOCIAL_CARE
        if age < steps["social_care"]:
            return referral, extra
        referral.assessor_reviewed_at = moment(received + timedelta(days=steps["social_care"]), rng)
        referral.status = Status.AWAITING_SUPPORT
    if age < steps["allocation"]:
        return referral, extra
    extra["allocated_on"] = received + timedelta(days=steps["allocation"])
    referral.status = Status.SUPPORT_ALLOCATED
    if age < steps["plan"]:
        return referral, extra
    plan = received + timedelta(days=steps["plan"])
    referral.status = Status.PLAN_IN_PLACE
    referral.plan_agreed_on = plan
    referral.review_due_on = one_year_after(plan)
    low, high = p["closed_after_plan_days"]
    if rng.random() < p["closed_share_of_old_plans"]:
        closing = plan + timedelta(days=rng.randint(low, high))
        if closing < today:
            referral.status = Status.CLOSED
            referral.closed_at = moment(closing, rng)
            referral.closure_reason = rng.choice(
                [ClosureReason.OUTCOMES_MET, ClosureReason.OUTCOMES_MET, ClosureReason.NO_LONGER_CARING]
            )
            for field in ["outcome_wellbeing", "outcome_ability_to_care", "outcome_life_of_own"]:
                setattr(referral, field, weighted(rng, p["outcomes"]))
            return referral, extra
    if referral.review_due_on < today and rng.random() < 0.7:
        referral.last_reviewed_on = referral.review_due_on
        referral.review_due_on = one_year_after(referral.review_due_on)
        extra["contacts"].append(((referral.last_reviewed_on - received).days, "Annual review (demo)."))
    return referral, extra


METHOD_BY_ROUTE = {
    "online": ConsentMethod.ONLINE,
    "telephone": ConsentMethod.PHONE,
    "face-to-face": ConsentMethod.IN_PERSON,
    "email": ConsentMethod.WRITING,
}


def case_details(referral: Referral, hub, rng: random.Random) -> None:
    """Checked against the records when it arrived; a case worker once contacted; the national returns'
    details once assessed."""
    referral.carer_checked_at = referral.received_at
    if referral.status != Status.RECEIVED:
        referral.owner = hub
    if referral.assessed_on and referral.status not in {Status.DECLINED, Status.NOT_ELIGIBLE}:
        referral.assessment_method = rng.choice([AssessmentMethod.SEPARATE, AssessmentMethod.JOINT])
        if referral.level_of_need in {Need.MODERATE, Need.HIGH}:
            referral.support_type = rng.choice([SupportType.COMMISSIONED, SupportType.DIRECT_PAYMENT])
        elif referral.level_of_need:
            referral.support_type = rng.choice([SupportType.COMMISSIONED, SupportType.INFORMATION])


def consents(carers: list, referrals: list) -> None:
    """The consents each demo carer gave on their first referral, as records."""
    first_route = {}
    for referral, _extra in referrals:
        first_route.setdefault(referral.carer_id, (referral.route, referral.received_at))
    records = []
    for carer, _kind, _received in carers:
        route, received_at = first_route[carer.pk]
        kinds = [ConsentKind.STORE, f"contact-{carer.preferred_contact}"]
        if carer.consent_to_share_with_gp:
            kinds.append(ConsentKind.SHARE_GP)
        records.extend(
            Consent(
                carer=carer,
                kind=kind,
                given=True,
                on=timezone.localdate(received_at),
                method=METHOD_BY_ROUTE[route],
                recorded_at=received_at,
            )
            for kind in kinds
        )
    Consent.objects.bulk_create(records, batch_size=2000)


TASKS = [
    "Call the carer back about a short break (demo)",
    "Send the carers' wellbeing fund form (demo)",
    "Book the carer's review visit (demo)",
    "Check the GP has the carer on their register (demo)",
]


def tasks_and_a_likely_duplicate(referrals: list, hub, rng: random.Random, today: date) -> None:
    """Tasks for the hub worker on open cases, due around today; and one new online referral whose carer
    is already on record (the same name, date of birth and telephone), to show the likely match."""
    if hub is None:
        return
    open_cases = [
        r
        for r, _extra in referrals
        if r.owner_id and r.status not in {Status.CLOSED, Status.DECLINED, Status.NOT_ELIGIBLE}
    ]
    tasks = [
        CaseTask(
            referral=referral,
            title=TASKS[n % len(TASKS)],
            owner=hub,
            due_on=today + timedelta(days=rng.randint(-3, 14)),
            created_by=hub,
            created_at=timezone.now(),
        )
        for n, referral in enumerate(rng.sample(open_cases, min(12, len(open_cases))))
    ]
    bulk_create_with_history(tasks, CaseTask, default_change_reason="Demo data loaded")
    known = next(r.carer for r, _extra in referrals if r.status == Status.PLAN_IN_PLACE)
    again = Carer(
        first_name=known.first_name,
        last_name=known.last_name,
        date_of_birth=known.date_of_birth,
        phone=known.phone,
        email="",
        preferred_contact="phone",
        consent_to_store=True,
        consent_to_contact=True,
        contact_by_phone=True,
        is_demo=True,
    )
    again.fill_search_keys()
    bulk_create_with_history([again], Carer, default_change_reason="Demo data loaded")
    link = known.caring_links.first()
    CaringLink.objects.create(carer=again, cared_for=link.cared_for, relationship=link.relationship)
    bulk_create_with_history(
        [
            Referral(
                reference=new_reference(),
                carer=again,
                received_at=timezone.now() - timedelta(hours=2),
                route="online",
                referrer_type="self",
                reason="Invented demo referral: a second referral for a carer the hub already knows.",
                carer_type=carer_type_on(again.date_of_birth, False, today),
                is_demo=True,
            )
        ],
        Referral,
        default_change_reason="Demo data loaded",
    )
    Consent.objects.bulk_create(
        Consent(carer=again, kind=kind, given=True, on=today, method=ConsentMethod.ONLINE)
        for kind in [ConsentKind.STORE, ConsentKind.CONTACT_PHONE]
    )
