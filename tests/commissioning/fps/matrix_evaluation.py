"""Permission-matrix rows for the FPS evaluation URLs (see matrix.py)."""


def rows(h) -> dict:
    return {}
