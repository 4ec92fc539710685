"""Writes to committee business. Each is one transaction, validates with full_clean(), and leaves a history
record saying who did it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import (
    REFERENCE_RE,
    Action,
    AgendaItem,
    AgendaPack,
    Appendix,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Minute,
    Paragraph,
    ReferenceCounter,
    Report,
    ReportReference,
    ReportSection,
    municipal_year,
)

APPENDIX_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class AgendaInPastNeedsConfirmation(Exception):
    """Publishing the agenda of a meeting whose date has passed needs the user to confirm it."""


def _audit(obj, by, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason


def long_year(year: str) -> str:
    """'21-22' -> '2021-22' (references may write the year either way)."""
    if len(year) == 5:
        return f"20{year[:2]}-{year[3:]}"
    return year


# References ---------------------------------------------------------------------------------------------


@transaction.atomic
def reference_issue(
    *, report: Report, committee: Committee, meeting: Meeting | None = None
) -> ReportReference:
    """The committee's next number in the municipal year of the meeting (or today): AH/40/2021-22.
    The counter only goes up, so a number is never issued twice, even after its report is deleted."""
    year = municipal_year(meeting.date if meeting else timezone.localdate())
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        committee=committee, municipal_year=year
    )
    taken = (
        ReportReference.objects.filter(committee=committee, municipal_year=year).aggregate(m=Max("sequence"))[
            "m"
        ]
        or 0
    )
    counter.last_sequence = max(counter.last_sequence, taken) + 1
    counter.save(update_fields=["last_sequence"])
    ref = ReportReference(
        report=report,
        committee=committee,
        reference=f"{committee.code}/{counter.last_sequence}/{year}",
        sequence=counter.last_sequence,
        municipal_year=year,
        meeting=meeting,
    )
    ref.full_clean()
    ref.save()
    return ref


@transaction.atomic
def reference_record(
    *, report: Report, committee: Committee, reference: str, meeting: Meeting | None = None
) -> ReportReference:
    """A reference given elsewhere (the council's own papers), kept exactly as written. The counter moves
    past it so the portal never issues the same number."""
    match = REFERENCE_RE.match(reference or "")
    if not match:
        raise ValidationError({"reference": "Enter a reference like AH/39/2021-22"})
    if match["code"] != committee.code:
        raise ValidationError(
            {"reference": f"A reference for {committee.name} starts with {committee.code}/"}
        )
    sequence, year = int(match["sequence"]), long_year(match["year"])
    ref = ReportReference(
        report=report,
        committee=committee,
        reference=reference,
        sequence=sequence,
        municipal_year=year,
        meeting=meeting,
    )
    ref.full_clean()
    ref.save()
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        committee=committee, municipal_year=year
    )
    if counter.last_sequence < sequence:
        counter.last_sequence = sequence
        counter.save(update_fields=["last_sequence"])
    return ref


# Reports ------------------------------------------------------------------------------------------------

REPORT_FIELDS = [
    "title",
    "report_of",
    "report_type",
    "wards_affected",
    "corporate_plan_priorities",
    "key_decision",
    "part",
    "exempt_paragraph",
    "contact_name",
    "contact_job_title",
    "contact_email",
    "contact_phone",
    "background_papers",
    "access_to_information",
]


@transaction.atomic
def report_create(
    *, data: dict, committee: Committee, meeting: Meeting | None = None, by=None, reference: str = ""
) -> Report:
    """A new draft with its reference: the committee's next number, or `reference` when given."""
    report = Report(**{field: data[field] for field in REPORT_FIELDS if field in data}, author=by)
    report.full_clean()
    _audit(report, by, "Drafted")
    report.save()
    if reference:
        reference_record(report=report, committee=committee, reference=reference, meeting=meeting)
    else:
        reference_issue(report=report, committee=committee, meeting=meeting)
    return report


@transaction.atomic
def report_update(*, report: Report, data: dict, by) -> Report:
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.full_clean()
    _audit(report, by, "Details edited")
    report.save()
    return report


def report_body_refresh(report: Report) -> None:
    """Keep the report's searchable text in step with its paragraphs."""
    lines = []
    for section in report.sections.prefetch_related("paragraphs"):
        lines.append(section.heading)
        for paragraph in section.paragraphs.all():
            if paragraph.text:
                lines.append(paragraph.text)
            lines.extend(paragraph.bullets or [])
            if paragraph.table:
                lines.extend(" ".join(str(c) for c in row) for row in paragraph.table.get("rows", []))
    Report.objects.filter(pk=report.pk).update(body_text="\n".join(lines))


@transaction.atomic
def section_add(*, report: Report, number: str, heading: str, level: int = 1, by=None) -> ReportSection:
    position = (report.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = ReportSection(report=report, number=number, heading=heading, level=level, position=position)
    section.full_clean()
    section.save()
    report_body_refresh(report)
    return section


@transaction.atomic
def paragraph_add(
    *, section: ReportSection, number: str, text: str = "", table: dict | None = None
) -> Paragraph:
    position = (section.paragraphs.aggregate(m=Max("position"))["m"] or 0) + 1
    paragraph = Paragraph(section=section, number=number, text=text, table=table, position=position)
    paragraph.full_clean()
    paragraph.save()
    report_body_refresh(section.report)
    return paragraph


@transaction.atomic
def paragraph_update(*, paragraph: Paragraph, number: str, text: str) -> Paragraph:
    paragraph.number, paragraph.text = number, text
    paragraph.full_clean()
    paragraph.save()
    report_body_refresh(paragraph.section.report)
    return paragraph


@transaction.atomic
def report_submit(*, report: Report, by) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError("Only a draft can be submitted.")
    report.status = Report.Status.SUBMITTED
    _audit(report, by, "Submitted for publication")
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: Report, by) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.PUBLISHED:
        return report
    report.status = Report.Status.PUBLISHED
    report.published_at = timezone.now()
    _audit(report, by, "Published")
    report.save()
    return report


@transaction.atomic
def report_return_to_draft(*, report: Report, by) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = Report.Status.DRAFT
    report.published_at = None
    _audit(report, by, "Returned to draft")
    report.save()
    return report


def check_pdf_upload(upload: UploadedFile) -> None:
    """Only PDFs, told by their content (the "%PDF-" signature), not their name; within the size limit."""
    if upload.size > APPENDIX_MAX_BYTES:
        raise ValidationError(f"The file must be smaller than {APPENDIX_MAX_BYTES // (1024 * 1024)} MB")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if PDF_MAGIC not in head[:1024] or not head.lstrip().startswith(PDF_MAGIC):
        raise ValidationError("The file must be a PDF")


@transaction.atomic
def appendix_add(*, report: Report, title: str, upload: UploadedFile | None, by=None) -> Appendix:
    from portal.pdf import page_count

    position = (report.appendices.aggregate(m=Max("position"))["m"] or 0) + 1
    appendix = Appendix(report=report, title=title, position=position)
    if upload is None:
        appendix.source = Appendix.Source.NOT_TRANSCRIBED
    else:
        check_pdf_upload(upload)
        data = upload.read()
        upload.seek(0)
        try:
            appendix.pages = page_count(data)
        except Exception as error:  # pypdf raises many kinds for a damaged file
            raise ValidationError("The PDF could not be read: it may be damaged") from error
        appendix.size = len(data)
        appendix.file.save(upload.name.rsplit("/", 1)[-1][-60:] or "appendix.pdf", upload, save=False)
    appendix.full_clean()
    appendix.save()
    return appendix


def published_scorecard_quarters() -> list[tuple[int, int]]:
    """(start year, quarter) of every scorecard quarter with a published version, newest first."""
    from scorecard.models import ScorecardVersion

    pairs = ScorecardVersion.objects.values_list(
        "scorecard_quarter__year__start_year", "scorecard_quarter__quarter"
    ).distinct()
    return sorted(set(pairs), reverse=True)


@transaction.atomic
def appendix_add_scorecard(*, report: Report, start_year: int, quarter: int, by=None) -> Appendix:
    """A live appendix: the published scorecard of a quarter, merged into the pack from the latest
    published version (docs/adr/006). Only a published quarter may be chosen."""
    from .models import scorecard_appendix_title

    if (start_year, quarter) not in published_scorecard_quarters():
        raise ValidationError("Select a published scorecard quarter")
    position = (report.appendices.aggregate(m=Max("position"))["m"] or 0) + 1
    appendix = Appendix(
        report=report,
        position=position,
        title=scorecard_appendix_title(position, start_year, quarter),
        source=Appendix.Source.SCORECARD,
        scorecard_year=start_year,
        scorecard_quarter=quarter,
    )
    appendix.full_clean()
    appendix.save()
    return appendix


# The agenda pack --------------------------------------------------------------------------------------


@transaction.atomic
def pack_prepare(*, meeting: Meeting, by=None) -> AgendaPack | None:
    """Queue the public agenda pack's build (committees/tasks.py) unless a current one is built or being
    built: None then. The meeting's row is locked so two requests at once queue one pack. The task's row is
    written in this transaction too (django-tasks' database backend), so a worker never sees one without
    the other; with the immediate backend (tests) the pack is built before this returns."""
    from . import queries
    from .tasks import build_agenda_pack, pack_fingerprint

    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    state = queries.pack_state(meeting)
    if not state["can_prepare"]:
        return None
    stuck = state["pack"]
    if stuck is not None and stuck.status == AgendaPack.Status.FAILED:
        # A running pack whose worker died (queries.pack_state): record its failure before starting anew.
        AgendaPack.objects.filter(pk=stuck.pk, status=AgendaPack.Status.RUNNING).update(
            status=AgendaPack.Status.FAILED, error=stuck.error, finished_at=timezone.now()
        )
    pack = AgendaPack.objects.create(
        meeting=meeting,
        public=True,
        fingerprint=pack_fingerprint(meeting),
        requested_by=by if by is not None and by.is_authenticated else None,
        progress_message="Waiting for the worker to start",
    )
    result = build_agenda_pack.enqueue(pack.pk)
    AgendaPack.objects.filter(pk=pack.pk).update(task_id=str(result.id)[:64])
    pack.refresh_from_db()
    return pack


# Meetings and agendas -----------------------------------------------------------------------------------

MEETING_FIELDS = ["committee", "date", "time", "venue", "status"]


@transaction.atomic
def meeting_create(*, data: dict, by=None) -> Meeting:
    meeting = Meeting(**{f: data[f] for f in MEETING_FIELDS if f in data})
    meeting.full_clean(exclude=["municipal_year"])
    _audit(meeting, by, "Scheduled")
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, by) -> Meeting:
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    meeting.full_clean(exclude=["municipal_year"])
    _audit(meeting, by, "Details edited")
    meeting.save()
    return meeting


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by, confirmed_past: bool = False, today: datetime.date | None = None):
    today = today or timezone.localdate()
    if meeting.date < today and not confirmed_past:
        raise AgendaInPastNeedsConfirmation()
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("The agenda is already published.")
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    _audit(meeting, by, "Agenda published")
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, data: dict, by=None) -> AgendaItem:
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, **data)
    item.full_clean()
    _audit(item, by, "Added to the agenda")
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by) -> AgendaItem:
    for field, value in data.items():
        setattr(item, field, value)
    item.full_clean()
    _audit(item, by, "Edited")
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> None:
    """Swap the item with its neighbour above ("up") or below ("down"); numbers follow the new order."""
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items, start=1):
        if agenda_item.position != position or agenda_item.number != str(position):
            agenda_item.position = position
            agenda_item.number = str(position)
            _audit(agenda_item, by, "Reordered")
            agenda_item.save()


# Minutes ------------------------------------------------------------------------------------------------


def next_minute_number(meeting: Meeting) -> int:
    """Minutes are numbered on through the committee's municipal year."""
    last = Minute.objects.filter(
        meeting__committee_id=meeting.committee_id, meeting__municipal_year=meeting.municipal_year
    ).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def minute_add(
    *,
    meeting: Meeting,
    title: str,
    paragraphs: list[str],
    questions: list[str] | None = None,
    resolution: dict | None = None,
    number: int | None = None,
    by=None,
) -> Minute:
    minute = Minute(
        meeting=meeting,
        number=number or next_minute_number(meeting),
        title=title,
        paragraphs=paragraphs,
        questions=questions or [],
    )
    if resolution:
        minute.has_resolution = True
        minute.unanimous = bool(resolution.get("unanimous"))
        minute.resolution_preamble = resolution.get("preamble", "RESOLVED: That")
        minute.resolution = resolution.get("parts", [])
    if Minute.objects.filter(
        meeting__committee_id=meeting.committee_id,
        meeting__municipal_year=meeting.municipal_year,
        number=minute.number,
    ).exists():
        raise ValidationError(
            {"number": f"Minute {minute.number} already exists in {meeting.municipal_year}"}
        )
    minute.full_clean()
    _audit(minute, by, "Minute recorded")
    minute.save()
    return minute


@transaction.atomic
def action_set_done(*, action: Action, done: bool, by) -> Action:
    action.done = done
    _audit(action, by, "Done" if done else "Reopened")
    action.save()
    return action


@transaction.atomic
def minutes_approve(*, meeting: Meeting, at: Meeting, by) -> Meeting:
    """The minutes of `meeting` were approved as a correct record at the later meeting `at`."""
    if at.date <= meeting.date:
        raise ValidationError("Minutes are approved at a later meeting.")
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = at
    _audit(meeting, by, "Minutes approved")
    meeting.save()
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, person, kind: str, substitute_for=None, by=None):
    from .models import Attendance

    position = (meeting.attendance.aggregate(m=Max("position"))["m"] or 0) + 1
    row = Attendance(
        meeting=meeting, person=person, kind=kind, substitute_for=substitute_for, position=position
    )
    row.full_clean()
    row.save()
    return row


PARAGRAPH_FIELDS = ["number", "text", "kind", "bullets", "numbered_list", "table"]


def _paragraph_fields(paragraph) -> dict:
    """A paragraph as committees.markup reads it (a dict), or a (number, text) pair."""
    if isinstance(paragraph, dict):
        return {field: paragraph[field] for field in PARAGRAPH_FIELDS if field in paragraph}
    number, text = paragraph
    return {"number": number, "text": text}


@transaction.atomic
def section_paragraphs_replace(*, section: ReportSection, paragraphs) -> None:
    """The section's paragraphs become `paragraphs` (dicts of Paragraph's fields, as committees.markup
    reads them, or (number, text) pairs), in that order."""
    section.paragraphs.all().delete()
    made = []
    for position, paragraph in enumerate(paragraphs, start=1):
        made.append(Paragraph(section=section, position=position, **_paragraph_fields(paragraph)))
        made[-1].full_clean(exclude=["section"])
    Paragraph.objects.bulk_create(made)


@transaction.atomic
def section_update(*, section: ReportSection, number: str, heading: str, level: int, paragraphs, by=None):
    """Replace a section's heading and its paragraphs in one go (see section_paragraphs_replace)."""
    section.number, section.heading, section.level = number, heading, level
    section.full_clean()
    section.save()
    section_paragraphs_replace(section=section, paragraphs=paragraphs)
    report_body_refresh(section.report)
    report = Report.objects.get(pk=section.report_id)  # with the refreshed text: the save records history
    _audit(report, by, f"Section {number} {heading} edited".replace("  ", " ")[:100])
    report.save(update_fields=["body_text"])
    return section


@transaction.atomic
def record_save(*, record, by=None, reason: str):
    """Committees, people, memberships and work programme items: validate and save, with the audit trail."""
    from .models import WorkProgrammeItem

    if isinstance(record, WorkProgrammeItem):
        record.municipal_year = municipal_year(record.meeting_date) if record.meeting_date else ""
        record.meeting = (
            Meeting.objects.filter(committee_id=record.committee_id, date=record.meeting_date).first()
            if record.meeting_date
            else None
        )
    record.full_clean()
    _audit(record, by, reason)
    record.save()
    return record


@transaction.atomic
def work_programme_item_delete(*, item, by=None) -> None:
    """Take an item off the work programme; its history keeps the deletion, who and why."""
    _audit(item, by, "Deleted from the work programme")
    item.delete()


@transaction.atomic
def membership_end(*, membership: Membership, end: datetime.date, by=None) -> Membership:
    """End a membership on a date (not before it started); the history records the change."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.end = end
    membership.full_clean()
    _audit(membership, by, f"Membership ended on {end:%d/%m/%Y}")
    membership.save()
    return membership


@transaction.atomic
def minute_update(
    *,
    minute: Minute,
    title: str,
    paragraphs: list[str],
    questions: list[str],
    resolution: dict | None,
    by=None,
) -> Minute:
    minute.title, minute.paragraphs, minute.questions = title, paragraphs, questions
    minute.has_resolution = bool(resolution)
    minute.unanimous = bool(resolution and resolution.get("unanimous"))
    minute.resolution_preamble = (resolution or {}).get("preamble", "")
    minute.resolution = (resolution or {}).get("parts", [])
    minute.full_clean()
    _audit(minute, by, "Minute edited")
    minute.save()
    return minute


@transaction.atomic
def attendance_remove(*, row, by=None) -> None:
    row.delete()


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by=None) -> None:
    _audit(item, by, "Removed from the agenda")
    item.delete()


# Declarations of interest -------------------------------------------------------------------------------

DECLARATION_FIELDS = ["person", "item", "kind", "text", "minute_number"]


@transaction.atomic
def declaration_add(*, meeting: Meeting, data: dict, by=None) -> Declaration:
    """A declaration of interest made at the meeting, after those already recorded."""
    position = (meeting.declarations.aggregate(m=Max("position"))["m"] or 0) + 1
    declaration = Declaration(
        meeting=meeting, position=position, **{f: data[f] for f in DECLARATION_FIELDS if f in data}
    )
    declaration.full_clean()
    _audit(declaration, by, "Declaration recorded")
    declaration.save()
    return declaration


@transaction.atomic
def declaration_update(*, declaration: Declaration, data: dict, by=None) -> Declaration:
    for field in DECLARATION_FIELDS:
        if field in data:
            setattr(declaration, field, data[field])
    declaration.full_clean()
    _audit(declaration, by, "Declaration edited")
    declaration.save()
    return declaration


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by=None) -> None:
    """Remove a declaration recorded in error; its history keeps what it said, who removed it and when."""
    _audit(declaration, by, "Declaration removed")
    declaration.delete()


# Deleting: only what nobody else relies on yet ------------------------------------------------------------


class CannotDelete(Exception):
    """The record may not be deleted; the message says why, for the page to show."""


def _delete_files_on_commit(files) -> None:
    """Stored files (appendices, packs) go once the rows that named them are gone for good."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def meeting_delete_refusal(meeting: Meeting) -> str:
    """Why the meeting may not be deleted, or "" when it may: only a meeting whose agenda was never
    published (scheduled or cancelled before publication) and that has nothing of its minutes recorded."""
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED):
        return (
            "This meeting cannot be deleted: its agenda is published. "
            "Change its status to cancelled instead, so the public can see it will not take place."
        )
    if (
        meeting.minutes.exists()
        or meeting.attendance.exists()
        or meeting.declarations.exists()
        or meeting.minutes_approved_here.exists()
    ):
        return (
            "This meeting cannot be deleted: minutes, attendance or declarations are recorded for it. "
            "Remove them first, or change its status to cancelled."
        )
    return ""


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by=None) -> None:
    """Delete a meeting scheduled in error, with its agenda and any agenda packs. Reports keep their
    references (the numbers stay used); work programme items lose their link to it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refusal = meeting_delete_refusal(meeting)
    if refusal:
        raise CannotDelete(refusal)
    _delete_files_on_commit([pack.file for pack in meeting.agenda_packs.all()])
    for item in meeting.agenda_items.all():
        _audit(item, by, "Deleted with its meeting")
        item.delete()
    _audit(meeting, by, "Deleted")
    meeting.delete()


def report_delete_refusal(report: Report) -> str:
    if report.status != Report.Status.DRAFT:
        return (
            f"This report cannot be deleted: it is {report.get_status_display().lower()}. "
            "Only a draft can be deleted."
        )
    return ""


@transaction.atomic
def report_delete(*, report: Report, by=None) -> None:
    """Delete a draft with its sections and appendices. Its reference goes with it, but the committee's
    counter does not go back (ReferenceCounter only goes up): the number is never issued again."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    refusal = report_delete_refusal(report)
    if refusal:
        raise CannotDelete(refusal)
    _delete_files_on_commit([appendix.file for appendix in report.appendices.all()])
    _audit(report, by, "Draft deleted")
    report.delete()


def _report_changed(report_id: int, by, reason: str) -> None:
    """Record a change to a report's parts (sections, appendices) in the report's own history."""
    report_body_refresh(Report(pk=report_id))
    report = Report.objects.get(pk=report_id)
    _audit(report, by, reason)
    report.save(update_fields=["body_text"])


@transaction.atomic
def section_delete(*, section: ReportSection, by=None) -> None:
    """Delete a section with its paragraphs; the report's history records it."""
    report_id = section.report_id
    reason = f"Section {section.number} {section.heading}".replace("  ", " ").strip()[:90] + " deleted"
    section.delete()
    _report_changed(report_id, by, reason)


@transaction.atomic
def appendix_delete(*, appendix: Appendix, by=None) -> None:
    """Delete an appendix (and its stored file); the others keep their order."""
    report_id = appendix.report_id
    _delete_files_on_commit([appendix.file])
    reason = f"Appendix “{appendix.title}” deleted"
    appendix.delete()
    _report_changed(report_id, by, reason[:100])


@transaction.atomic
def appendix_move(*, appendix: Appendix, direction: str, by=None) -> None:
    """Swap the appendix with its neighbour above ("up") or below ("down"), like agenda_item_move."""
    appendices = list(
        Appendix.objects.select_for_update().filter(report_id=appendix.report_id).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(appendices) if other.pk == appendix.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(appendices):
        return
    appendices[index], appendices[other] = appendices[other], appendices[index]
    for position, each in enumerate(appendices, start=1):
        if each.position != position:
            Appendix.objects.filter(pk=each.pk).update(position=position)
    _report_changed(appendix.report_id, by, f"Appendix “{appendix.title}” moved {direction}"[:100])
