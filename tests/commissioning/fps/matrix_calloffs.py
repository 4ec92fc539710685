"""Permission-matrix rows for the FPS calloffs URLs (see matrix.py)."""


def rows(h) -> dict:
    return {}
