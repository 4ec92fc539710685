"""Permission-matrix rows for the FPS public URLs (see matrix.py)."""


def system_slug(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug}


def rows(h) -> dict:
    return {
        "fps:index": h.everyone(200),
        "fps:overview": h.Row({}, default=200, kwargs=system_slug),
        # Only a provider organisation's users apply; the window is open.
        "fps:application-start": h.Row(
            {"anonymous": h.LOGIN, "provider": 200, "other-provider": 200}, default=403, kwargs=system_slug
        ),
    }
