"""Permission-matrix rows for running a purchasing system: its application windows and the questionnaire
editor (see matrix.py). Commissioners who run the FPS only; everyone else signed in gets 403."""


def system_slug(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug}


def window(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug, "pk": window.pk}


def section(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug, "pk": system.sections.order_by("number").first().pk}


def question(fx):
    from commissioning.fps.models import Question
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {
        "slug": system.slug,
        "pk": Question.objects.filter(section__system=system).order_by("pk").first().pk,
    }


def lot(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, lots, window = fps_setup()
    return {"slug": system.slug, "pk": lots[0].pk}


def rows(h) -> dict:
    commissioner_only = {"anonymous": h.LOGIN, "commissioner": 200}
    return {
        "fps:system-create": h.Row(commissioner_only, default=403),
        "fps:system-edit": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:lot-edit": h.Row(commissioner_only, default=403, kwargs=lot),
        "fps:lot-remove": h.Row(commissioner_only, default=403, kwargs=lot),
        "fps:windows": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:window-edit": h.Row(commissioner_only, default=403, kwargs=window),
        "fps:window-remove": h.Row(commissioner_only, default=403, kwargs=window),
        "fps:questionnaire": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:questionnaire-move": h.Row({"anonymous": h.LOGIN}, default=405, kwargs=system_slug),
        "fps:section-add": h.Row(commissioner_only, default=403, kwargs=system_slug),
        "fps:section-edit": h.Row(commissioner_only, default=403, kwargs=section),
        "fps:section-remove": h.Row(commissioner_only, default=403, kwargs=section),
        "fps:question-add": h.Row(commissioner_only, default=403, kwargs=section),
        "fps:question-edit": h.Row(commissioner_only, default=403, kwargs=question),
        "fps:question-remove": h.Row(commissioner_only, default=403, kwargs=question),
    }
