"""The pack's "Page N" footer stamped on uploaded appendices sits at the foot of each page as a reader
shows it, whatever the page's size and orientation: portrait, landscape, or turned by /Rotate."""

import io

import pypdf
import pytest
import weasyprint

from committees import pdf


def appendix(*sizes: str) -> bytes:
    """A PDF with one page per CSS page size, each saying which it is."""
    css = "".join(
        f"@page s{i} {{ size: {size}; margin: 20mm }} .s{i} {{ page: s{i} }}" for i, size in enumerate(sizes)
    )
    body = "".join(f'<p class="s{i}">Appendix page {i + 1}</p>' for i in range(len(sizes)))
    return weasyprint.HTML(string=f"<style>{css}</style>{body}").write_pdf()


def turned(data: bytes, degrees: int) -> bytes:
    """The same PDF with every page's /Rotate set, as scanners and some exporters write landscape."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        page.rotate(degrees)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def shown(page: pypdf.PageObject, x: float, y: float) -> tuple[float, float]:
    """A point of the page's own coordinates as a reader shows it (turned clockwise by /Rotate), from the
    bottom left of the page as shown."""
    box = page.cropbox
    x, y = x - float(box.left), y - float(box.bottom)
    width, height = float(box.width), float(box.height)
    return {0: (x, y), 90: (y, width - x), 180: (width - x, height - y), 270: (height - y, x)}[
        page.rotation % 360
    ]


def footer(page: pypdf.PageObject) -> tuple[str, float, float, float, float]:
    """The "Page N" text, where it starts as a reader shows the page, and the page's shown width and
    height. It must read upright as shown."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip().startswith("Page "):
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]  # the baseline's direction
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            ax, ay = shown(page, a, b)
            ox, oy = shown(page, 0, 0)
            found.append((text.strip(), *shown(page, x, y), ax - ox, ay - oy))

    page.extract_text(visitor_text=visit)
    assert len(found) == 1, found
    text, x, y, dx, dy = found[0]
    assert dx > 0 and abs(dy) < 1e-6, "the footer reads upright"
    width, height = float(page.cropbox.width), float(page.cropbox.height)
    return (text, x, y, height, width) if page.rotation % 180 else (text, x, y, width, height)


def stamped_pages(data: bytes, start: int) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(pdf.stamp_page_numbers(data, start))).pages)


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_footers_sit_at_the_foot_of_portrait_and_landscape_pages(rotation):
    data = appendix("A4", "A4 landscape", "A3 landscape")
    if rotation:
        data = turned(data, rotation)
    stamped = stamped_pages(data, 41)
    assert len(stamped) == 3
    for number, page in enumerate(stamped, start=41):
        assert f"Appendix page {number - 40}" in page.extract_text()  # the appendix is still there
        text, x, y, width, height = footer(page)
        assert text == f"Page {number}"
        # Centred along the foot of the page as shown (within the print template's 22 mm bottom margin).
        assert 0 < y < 22 * 72 / 25.4, (rotation, number, y)
        assert abs(x - width / 2) < 40, (rotation, number, x, width)
    sizes = [footer(page)[3:] for page in stamped]
    if rotation in (90, 270):  # turned a quarter: the portrait page shows as landscape and so on
        sizes = [(h, w) for w, h in sizes]
    portrait, landscape, big = sizes
    assert portrait[0] < portrait[1] and landscape[0] > landscape[1] and big[0] > landscape[0]


def test_the_pages_keep_their_own_size_and_rotation():
    data = turned(appendix("A4 landscape"), 90)
    page = pypdf.PdfReader(io.BytesIO(pdf.stamp_page_numbers(data, 7))).pages[0]
    assert page.rotation == 90
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
