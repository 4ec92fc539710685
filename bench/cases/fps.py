"""The Day Opportunities FPS at scale: `scale` providers taking part (5,000 at the default --scale 50,000,
factor 0.1), each with 4 applications of 60 answers (20,000 applications, 1,200,000 answers), 17 section
evaluations on each decided one, admissions to the lots, `scale` call-off packages and 10 bids on each
published one (50,000 bids); then the pages commissioners, providers and the public use.

The FPS itself, its lots, windows and questionnaire (60 questions) are the demo's (commissioning/fps/demo.py,
without its invented applications). Each provider applies for all three lots, so every application answers
all 60 questions. Rows go in with PostgreSQL's COPY (applications, packages, bids) and INSERT ... SELECT
(lots applied for, answers, evaluations, clarifications, admissions, history), a batch of providers at a
time. Only adds: the providers taking part are the first `scale` active providers; those without
applications get them, and packages are added up to `scale`.
"""

# ruff: noqa: S608, E501 - the SQL is built from the models' table and column names and integers, never input

from __future__ import annotations

import json
import math
import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench.bulk import add_history, copy_rows, last_id
from bench.cases import providers as providers_bench
from bench.cases.fps_packages import add_packages
from bench.registry import BenchCase, BenchError
from commissioning.fps import demo as fps_demo
from commissioning.fps.models import (
    Admission,
    Answer,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Bid,
    Clarification,
    Lot,
    Package,
    PurchasingSystem,
    SectionEvaluation,
)
from commissioning.providers.models import Provider

SLUG = "day-opportunities"
GOAL_MS = 150.0
EXPORT_GOAL_MS = 10_000.0
PER_PAGE = 25
PROVIDER_BATCH = 500  # providers per round: 2,000 applications, 120,000 answers
PACKAGE_BATCH = 1000
COMMISSIONER = providers_bench.COMMISSIONER
PROVIDER_USER = providers_bench.PROVIDER_USER
PUBLIC = PROVIDER_USER  # the register is public; the harness signs every client in
# The windows each provider applies in: three closed ones and the one open now.
CLOSED_WINDOWS = ["2022 application window", "2024 application window", "2025 application window"]
SEARCH_WORD = "care"


# The FPS and the people ----------------------------------------------------------------------------------


def ensure_system() -> PurchasingSystem:
    """The demo's FPS, lots, windows (one open now) and questionnaire; none of its invented records."""
    today = timezone.localdate()
    system = fps_demo.load_system(today)
    fps_demo.load_questionnaire(system)
    return system


def answer_texts() -> list[str]:
    """Realistic answers, the demo's typical ones (their lengths matter to the pages, not their words)."""
    typical = json.loads((settings.BASE_DIR / "fixtures/demo/fps/applications.json").read_text())
    return [
        text.format(name="the provider", town="Crewe", cqc="1-000000000")
        for text in typical["typical_answers"].values()
    ]


def participants(scale: int) -> list[int]:
    """The first `scale` active providers (the providers module made them; more are added if needed)."""
    ids = list(Provider.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:scale])
    if len(ids) < scale:
        providers_bench.add_providers(Provider.objects.count() + 2 * (scale - len(ids)))
        ids = list(
            Provider.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:scale]
        )
    if len(ids) < scale:
        raise BenchError(
            f"Only {len(ids):,} active providers for {scale:,} FPS providers: use a larger --scale."
        )
    return ids


# Stage 1: applications ---------------------------------------------------------------------------------------


# Status of the application in each window, by a number 0-99 drawn per provider and window.
def closed_status(draw: int) -> str:
    return "decided" if draw < 85 else ("withdrawn" if draw < 93 else "draft")


def open_status(draw: int) -> str:
    for limit, status in [(40, "submitted"), (50, "clarification"), (80, "draft"), (95, "decided")]:
        if draw < limit:
            return status
    return "withdrawn"


def application_row(provider_id, window, is_open, now, rng, showcase_id, bench_user_id):
    draw = rng.randrange(100)
    status = open_status(draw) if is_open else closed_status(draw)
    if provider_id == showcase_id:
        status = "submitted" if is_open else "decided"
    end = now if is_open else window.closes_at
    created = window.opens_at + (end - window.opens_at) * rng.uniform(0.05, 0.5)
    submitted = decided = withdrawn = None
    if status != "draft":
        submitted = created + (end - created) * rng.uniform(0.1, 0.9)
    if status == "decided":
        decided = (
            submitted + (now - submitted) * rng.uniform(0.2, 0.8)
            if is_open
            else window.closes_at + timedelta(days=rng.randint(5, 28), hours=rng.randint(0, 6))
        )
    if status == "withdrawn":
        withdrawn = submitted + (end - submitted) * rng.uniform(0.1, 0.9)
    user = bench_user_id if provider_id == showcase_id else None
    year = timezone.localtime(window.opens_at).year
    return (
        f"DO-{year}-{provider_id:06d}",
        window.pk,
        provider_id,
        status,
        created,
        user,
        decided or withdrawn or submitted or created,
        submitted,
        user if submitted else None,
        "Bench Declarer" if submitted else "",
        "Director" if submitted else "",
        withdrawn,
        "Applied for the wrong lots." if withdrawn else "",
        decided,
        False,
    )


APPLICATION_COLUMNS = [
    "reference",
    "window_id",
    "provider_id",
    "status",
    "created_at",
    "created_by_id",
    "updated_at",
    "submitted_at",
    "submitted_by_id",
    "declaration_name",
    "declaration_role",
    "withdrawn_at",
    "withdrawn_reason",
    "decided_at",
    "is_demo",
]


def add_applications(
    system, provider_ids, windows, texts, showcase_id, bench_user_id, commissioner_id
) -> None:
    """Four applications for each provider (one per window), for all three lots, and all that hangs on them."""
    now = timezone.now()
    after = last_id(Application)
    rows = []
    for provider_id in provider_ids:
        rng = random.Random(provider_id)  # invented data: a seeded generator, not for security
        for window, is_open in windows:
            rows.append(application_row(provider_id, window, is_open, now, rng, showcase_id, bench_user_id))
    copy_rows(Application._meta.db_table, APPLICATION_COLUMNS, rows)
    with connection.cursor() as cursor:
        # Every lot; decided ones admitted, one lot in ten not (never the showcase provider's).
        cursor.execute(
            """
            INSERT INTO fps_applicationlot
                (application_id, lot_id, decision, reasons, decided_by_id, decided_at, decided_by_evaluator)
            SELECT a.id, l.id,
                   CASE WHEN a.status <> 'decided' THEN 'pending'
                        WHEN (a.id * 7 + l.number) %% 10 = 0 AND a.provider_id <> %(showcase)s THEN 'rejected'
                        ELSE 'admitted' END,
                   CASE WHEN a.status <> 'decided' THEN ''
                        WHEN (a.id * 7 + l.number) %% 10 = 0 AND a.provider_id <> %(showcase)s
                        THEN 'Not admitted: the service description did not meet the core specification.'
                        ELSE 'Passed every selection criterion and the service description.' END,
                   CASE WHEN a.status = 'decided' THEN %(commissioner)s END, a.decided_at, false
            FROM fps_application a CROSS JOIN fps_lot l
            WHERE a.id > %(after)s AND l.system_id = %(system)s
            ORDER BY a.id, l.number
            """,
            {"after": after, "system": system.pk, "showcase": showcase_id, "commissioner": commissioner_id},
        )
        # All 60 questions answered; one pass/fail answer in fifty the failing way.
        cursor.execute(
            """
            INSERT INTO fps_answer (application_id, question_id, text, choice, document, document_name,
                                    document_type, document_size, updated_at, updated_by_id)
            SELECT a.id, q.id,
                   CASE WHEN q.kind = 'text' THEN (%(texts)s::text[])[1 + (a.id + q.id) %% %(count)s] ELSE '' END,
                   CASE WHEN q.kind = 'pass-fail' AND (a.id * 13 + q.id) %% 50 = 0
                        THEN CASE q.pass_answer WHEN 'yes' THEN 'no' ELSE 'yes' END
                        WHEN q.kind = 'pass-fail' THEN q.pass_answer
                        WHEN q.kind = 'declaration' THEN 'yes' ELSE '' END,
                   CASE WHEN q.kind = 'document' THEN 'fps/bench/' || a.id || '-' || q.id ELSE '' END,
                   CASE WHEN q.kind = 'document' THEN 'Policy ' || q.number || '.pdf' ELSE '' END,
                   CASE WHEN q.kind = 'document' THEN 'pdf' ELSE '' END,
                   CASE WHEN q.kind = 'document' THEN 20480 + (a.id %% 1000) * 100 END,
                   coalesce(a.submitted_at, a.created_at), a.created_by_id
            FROM fps_application a
            CROSS JOIN fps_question q JOIN fps_questionsection s ON s.id = q.section_id
            WHERE a.id > %(after)s AND s.system_id = %(system)s
            ORDER BY a.id, s.number, q.position
            """,
            {"after": after, "system": system.pk, "texts": texts, "count": len(texts)},
        )
        # Every section of a decided application; the first few of one awaiting evaluation.
        cursor.execute(
            """
            INSERT INTO fps_sectionevaluation (application_id, section_id, result, notes, evaluated_by_id,
                                               evaluated_at)
            SELECT a.id, s.id, 'pass', 'Meets the requirement.', %(commissioner)s,
                   least(coalesce(a.decided_at - interval '2 days', a.submitted_at + interval '1 day'), now())
            FROM fps_application a CROSS JOIN fps_questionsection s
            WHERE a.id > %(after)s AND s.system_id = %(system)s
              AND (a.status = 'decided'
                   OR (a.status IN ('submitted', 'clarification') AND s.number <= a.id %% 6))
            """,
            {"after": after, "system": system.pk, "commissioner": commissioner_id},
        )
        # An open clarification on each application waiting for one; an answered one on a fifth of decided.
        cursor.execute(
            """
            INSERT INTO fps_clarification (application_id, section_id, question, asked_by_id, asked_at,
                                           respond_by, answer, answered_by_id, answered_at)
            SELECT a.id, s.id,
                   'Please say how many staff are on shift when the service is full, and their training.',
                   %(commissioner)s, c.asked, (c.asked + interval '7 days')::date,
                   CASE WHEN a.status = 'decided' THEN 'Eight support workers and a team leader, all trained.'
                        ELSE '' END,
                   CASE WHEN a.status = 'decided' THEN a.created_by_id END,
                   CASE WHEN a.status = 'decided' THEN c.asked + interval '2 days' END
            FROM fps_application a
            JOIN fps_questionsection s ON s.system_id = %(system)s AND s.number = 7
            CROSS JOIN LATERAL (SELECT least(a.submitted_at + interval '1 day', now()) AS asked) c
            WHERE a.id > %(after)s
              AND (a.status = 'clarification' OR (a.status = 'decided' AND a.id %% 5 = 0))
            """,
            {"after": after, "system": system.pk, "commissioner": commissioner_id},
        )
        # The register: the first admission of each provider to each lot; one in forty suspended.
        cursor.execute(
            """
            INSERT INTO fps_admission (lot_id, provider_id, application_lot_id, admitted_at, status,
                                       status_reason, status_changed_at, excluded)
            SELECT DISTINCT ON (a.provider_id, al.lot_id) al.lot_id, a.provider_id, al.id, al.decided_at,
                   CASE WHEN al.id %% 40 = 0 AND a.provider_id <> %(showcase)s THEN 'suspended' ELSE 'active' END,
                   CASE WHEN al.id %% 40 = 0 AND a.provider_id <> %(showcase)s
                        THEN 'Suspended while a safeguarding enquiry is open.' ELSE '' END,
                   CASE WHEN al.id %% 40 = 0 AND a.provider_id <> %(showcase)s THEN now() - interval '30 days' END,
                   false
            FROM fps_applicationlot al JOIN fps_application a ON a.id = al.application_id
            WHERE a.id > %(after)s AND al.decision = 'admitted'
              AND NOT EXISTS (SELECT 1 FROM fps_admission ad
                              WHERE ad.provider_id = a.provider_id AND ad.lot_id = al.lot_id)
            ORDER BY a.provider_id, al.lot_id, al.decided_at
            """,
            {"after": after, "showcase": showcase_id},
        )
    add_history(
        Application, "id > %s", "coalesce(decided_at, withdrawn_at, submitted_at, created_at)", [after]
    )
    add_history(
        ApplicationLot,
        "application_id > %s",
        "coalesce(decided_at, (SELECT created_at FROM fps_application a WHERE a.id = application_id))",
        [after],
    )
    add_history(SectionEvaluation, "application_id > %s", "evaluated_at", [after])
    add_history(Clarification, "application_id > %s", "coalesce(answered_at, asked_at)", [after])
    add_history(
        Admission,
        "application_lot_id IN (SELECT al.id FROM fps_applicationlot al WHERE al.application_id > %s)",
        "admitted_at",
        [after],
    )


# Stage 2: packages and bids -------------------------------------------------------------------------------


def analyse() -> None:
    """Statistics for the planner, as autovacuum would soon give them after a real import."""
    audited = [Application, ApplicationLot, SectionEvaluation, Clarification, Admission, Package, Bid]
    tables = [Answer._meta.db_table]
    for model in audited:
        tables += [model._meta.db_table, model.history.model._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def generate(scale: int) -> None:
    """`scale` providers on the FPS with four applications each, `scale` packages with ten bids each."""
    started = time.perf_counter()
    system = ensure_system()
    providers_bench.ensure_users()
    showcase = providers_bench.showcase_provider()
    User = get_user_model()
    commissioner_id = User.objects.get(username=COMMISSIONER).pk
    bench_user_id = User.objects.get(username=PROVIDER_USER).pk
    ids = participants(scale)
    if showcase.pk not in ids:
        raise BenchError("The showcase provider is not among the FPS providers: use --reset.")
    taking_part = Application.objects.values("provider_id").distinct().count()
    if taking_part > scale:
        raise BenchError(
            f"The bench database has {taking_part:,} FPS providers, more than the {scale:,} asked for. "
            "The generator only adds rows: run scales in ascending order, or use --reset."
        )
    windows = [(ApplicationWindow.objects.get(system=system, name=name), False) for name in CLOSED_WINDOWS]
    now = timezone.now()
    windows.append((ApplicationWindow.objects.filter(system=system).open_at(now).latest("opens_at"), True))
    have = set(Application.objects.values_list("provider_id", flat=True).distinct())
    missing = [pk for pk in ids if pk not in have]
    texts = answer_texts()
    for start in range(0, len(missing), PROVIDER_BATCH):
        with transaction.atomic():
            add_applications(
                system,
                missing[start : start + PROVIDER_BATCH],
                windows,
                texts,
                showcase.pk,
                bench_user_id,
                commissioner_id,
            )
        done = min(start + PROVIDER_BATCH, len(missing))
        print(
            f"  fps: applications for {done:,} of {len(missing):,} providers ({time.perf_counter() - started:.0f} s)"
        )
    packages = Package.objects.count()
    if packages > scale:
        raise BenchError(
            f"The bench database has {packages:,} FPS packages, more than {scale:,}: use --reset."
        )
    admitted: dict[int, list[int]] = {}
    if packages < scale:
        for lot_id, provider_id in Admission.objects.current().values_list("lot_id", "provider_id"):
            admitted.setdefault(lot_id, []).append(provider_id)
    for first in range(packages, scale, PACKAGE_BATCH):
        with transaction.atomic():
            add_packages(
                system,
                first,
                min(scale, first + PACKAGE_BATCH),
                admitted,
                showcase.pk,
                bench_user_id,
                commissioner_id,
            )
        print(
            f"  fps: {min(scale, first + PACKAGE_BATCH):,} of {scale:,} packages ({time.perf_counter() - started:.0f} s)"
        )
    if missing or packages < scale:
        analyse()


# The cases ---------------------------------------------------------------------------------------------------


def awaiting_count() -> int:
    return Application.objects.awaiting_evaluation().count()


def queue_last_page_url() -> str:
    return f"{reverse('fps:queue')}?page={max(1, math.ceil(awaiting_count() / PER_PAGE))}"


def queue_filtered_url() -> str:
    lot = Lot.objects.get(system__slug=SLUG, number=2)
    window = ApplicationWindow.objects.get(system__slug=SLUG, name=CLOSED_WINDOWS[0])
    return f"{reverse('fps:queue')}?status=all&lot={lot.pk}&window={window.pk}"


def evaluate_url(status: str):
    def url() -> str:
        """The busiest application of that status: 60 answers, 17 evaluations, a clarification."""
        application = (
            Application.objects.filter(status=status, clarifications__isnull=False, window__system__slug=SLUG)
            .order_by("-pk")
            .first()
        )
        return reverse("fps:evaluate", args=[application.reference])

    return url


def register_last_page_url() -> str:
    lot = Lot.objects.get(system__slug=SLUG, number=1)
    count = Admission.objects.filter(lot=lot).exclude(status="removed").count()
    return f"{reverse('fps:register', args=[SLUG])}?lot=1&page={max(1, math.ceil(count / PER_PAGE))}"


def cases(scale: int) -> list[BenchCase]:
    queue = reverse("fps:queue")
    register = reverse("fps:register", args=[SLUG])
    return [
        BenchCase("fps: evaluation queue", COMMISSIONER, queue, GOAL_MS),
        BenchCase("fps: evaluation queue, last page", COMMISSIONER, queue_last_page_url, GOAL_MS),
        BenchCase(
            "fps: evaluation queue, lot + window, any status", COMMISSIONER, queue_filtered_url, GOAL_MS
        ),
        BenchCase(
            "fps: evaluation queue, search", COMMISSIONER, f"{queue}?status=all&q={SEARCH_WORD}", GOAL_MS
        ),
        BenchCase("fps: evaluate an application (decided)", COMMISSIONER, evaluate_url("decided"), GOAL_MS),
        BenchCase(
            "fps: evaluate an application (clarification)",
            COMMISSIONER,
            evaluate_url("clarification"),
            GOAL_MS,
        ),
        BenchCase("fps: register (public)", PUBLIC, register, GOAL_MS),
        BenchCase("fps: register, lot 1, last page", PUBLIC, register_last_page_url, GOAL_MS),
        BenchCase("fps: register, search", PUBLIC, f"{register}?lot=2&q={SEARCH_WORD}", GOAL_MS),
        BenchCase("fps: own applications (provider)", PROVIDER_USER, reverse("fps:applications"), GOAL_MS),
        BenchCase("fps: packages (commissioner)", COMMISSIONER, reverse("fps:packages"), GOAL_MS),
        BenchCase("fps: packages (provider)", PROVIDER_USER, reverse("fps:packages"), GOAL_MS),
        BenchCase(
            "fps: OCDS release package",
            PUBLIC,
            reverse("fps:ocds", args=[SLUG]),
            EXPORT_GOAL_MS,
            streaming=True,
            repeat=3,
            warmup=1,
        ),
    ]
