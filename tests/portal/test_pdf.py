"""The shared PDF pieces: tagged PDF/UA with title and language, page counts, merging, text."""

import io

import pypdf

from portal import pdf


def render(title: str, paragraphs: int = 1) -> bytes:
    from django.template import engines

    # A throwaway print template, so this test depends on nothing but pdf/base.html.
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block title %}{{ title }}{% endblock %}'
        "{% block content %}<h1>{{ title }}</h1>{% for p in paragraphs %}<p>Paragraph {{ p }}</p>{% endfor %}"
        "{% endblock %}"
    )
    html = template.render({"title": title, "paragraphs": range(paragraphs)})
    import weasyprint

    return pdf.write_pdf(weasyprint.HTML(string=html).render())


def test_tagged_with_title_and_language():
    reader = pypdf.PdfReader(io.BytesIO(render("Minutes of 18 January 2022")))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Minutes of 18 January 2022"
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def test_page_count_merge_and_text():
    one = render("One")
    long = render("Long", paragraphs=200)
    assert pdf.page_count(one) == 1
    assert pdf.page_count(long) > 1
    merged = pdf.merge_pdfs([one, long])
    assert pdf.page_count(merged) == 1 + pdf.page_count(long)
    texts = pdf.page_texts(merged)
    assert "One" in texts[0]
    assert "Page 1" in texts[0]
    assert "Paragraph 199" in texts[-1]


def test_response():
    response = pdf.pdf_response("report.pdf", b"%PDF-1.7")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="report.pdf"'


TABLES = (
    '{% extends "pdf/base.html" %}{% block title %}Tables{% endblock %}{% block content %}<h1>Tables</h1>'
    "<table><caption>Beds by home</caption><thead><tr><th scope='col'>Home</th><th scope='col'>Beds</th>"
    "</tr></thead><tbody><tr><th scope='row'>Oakwood</th><td>40</td></tr></tbody></table>"
    "<table><caption>Table</caption><tbody><tr><td>Engagement</td><td>April 2022</td></tr></tbody></table>"
    "{% endblock %}"
)


def tables_document():
    import weasyprint
    from django.template import engines

    return weasyprint.HTML(string=engines["django"].from_string(TABLES).render({})).render()


def test_every_table_header_gets_a_scope_and_the_checks_find_what_is_missing():
    import pikepdf

    from tests.pdf_checks import pdfua_findings, structure_problems

    # As WeasyPrint writes it: no TH has a /Scope; the bare caption and the header-less table are found.
    raw = tables_document().write_pdf(pdf_variant=pdf.PDF_VARIANT)
    problems = structure_problems(raw)
    assert sum("has no /Scope" in p for p in problems) == 3
    assert "Page 1 has a table captioned only 'Table'." in problems
    assert any("no header cell" in finding for finding in pdfua_findings(raw))
    # Written through portal.pdf: every TH has its scope (a column's in the head, a row's beside data).
    data = pdf.write_pdf(tables_document())
    scopes = []
    with pikepdf.open(io.BytesIO(data)) as document:
        assert str(document.pdf_version) == "1.7"
        for element in _elements(document.Root.StructTreeRoot):
            if element.get("/S") == "/TH":
                scopes.append(str(element.A.Scope if "/A" in element else None))
    assert scopes == ["/Column", "/Column", "/Row"]
    assert [p for p in structure_problems(data) if "Scope" in p] == []


def _elements(node):
    import pikepdf

    stack = [node]
    while stack:
        node = stack.pop(0)
        if isinstance(node, pikepdf.Dictionary):
            yield node
            kids = node.get("/K")
            if kids is not None:
                stack[0:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
