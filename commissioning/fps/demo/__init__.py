"""The Day Opportunities FPS for the demo, from fixtures/demo/fps/ (see its README.md).

- system.json: the purchasing system, its lots, the report's spend figures and the application windows, as
  the report AH/39/2021-22 sets them out; plus one invented window that is open on the day of loading.
- questionnaire.json: the selection questionnaire (sections and questions).
- applications.json, packages.json: invented applications in every state, evaluations, clarifications,
  decisions, admissions, packages and bids by the invented demo providers of fixtures/demo/providers.json.

Idempotent. The system, lots, spend figures, windows and questionnaire are kept equal to the files (a record
is saved only when a value differs, so a second load changes nothing). Invented applications and packages
are created once, found by their reference. Two things move on with time so the demo stays usable: the demo
window's closing date, and the deadlines of the packages marked `keep_open`, when a load finds them passed.

Writes go straight through the ORM (the services would send email and check "now" against the documents'
dates); every audited record gets a history user, a reason and the date the event happened.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from . import common
from .applications import People, demo_year, load_application
from .calloffs import keep_open, load_package
from .common import DEMO
from .system import load_questionnaire, load_system

# The loader -------------------------------------------------------------------------------------------------


def load(*, stdout=None, today: date | None = None) -> dict[str, int]:
    """Load or correct the FPS and add the invented records that are missing; returns what was added."""
    today = today or timezone.localdate()
    with transaction.atomic():
        system = load_system(today)
        questions = load_questionnaire(system)
        data = common.read("applications.json")
        people = People(data["staff"])
        windows = {w.name: w for w in system.windows.all()}
        windows[DEMO] = windows[common.read("system.json")["demo_window"]["name"]]
        made = {"applications": 0, "packages": 0}
        for spec in data["applications"]:
            if load_application(spec, data, system, windows, questions, people, today):
                made["applications"] += 1
        year = demo_year(windows)
        for spec in common.read("packages.json")["packages"]:
            if load_package(spec, system, year, people, today):
                made["packages"] += 1
            if spec.get("keep_open"):
                keep_open(spec, year, today)
    if stdout:
        if any(made.values()):
            stdout.write(
                f"FPS: {system.name} with {len(questions)} questions; {made['applications']} invented "
                f"applications and {made['packages']} invented packages loaded."
            )
        else:
            stdout.write("FPS: demo data already loaded.")
    return made
