"""Factories for the evaluation tests: submitted applications, evaluated sections, admissions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from commissioning.fps.models import Admission, Application, QuestionSection, SectionEvaluation
from commissioning.fps.services import evaluation as services
from tests.commissioning.fps.factories import ApplicationFactory, answer_all, fps_setup


def submitted_application(
    *, provider=None, lots=None, window=None, days_ago: int = 3, status=Application.Status.SUBMITTED, **kwargs
) -> Application:
    """A complete application, submitted `days_ago` days ago, to `lots` (default: lot 1 of fps_setup())."""
    if lots is None or window is None:
        system, made_lots, made_window = fps_setup()
        lots = lots if lots is not None else made_lots[:1]
        window = window or made_window
    extra = {"provider": provider} if provider is not None else {}
    application = ApplicationFactory(
        window=window,
        lots=lots,
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        declaration_name="Pat Jones",
        declaration_role="Director",
        **extra,
        **kwargs,
    )
    answer_all(application)
    return application


def evaluate_all(application: Application, *, by, result: str = "pass", except_numbers=()) -> None:
    """Evaluate every section the application's lots ask (through the service, so history is kept)."""
    for section in services.relevant_sections(application):
        if section.number in except_numbers:
            continue
        services.section_evaluate(
            application=application,
            section=section,
            result=result,
            notes="" if result == "pass" else "Does not meet the requirement.",
            by=by,
        )


def section(application: Application, number: int) -> QuestionSection:
    return QuestionSection.objects.get(system=application.window.system, number=number)


def evaluation_of(application: Application, number: int) -> SectionEvaluation:
    return SectionEvaluation.objects.get(application=application, section__number=number)


def admitted(*, provider, lot, status=Admission.Status.ACTIVE) -> Admission:
    return Admission.objects.create(provider=provider, lot=lot, status=status)
