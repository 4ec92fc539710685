"""Permission-matrix rows for the FPS provider URLs (see matrix.py). The application, its document and
its clarification belong to the fixture `own_provider`: its users act on them, commissioners and delegated
officers may read the application and its answers, another provider (and any other staff role) gets 404."""


def draft(fx):
    from tests.commissioning.fps.factories_provider import own_application

    return {"reference": own_application(fx["own_provider"]).reference}


def draft_section(fx):
    return {**draft(fx), "number": 1}


def submitted(fx):
    from commissioning.fps.models import Application
    from tests.commissioning.fps.factories_provider import own_application

    application = own_application(fx["own_provider"], status=Application.Status.SUBMITTED)
    return {"reference": application.reference}


def document(fx):
    from tests.commissioning.fps.factories_provider import own_application

    application = own_application(fx["own_provider"], answered=True)
    return {"pk": application.answers.exclude(document="").get().pk}


def clarification(fx):
    from commissioning.fps.models import Application
    from tests.commissioning.fps.factories_provider import open_clarification, own_application

    application = own_application(fx["own_provider"], status=Application.Status.SUBMITTED)
    return {"pk": open_clarification(application).pk}


def rows(h) -> dict:
    # Delegated officers read applications as commissioners do (they decide them).
    own_only = {"anonymous": h.LOGIN, "commissioner": 403, "delegated-officer": 403, "provider": 200}
    readable = {"anonymous": h.LOGIN, "commissioner": 200, "delegated-officer": 200, "provider": 200}
    providers_only = {"provider": 200, "other-provider": 200}
    return {
        "fps:applications": h.signed_in(403, **providers_only),
        "fps:notifications": h.signed_in(403, **providers_only),
        "fps:application": h.Row(readable, default=404, kwargs=draft),
        "fps:application-lots": h.Row(own_only, default=404, kwargs=draft),
        "fps:application-section": h.Row(own_only, default=404, kwargs=draft_section),
        "fps:application-check": h.Row(readable, default=404, kwargs=draft),
        "fps:application-submitted": h.Row(own_only, default=404, kwargs=submitted),
        "fps:application-withdraw": h.Row(own_only, default=404, kwargs=submitted),
        "fps:document": h.Row(readable, default=404, kwargs=document),
        "fps:clarification-answer": h.Row(own_only, default=404, kwargs=clarification),
    }
