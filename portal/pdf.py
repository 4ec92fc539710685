"""PDFs from print templates (templates/pdf/), rendered by WeasyPrint as tagged, accessible PDF/UA.

A print template extends `pdf/base.html` (A4, the council's header and a "Page N" footer) and is given
the same data as the page it prints: the page's own query function builds the context. pikepdf finishes
what WeasyPrint leaves out of PDF/UA (table headers' /Scope); pypdf merges documents (uploaded appendices
are merged, never re-rendered) and reads text back for tests. tests/pdf_checks.py checks every PDF.
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
    return scope_table_headers(document.write_pdf(pdf_variant=PDF_VARIANT))


def _kids(node) -> list:
    import pikepdf  # here, not at the top: pikepdf logs a line when imported, for every manage.py command

    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _cells(row) -> list:
    import pikepdf

    return [
        kid for kid in _kids(row) if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") in ("/TH", "/TD")
    ]


def scope_table_headers(data: bytes) -> bytes:
    """Give every table header cell (TH) a /Scope, which WeasyPrint leaves out (PDF/UA-1 7.5: a reader
    must be able to tell which cells a header heads). A header in a THead, or in a row of headers only,
    heads its column; one beside data cells heads its row (the print templates' `scope="row"`)."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return data
    changed = False
    stack = [(tree, None)]
    seen = set()
    while stack:
        node, parent_kind = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kind = node.get("/S")
        if kind == "/TR":
            cells = _cells(node)
            all_headers = all(cell.get("/S") == "/TH" for cell in cells)
            for cell in cells:
                if cell.get("/S") != "/TH":
                    continue
                scope = "/Column" if parent_kind == "/THead" or all_headers else "/Row"
                attributes = cell.get("/A")
                if isinstance(attributes, pikepdf.Array):
                    table_attributes = next(
                        (
                            a
                            for a in attributes
                            if isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table"
                        ),
                        None,
                    )
                    if table_attributes is None:
                        attributes.append(pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name(scope)))
                    elif "/Scope" not in table_attributes:
                        table_attributes.Scope = pikepdf.Name(scope)
                elif isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table":
                    if "/Scope" not in attributes:
                        attributes.Scope = pikepdf.Name(scope)
                else:
                    cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name(scope))
                changed = True
        for kid in _kids(node):
            stack.append((kid, kind))
    if not changed:
        return data
    out = io.BytesIO()
    pdf.save(out, min_version="1.7")
    return out.getvalue()


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
