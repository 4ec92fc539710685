"""Demo committee business from fixtures/demo/committees/ (format: FORMAT.md there), idempotently.

Everything is looked up by its natural key first (a person's name, a committee's code, a meeting's
committee and date, a report's reference, an agenda item's number, a minute's number), so running the
loader again creates nothing twice. Files that are not there yet are skipped.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from . import services
from .models import (
    Action,
    AgendaItem,
    Appendix,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    Person,
    RegisteredInterest,
    Report,
    ReportReference,
    ReportSection,
    WorkProgrammeItem,
    municipal_year,
    scorecard_appendix_title,
)

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo" / "committees"
REPORT_TYPES = {choice.value for choice in Report.ReportType}
# Appendices that are a live portal output: the published scorecard of (start year, quarter). The Q3
# scorecard briefing (28 March 2022, item 9) has the Q3 2021-22 scorecard as its appendix.
SCORECARD_APPENDICES = {"Adults Scorecard Q3 2021/22": (2021, 3)}


class DemoDataError(Exception):
    """A demo file that cannot be read: says which file and what is wrong."""


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DemoDataError(f"{path.name}: not valid JSON ({error})") from error


def parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse_time(value: str | None) -> datetime.time:
    return datetime.time.fromisoformat(value) if value else datetime.time(10, 0)


class Loader:
    def __init__(self, directory: Path, stdout):
        self.directory = Path(directory)
        self.stdout = stdout
        self.created: dict[str, int] = {}
        self.people: dict[str, Person] = {p.name: p for p in Person.objects.all()}
        self.committees: dict[str, Committee] = {c.code: c for c in Committee.objects.all()}
        self.reports_by_file: dict[str, Report] = {}

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    def person(self, name: str, *, kind: str = "") -> Person:
        """People named in people.json; anyone else named in a file is added as 'other' (and reported)."""
        name = (name or "").strip()
        if name not in self.people:
            guessed = kind or (
                Person.Kind.COUNCILLOR if name.startswith("Councillor ") else Person.Kind.OTHER
            )
            self.people[name] = Person.objects.create(name=name, kind=guessed)
            self.count("people")
        return self.people[name]

    def committee(self, code: str) -> Committee:
        if code not in self.committees:
            raise DemoDataError(f"committee {code!r} is not in committees.json")
        return self.committees[code]

    # --- files --------------------------------------------------------------------------------------

    def load_people(self) -> None:
        path = self.directory / "people.json"
        if not path.exists():
            return
        for record in read_json(path):
            name = record["name"].strip()
            if name in self.people:
                continue
            person = Person(
                name=name,
                kind=record.get("kind") or Person.Kind.OTHER,
                job_title=record.get("job_title", ""),
                organisation=record.get("organisation", ""),
            )
            person.full_clean()
            person.save()
            self.people[name] = person
            self.count("people")
        for record in read_json(path):
            for alias in record.get("aliases") or []:
                self.people.setdefault(alias.strip(), self.people[record["name"].strip()])

    def load_interests(self) -> None:
        """interests.json: invented demo entries of the register of members' interests (marked demo data),
        each loaded once (the same member, kind, organisation and start)."""
        path = self.directory / "interests.json"
        if not path.exists():
            return
        data = read_json(path)
        for record in data.get("people", []):
            if record["name"] not in self.people:
                person = Person(
                    **{k: record.get(k, "") for k in ("name", "kind", "job_title", "organisation")}
                )
                person.full_clean()
                person.save()
                self.people[person.name] = person
                self.count("people")
        for record in data.get("interests", []):
            person = self.person(record["person"])
            start = parse_date(record["from"])
            if person.registered_interests.filter(
                kind=record["kind"], organisation=record.get("organisation", ""), registered_from=start
            ).exists():
                continue
            interest = RegisteredInterest(
                person=person,
                kind=record["kind"],
                organisation=record.get("organisation", ""),
                companies_house_number=record.get("companies_house_number", ""),
                details=record["details"],
                registered_from=start,
                registered_to=parse_date(record.get("to")),
                is_demo=True,
            )
            interest.full_clean()
            interest.save()
            self.count("registered interests")

    def load_committees(self) -> None:
        path = self.directory / "committees.json"
        if not path.exists():
            return
        records = read_json(path)
        for record in records:
            committee = self.committees.get(record["code"])
            if committee is None:
                committee = Committee(
                    code=record["code"],
                    name=record["name"],
                    slug=slugify(record["name"]),
                    kind=record.get("kind") or Committee.Kind.COMMITTEE,
                    description=record.get("description", ""),
                )
                committee.full_clean()
                committee._change_reason = "Demo data loaded"
                committee.save()
                self.committees[committee.code] = committee
                self.count("committees")
            for member in record.get("members", []):
                person = self.person(member["person"])
                start = parse_date(member.get("from")) or datetime.date(2021, 5, 1)
                _, made = Membership.objects.get_or_create(
                    committee=committee,
                    person=person,
                    start=start,
                    defaults={
                        "role": member.get("role") or Membership.Role.MEMBER,
                        "voting": member.get("voting") or Membership.Voting.VOTING,
                        "end": parse_date(member.get("until") or member.get("to")),
                    },
                )
                if made:
                    self.count("memberships")
        for record in records:
            committee = self.committees[record["code"]]
            if record.get("parent") and committee.parent_id is None:
                committee.parent = self.committee(record["parent"])
                committee.save(update_fields=["parent"])

    def meeting_files(self) -> list[tuple[Path, dict]]:
        folder = self.directory / "meetings"
        if not folder.is_dir():
            return []
        return [(path, read_json(path)) for path in sorted(folder.glob("*.json"))]

    def load_meeting(self, record: dict) -> Meeting:
        committee = self.committee(record["committee"])
        day = parse_date(record["date"])
        meeting = Meeting.objects.filter(committee=committee, date=day).first()
        if meeting is None:
            meeting = Meeting(
                committee=committee,
                date=day,
                time=parse_time(record.get("time")),
                venue=record.get("venue", ""),
                status=record.get("status") or Meeting.Status.SCHEDULED,
                notices=record.get("notices") or [],
                ended=parse_time(record["ended"]) if record.get("ended") else None,
                contact_name=(record.get("contact_officer") or {}).get("name", ""),
                contact_email=(record.get("contact_officer") or {}).get("email", ""),
            )
            meeting.full_clean(exclude=["municipal_year"])
            meeting._change_reason = "Demo data loaded"
            meeting.save()
            self.count("meetings")
        return meeting

    def report_files(self) -> list[tuple[Path, dict]]:
        folder = self.directory / "reports"
        if not folder.is_dir():
            return []
        return [(path, read_json(path)) for path in sorted(folder.glob("*.json"))]

    def load_report(self, record: dict) -> Report:
        references = record.get("references") or []
        if not references:
            raise DemoDataError(f"report {record.get('title')!r} has no references")
        existing = (
            ReportReference.objects.filter(
                reference__in=[r["reference"] for r in references if r["reference"]]
            )
            .select_related("report")
            .first()
        )
        if existing is None:
            # A briefing the document gives no reference: the same title to the same meeting.
            for ref in references:
                if not ref["reference"] and ref.get("meeting"):
                    existing = ReportReference.objects.filter(
                        report__title=record["title"],
                        committee__code=ref["committee"],
                        meeting__date=parse_date(ref["meeting"]),
                    ).first()
        if existing is not None:
            report = existing.report
            self.link_scorecard_appendices(report)
        else:
            contact = record.get("contact_officer") or {}
            report = Report(
                title=record["title"],
                report_of=record.get("report_of", ""),
                report_type=record.get("report_type")
                if record.get("report_type") in REPORT_TYPES
                else "to-note",
                wards_affected=record.get("wards_affected", ""),
                corporate_plan_priorities=record.get("corporate_plan_priorities", []),
                key_decision=bool(record.get("key_decision")),
                part=int(record.get("part") or 1),
                exempt_paragraph=str(record.get("exempt_paragraph") or ""),
                contact_name=contact.get("name", ""),
                contact_job_title=contact.get("job_title", ""),
                contact_email=contact.get("email", ""),
                contact_phone=contact.get("phone", ""),
                contact_note=contact.get("note", ""),
                other_contacts=record.get("other_contact_officers") or [],
                background_papers=record.get("background_papers", []),
                access_to_information=record.get("access_to_information", ""),
                status=record.get("status") or Report.Status.PUBLISHED,
            )
            report.full_clean()
            report._change_reason = "Demo data loaded"
            report.save()
            if report.status == Report.Status.PUBLISHED:
                Report.objects.filter(pk=report.pk).update(published_at=report.created_at)
            self.load_sections(report, record.get("sections", []))
            for position, appendix in enumerate(record.get("appendices", []), start=1):
                live = SCORECARD_APPENDICES.get(appendix["title"])
                if live:
                    # Linked lazily: the scorecard demo loads after this one; the appendix shows (and is
                    # merged into the pack) once its quarter is published, "not yet published" until then.
                    Appendix.objects.create(
                        report=report,
                        position=position,
                        title=scorecard_appendix_title(position, *live),
                        source=Appendix.Source.SCORECARD,
                        scorecard_year=live[0],
                        scorecard_quarter=live[1],
                    )
                    continue
                Appendix.objects.create(
                    report=report,
                    position=position,
                    title=appendix["title"],
                    source=Appendix.Source.NOT_TRANSCRIBED,
                )
            self.count("reports")
        for ref in references:
            committee = self.committee(ref["committee"])
            if report.references.filter(committee=committee).exists():
                continue
            meeting = None
            if ref.get("meeting"):
                meeting = Meeting.objects.filter(committee=committee, date=parse_date(ref["meeting"])).first()
            if ref["reference"]:
                services.reference_record(
                    report=report, committee=committee, reference=ref["reference"], meeting=meeting
                )
            else:  # the document gives none: the committee's next number, as the portal would
                services.reference_issue(report=report, committee=committee, meeting=meeting)
        return report

    def link_scorecard_appendices(self, report: Report) -> None:
        """A database loaded before scorecard appendices existed listed them only: make them live."""
        for appendix in report.appendices.filter(
            source=Appendix.Source.NOT_TRANSCRIBED, title__in=list(SCORECARD_APPENDICES)
        ):
            start_year, quarter = SCORECARD_APPENDICES[appendix.title]
            appendix.source = Appendix.Source.SCORECARD
            appendix.title = scorecard_appendix_title(appendix.position, start_year, quarter)
            appendix.scorecard_year, appendix.scorecard_quarter = start_year, quarter
            appendix.full_clean()
            appendix.save()

    def load_sections(self, report: Report, sections: list[dict]) -> None:
        position = 0

        def add(number, heading, level, paragraphs):
            nonlocal position
            position += 1
            section = ReportSection.objects.create(
                report=report, number=number or "", heading=heading or "", level=level, position=position
            )
            Paragraph.objects.bulk_create(
                Paragraph(
                    section=section,
                    position=i,
                    number=str(p.get("number", "")),
                    text=p.get("text", "") if isinstance(p.get("text", ""), str) else "\n".join(p["text"]),
                    table=p.get("table"),
                    bullets=p.get("bullets") or [],
                    numbered_list=p.get("list_style") == "numbered",
                    kind=p.get("kind") if p.get("kind") in ("heading", "figure-caption") else "",
                )
                for i, p in enumerate(paragraphs or [], start=1)
            )

        for section in sections:
            add(section.get("number"), section.get("heading"), 1, section.get("paragraphs"))
            for sub in section.get("subsections", []):
                add(sub.get("number"), sub.get("heading"), 2, sub.get("paragraphs"))
        services.report_body_refresh(report)

    def load_agenda(self, meeting: Meeting, record: dict) -> None:
        for position, entry in enumerate(record.get("agenda", []), start=1):
            item = AgendaItem.objects.filter(meeting=meeting, number=str(entry["number"])).first()
            report = None
            if entry.get("report"):
                ref = (
                    ReportReference.objects.filter(reference=entry["report"]).select_related("report").first()
                )
                if ref is None:
                    self.stdout.write(
                        f"  {meeting}: item {entry['number']} names report {entry['report']}, not there yet\n"
                    )
                else:
                    report = ref.report
            elif entry.get("report_file"):
                report = self.reports_by_file.get(entry["report_file"])
            minutes_of = None
            if entry.get("minutes_of"):
                minutes_of = Meeting.objects.filter(
                    committee__code=entry.get("minutes_of_committee") or meeting.committee.code,
                    date=parse_date(entry["minutes_of"]),
                ).first()
                if (
                    minutes_of is not None
                    and minutes_of.committee_id == meeting.committee_id
                    and minutes_of.minutes_approved_at_id is None
                    and minutes_of.status == Meeting.Status.MINUTES_APPROVED
                ):
                    minutes_of.minutes_approved_at = meeting
                    minutes_of.save(update_fields=["minutes_approved_at"])
            if item is not None:
                # A report or earlier meeting whose file arrived after the agenda's: link it now.
                if report is not None and item.report_id is None:
                    item.report = report
                    item.save(update_fields=["report"])
                    self.count("agenda links")
                if minutes_of is not None and item.minutes_of_id is None:
                    item.minutes_of = minutes_of
                    item.save(update_fields=["minutes_of"])
                    self.count("agenda links")
                continue
            item = AgendaItem(
                meeting=meeting,
                position=position,
                number=str(entry["number"]),
                title=entry["title"],
                description=entry.get("description")
                or "\n\n".join(entry.get("description_paragraphs") or []),
                work_programme=bool(entry.get("work_programme")),
                part=int(entry.get("part") or 1),
                exempt_paragraph=str(entry.get("exempt_paragraph") or "")
                if int(entry.get("part") or 1) == 2
                else "",
                report=report,
                minutes_of=minutes_of,
            )
            item.full_clean()
            item._change_reason = "Demo data loaded"
            item.save()
            self.count("agenda items")

    def load_minutes(self, meeting: Meeting, record: dict) -> None:
        attendance = record.get("attendance") or {}
        rows = []
        if attendance.get("chair"):
            rows.append((attendance["chair"], Attendance.Kind.CHAIR, None, attendance.get("chair_note", "")))
        rows += [(name, Attendance.Kind.PRESENT, None, "") for name in attendance.get("present", [])]
        rows += [(name, Attendance.Kind.APOLOGIES, None, "") for name in attendance.get("apologies", [])]
        rows += [
            (s["person"], Attendance.Kind.SUBSTITUTE, s.get("for"), "")
            for s in attendance.get("substitutes", [])
        ]
        rows += [(name, Attendance.Kind.OFFICER, None, "") for name in attendance.get("officers", [])]
        rows += [
            (name, Attendance.Kind.ALSO_PRESENT, None, "") for name in attendance.get("also_present", [])
        ]
        for position, (name, kind, for_name, note) in enumerate(rows, start=1):
            _, made = Attendance.objects.get_or_create(
                meeting=meeting,
                person=self.person(name),
                kind=kind,
                defaults={
                    "position": position,
                    "substitute_for": self.person(for_name) if for_name else None,
                    "note": note,
                },
            )
            if made:
                self.count("attendance")
        for position, entry in enumerate(record.get("declarations", []), start=1):
            _, made = Declaration.objects.get_or_create(
                meeting=meeting,
                person=self.person(entry["person"]),
                item=str(entry.get("item", "")),
                text=entry.get("text", ""),
                defaults={
                    "kind": entry.get("kind", ""),
                    "position": position,
                    "minute_number": entry.get("minute") or None,
                },
            )
            if made:
                self.count("declarations")
        for entry in record.get("minutes", []):
            minute = Minute.objects.filter(meeting=meeting, number=int(entry["number"])).first()
            if minute is None:
                resolution = entry.get("resolution")
                minute = Minute(
                    meeting=meeting,
                    number=int(entry["number"]),
                    title=entry["title"],
                    paragraphs=list(entry.get("text") or []),
                    questions=list(entry.get("questions") or []),
                    text_after_questions=list(entry.get("text_after_questions") or []),
                    text_after_resolution=list(entry.get("text_after_resolution") or []),
                )
                if resolution:
                    minute.has_resolution = True
                    minute.unanimous = bool(resolution.get("unanimous"))
                    minute.resolution_preamble = resolution.get("preamble", "")
                    minute.resolution = resolution.get("parts", [])
                minute.full_clean()
                minute._change_reason = "Demo data loaded"
                minute.save()
                self.count("minutes")
            for action in entry.get("actions", []):
                _, made = Action.objects.get_or_create(
                    minute=minute,
                    text=action["text"],
                    defaults={
                        "owner": self.person(action["owner"]) if action.get("owner") else None,
                        "due": parse_date(action.get("due")),
                        "meeting": minute.meeting,
                        "status": Action.Status.DONE if action.get("done") else Action.Status.OPEN,
                    },
                )
                if made:
                    self.count("actions")

    def load_work_programme(self) -> None:
        path = self.directory / "work-programme.json"
        if not path.exists():
            return
        for position, record in enumerate(read_json(path), start=1):
            committee = self.committee(record.get("committee") or "AH")
            day = parse_date(record.get("meeting"))
            if WorkProgrammeItem.objects.filter(
                committee=committee,
                reference=record.get("reference", ""),
                title=record["title"],
                meeting_date=day,
            ).exists():
                continue
            WorkProgrammeItem.objects.create(
                committee=committee,
                reference=record.get("reference", ""),
                meeting=Meeting.objects.filter(committee=committee, date=day).first() if day else None,
                meeting_date=day,
                municipal_year=municipal_year(day) if day else "",
                position=position,
                title=record["title"],
                purpose=record.get("purpose", ""),
                decision_or_note=record.get("for") or WorkProgrammeItem.For.DECISION,
                lead_officer=record.get("lead_officer", ""),
                consultation=record.get("consultation", ""),
                equality_impact_assessment=record.get("equality_impact_assessment", ""),
                budget_and_policy_framework=record.get("budget_and_policy_framework", ""),
                corporate_priority=record.get("corporate_priority", ""),
                exempt_paragraph=record.get("exempt_paragraph", ""),
            )
            self.count("work programme items")

    def run(self) -> dict[str, int]:
        self.load_people()
        self.load_committees()
        meetings = [(path, record, self.load_meeting(record)) for path, record in self.meeting_files()]
        for path, record in self.report_files():
            try:
                self.reports_by_file[f"reports/{path.name}"] = self.load_report(record)
            except ValidationError as error:
                raise DemoDataError(f"{path.name}: {error}") from error
        for path, record, meeting in sorted(meetings, key=lambda m: m[2].date):
            try:
                self.load_agenda(meeting, record)
                self.load_minutes(meeting, record)
            except ValidationError as error:
                raise DemoDataError(f"{path.name}: {error}") from error
        self.load_work_programme()
        self.load_interests()
        return self.created


@transaction.atomic
def load(*, stdout=None, directory: Path | str | None = None) -> dict[str, int]:
    """Load whatever files exist in `directory` (fixtures/demo/committees/ by default)."""
    stdout = stdout or sys.stdout
    created = Loader(Path(directory) if directory else DEFAULT_DIR, stdout).run()
    if created:
        stdout.write("Committees: " + ", ".join(f"{n} {what}" for what, n in created.items()) + " loaded.\n")
    return created
