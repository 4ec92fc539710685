"""The agenda pack: what it is made from, its fingerprint, its state on the meeting page, and its build
(docs/adr/007, docs/adr/031).

Reading and laying out are two steps. `gather(meeting_id)` makes every database read the pack needs (the
meeting, its agenda, the reports and their appendices, the minutes it takes, the work programme, the
published scorecard quarters its live appendices show) and renders each document's HTML; laying the pack
out afterwards reads nothing from the database (`reads_nothing` refuses any read, so a template that
reached for data outside the gathered sources would fail the build, not leave it silently stale).

The fingerprint is derived from those reads: every SELECT that `gather` runs is recorded, exactly as it
ran, and the pack keeps them as its `sources` (one SQL statement that hashes each query's rows). Running
the sources again later gives the same digest unless a row the pack was made from changed, or a row
appeared or went where the pack looked: a new agenda item, a new appendix, an edited paragraph, a renamed
member, a new published version of a scorecard quarter. There is no list of tables to keep: a new read in
the pack is a new source. Checking a pack is one query.

The build: lay out the front sheet once to learn how many pages it takes; lay out every document in
agenda order, each starting its "Page N" footer where the one before ended (a live scorecard appendix is
laid out from the published quarter's HTML like the portal's own documents), and stamp uploaded
appendices with the same footer over a white band at the foot of their own pages; then lay out the front
sheet again with each item's "(Pages X - Y)" taken from those counts. Part 2 documents are never in the
pack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import weasyprint
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.pdf import render_html
from portal.sources import fingerprint_of, gathered, probe_sql, reads_nothing, recording_reads

from . import pdf, queries
from .models import AgendaPack, Meeting, pack_timeout

logger = logging.getLogger(__name__)

# What the pack is made from ---------------------------------------------------------------------------


@dataclass
class PackDocument:
    """One document of the pack: the portal's own (its HTML, laid out from a page number into a WeasyPrint
    document joined into the pack's one tagged PDF) or an uploaded or live appendix (its PDF, stamped)."""

    title: str
    kind: str  # "minutes", "report", "appendix", "work programme", "matters arising"
    html: str = ""
    source: bytes = b""
    document: weasyprint.Document | None = None
    data: bytes = b""
    first_page: int = 0
    pages: int = 0

    def lay_out(self, start_page: int) -> None:
        if self.html:
            self.document, self.data = pdf.layout_from(self.html, start_page), b""
            self.pages = len(self.document.pages)
        else:
            self.document, self.data = None, pdf.stamp_page_numbers(self.source, start_page)
            self.pages = pdf.page_count(self.data)
        self.first_page = start_page


@dataclass
class PackItem:
    item: object
    documents: list[PackDocument] = field(default_factory=list)

    @property
    def first_page(self) -> int:
        return self.documents[0].first_page if self.documents else 0

    @property
    def last_page(self) -> int:
        return self.documents[-1].first_page + self.documents[-1].pages - 1 if self.documents else 0


@dataclass
class PackSources:
    """Everything the pack is made from, read; and the reads themselves (`probe`, for the fingerprint)."""

    meeting: Meeting
    front: dict
    items: list[PackItem]
    probe: str = ""

    @property
    def documents(self) -> list[PackDocument]:
        return [doc for entry in self.items for doc in entry.documents]


def _document(title: str, kind: str, template: str, context: dict) -> PackDocument:
    return PackDocument(title, kind, html=render_html(template, context))


def _read_file(appendix) -> bytes:
    with appendix.file.open("rb") as handle:
        return handle.read()


def _read_sources(meeting_id: int) -> PackSources:
    """Read everything the public pack is made from and render each document's HTML. The public pack:
    part 1 items only; published part 1 reports only."""
    meeting = queries.get_meeting(meeting_id)
    front = queries.meeting_page(meeting, AnonymousUser())
    agenda = sorted([*front["part1"], *front["part2"]], key=lambda item: (item.position, item.pk))
    items = []
    for item in agenda:
        entry = PackItem(item)
        items.append(entry)
        if item.part != 1:
            continue
        if item.minutes_of_id and item.minutes_of.minutes.exists():
            # The minutes to be approved are published with the agenda, as the council does.
            taken = item.minutes_of
            entry.documents.append(
                _document(
                    f"Minutes of {taken}",
                    "minutes",
                    "committees/pdf/minutes.html",
                    queries.minutes_context(taken),
                )
            )
        if item.report_visible:
            report = item.report
            entry.documents.append(
                _document(report.title, "report", "committees/pdf/report.html", queries.report_page(report))
            )
            for appendix in report.appendices.all():
                if appendix.is_scorecard and appendix.scorecard_published:
                    # A live output: the quarter's latest published version, laid out in the pack like
                    # the portal's own documents (one footer: the pack's "Page N"; tagged).
                    html = appendix.scorecard_html()
                    entry.documents.append(PackDocument(appendix.title, "appendix", html=html))
                elif appendix.has_file:
                    entry.documents.append(
                        PackDocument(appendix.title, "appendix", source=_read_file(appendix))
                    )
        if item.matters_arising:
            context = {
                "meeting": meeting,
                "committee": meeting.committee,
                "actions": front["matters_arising"],
            }
            entry.documents.append(
                _document(
                    "Matters arising", "matters arising", "committees/pdf/matters_arising.html", context
                )
            )
        if item.work_programme:
            context = {"committee": meeting.committee, "items": queries.work_programme(meeting.committee)}
            entry.documents.append(
                _document("Work programme", "work programme", "committees/pdf/work_programme.html", context)
            )
    return PackSources(meeting=meeting, front=front, items=items)


def gather(meeting_id: int) -> PackSources:
    """The pack's sources, with the reads they took (`probe`)."""
    with recording_reads() as reads:
        sources = _read_sources(meeting_id)
    sources.probe = probe_sql(reads)
    return sources


def gather_with_fingerprint(meeting_id: int) -> tuple[PackSources, str]:
    """The sources and their fingerprint from one snapshot of the database (`portal.sources.gathered`): a
    change committed while the pack is read is either wholly in both or in neither."""
    sources, probe, fingerprint = gathered(lambda: _read_sources(meeting_id))
    sources.probe = probe
    return sources, fingerprint


def pack_fingerprint(meeting: Meeting) -> str:
    """The fingerprint a pack of the meeting built now would have."""
    return gather_with_fingerprint(meeting.pk)[1]


def is_current(pack: AgendaPack) -> bool:
    """Whether the pack's sources return what they returned when it was built (one query). A pack from
    before sources were kept is checked by reading the meeting's documents again."""
    if pack.sources:
        return fingerprint_of(pack.sources) == pack.fingerprint
    return pack_fingerprint(pack.meeting) == pack.fingerprint


# Laying the pack out ----------------------------------------------------------------------------------


def front_sheet(sources: PackSources, *, with_pages: bool) -> weasyprint.Document:
    context = {**sources.front, "pack_items": sources.items, "with_pages": with_pages}
    return pdf.layout("committees/pdf/front_sheet.html", context, start_page=1)


def lay_out(sources: PackSources, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The agenda pack from its sources: front sheet, then every public document in agenda order, numbered
    continuously. Reads nothing from the database."""
    meeting, documents = sources.meeting, sources.documents
    with reads_nothing():
        # 1. The front sheet's length, with the widest page ranges it could show.
        for number, doc in enumerate(documents):
            doc.first_page, doc.pages = 9000 + number, 1
        front_pages = len(front_sheet(sources, with_pages=True).pages)
        if progress:
            progress("Front sheet laid out")
        # 2. Each document, starting where the previous one ended; 3. the front sheet with the real
        # ranges. Should the real ranges change the front sheet's length, number everything again.
        for _attempt in range(3):
            next_page = front_pages + 1
            for doc in documents:
                doc.lay_out(next_page)
                next_page += doc.pages
                if progress:
                    progress(doc.title)
            sheet = front_sheet(sources, with_pages=True)
            if len(sheet.pages) == front_pages:
                break
            front_pages = len(sheet.pages)
        else:
            raise RuntimeError("The front sheet's length does not settle")
        if progress:
            progress("Front sheet with page ranges")
        title = f"{meeting.committee.name}, {meeting.date:%-d %B %Y}: agenda pack"
        return pdf.assemble(sheet, documents, title=title)


def pack_pdf(meeting: Meeting, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The public agenda pack of the meeting as it is now."""
    return lay_out(gather(meeting.pk), progress=progress)


# The pack's state and its build -------------------------------------------------------------------------


def pack_state(meeting: Meeting) -> dict:
    """The public agenda pack as the meeting page shows it (docs/adr/007): the latest request (`pack`), the
    latest built one (`download`, perhaps older than a failed or running request), whether that is stale
    (its sources changed after it was built), and whether a new one may be prepared now: when there is
    none, when the latest failed, or when the built one is stale, but never while one is being prepared.
    A pack "running" with no progress for longer than `pack_timeout()` is treated as failed (`timed_out`):
    its worker died, and it may be prepared again."""
    pack = AgendaPack.objects.latest_for(meeting)
    if pack is None:
        return {"pack": None, "download": None, "stale": False, "can_prepare": True, "timed_out": False}
    timed_out = pack.timed_out()
    if timed_out:
        # Its worker died mid-build (or hangs): shown, and treated, as failed; services.pack_prepare
        # records the failure when the pack is asked for again.
        pack.status = AgendaPack.Status.FAILED
        pack.finished_at = None
        pack.error = pack.error or pack_timed_out_error()
    download = pack if pack.status == AgendaPack.Status.DONE else AgendaPack.objects.latest_done_for(meeting)
    stale = download is not None and not is_current(download)
    can_prepare = not pack.in_progress and (pack.status == AgendaPack.Status.FAILED or stale)
    return {
        "pack": pack,
        "download": download,
        "stale": stale,
        "can_prepare": can_prepare,
        "timed_out": timed_out,
    }


def pack_timed_out_error() -> str:
    minutes = int(pack_timeout().total_seconds() // 60)
    return f"Timed out: no progress for more than {minutes} minute{'s' if minutes != 1 else ''}"


def _save_progress(pack: AgendaPack, message: str, percent: int) -> None:
    pack.progress_message = message[:300]
    pack.progress_percent = max(0, min(100, percent))
    pack.progress_at = timezone.now()
    AgendaPack.objects.filter(pk=pack.pk).update(
        progress_message=pack.progress_message,
        progress_percent=pack.progress_percent,
        progress_at=pack.progress_at,
    )


def build(pack_id: int) -> int:
    """Build the queued public agenda pack `pack_id` and store it; returns its page count. A failure is
    recorded on the pack (status failed, with the error) and raised again."""
    pack = AgendaPack.objects.select_related("meeting", "meeting__committee").get(pk=pack_id)
    if pack.status != AgendaPack.Status.QUEUED:
        logger.warning("Agenda pack %s is %s, not queued: not built again", pack.pk, pack.status)
        return pack.pages
    meeting = pack.meeting
    pack.status = AgendaPack.Status.RUNNING
    pack.started_at = pack.progress_at = timezone.now()
    pack.progress_message = "Starting"
    pack.save(update_fields=["status", "started_at", "progress_at", "progress_message"])
    try:
        # The documents as they are now: a change made while the pack is laid out makes it stale at once.
        sources, fingerprint = gather_with_fingerprint(meeting.pk)
        pack.fingerprint, pack.sources = fingerprint, sources.probe
        pack.save(update_fields=["fingerprint", "sources"])
        steps = len(sources.documents) + 2  # the front sheet laid out, each document, the front sheet again
        done = 0

        def progress(label: str) -> None:
            nonlocal done
            done += 1
            # Should the front sheet change length, the documents are numbered again: stay below 100.
            _save_progress(pack, label, min(99, done * 100 // steps))

        data = lay_out(sources, progress=progress)
        pack.file.save(f"agenda-pack-{pack.pk}.pdf", ContentFile(data), save=False)
        pack.pages = pdf.page_count(data)
        pack.size = len(data)
        pack.status = AgendaPack.Status.DONE
        pack.progress_message = "Ready"
        pack.progress_percent = 100
        pack.finished_at = timezone.now()
        pack.save()
        # Only the newest built pack is served: earlier files go (their rows stay, as a record).
        older = AgendaPack.objects.filter(meeting=meeting, public=True, pk__lt=pack.pk).exclude(file="")
        for old in older:
            old.file.delete(save=True)
    except Exception as error:
        logger.exception("Agenda pack %s of %s failed", pack.pk, meeting)
        AgendaPack.objects.filter(pk=pack.pk).update(
            status=AgendaPack.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    return pack.pages
