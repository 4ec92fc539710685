"""The FPS draws GOV.UK components through the shared ones (templates/components/, portal/components.py),
never by hand, and each status has one colour for every audience (issue 11)."""

import re
from pathlib import Path

import pytest

from commissioning.fps.models import Admission, Application, ApplicationLot, Package, SectionEvaluation
from portal import components

ROOT = Path(__file__).resolve().parents[3]
HAND_WRITTEN = re.compile(r"govuk-(summary-list|tag|warning-text|table)\b")


def test_no_hand_written_components_in_fps_templates_or_code():
    found = []
    for path in [*ROOT.glob("templates/fps/**/*.html"), *ROOT.glob("commissioning/fps/**/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if HAND_WRITTEN.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


@pytest.mark.parametrize(
    "model, field",
    [
        (Application, "status"),
        (ApplicationLot, "decision"),
        (SectionEvaluation, "result"),
        (Admission, "status"),
        (Package, "status"),
    ],
)
def test_every_status_has_one_colour(model, field):
    choices = model._meta.get_field(field).choices
    colours = components.colours_for(model, field)
    assert {value for value, _ in choices} == set(colours)
    assert set(colours.values()) <= components.TAG_COLOURS


def test_clarification_requested_is_the_same_colour_for_everyone():
    application = Application(status=Application.Status.CLARIFICATION)
    assert 'govuk-tag--orange">Clarification requested<' in components.status_tag(application)
