"""Writes to reports: references, details, sections and paragraphs, appendices, submission and publication."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.audit import audit
from portal.email import absolute_url, send_email
from portal.uploads import pdf_refusal

from ..models import (
    REFERENCE_RE,
    Appendix,
    Committee,
    Meeting,
    Paragraph,
    ReferenceCounter,
    Report,
    ReportReference,
    ReportSection,
    municipal_year,
)
from ..report_template import standard_sections as standard_sections_for
from .common import CannotDelete, delete_files_on_commit


def long_year(year: str) -> str:
    """'21-22' -> '2021-22' (references may write the year either way)."""
    if len(year) == 5:
        return f"20{year[:2]}-{year[3:]}"
    return year


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
    *,
    data: dict,
    committee: Committee,
    meeting: Meeting | None = None,
    by=None,
    reference: str = "",
    standard_sections: bool = False,
) -> Report:
    """A new draft with its reference: the committee's next number, or `reference` when given. With
    `standard_sections`, it starts with the council's headings for its type (committees/report_template)."""
    report = Report(**{field: data[field] for field in REPORT_FIELDS if field in data}, author=by)
    report.full_clean()
    audit(report, by=by, reason="Drafted")
    report.save()
    if reference:
        reference_record(report=report, committee=committee, reference=reference, meeting=meeting)
    else:
        reference_issue(report=report, committee=committee, meeting=meeting)
    if standard_sections:
        ReportSection.objects.bulk_create(
            ReportSection(report=report, position=position, number=number, heading=heading, level=level)
            for position, (number, heading, level) in enumerate(standard_sections_for(report.report_type), 1)
        )
        report_body_refresh(report)
    return report


@transaction.atomic
def report_update(*, report: Report, data: dict, by) -> Report:
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.full_clean()
    audit(report, by=by, reason="Details edited")
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
def section_add(
    *, report: Report, number: str, heading: str, level: int = 1, paragraphs=(), by=None
) -> ReportSection:
    """A new section at the end of the report, with its paragraphs (as section_paragraphs_replace takes
    them); the report's searchable text and its history follow, all in one transaction."""
    position = (report.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = ReportSection(report=report, number=number, heading=heading, level=level, position=position)
    section.full_clean()
    section.save()
    section_paragraphs_replace(section=section, paragraphs=paragraphs)
    _report_changed(report.pk, by, f"Section {number} {heading}".replace("  ", " ").strip()[:90] + " added")
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
    audit(report, by=by, reason="Submitted for publication")
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: Report, by) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.PUBLISHED:
        return report
    report.status = Report.Status.PUBLISHED
    report.published_at = timezone.now()
    audit(report, by=by, reason="Published")
    report.save()
    return report


@transaction.atomic
def report_return_to_draft(*, report: Report, by, reason: str) -> Report:
    """Send a submitted report back to its author as a draft, saying why; the author is emailed."""
    reason = (reason or "").strip()
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError("Only a report submitted for publication can be returned to its author")
    if not reason:
        raise ValidationError({"reason": "Enter why the report is going back to its author"})
    report.status = Report.Status.DRAFT
    report.published_at = None
    audit(report, by=by, reason=f"Returned to the author: {reason}"[:2000])
    report.save()
    if report.author_id and report.author.email:
        reference = report.references.first()
        send_email(
            to=[report.author.email],
            subject=f"Your report {reference or ''} has been returned to you".replace("  ", " "),
            body=(
                f"Democratic services have returned your report “{report.title}” to you as a draft.\n\n"
                f"Why: {reason}\n\n"
                f"Change it and submit it again: {absolute_url(report.get_absolute_url())}"
            ),
        )
    return report


APPENDIX_MAX_BYTES = 20 * 1024 * 1024


PDF_MAGIC = b"%PDF-"


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
        if refusal := pdf_refusal(data, "The file"):  # JavaScript, launch actions, embedded files
            raise ValidationError(refusal)
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
    from ..models import scorecard_appendix_title

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
    audit(report, by=by, reason=f"Section {number} {heading} edited".replace("  ", " ")[:100])
    report.save(update_fields=["body_text"])
    return section


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
    delete_files_on_commit([appendix.file for appendix in report.appendices.all()])
    audit(report, by=by, reason="Draft deleted")
    report.delete()


def _report_changed(report_id: int, by, reason: str) -> None:
    """Record a change to a report's parts (sections, appendices) in the report's own history."""
    report_body_refresh(Report(pk=report_id))
    report = Report.objects.get(pk=report_id)
    audit(report, by=by, reason=reason)
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
    delete_files_on_commit([appendix.file])
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
