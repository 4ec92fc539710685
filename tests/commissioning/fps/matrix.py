"""The FPS's rows for tests/test_permission_matrix.py, gathered from one module per area so that each
area's author edits only its own: matrix_public.py, matrix_provider.py, matrix_evaluation.py and
matrix_calloffs.py. Each has `rows(h)` returning {url name: Row}; `h` carries the matrix's helpers
(h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT)."""

import importlib
from types import SimpleNamespace

AREAS = [
    "matrix_public",
    "matrix_provider",
    "matrix_evaluation",
    "matrix_calloffs",
    "matrix_system",
    "matrix_documents",
    "matrix_questions",
    "matrix_market",
]


def rows(**helpers) -> dict:
    h = SimpleNamespace(**helpers)
    found = {}
    for area in AREAS:
        module = importlib.import_module(f"tests.commissioning.fps.{area}")
        area_rows = module.rows(h)
        overlap = found.keys() & area_rows.keys()
        assert not overlap, f"{area} repeats rows: {sorted(overlap)}"
        found.update(area_rows)
    return found
