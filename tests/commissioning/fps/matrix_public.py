"""Permission-matrix rows for the FPS public URLs (see matrix.py)."""


def rows(h) -> dict:
    return {}
