"""The checks every PDF the portal makes must pass (issue 18), for the tests that make them.

`structure_problems(data)` walks the structure tree with pikepdf and lists:
- a page none of whose content is reachable from the structure tree (an untagged page: a reader with a
  screen reader would skip it), and a page with marked content the tree does not reach;
- a table header cell (TH) without a /Scope;
- a table caption that says nothing ("Table", "Table 7"): a caption names what the table shows;
- a document that does not declare PDF 1.7, is not marked (/MarkInfo /Marked), has no /Lang or no title
  shown in the window (/ViewerPreferences /DisplayDocTitle).

`pdfua_findings(data)` runs the `pdfua` checker (the machine-checkable subset of PDF/UA-1 and WCAG 2.1)
and returns its errors and warnings. `assert_accessible_pdf(data)` asserts both lists are empty.
"""

from __future__ import annotations

import io
import re

import pikepdf

BARE_CAPTION = re.compile(r"^\s*table\s*[\d.]*\s*$", re.IGNORECASE)


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def structure_problems(data: bytes) -> list[str]:
    problems: list[str] = []
    pdf = pikepdf.open(io.BytesIO(data))
    if str(pdf.pdf_version) != "1.7":
        problems.append(f"The document declares PDF {pdf.pdf_version}, not 1.7.")
    root = pdf.Root
    if not root.get("/MarkInfo", {}).get("/Marked", False):
        problems.append("The document is not marked as tagged (/MarkInfo /Marked).")
    if "/Lang" not in root:
        problems.append("The document has no /Lang.")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        problems.append("The document's title is not shown in the window (/DisplayDocTitle).")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return [*problems, "The document has no structure tree."]
    page_numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    reached_pages: set[int] = set()

    def page_of(node, inherited):
        page = node.get("/Pg")
        return page_numbers.get(page.objgen) if page is not None else inherited

    def walk(node, inherited_page, seen):
        if not isinstance(node, pikepdf.Dictionary):
            if isinstance(node, int) and inherited_page:  # a marked-content id on the inherited page
                reached_pages.add(inherited_page)
            return
        key = node.objgen if node.is_indirect else None
        if key is not None:
            if key in seen:
                return
            seen.add(key)
        page = page_of(node, inherited_page)
        kind = str(node.get("/S", ""))
        if node.get("/Type") == "/MCR" and page:
            reached_pages.add(page)
        if node.get("/Type") == "/OBJR" and page:
            reached_pages.add(page)
        if kind == "/TH":
            attributes = node.get("/A")
            if isinstance(attributes, pikepdf.Array):
                attribute_list = list(attributes)
            else:
                attribute_list = [attributes] if attributes else []
            if not [a for a in attribute_list if isinstance(a, pikepdf.Dictionary) and "/Scope" in a]:
                problems.append(f"A table header cell (TH) on page {page or '?'} has no /Scope.")
        for kid in _kids(node):
            walk(kid, page, seen)

    walk(tree, None, set())
    for number in range(1, len(pdf.pages) + 1):
        if number not in reached_pages:
            problems.append(f"Page {number} is not reachable from the structure tree.")
    problems.extend(bare_captions(data))
    return problems


def bare_captions(data: bytes) -> list[str]:
    """Lines that are a bare "Table" or "Table 7": a caption that names nothing. (Read from the pages'
    text: every caption the portal writes is a line of its own.)"""
    import pypdf

    found = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, start=1):
        for line in (page.extract_text() or "").splitlines():
            if BARE_CAPTION.fullmatch(line):
                found.append(f"Page {number} has a table captioned only '{line.strip()}'.")
    return found


def pdfua_findings(data: bytes) -> list[str]:
    """Errors and warnings of the `pdfua` checker (notices are not failures)."""
    import tempfile

    from pdfua import Severity, validate

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        report = validate(handle.name)
    return [
        f"{finding.rule_id} {finding.severity.name}: {finding.message}"
        for finding in report.findings
        if finding.severity in (Severity.ERROR, Severity.WARNING)
    ]


def assert_accessible_pdf(data: bytes) -> None:
    problems = structure_problems(data) + pdfua_findings(data)
    assert not problems, "\n".join(problems)
