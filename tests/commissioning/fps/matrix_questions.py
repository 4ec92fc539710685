"""Permission-matrix rows for questions and answers (see matrix.py).

A window's questions and answers are public; asking is for providers' users (staff 403) while the window
is open. A package's are for those who can see the package: commissioners and the fixture provider
("provider", admitted to lot 1); the other provider (lot 2 only) and other staff get 404. The queue and
answering are for commissioners."""


def open_window(fx):
    from tests.commissioning.fps.factories import fps_setup

    system, _lots, window = fps_setup()
    return {"slug": system.slug, "pk": window.pk}


def package(fx):
    from tests.commissioning.fps.factories import PackageFactory
    from tests.commissioning.fps.factories_calloffs import calloff_setup

    _system, lots = calloff_setup(fx["own_provider"], other_provider=fx["other_provider"])
    return {"reference": PackageFactory(lot=lots[0]).reference}


def asked(fx):
    from commissioning.fps.services import questions
    from tests.commissioning.fps.factories import WindowFactory

    window = WindowFactory()
    item = questions.question_ask_about_window(
        window=window, provider=fx["own_provider"], question="Is the agreement signed online?", by=None
    )
    return {"pk": item.pk}


def rows(h) -> dict:
    providers_only = {"anonymous": h.LOGIN, "provider": 200, "other-provider": 200}
    package_readers = {"anonymous": h.LOGIN, "commissioner": 200, "provider": 200}
    commissioners = {"anonymous": h.LOGIN, "commissioner": 200}
    return {
        "fps:window-questions": h.Row({}, default=200, kwargs=open_window),
        "fps:window-question-ask": h.Row(providers_only, default=403, kwargs=open_window),
        "fps:package-questions": h.Row(package_readers, default=404, kwargs=package),
        "fps:package-question-ask": h.Row(
            {**package_readers, "commissioner": 403}, default=404, kwargs=package
        ),
        "fps:question-queue": h.Row(commissioners, default=403),
        "fps:question-answer": h.Row(commissioners, default=403, kwargs=asked),
    }
