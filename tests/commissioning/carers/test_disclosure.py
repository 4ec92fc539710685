"""Statistics that survive arithmetic: the differencing attack on every published table.

The attacker here is independent of commissioning/carers/disclosure.py: it reads the page as published
(HTML), writes down what any reader knows (a row's year to date is the sum of its quarters; routes, carer
types and levels of need each add up to the referrals received; the three outcome measures each add up to
the same number of closures; services add up to an unpublished number of allocations) and uses floating
point linear algebra (numpy) to find every hidden cell whose value those equations fix. It also looks for
the bound attack (hidden cells that must all be 1). The test fails if it finds any.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.carers.disclosure import Equation, determined, suppress
from commissioning.carers.models import Allocation, CatalogueService, Referral
from commissioning.carers.statistics import equations as page_equations
from tests.commissioning.carers.factories import CarerFactory, ReferralFactory

HIDDEN = "[c]"


# --- The attacker ---------------------------------------------------------------------------------------
def attack(published: dict, equations: list[dict]) -> set:
    """Hidden cells a reader can work out. `published` maps each cell to its number, or HIDDEN; each
    equation maps cells (published or never published) to coefficients and sums to zero."""
    return linear_attack(published, equations) | bound_attack(published, equations)


def linear_attack(published: dict, equations: list[dict]) -> set:
    """Hidden cells whose value the equations fix: e_i is in the row space over the unknowns."""
    unknown = sorted({c for eq in equations for c in eq if published.get(c, HIDDEN) == HIDDEN}, key=repr)
    if not unknown:
        return set()
    matrix = np.array([[eq.get(cell, 0) for cell in unknown] for eq in equations], dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    found = set()
    for index, cell in enumerate(unknown):
        if cell not in published:
            continue  # a total that is never published: not a cell of any table
        unit = np.zeros(len(unknown))
        unit[index] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(cell)
    return found


def bound_attack(published: dict, equations: list[dict]) -> set:
    """Every hidden count is at least 1 (zeros are shown), so hidden cells of one sign that add up to
    exactly their number are all 1."""
    found = set()
    for eq in equations:
        hidden = [c for c in eq if published.get(c, HIDDEN) == HIDDEN]
        if not hidden or any(c not in published for c in hidden):
            continue
        if len({eq[c] > 0 for c in hidden}) != 1:
            continue
        residual = -sum(coefficient * published[c] for c, coefficient in eq.items() if c not in hidden)
        if abs(residual) == sum(abs(eq[c]) for c in hidden):
            found.update(hidden)
    return found


def as_dicts(equations: list[Equation]) -> list[dict]:
    return [dict(eq.terms) for eq in equations]


# --- The tables as published ----------------------------------------------------------------------------
class Tables(HTMLParser):
    """Every <table> of a page: its caption, header cells and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._in_caption = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in {"td", "th"}:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in {"td", "th"} and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell += data


def published_cells(html: str) -> tuple[dict, dict]:
    """{(caption, row label, period): number or HIDDEN} and {caption: [row labels]} from the page."""
    parser = Tables()
    parser.feed(html)
    cells, labels = {}, {}
    for table in parser.tables:
        caption = " ".join(table["caption"].split())
        head, *rows = table["rows"]
        periods = head[1:]
        labels[caption] = [row[0] for row in rows]
        for row in rows:
            for period, text in zip(periods, row[1:], strict=True):
                cells[(caption, row[0], period)] = HIDDEN if text == HIDDEN else int(text.replace(",", ""))
    return cells, labels


def reader_equations(labels: dict) -> list[dict]:
    """What any reader of the page knows, written from its captions and row labels alone."""
    periods = ["Q1", "Q2", "Q3", "Q4", "Year to date"]
    equations = []

    def total(total_cell, parts):
        equation = {total_cell: 1}
        for part in parts:
            equation[part] = equation.get(part, 0) - 1
        equations.append(equation)

    overview = "Referrals and carers supported"
    additive = {overview: ["Referrals received"]}
    additive.update(
        {
            caption: labels[caption]
            for caption in [
                "Referrals by route",
                "Referrals by carer type",
                "Referrals by level of need",
                "Services allocated",
                "Outcomes at closure",
            ]
        }
    )
    for caption, rows in additive.items():
        for row in rows:
            total((caption, row, "Year to date"), [(caption, row, p) for p in periods[:4]])
    for period in periods:
        referrals = (overview, "Referrals received", period)
        for caption in ["Referrals by route", "Referrals by carer type", "Referrals by level of need"]:
            total(referrals, [(caption, row, period) for row in labels[caption]])
        total(
            ("allocations", period),
            [("Services allocated", row, period) for row in labels["Services allocated"]],
        )
        for measure in ["Wellbeing", "Ability to keep caring", "Having a life of their own"]:
            rows = [row for row in labels["Outcomes at closure"] if row.startswith(f"{measure}:")]
            assert len(rows) == 4
            total(("closed", period), [("Outcomes at closure", row, period) for row in rows])
    for name in ["allocations", "closed"]:
        total((name, "Year to date"), [(name, p) for p in periods[:4]])
    return equations


# --- The attacker works: it undoes primary suppression alone ------------------------------------------
def test_the_attack_recovers_the_issue_example_from_primary_suppression_alone():
    # Q3 "Residential and Nursing Respite Care (high)": 8 | 7 | <5 | 0 | total 19.
    row = {"Q1": 8, "Q2": 7, "Q3": 4, "Q4": 0, "YTD": 19}
    published = {k: HIDDEN if 0 < v < 5 else v for k, v in row.items()}
    equations = [{"YTD": 1, "Q1": -1, "Q2": -1, "Q3": -1, "Q4": -1}]
    assert attack(published, equations) == {"Q3"}
    hidden = suppress(row, [Equation.total("YTD", ["Q1", "Q2", "Q3", "Q4"])], order=list(row))
    assert hidden == {"Q3", "Q2"}  # the next smallest non-zero count of the row
    assert not attack({k: HIDDEN if k in hidden else v for k, v in row.items()}, equations)


def test_the_bound_attack_two_hidden_ones():
    row = {"Q1": 1, "Q2": 1, "Q3": 0, "Q4": 0, "YTD": 2}
    equations = [Equation.total("YTD", ["Q1", "Q2", "Q3", "Q4"])]
    primary_only = {"Q1", "Q2", "YTD"}
    assert (
        attack({k: HIDDEN if k in primary_only else v for k, v in row.items()}, as_dicts(equations)) == set()
    )
    row = {"Q1": 1, "Q2": 1, "Q3": 0, "Q4": 9, "YTD": 11}
    published = {k: HIDDEN if k in {"Q1", "Q2"} else v for k, v in row.items()}
    assert attack(published, as_dicts(equations)) == {"Q1", "Q2"}  # 11 - 9 = 2 = 1 + 1
    hidden = suppress(row, equations, order=list(row))
    assert hidden > {"Q1", "Q2"}
    assert not attack({k: HIDDEN if k in hidden else v for k, v in row.items()}, as_dicts(equations))


def test_exact_elimination_agrees_with_numpy():
    rng = random.Random(3)
    for _ in range(200):
        cells = [f"x{i}" for i in range(8)]
        equations = [
            Equation(tuple((c, rng.choice([-1, 1])) for c in rng.sample(cells, rng.randint(2, 4))))
            for _ in range(rng.randint(1, 6))
        ]
        unknown = set(rng.sample(cells, rng.randint(1, 6)))
        published = {c: (HIDDEN if c in unknown else 1) for c in cells}
        assert determined(unknown, equations) == linear_attack(published, as_dicts(equations))


# --- The page's own structure, on many random years --------------------------------------------------
def random_year(rng: random.Random, small: float) -> list[dict]:
    """The page's tables with random counts, many of them small."""

    def count():
        return rng.choice([0, 1, 2, 3, 4]) if rng.random() < small else rng.randint(5, 40)

    def rows(keys):
        return [{"key": key, "label": key, "counts": [count() for _ in range(4)]} for key in keys]

    def with_year(table_rows):
        for row in table_rows:
            row["counts"].append(sum(row["counts"]))
        return table_rows

    route = with_year(rows(["online", "telephone", "face-to-face", "email"]))
    referrals = [sum(row["counts"][p] for row in route) for p in range(5)]

    def split(keys):
        """Rows that add up, period by period, to the referrals."""
        out = [{"key": key, "label": key, "counts": []} for key in keys]
        for p in range(4):
            left = referrals[p]
            for row in out[:-1]:
                part = rng.randint(0, left)
                row["counts"].append(part)
                left -= part
            out[-1]["counts"].append(left)
        return with_year(out)

    closed = [count() * 3 for _ in range(4)]
    outcomes = []
    for measure in ["outcome_wellbeing", "outcome_ability_to_care", "outcome_life_of_own"]:
        block = [{"key": f"{measure}:{s}", "label": s, "counts": []} for s in ["a", "b", "c", ""]]
        for p in range(4):
            left = closed[p]
            for row in block[:-1]:
                part = rng.randint(0, left)
                row["counts"].append(part)
                left -= part
            block[-1]["counts"].append(left)
        outcomes.extend(with_year(block))
    return [
        {
            "key": "overview",
            "rows": [
                {"key": "referrals", "counts": referrals},
                {"key": "carers", "counts": [count() for _ in range(5)]},
            ],
        },
        {"key": "route", "rows": route},
        {"key": "carer_type", "rows": split(["young", "young-adult", "parent", "adult"])},
        {"key": "need", "rows": split(["low", "moderate", "high", ""])},
        {"key": "service", "rows": with_year(rows([f"s{i}" for i in range(18)]))},
        {"key": "outcome", "rows": outcomes},
    ]


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_count_can_be_worked_out_on_random_years(seed):
    rng = random.Random(seed)
    tables = random_year(rng, small=rng.choice([0.2, 0.5, 0.8]))
    values = {
        (t["key"], row["key"], p): n for t in tables for row in t["rows"] for p, n in enumerate(row["counts"])
    }
    equations, hidden_totals = page_equations(tables)
    hidden = suppress(values, equations, hidden_totals, order=list(values))
    assert {cell for cell, n in values.items() if 0 < n < 5} <= hidden
    published = {cell: HIDDEN if cell in hidden else n for cell, n in values.items()}
    assert attack(published, as_dicts(equations)) == set()
    # Without secondary suppression the same attack finds something on most of these years.
    if seed == 0:
        primary = {cell: HIDDEN if 0 < n < 5 else n for cell, n in values.items()}
        assert attack(primary, as_dicts(equations))


# --- The page as published ----------------------------------------------------------------------------
YEAR = 2024


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.mark.django_db
def test_the_statistics_page_survives_the_differencing_attack(client_for, hub_user):
    """A small year (most counts under 5) published on the page: every [c] is safe, and the page's
    equations as a reader writes them match the tables shown."""
    rng = random.Random(11)
    services = list(CatalogueService.objects.order_by("position")[:4])
    for n in range(60):
        day = date(YEAR, 4, 1) + timedelta(days=rng.randrange(360))
        referral = ReferralFactory(
            carer=CarerFactory(),
            received_at=at(day),
            route=rng.choice(["online", "online", "telephone", "face-to-face", "email"]),
            carer_type=rng.choice(["adult", "adult", "parent", "young"]),
            level_of_need=rng.choice(["", "low", "low", "moderate", "high"]),
        )
        if n % 2:
            Allocation.objects.create(
                referral=referral, service=rng.choice(services), allocated_by=hub_user, allocated_at=at(day)
            )
        if n % 3 == 0:
            Referral.objects.filter(pk=referral.pk).update(
                status="closed",
                closure_reason="outcomes-met",
                closed_at=at(min(day + timedelta(days=10), date(YEAR + 1, 3, 31))),
                outcome_wellbeing=rng.choice(["improved", "same", ""]),
            )
    response = client_for("commissioner").get(reverse("carers:statistics"), {"year": YEAR})
    assert response.status_code == 200
    published, labels = published_cells(response.content.decode())
    assert list(labels) == [
        "Referrals and carers supported",
        "Referrals by route",
        "Referrals by carer type",
        "Referrals by level of need",
        "Services allocated",
        "Outcomes at closure",
    ]
    hidden = [cell for cell, value in published.items() if value == HIDDEN]
    assert len(hidden) > 20  # a small year: plenty to attack
    equations = reader_equations(labels)
    # The reader's equations hold for the numbers shown (where none of their cells is hidden).
    for equation in equations:
        if all(published.get(cell, HIDDEN) != HIDDEN for cell in equation):
            assert sum(k * published[cell] for cell, k in equation.items()) == 0
    assert attack(published, equations) == set()
    # And the page hides every count from 1 to 4: none is shown.
    assert not [v for v in published.values() if v != HIDDEN and 0 < v < 5]


@pytest.mark.django_db
def test_the_statistics_page_explains_the_marker(client_for):
    page = client_for("commissioner").get(reverse("carers:statistics")).content.decode()
    assert re.search(r"\[c\]</abbr> means confidential", page)
