"""Permission-matrix rows for a system's rules and a dynamic market's notices (see matrix.py): the page is
public (the notices are published on Find a Tender and in the OCDS export); commissioners who run the FPS
change the rules and record notices."""


def system_slug(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, _lots, _window = fps_setup()
    return {"slug": system.slug}


def rows(h) -> dict:
    commissioner_only = {"anonymous": h.LOGIN, "commissioner": 200}
    return {
        "fps:market": h.Row({}, default=200, kwargs=system_slug),
        "fps:market-edit": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:notice-add": h.Row(commissioner_only, default=403, kwargs=system_slug),
    }
