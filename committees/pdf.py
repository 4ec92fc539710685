"""The committees' PDFs: a report, minutes, the work programme, and the agenda pack.

The agenda pack is built in three steps (docs/adr/007): lay out the front sheet once to learn how many
pages it takes; render every document in agenda order, each starting its "Page N" footer where the one
before ended (WeasyPrint's `@page :first { counter-reset: page N }`), and stamp uploaded appendices with
the same footer on top of their own pages (a live scorecard appendix too: the published quarter's PDF);
then lay out the front sheet again with each item's "(Pages X - Y)" taken from those counts. Part 2
documents are never in the pack. The front sheet and the portal's own documents are laid out separately
but written as ONE WeasyPrint document (tagged PDF/UA, one structure tree); uploaded appendices are then
put in at their pages with pypdf, untagged.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdf
import weasyprint
from pypdf.generic import NameObject, TextStringObject

from portal.pdf import render_document, write_pdf

from . import queries
from .models import Meeting, Report

LANGUAGE = "en-GB"


def layout(template: str, context: dict, *, start_page: int = 1) -> weasyprint.Document:
    """The template laid out (not yet written): the pack joins its documents' pages into one PDF."""
    return render_document(template, {**context, "start_page": start_page})


def render(template: str, context: dict, *, start_page: int = 1) -> bytes:
    return write_pdf(layout(template, context, start_page=start_page))


def report_pdf(report: Report, *, start_page: int = 1) -> bytes:
    return render("committees/pdf/report.html", queries.report_page(report), start_page=start_page)


def minutes_pdf(meeting: Meeting, user, *, start_page: int = 1) -> bytes:
    return render("committees/pdf/minutes.html", queries.minutes_page(meeting, user), start_page=start_page)


def work_programme_pdf(meeting: Meeting, *, start_page: int = 1) -> bytes:
    context = {"committee": meeting.committee, "items": queries.work_programme(meeting.committee)}
    return render("committees/pdf/work_programme.html", context, start_page=start_page)


def page_numbers_overlay(sizes: list[tuple[float, float]], start_page: int) -> pypdf.PdfReader:
    """Empty pages, one of each (width, height) in points, whose footers say "Page start_page" onwards:
    stamped onto appendices. Each page is laid out at its own size (a named @page per size), so the
    footer sits at the foot of a landscape page as of a portrait one."""
    distinct = list(dict.fromkeys((round(w, 3), round(h, 3)) for w, h in sizes))
    pages = [distinct.index((round(w, 3), round(h, 3))) + 1 for w, h in sizes]
    data = render(
        "committees/pdf/page_numbers.html", {"sizes": distinct, "pages": pages}, start_page=start_page
    )
    return pypdf.PdfReader(io.BytesIO(data))


def displayed_size(page: pypdf.PageObject) -> tuple[float, float]:
    """The page's width and height as a reader shows it: its crop box, turned by its /Rotate."""
    box = page.cropbox
    width, height = float(box.width), float(box.height)
    return (height, width) if page.rotation % 180 else (width, height)


def overlay_transformation(page: pypdf.PageObject) -> pypdf.Transformation:
    """Where an overlay drawn upright at the page's displayed size goes in the page's own coordinates:
    turned against the page's /Rotate (which readers apply clockwise), then moved onto its crop box."""
    width, height = displayed_size(page)
    turn = pypdf.Transformation().rotate(page.rotation % 360)
    corners = [turn.apply_on(point) for point in ((0, 0), (width, height))]
    box = page.cropbox
    return turn.translate(
        float(box.left) - min(x for x, _ in corners), float(box.bottom) - min(y for _, y in corners)
    )


def stamp_page_numbers(data: bytes, start_page: int) -> bytes:
    """An uploaded PDF, unchanged but for the pack's "Page N" footer on each page (merged, not redrawn).
    Each footer is laid out for its page's own size and orientation: landscape pages, and pages turned
    by /Rotate, get theirs at the foot of the page as a reader shows it."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    overlay = page_numbers_overlay([displayed_size(page) for page in writer.pages], start_page)
    for page, numbers in zip(writer.pages, overlay.pages, strict=True):
        page.merge_transformed_page(numbers, overlay_transformation(page))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class PackDocument:
    """One document of the pack. `build(start_page)` lays out the portal's own documents (a WeasyPrint
    document, joined into the pack's one tagged PDF) or returns an uploaded appendix's bytes (stamped)."""

    title: str
    kind: str  # "minutes", "report", "appendix", "work programme"
    build: Callable[[int], weasyprint.Document | bytes]
    document: weasyprint.Document | None = None
    data: bytes = b""
    first_page: int = 0
    pages: int = 0

    def lay_out(self, start_page: int) -> None:
        built = self.build(start_page)
        if isinstance(built, bytes):
            self.document, self.data, self.pages = None, built, page_count(built)
        else:
            self.document, self.data, self.pages = built, b"", len(built.pages)
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


def pack_items(meeting: Meeting, user) -> list[PackItem]:
    """The public pack's documents in agenda order: part 1 items only; published part 1 reports only."""
    from django.contrib.auth.models import AnonymousUser

    public = AnonymousUser()
    items = []
    for item in queries.agenda_items(meeting, public):
        entry = PackItem(item)
        if item.part == 1:
            if item.minutes_of_id and item.minutes_of.minutes.exists():
                minutes_meeting = item.minutes_of
                entry.documents.append(
                    PackDocument(
                        f"Minutes of {minutes_meeting}",
                        "minutes",
                        # The minutes to be approved are published with the agenda, as the council does.
                        lambda start, m=minutes_meeting: layout(
                            "committees/pdf/minutes.html", queries.minutes_context(m), start_page=start
                        ),
                    )
                )
            if item.report_visible:
                report = item.report
                entry.documents.append(
                    PackDocument(
                        report.title,
                        "report",
                        lambda start, r=report: layout(
                            "committees/pdf/report.html", queries.report_page(r), start_page=start
                        ),
                    )
                )
                for appendix in item.report.appendices.all():
                    if appendix.is_scorecard and appendix.scorecard_published:
                        # A live output: the quarter's latest published version, stamped like an upload.
                        entry.documents.append(
                            PackDocument(
                                appendix.title,
                                "appendix",
                                lambda start, a=appendix: stamp_page_numbers(a.scorecard_pdf(), start),
                            )
                        )
                    elif appendix.has_file:
                        entry.documents.append(
                            PackDocument(
                                appendix.title,
                                "appendix",
                                lambda start, a=appendix: stamp_page_numbers(read_file(a), start),
                            )
                        )
            if item.work_programme:
                entry.documents.append(
                    PackDocument(
                        "Work programme",
                        "work programme",
                        lambda start: layout(
                            "committees/pdf/work_programme.html",
                            {
                                "committee": meeting.committee,
                                "items": queries.work_programme(meeting.committee),
                            },
                            start_page=start,
                        ),
                    )
                )
        items.append(entry)
    return items


def read_file(appendix) -> bytes:
    with appendix.file.open("rb") as handle:
        return handle.read()


def front_sheet(meeting: Meeting, items: list[PackItem], *, with_pages: bool) -> weasyprint.Document:
    context = {
        **queries.meeting_page(meeting, _anonymous()),
        "pack_items": items,
        "with_pages": with_pages,
    }
    return layout("committees/pdf/front_sheet.html", context, start_page=1)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def set_catalogue(writer: pypdf.PdfWriter, *, title: str) -> None:
    """The pack's title (shown by readers instead of the file name), author and language."""
    writer.add_metadata({"/Title": title, "/Author": "Cheshire East Council"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    preferences = writer._root_object.get("/ViewerPreferences", pypdf.generic.DictionaryObject())
    writer._root_object[NameObject("/ViewerPreferences")] = preferences
    preferences[NameObject("/DisplayDocTitle")] = pypdf.generic.BooleanObject(True)


def assemble(sheet: weasyprint.Document, documents: list[PackDocument], *, title: str) -> bytes:
    """The pack as one PDF: the front sheet and the portal's own documents are ONE WeasyPrint document
    (their laid-out pages joined), written as tagged PDF/UA with one structure tree; then each uploaded
    appendix's pages are put in at their place (pypdf), untagged (docs/adr/007)."""
    own = [sheet, *(doc.document for doc in documents if doc.document is not None)]
    joined = sheet.copy([page for document in own for page in document.pages])
    joined.metadata.title = title
    joined.metadata.lang = LANGUAGE
    joined.metadata.authors = ["Cheshire East Council"]
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(write_pdf(joined))))
    for doc in documents:
        if doc.document is not None:
            continue
        for offset, page in enumerate(pypdf.PdfReader(io.BytesIO(doc.data)).pages):
            # The appendix's own tags (if any) point into its own structure tree: not into the pack's.
            for key in ("/StructParents", "/Tabs"):
                if key in page:
                    del page[NameObject(key)]
            writer.insert_page(page, doc.first_page - 1 + offset)
    set_catalogue(writer, title=title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pack_pdf(meeting: Meeting, user=None, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The agenda pack: front sheet, then every public document in agenda order, numbered continuously."""
    user = user or _anonymous()
    items = pack_items(meeting, user)
    documents = [doc for entry in items for doc in entry.documents]
    # 1. The front sheet's length, with the widest page ranges it could show.
    for number, doc in enumerate(documents):
        doc.first_page, doc.pages = 9000 + number, 1
    front_pages = len(front_sheet(meeting, items, with_pages=True).pages)
    if progress:
        progress("Front sheet laid out")
    # 2. Each document, starting where the previous one ended; 3. the front sheet with the real ranges.
    # Should the real ranges change the front sheet's length, number everything again from there.
    for _attempt in range(3):
        next_page = front_pages + 1
        for doc in documents:
            doc.lay_out(next_page)
            next_page += doc.pages
            if progress:
                progress(doc.title)
        sheet = front_sheet(meeting, items, with_pages=True)
        if len(sheet.pages) == front_pages:
            break
        front_pages = len(sheet.pages)
    else:
        raise RuntimeError("The front sheet's length does not settle")
    if progress:
        progress("Front sheet with page ranges")
    title = f"{meeting.committee.name}, {meeting.date:%-d %B %Y}: agenda pack"
    return assemble(sheet, documents, title=title)
