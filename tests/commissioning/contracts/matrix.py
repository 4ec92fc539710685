"""This app's rows for tests/test_permission_matrix.py: `rows(h)` returns {url name: Row}; `h` carries the
matrix's helpers (h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT)."""


def rows(h) -> dict:
    return {}
