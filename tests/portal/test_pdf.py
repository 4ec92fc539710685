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
