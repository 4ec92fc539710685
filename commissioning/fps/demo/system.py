"""The purchasing system, lots, spend figures, windows and questionnaire: the report's figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ..models import (
    ApplicationWindow,
    Lot,
    PurchasingSystem,
    Question,
    QuestionSection,
    SpendFigure,
)
from . import common
from .common import moment, save, sync, uk

# The purchasing system (the report's figures) ---------------------------------------------------------------


def load_system(today: date) -> PurchasingSystem:
    data = common.read("system.json")
    record = dict(data["system"])
    record["go_live"] = date.fromisoformat(record["go_live"])
    slug = record.pop("slug")
    system = PurchasingSystem.objects.filter(slug=slug).first()
    if system is None:
        system = save(
            PurchasingSystem(slug=slug, is_demo=True, **record), when=uk(date(2022, 3, 28), "10:00")
        )
    else:
        system = sync(PurchasingSystem, {"slug": slug}, record)
    for lot in data["lots"]:
        values = {
            "title": lot["title"],
            "description": lot["description"],
            "added_on": date.fromisoformat(lot["added_on"]),
        }
        sync(Lot, {"system": system, "number": lot["number"]}, values, when=uk(values["added_on"], "10:00"))
    for position, figure in enumerate(data["spend_figures"], start=1):
        values = {
            "amount": None if figure["amount"] is None else Decimal(figure["amount"]),
            "people": figure["people"],
            "as_of": date.fromisoformat(figure["as_of"]),
            "source": figure["source"],
            "position": position,
        }
        sync(SpendFigure, {"system": system, "label": figure["label"]}, values)
    for window in data["windows"]:
        values = {
            "opens_at": moment(window["opens_at"], today),
            "closes_at": moment(window["closes_at"], today),
            "evaluation_by": date.fromisoformat(window["evaluation_by"]),
        }
        sync(ApplicationWindow, {"system": system, "name": window["name"]}, values, when=values["opens_at"])
    demo_window(system, data["demo_window"], today)
    return system


def demo_window(system: PurchasingSystem, spec: dict, today: date) -> ApplicationWindow:
    """The invented window, open on the day of loading. A later load that finds it closed moves its closing
    date on (never its opening: applications already in it were made after it opened)."""
    window = ApplicationWindow.objects.filter(system=system, name=spec["name"]).first()
    closes = uk(today + timedelta(days=spec["closes_in_days"]), spec["closes_time"])
    if window is None:
        opens = uk(today - timedelta(days=spec["opened_days_ago"]), spec["opens_time"])
        return save(
            ApplicationWindow(
                system=system,
                name=spec["name"],
                opens_at=opens,
                closes_at=closes,
                evaluation_by=today + timedelta(days=spec["evaluation_in_days"]),
            ),
            when=opens,
        )
    if not window.is_open(uk(today, "12:00")):
        window.closes_at = closes
        window.evaluation_by = max(window.evaluation_by or today, today + timedelta(days=30))
        save(window, reason="Demo window kept open for trying out the portal")
    return window


def load_questionnaire(system: PurchasingSystem) -> dict[str, Question]:
    lots = {lot.number: lot for lot in system.lots.all()}
    questions = {}
    for section_data in common.read("questionnaire.json")["sections"]:
        lot = lots[section_data["lot"]] if section_data.get("lot") else None
        section = sync(
            QuestionSection,
            {"system": system, "number": section_data["number"]},
            {"title": section_data["title"], "guidance": section_data.get("guidance", ""), "lot": lot},
        )
        for position, q in enumerate(section_data["questions"], start=1):
            kind = q["kind"]
            values = {
                "position": position,
                "text": q["text"],
                "hint": q.get("hint", ""),
                "kind": kind,
                "mandatory": q.get("mandatory", True),
                "pass_answer": q.get("pass_answer", "") if kind == Question.Kind.PASS_FAIL else "",
                "word_limit": q.get("word_limit") if kind == Question.Kind.TEXT else None,
                "lot": lot,
                # "If so" questions: asked only when an earlier question has this answer.
                "condition_question": questions[q["condition"]["question"]] if q.get("condition") else None,
                "condition_answer": q["condition"]["answer"] if q.get("condition") else "",
            }
            questions[q["number"]] = sync(Question, {"section": section, "number": q["number"]}, values)
    return questions
