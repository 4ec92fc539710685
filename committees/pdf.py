"""The committees' PDFs: a report, minutes, the work programme, and the agenda pack.

The agenda pack is built in three steps (docs/adr/007): lay out the front sheet once to learn how many
pages it takes; render every document in agenda order, each starting its "Page N" footer where the one
before ended (WeasyPrint's `@page :first { counter-reset: page N }`), and stamp uploaded appendices with
the same footer on top of their own pages; then lay out the front sheet again with each item's
"(Pages X - Y)" taken from those counts. Part 2 documents are never in the pack.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdf
from pypdf.generic import NameObject, TextStringObject

from portal.pdf import render_document, write_pdf

from . import queries
from .models import Meeting, Report

LANGUAGE = "en-GB"


def render(template: str, context: dict, *, start_page: int = 1) -> bytes:
    return write_pdf(render_document(template, {**context, "start_page": start_page}))


def report_pdf(report: Report, *, start_page: int = 1) -> bytes:
    return render("committees/pdf/report.html", queries.report_page(report), start_page=start_page)


def minutes_pdf(meeting: Meeting, user, *, start_page: int = 1) -> bytes:
    return render("committees/pdf/minutes.html", queries.minutes_page(meeting, user), start_page=start_page)


def work_programme_pdf(meeting: Meeting, *, start_page: int = 1) -> bytes:
    context = {"committee": meeting.committee, "items": queries.work_programme(meeting.committee)}
    return render("committees/pdf/work_programme.html", context, start_page=start_page)


def page_numbers_overlay(count: int, start_page: int) -> pypdf.PdfReader:
    """`count` empty A4 pages whose footers say "Page start_page" onwards: stamped onto appendices."""
    data = render("committees/pdf/page_numbers.html", {"pages": range(count)}, start_page=start_page)
    return pypdf.PdfReader(io.BytesIO(data))


def stamp_page_numbers(data: bytes, start_page: int) -> bytes:
    """An uploaded PDF, unchanged but for the pack's "Page N" footer on each page (merged, not redrawn)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    overlay = page_numbers_overlay(len(writer.pages), start_page)
    for page, numbers in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(numbers)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class PackDocument:
    title: str
    kind: str  # "minutes", "report", "appendix", "work programme"
    build: Callable[[int], bytes]
    data: bytes = b""
    first_page: int = 0
    pages: int = 0


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
                        lambda start, m=minutes_meeting: render(
                            "committees/pdf/minutes.html", queries.minutes_context(m), start_page=start
                        ),
                    )
                )
            if item.report_visible:
                report = item.report
                entry.documents.append(
                    PackDocument(
                        report.title, "report", lambda start, r=report: report_pdf(r, start_page=start)
                    )
                )
                for appendix in item.report.appendices.all():
                    if appendix.has_file:
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
                        lambda start: work_programme_pdf(meeting, start_page=start),
                    )
                )
        items.append(entry)
    return items


def read_file(appendix) -> bytes:
    with appendix.file.open("rb") as handle:
        return handle.read()


def front_sheet(meeting: Meeting, items: list[PackItem], *, with_pages: bool) -> bytes:
    context = {
        **queries.meeting_page(meeting, _anonymous()),
        "pack_items": items,
        "with_pages": with_pages,
    }
    return render("committees/pdf/front_sheet.html", context, start_page=1)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def merge(parts: list[bytes], *, title: str) -> bytes:
    """One PDF from the parts, with the pack's title and language in its catalogue and metadata."""
    writer = pypdf.PdfWriter()
    for part in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": title, "/Author": "Cheshire East Council"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    writer._root_object[NameObject("/ViewerPreferences")] = writer._root_object.get(
        "/ViewerPreferences", pypdf.generic.DictionaryObject()
    )
    writer._root_object["/ViewerPreferences"][NameObject("/DisplayDocTitle")] = pypdf.generic.BooleanObject(
        True
    )
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
    front_pages = page_count(front_sheet(meeting, items, with_pages=True))
    if progress:
        progress("Front sheet laid out")
    # 2. Each document, starting where the previous one ended; 3. the front sheet with the real ranges.
    # Should the real ranges change the front sheet's length, number everything again from there.
    for _attempt in range(3):
        next_page = front_pages + 1
        for doc in documents:
            doc.data = doc.build(next_page)
            doc.first_page, doc.pages = next_page, page_count(doc.data)
            next_page += doc.pages
            if progress:
                progress(doc.title)
        sheet = front_sheet(meeting, items, with_pages=True)
        if page_count(sheet) == front_pages:
            break
        front_pages = page_count(sheet)
    else:
        raise RuntimeError("The front sheet's length does not settle")
    if progress:
        progress("Front sheet with page ranges")
    title = f"{meeting.committee.name}, {meeting.date:%-d %B %Y}: agenda pack"
    return merge([sheet, *(doc.data for doc in documents)], title=title)
