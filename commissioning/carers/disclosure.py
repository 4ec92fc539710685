"""Statistical disclosure control for published counts: primary and secondary cell suppression.

A page of statistics is a set of cells (counts) tied together by what a reader knows: a row's year to date
is the sum of its quarters, the referrals by route add up to the referrals received, the three outcome
measures each add up to the same (unpublished) number of closures. Hiding a small count is not enough when
those sums give it back: "8 | 7 | [c] | 0 | 19" tells anyone the hidden count is 4.

- **Primary suppression**: every count from 1 to THRESHOLD - 1 is hidden. Zero is shown: it identifies
  nobody, and hiding zeros would hide where there is no activity at all.
- **Secondary (complementary) suppression**: while a hidden count can still be worked out, another count is
  hidden beside it: the smallest non-zero count shown in an equation that contains the exposed cell (the
  classic "next-smallest cell in the row and the column"), totals included, across every table of the page.
- **The check that ends the loop is exact**: a hidden count is *determined* when the published counts and
  the equations fix its value, i.e. its unit vector lies in the row space of the equations' coefficients
  over the hidden (and never-published) cells; computed by exact (integer) elimination. A hidden count is
  also *pinned* when an equation's hidden counts must all be at their least possible value (two hidden
  counts adding up to 2 are both 1; every hidden count is at least 1, since zeros are never hidden).

See docs/adr/022-carers-statistics-disclosure-control.md.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

THRESHOLD = 5
Key = Hashable


@dataclass(frozen=True)
class Equation:
    """sum(coefficient * cell) == 0 over published cells and hidden totals (cells that are never shown,
    e.g. the number of referrals closed, which only the outcome tables' columns add up to)."""

    terms: tuple[tuple[Key, int], ...]

    @classmethod
    def total(cls, total: Key, parts: Iterable[Key]) -> Equation:
        """total == sum(parts)."""
        return cls(((total, 1), *((part, -1) for part in parts)))

    @classmethod
    def same_sum(cls, left: Iterable[Key], right: Iterable[Key]) -> Equation:
        """sum(left) == sum(right)."""
        return cls((*((cell, 1) for cell in left), *((cell, -1) for cell in right)))

    @property
    def cells(self) -> list[Key]:
        return [cell for cell, _coefficient in self.terms]


def primary(values: dict[Key, int], threshold: int = THRESHOLD) -> set[Key]:
    return {key for key, value in values.items() if 0 < value < threshold}


def determined(unknown: Iterable[Key], equations: list[Equation]) -> set[Key]:
    """The unknown cells whose value the equations fix, given every other cell (exact elimination).

    Unknown cell i is determined iff the unit vector e_i is in the row space of the equations restricted
    to the unknown columns; in reduced row echelon form that is a row whose only non-zero entry is in
    column i. Rows are kept as integers (each divided by its entries' greatest common divisor), so the
    elimination is exact and needs no fractions."""
    unknown = list(dict.fromkeys(unknown))
    column = {key: index for index, key in enumerate(unknown)}
    pivots: dict[int, dict[int, int]] = {}  # pivot column -> its row; every other row is 0 there
    for equation in equations:
        row: dict[int, int] = {}
        for cell, coefficient in equation.terms:
            if cell in column:
                index = column[cell]
                row[index] = row.get(index, 0) + coefficient
        row = {index: value for index, value in row.items() if value}
        for pivot_column, pivot_row in pivots.items():
            if pivot_column in row:
                row = _eliminate(row, pivot_row, pivot_column)
        if not row:
            continue
        pivot_column = min(row)
        for earlier_column, earlier in list(pivots.items()):
            if pivot_column in earlier:
                pivots[earlier_column] = _eliminate(earlier, row, pivot_column)
        pivots[pivot_column] = row
    return {unknown[pivot_column] for pivot_column, row in pivots.items() if len(row) == 1}


def _eliminate(row: dict[int, int], pivot_row: dict[int, int], pivot_column: int) -> dict[int, int]:
    """`row` with its entry in `pivot_column` cleared by a multiple of `pivot_row`, divided by the gcd."""
    a, b = pivot_row[pivot_column], row[pivot_column]
    result = {index: value * a for index, value in row.items()}
    for index, value in pivot_row.items():
        updated = result.get(index, 0) - value * b
        if updated:
            result[index] = updated
        else:
            result.pop(index, None)
    divisor = math.gcd(*result.values()) if result else 1
    return {index: value // divisor for index, value in result.items()} if divisor > 1 else result


def pinned(
    values: dict[Key, int], hidden_cells: set[Key], equations: list[Equation], hidden_totals: set[Key]
) -> set[Key]:
    """Hidden counts an equation forces to their least value: all its unknowns are hidden counts with
    the same sign (no never-published total among them), and what they must add up to is what they add
    up to at their least (1 each: zeros are never hidden). Linear algebra alone does not see this."""
    found = set()
    for equation in equations:
        unknown = [(cell, c) for cell, c in equation.terms if cell in hidden_cells or cell in hidden_totals]
        if not unknown or any(cell in hidden_totals for cell, _c in unknown):
            continue
        signs = {c > 0 for _cell, c in unknown}
        if len(signs) != 1:
            continue
        least = sum(abs(c) for _cell, c in unknown)
        actual = sum(abs(c) * values[cell] for cell, c in unknown)
        if actual == least:
            found.update(cell for cell, _c in unknown)
    return found


def exposed(
    values: dict[Key, int], hidden_cells: set[Key], equations: list[Equation], hidden_totals: set[Key]
) -> set[Key]:
    """Hidden counts a reader can work out from what is published."""
    found = determined([*hidden_cells, *hidden_totals], equations) & hidden_cells
    return found | pinned(values, hidden_cells, equations, hidden_totals)


def suppress(
    values: dict[Key, int],
    equations: list[Equation],
    hidden_totals: Iterable[Key] = (),
    threshold: int = THRESHOLD,
    order: list[Key] | None = None,
) -> set[Key]:
    """The cells to hide: every count from 1 to threshold - 1, and as few others as this greedy method
    finds so that none of them can be worked out. `order` breaks ties between equal counts (the page's
    reading order, so the same data always hides the same cells)."""
    hidden_totals = set(hidden_totals)
    rank = {key: index for index, key in enumerate(order or sorted(values, key=repr))}
    hidden = primary(values, threshold)
    if not hidden:
        return hidden
    containing: dict[Key, list[Equation]] = {}
    for equation in equations:
        for cell in equation.cells:
            containing.setdefault(cell, []).append(equation)
    while True:
        at_risk = _alone(values, hidden, equations, hidden_totals) or exposed(
            values, hidden, equations, hidden_totals
        )
        if not at_risk:
            return hidden
        # One complement for each exposed cell, except where a complement chosen in this round already
        # shares an equation with it: fewer rounds of elimination, and rarely one cell more hidden.
        chosen: set[Key] = set()
        for cell in sorted(at_risk, key=lambda key: rank.get(key, len(rank))):
            if any(c in chosen for eq in containing.get(cell, []) for c in eq.cells):
                continue
            complement = _complement(cell, values, hidden, containing, hidden_totals, rank)
            chosen.add(complement)
            hidden.add(complement)


def _alone(values, hidden, equations, hidden_totals) -> set[Key]:
    """The quick case first: a hidden count that is the only unknown of an equation."""
    found = set()
    for equation in equations:
        unknown = [c for c in equation.cells if c in hidden or c in hidden_totals]
        if len(unknown) == 1 and unknown[0] in hidden:
            found.add(unknown[0])
    return found


def _complement(cell, values, hidden, containing, hidden_totals, rank) -> Key:
    """The cell to hide beside an exposed one: the smallest non-zero count shown in an equation with it,
    preferring the equations where it has the fewest hidden partners; failing that, the smallest non-zero
    count shown anywhere. Zeros are never hidden (the page says zero is shown as 0): once every non-zero
    count is hidden, nothing can be worked out (the equations say only that hidden counts add up to 0)."""
    equations = sorted(
        containing.get(cell, []),
        key=lambda eq: sum(1 for c in eq.cells if c in hidden or c in hidden_totals),
    )
    for equation in equations:
        candidates = [
            c for c in equation.cells if c not in hidden and c not in hidden_totals and values[c] > 0
        ]
        if candidates:
            return min(candidates, key=lambda c: (values[c], rank.get(c, len(rank))))
    shown = [c for c in values if c not in hidden and values[c] > 0]
    if not shown:
        raise ValueError("Every non-zero count is hidden and one is still exposed: the equations are wrong.")
    return min(shown, key=lambda c: (values[c], rank.get(c, len(rank))))
