"""What the harness runs: case modules, each with a data generator and the pages it times.

A case module is a plain module (bench/cases/<feature>.py) exposing:

    generate(scale: int) -> None          # fill the bench database up to `scale`, adding only what is missing
    cases(scale: int) -> list[BenchCase]  # the pages to time at that scale

bench/cases/__init__.py registers each module with `register(module, scale_factor=...)`. The module's scale
is `--scale` times its factor (so 0.01 gives 500 rows at --scale 50000); `--factor NAME=X` overrides it.
This module must not import Django models: it is imported before Django is set up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class BenchCase:
    """One page to time: GET `url` as `username` and expect `expected_status`, within `goal_ms` at p95.

    `username=None` times the page as an anonymous visitor. `action` times something other than one GET
    (a form post and what follows, an import through a service): it is called with the user's test client
    and must raise on failure; `url` is then only shown. An action that prepares something before the part
    it times returns that part's time in ms (otherwise None: the whole call is timed).
    `faster_than=("<case name>", 5.0)` adds a goal relative to another case of the same module and scale:
    this case's p50 at least 5 times lower. `count_queries=False` skips the extra counted run (builds,
    imports) and keeps the case out of the flat-queries check.
    """

    name: str
    username: str | None
    url: str | Callable[[], str]
    goal_ms: float = 150.0
    expected_status: int = 200
    # Streaming responses (CSV exports) are timed until the last chunk is read.
    streaming: bool = False
    # Slow cases (whole-register exports) can time fewer requests than --repeat, with fewer warm-ups.
    repeat: int | None = None
    warmup: int = 3
    action: Callable[[object], float | None] | None = None
    # Whether the query count belongs in the flat-queries check (an import's count grows with its sheet).
    count_queries: bool = True
    faster_than: tuple[str, float] | None = None

    def resolve_url(self) -> str:
        return self.url() if callable(self.url) else self.url


@dataclass(frozen=True)
class CaseModule:
    """A registered module and the fraction of --scale it generates."""

    name: str
    module: ModuleType
    scale_factor: float = 1.0

    def scale_for(self, scale: int, factors: dict[str, float]) -> int:
        """This module's own scale: --scale times its factor (or the --factor given for it), at least 1."""
        return max(1, round(scale * factors.get(self.name, self.scale_factor)))

    def generate(self, scale: int) -> None:
        self.module.generate(scale)

    def cases(self, scale: int) -> list[BenchCase]:
        return list(self.module.cases(scale))


REGISTRY: list[CaseModule] = []


class BenchError(Exception):
    """A problem the harness reports in one line and exits on (wrong database, scale already exceeded)."""


def register(module: ModuleType, *, name: str | None = None, scale_factor: float = 1.0) -> None:
    """Add a case module. Its name defaults to the module's last dotted part ("providers")."""
    for attribute in ("generate", "cases"):
        if not callable(getattr(module, attribute, None)):
            raise TypeError(f"{module.__name__} has no {attribute}() function")
    module_name = name or module.__name__.rsplit(".", 1)[-1]
    if any(entry.name == module_name for entry in REGISTRY):
        raise ValueError(f"A bench module named {module_name!r} is already registered")
    REGISTRY.append(CaseModule(module_name, module, scale_factor))
