"""Permission-matrix rows for the FPS provider URLs (see matrix.py)."""


def rows(h) -> dict:
    return {}
