"""PDFs from print templates (templates/pdf/), rendered by WeasyPrint as tagged, accessible PDF/UA.

A print template extends `pdf/base.html` (A4, the council's header and a "Page N" footer) and is given
the same data as the page it prints: the page's own query function builds the context. pypdf merges
documents (uploaded appendices are merged, never re-rendered) and reads text back for tests.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pypdf
import weasyprint
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def render_html(template_name: str, context: dict) -> str:
    """The print template's HTML, with the council's and the service's names."""
    context = {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME, **context}
    return render_to_string(template_name, context)


def layout_html(html: str, *, css: str = "") -> weasyprint.Document:
    """Lay HTML out (with `css` added after its own styles); no template, so no database reads."""
    stylesheets = [weasyprint.CSS(string=css)] if css else None
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=stylesheets)


def render_document(template_name: str, context: dict) -> weasyprint.Document:
    """Lay the template out; `document.pages` tells how many pages it takes before writing it."""
    return layout_html(render_html(template_name, context))


def write_pdf(document: weasyprint.Document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict) -> bytes:
    return write_pdf(render_document(template_name, context))


def merge_pdfs(parts: Iterable[bytes]) -> bytes:
    writer = pypdf.PdfWriter()
    for part in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def page_texts(data: bytes) -> list[str]:
    """The text of each page (for tests and checks)."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_response(filename: str, data: bytes, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
