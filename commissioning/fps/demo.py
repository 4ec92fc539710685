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

import json
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commissioning.providers.models import Provider

from .models import (
    Admission,
    Answer,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Bid,
    Clarification,
    Lot,
    Notification,
    Package,
    PurchasingSystem,
    Question,
    QuestionSection,
    SectionEvaluation,
    SpendFigure,
)

REASON = "Demo data loaded"
DEMO = "demo"  # an application's "window" in applications.json: the invented open window
# The paths the brief plans for these views, used only while a view is missing.
PLANNED_PATHS = {"fps:application": "/fps/applications/{}/", "fps:package": "/fps/packages/{}/"}
RELATIVE = re.compile(r"^today(?P<days>[+-]\d+)?(?: (?P<time>\d{1,2}:\d{2}))?$")


def folder():
    return settings.BASE_DIR / "fixtures" / "demo" / "fps"


def read(name: str) -> dict:
    return json.loads((folder() / name).read_text(encoding="utf-8"))


# Times: UK time in the files, aware datetimes in the database -----------------------------------------------


def uk(day: date, at: str = "00:00") -> datetime:
    hours, minutes = (int(part) for part in at.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hours, minutes)))


def moment(value: str, today: date) -> datetime:
    """'2022-05-16T14:02' or 'today-6 14:20', in UK time."""
    match = RELATIVE.match(value)
    if match:
        day = today + timedelta(days=int(match["days"] or 0))
        return uk(day, match["time"] or "09:00")
    return timezone.make_aware(datetime.fromisoformat(value))


def day(value: str, today: date) -> date:
    """'2022-07-01' or 'today+21'."""
    match = RELATIVE.match(value)
    if match:
        return today + timedelta(days=int(match["days"] or 0))
    return date.fromisoformat(value)


# Saving with history ----------------------------------------------------------------------------------------


def save(obj, *, user=None, reason: str = REASON, when: datetime | None = None, clean: bool = True):
    """Save with the history user, reason and date (the day the event happened, not the day of loading)."""
    if clean:
        # Who did it may be unknown (a demo provider without a user): nullable but not blank fields.
        unknown = [f.name for f in obj._meta.concrete_fields if f.null and getattr(obj, f.attname) is None]
        obj.full_clean(exclude=unknown)
    obj._history_user = user
    obj._change_reason = reason
    if when is not None:
        obj._history_date = when
    obj.save()
    for attribute in ("_history_user", "_change_reason", "_history_date"):
        obj.__dict__.pop(attribute, None)
    return obj


def sync(model, lookup: dict, values: dict, *, when: datetime | None = None):
    """Create the record, or change the fields that differ from the file; save nothing when none do."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return save(model(**lookup, **values), when=when)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.full_clean()
        obj._change_reason = "Demo data corrected from fixtures/demo/fps/"
        obj.save()
    return obj


def spoken(value: datetime) -> str:
    """'15 September 2025 at midday', '1 April 2022 at 9am', in UK time (GOV.UK style)."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    else:
        clock = f"{local.hour % 12 or 12}{f':{local.minute:02d}' if local.minute else ''}"
        clock += "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {clock}"


def link(name: str, *args) -> str:
    """A portal path for a notification; the planned path if the view is not there (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return PLANNED_PATHS[name].format(*args)


# A tiny valid PDF, made here so that nothing binary is committed --------------------------------------------


def tiny_pdf(*lines: str) -> bytes:
    """A one-page A4 PDF 1.4 with the lines in Helvetica (Latin-1), with a correct cross-reference table."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    stream_bytes = stream.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream_bytes) + stream_bytes + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# The purchasing system (the report's figures) ---------------------------------------------------------------


def load_system(today: date) -> PurchasingSystem:
    data = read("system.json")
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
    for section_data in read("questionnaire.json")["sections"]:
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
            }
            questions[q["number"]] = sync(Question, {"section": section, "number": q["number"]}, values)
    return questions


# Invented applications --------------------------------------------------------------------------------------


def demo_year(windows: dict) -> int:
    """`{year}` in the files' references: the year the demo window opened, fixed by the first load."""
    return timezone.localtime(windows[DEMO].opens_at).year


class People:
    """The demo users who act in the story (None when they were not made, as in some tests)."""

    def __init__(self, staff: dict):
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__startswith="provider-")}
        self.evaluator = User.objects.filter(username=staff["evaluator"]).first()
        self.decision_maker = User.objects.filter(username=staff["decision_maker"]).first()

    def for_provider(self, provider: Provider):
        return self.users.get(f"provider-{provider.slug}")


def organisation_answers(provider: Provider, trading_status: str) -> dict[str, str]:
    address = ", ".join(
        part
        for part in [provider.address_line_1, provider.address_line_2, provider.town, provider.postcode]
        if part
    )
    registrations = []
    if provider.companies_house_number:
        registrations.append(f"Companies House {provider.companies_house_number}")
    if provider.charity_number:
        registrations.append(f"Charity Commission {provider.charity_number}")
    if provider.cqc_provider_id:
        registrations.append(f"CQC provider ID {provider.cqc_provider_id}")
    return {
        "1.1": f"{provider.name}, {address}. Registered office and main trading address are the same.",
        "1.2": "; ".join(registrations) + ".",
        "1.3": trading_status,
        "1.4": f"{provider.contact_name}, {provider.contact_email}, {provider.contact_phone}.",
    }


def answer_values(question: Question, provider: Provider, typical: dict, overrides: dict) -> str:
    """What the provider answers: the application's own answer, else a passing provider's."""
    number = question.number
    if number in overrides:
        return overrides[number]
    regulated = bool(provider.cqc_provider_id)
    if number == "6.1":
        return "yes" if regulated else "no"
    if number in {"6.2", "6.3"} and not regulated:
        return ""
    if number in {"12.2"}:
        return ""  # section 54 applies to none of the demo providers (12.1 is No)
    if number == "12.1":
        return "no"
    if number == "1.5":
        return "yes"
    if question.kind == Question.Kind.PASS_FAIL:
        return question.pass_answer
    if question.kind == Question.Kind.DECLARATION:
        return "yes"
    if question.kind == Question.Kind.TEXT:
        text = typical.get(number, "")
        return text.format(name=provider.name, town=provider.town, cqc=provider.cqc_provider_id)
    return ""


def add_answers(application, provider, questions, lots, spec, data, user, when) -> None:
    overrides = dict(organisation_answers(provider, data["trading_status"][provider.slug]))
    overrides.update(spec.get("answers", {}))
    only_sections = set(spec.get("answered_sections", [])) if spec["status"] == "draft" else None
    lot_ids = {lot.pk for lot in lots}
    for question in questions.values():
        section = question.section
        lot_id = question.lot_id or section.lot_id
        if lot_id and lot_id not in lot_ids:
            continue
        if only_sections is not None and section.number not in only_sections:
            continue
        answer = Answer(application=application, question=question, updated_by=user)
        if question.kind == Question.Kind.DOCUMENT:
            name = data["documents"][question.number]
            content = tiny_pdf(
                "Demo document - invented for the demo, not a real document.",
                f"{name.removesuffix('.pdf')}",
                f"{provider.name} (demo provider)",
                f"Application {application.reference}, question {question.number}",
            )
            answer.document.save(name, ContentFile(content), save=False)
            answer.document_name = name
            answer.document_type = "pdf"
            answer.document_size = len(content)
        else:
            value = answer_values(question, provider, data["typical_answers"], overrides)
            if not value:
                continue
            if question.kind == Question.Kind.TEXT:
                answer.text = value
            else:
                answer.choice = value
        answer.save()
    Answer.objects.filter(application=application).update(updated_at=when)


def notify(provider: Provider, subject: str, body: str, link: str, when: datetime, today: date) -> None:
    """The in-portal message the services would leave (no email: this is loaded data). Read unless recent."""
    Notification.objects.create(
        provider=provider,
        subject=subject,
        body=body,
        link=link,
        created_at=when,
        read_at=None if when.date() >= today - timedelta(days=14) else when + timedelta(hours=2),
    )


def load_application(spec, data, system, windows, questions, people, today) -> Application | None:
    reference = spec["reference"].format(year=demo_year(windows))
    if Application.objects.filter(reference=reference).exists():
        return None
    provider = Provider.objects.get(slug=spec["provider"])
    user = people.for_provider(provider)
    evaluator, decision_maker = people.evaluator, people.decision_maker
    window = windows[spec["window"]]
    lots = [system.lots.get(number=n) for n in spec["lots"]]
    created = moment(spec["created"], today)
    status = spec["status"]
    path = link("fps:application", reference)

    application = save(
        Application(
            reference=reference,
            window=window,
            provider=provider,
            status=Application.Status.DRAFT,
            created_by=user,
            is_demo=True,
        ),
        user=user,
        reason="Application started",
        when=created,
    )
    app_lots = {}
    for lot in lots:
        app_lots[lot.number] = save(
            ApplicationLot(application=application, lot=lot), user=user, reason="Lot chosen", when=created
        )
    submitted = moment(spec["submitted"], today) if spec.get("submitted") else None
    add_answers(application, provider, questions, lots, spec, data, user, submitted or created)

    if submitted:
        application.status = Application.Status.SUBMITTED
        application.submitted_at = submitted
        application.submitted_by = user
        application.declaration_name, application.declaration_role = spec["declaration"]
        save(application, user=user, reason="Application submitted", when=submitted)
        notify(
            provider,
            f"Application {application.reference} received",
            f"We have received your application to the {system.name} for "
            f"{', '.join(str(lot) for lot in lots)}. We will tell you when it has been evaluated.",
            path,
            submitted,
            today,
        )

    sections = {s.number: s for s in system.sections.all()}
    for clarification in spec.get("clarifications", []):
        asked = moment(clarification["asked"], today)
        item = save(
            Clarification(
                application=application,
                section=sections[clarification["section"]],
                question=clarification["question"],
                asked_by=evaluator,
                asked_at=asked,
                respond_by=day(clarification["respond_by"], today),
            ),
            user=evaluator,
            reason="Clarification asked",
            when=asked,
        )
        application.status = Application.Status.CLARIFICATION
        save(application, user=evaluator, reason="Clarification asked", when=asked)
        notify(
            provider,
            f"A clarification question about application {application.reference}",
            f"Please answer by {item.respond_by:%-d %B %Y}: {item.question}",
            path,
            asked,
            today,
        )
        if clarification.get("answered"):
            answered = moment(clarification["answered"], today)
            item.answer = clarification["answer"]
            item.answered_by = user
            item.answered_at = answered
            save(item, user=user, reason="Clarification answered", when=answered)
            application.status = Application.Status.SUBMITTED
            save(application, user=user, reason="Clarification answered", when=answered)

    if status in {"submitted", "clarification", "decided"}:
        add_evaluations(application, spec, lots, sections, evaluator, submitted, today)

    if status == "decided":
        decided = moment(spec["decided"], today)
        for number, (decision, reasons) in spec["decisions"].items():
            app_lot = app_lots[int(number)]
            app_lot.decision = decision
            app_lot.reasons = reasons
            app_lot.decided_by = decision_maker
            app_lot.decided_at = decided
            label = "Admitted" if decision == ApplicationLot.Decision.ADMITTED else "Not admitted"
            save(app_lot, user=decision_maker, reason=f"{label} by the delegated officer", when=decided)
            if decision == ApplicationLot.Decision.ADMITTED:
                add_admission(app_lot, spec.get("admissions", {}).get(number), decision_maker, decided, today)
        application.status = Application.Status.DECIDED
        application.decided_at = decided
        save(application, user=decision_maker, reason="Decided", when=decided)
        outcomes = "; ".join(
            f"{app_lots[int(n)].lot}: {app_lots[int(n)].get_decision_display()}" for n in spec["decisions"]
        )
        notify(
            provider,
            f"Decision on application {application.reference}",
            f"The {system.delegated_decision_maker} has decided your application. {outcomes}.",
            path,
            decided,
            today,
        )

    if status == "withdrawn":
        at, reason = spec["withdrawn"]
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_at = moment(at, today)
        application.withdrawn_reason = reason
        save(application, user=user, reason="Application withdrawn", when=application.withdrawn_at)

    # auto_now_add stamped the day of loading: put back the day the provider started.
    Application.objects.filter(pk=application.pk).update(created_at=created)
    Application.history.filter(id=application.pk).update(created_at=created)
    return application


def add_evaluations(application, spec, lots, sections, evaluator, submitted, today) -> None:
    """Every section the application answers: from the file for submitted ones (only those listed), all of
    them for decided ones (pass unless the file says otherwise)."""
    given = spec.get("evaluations", {})
    lot_ids = {lot.pk for lot in lots}
    relevant = [s for s in sections.values() if s.lot_id is None or s.lot_id in lot_ids]
    decided = spec["status"] == "decided"
    when = moment(spec["decided"], today) - timedelta(days=3) if decided else submitted + timedelta(days=1)
    for section in relevant:
        if str(section.number) in given:
            result, notes = given[str(section.number)]
        elif decided:
            result, notes = "pass", "Meets the requirement."
        else:
            continue
        save(
            SectionEvaluation(
                application=application,
                section=section,
                result=result,
                notes=notes,
                evaluated_by=evaluator,
                evaluated_at=when,
            ),
            user=evaluator,
            reason=f"Section {section.number} evaluated",
            when=when,
        )


def add_admission(app_lot, later, decision_maker, decided, today) -> Admission:
    admission = save(
        Admission(
            lot=app_lot.lot,
            provider=app_lot.application.provider,
            application_lot=app_lot,
            admitted_at=decided,
        ),
        user=decision_maker,
        reason="Admitted",
        when=decided,
    )
    if later:
        at = moment(later["at"], today)
        admission.status = later["status"]
        admission.status_reason = later["reason"]
        admission.status_changed_at = at
        save(admission, user=decision_maker, reason=admission.get_status_display(), when=at)
    return admission


# Invented packages and bids ---------------------------------------------------------------------------------


def load_package(spec, system, year, people, today) -> Package | None:
    reference = spec["reference"].format(year=year)
    if Package.objects.filter(reference=reference).exists():
        return None
    commissioner = people.evaluator
    lot = system.lots.get(number=spec["lot"])
    quality, price, social_value = spec["weights"]
    created = moment(spec["created"], today)
    package = save(
        Package(
            system=system,
            reference=reference,
            lot=lot,
            title=spec["title"],
            area=spec["area"],
            people_count=spec["people_count"],
            days_and_hours=spec["days_and_hours"],
            needs=spec["needs"],
            outcomes=spec["outcomes"],
            start_date=day(spec["start_date"], today),
            bid_deadline=moment(spec["bid_deadline"], today),
            quality_weight=quality,
            price_weight=price,
            social_value_weight=social_value,
            created_by=commissioner,
            is_demo=True,
        ),
        user=commissioner,
        reason="Package created",
        when=created,
    )
    path = link("fps:package", package.reference)
    if spec.get("published"):
        published = moment(spec["published"], today)
        package.status = Package.Status.PUBLISHED
        package.published_at = published
        package.published_by = commissioner
        save(
            package,
            user=commissioner,
            reason="Published to the admitted providers of the lot",
            when=published,
        )
        admitted = Admission.objects.current().filter(lot=lot, admitted_at__lte=published)
        for admission in admitted.select_related("provider"):
            notify(
                admission.provider,
                f"New package {package.reference} for {lot}",
                f"{package.title}. Bids close {spoken(package.bid_deadline)}.",
                path,
                published,
                today,
            )
    bids = {}
    for bid_spec in spec["bids"]:
        provider = Provider.objects.get(slug=bid_spec["provider"])
        user = people.for_provider(provider)
        submitted = moment(bid_spec["submitted"], today)
        bid = save(
            Bid(
                package=package,
                provider=provider,
                weekly_price=Decimal(bid_spec["weekly_price"]),
                price_breakdown=bid_spec["price_breakdown"],
                outcomes_response=bid_spec["outcomes_response"],
                social_value=bid_spec["social_value"],
                start_date=day(bid_spec["start_date"], today),
                submitted_at=submitted,
                submitted_by=user,
            ),
            user=user,
            reason="Bid submitted",
            when=submitted,
        )
        if bid_spec.get("scores"):
            bid.quality_score, bid.social_value_score, bid.score_notes = bid_spec["scores"]
            bid.scored_by = commissioner
            bid.scored_at = moment(bid_spec["scored"], today)
            save(bid, user=commissioner, reason="Bid scored", when=bid.scored_at)
        bids[provider.slug] = bid
    if spec.get("award"):
        award = spec["award"]
        awarded = moment(award["at"], today)
        package.status = Package.Status.AWARDED
        package.awarded_bid = bids[award["provider"]]
        package.awarded_at = awarded
        package.awarded_by = commissioner
        package.award_reason = award["reason"]
        save(package, user=commissioner, reason="Awarded", when=awarded)
        for slug, bid in bids.items():
            won = slug == award["provider"]
            notify(
                bid.provider,
                f"Package {package.reference} {'awarded to you' if won else 'awarded'}",
                (
                    f"Your bid for {package.reference} was successful. "
                    "The Care Brokerage Team will contact you."
                    if won
                    else f"Your bid for {package.reference} was not successful this time. {award['reason']}"
                ),
                path,
                awarded,
                today,
            )
    if spec.get("placement"):
        placement = spec["placement"]
        package.status = Package.Status.PLACED
        package.brokerage_reference = placement["brokerage_reference"]
        package.placement_start = day(placement["start"], today)
        package.placement_recorded_at = moment(placement["recorded"], today)
        package.placement_recorded_by = commissioner
        save(
            package,
            user=commissioner,
            reason="Placement handed to the Care Brokerage Team",
            when=package.placement_recorded_at,
        )
    if spec.get("cancelled"):
        at, reason = spec["cancelled"]
        package.status = Package.Status.CANCELLED
        save(package, user=commissioner, reason=f"Cancelled: {reason}", when=moment(at, today))
    Package.objects.filter(pk=package.pk).update(created_at=created)
    Package.history.filter(id=package.pk).update(created_at=created)
    return package


def keep_open(spec, year: int, today: date) -> None:
    """A package meant to be open for bids whose deadline has passed since the first load: move it on."""
    reference = spec["reference"].format(year=year)
    package = Package.objects.filter(reference=reference, status=Package.Status.PUBLISHED).first()
    if package is None or package.is_open_for_bids(uk(today, "00:00") + timedelta(days=1)):
        return
    deadline = moment(spec["bid_deadline"], today)
    package.bid_deadline = deadline
    package.start_date = max(package.start_date, deadline.date() + timedelta(days=14))
    save(package, reason="Demo package kept open for bids")


# The loader -------------------------------------------------------------------------------------------------


def load(*, stdout=None, today: date | None = None) -> dict[str, int]:
    """Load or correct the FPS and add the invented records that are missing; returns what was added."""
    today = today or timezone.localdate()
    with transaction.atomic():
        system = load_system(today)
        questions = load_questionnaire(system)
        data = read("applications.json")
        people = People(data["staff"])
        windows = {w.name: w for w in system.windows.all()}
        windows[DEMO] = windows[read("system.json")["demo_window"]["name"]]
        made = {"applications": 0, "packages": 0}
        for spec in data["applications"]:
            if load_application(spec, data, system, windows, questions, people, today):
                made["applications"] += 1
        year = demo_year(windows)
        for spec in read("packages.json")["packages"]:
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
