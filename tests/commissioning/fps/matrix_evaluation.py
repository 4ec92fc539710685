"""Permission-matrix rows for the FPS evaluation URLs (see matrix.py).

Commissioners evaluate and keep the register; delegated officers read applications and decide them; every
other signed-in visitor, providers included (even for their own organisation's application), gets 403.
The register and its CSV are public.
"""


def system_slug(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug}


def own_application(fx):
    from tests.commissioning.fps.factories_evaluation import submitted_application

    return {"reference": submitted_application(provider=fx["own_provider"]).reference}


def own_application_section(fx):
    return {**own_application(fx), "number": 1}


def own_application_lot(fx):
    return {**own_application(fx), "lot": 1}


def admission(status):
    def kwargs(fx):
        from tests.commissioning.fps.factories import fps_setup
        from tests.commissioning.fps.factories_evaluation import admitted

        system, lots, window = fps_setup()
        return {"pk": admitted(provider=fx["own_provider"], lot=lots[0], status=status).pk}

    return kwargs


def rows(h) -> dict:
    commissioner_only = {"anonymous": h.LOGIN, "commissioner": 200}
    # The delegated officer reads applications and decides them; commissioners read and evaluate.
    readers = {"anonymous": h.LOGIN, "commissioner": 200, "delegated-officer": 200}
    decider_only = {"anonymous": h.LOGIN, "delegated-officer": 200}
    return {
        "fps:queue": h.signed_in(403, commissioner=200, **h.by_role(delegated_officer=200)),
        "fps:evaluate": h.Row(readers, default=403, kwargs=own_application),
        # A section's own address opens the one-page evaluation there (its POST saves the section).
        "fps:evaluate-section": h.Row(
            {"anonymous": h.LOGIN, "commissioner": h.REDIRECT}, default=403, kwargs=own_application_section
        ),
        "fps:evaluate-pass-remaining": h.Row(commissioner_only, default=403, kwargs=own_application),
        "fps:clarification-ask": h.Row(commissioner_only, default=403, kwargs=own_application),
        "fps:decide": h.Row(decider_only, default=403, kwargs=own_application_lot),
        "fps:application-pdf": h.Row(readers, default=403, kwargs=own_application),
        "fps:register": h.Row({}, default=200, kwargs=system_slug),
        "fps:register-csv": h.Row({}, default=200, kwargs=system_slug),
        "fps:admission-suspend": h.Row(commissioner_only, default=403, kwargs=admission("active")),
        "fps:admission-reinstate": h.Row(commissioner_only, default=403, kwargs=admission("suspended")),
        "fps:admission-remove": h.Row(commissioner_only, default=403, kwargs=admission("active")),
        "fps:lot-add": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:window-add": h.Row(commissioner_only, default=403, kwargs=system_slug),
    }
