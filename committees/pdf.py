"""The committees' PDFs: a report, minutes and the work programme, and the pieces the agenda pack is made
of (committees/agenda_pack.py builds the pack): laying out HTML from a given page number, stamping the
pack's "Page N" footer onto uploaded PDFs, and joining laid-out documents and uploads into one PDF.

The front sheet and the portal's own documents are laid out separately but written as ONE WeasyPrint
document (tagged PDF/UA, one structure tree); uploaded appendices are then put in at their pages with
pypdf, untagged (docs/adr/007).
"""

from __future__ import annotations

import io

import pypdf
import weasyprint
from pypdf.generic import NameObject, TextStringObject

from portal.pdf import layout_html, render_document, write_pdf

from . import queries
from .models import Meeting, Report

LANGUAGE = "en-GB"


def layout(template: str, context: dict, *, start_page: int = 1) -> weasyprint.Document:
    """The template laid out (not yet written): the pack joins its documents' pages into one PDF."""
    return render_document(template, {**context, "start_page": start_page})


def layout_from(html: str, start_page: int) -> weasyprint.Document:
    """Already rendered HTML laid out with its "Page N" footers counting from `start_page`."""
    return layout_html(html, css=f"@page:first {{ counter-reset: page {int(start_page)}; }}")


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


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def set_catalogue(writer: pypdf.PdfWriter, *, title: str) -> None:
    """The pack's title (shown by readers instead of the file name), author and language."""
    writer.add_metadata({"/Title": title, "/Author": "Cheshire East Council"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    preferences = writer._root_object.get("/ViewerPreferences", pypdf.generic.DictionaryObject())
    writer._root_object[NameObject("/ViewerPreferences")] = preferences
    preferences[NameObject("/DisplayDocTitle")] = pypdf.generic.BooleanObject(True)


def assemble(sheet: weasyprint.Document, documents: list, *, title: str) -> bytes:
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
    # pypdf writes a 1.3 header on what it clones: the pack is PDF 1.7 like the documents it is made of.
    writer.pdf_header = b"%PDF-1.7"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
