"""The reflow check itself (WCAG 1.4.10, in `check_page`): a page wider than 320 px fails, naming what sticks
out; a wide table inside the shared scroll container passes; the test's own width is restored either way."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_reflows

ROW = "<tr>" + "".join(f"<td>Column {n} with a long heading</td>" for n in range(12)) + "</tr>"
STYLE = "<style>.portal-table-scroll { overflow-x: auto; } body { margin: 8px; }</style>"
WIDE_TABLE = f"<!DOCTYPE html><html><head>{STYLE}</head><body><table id='wide'>{ROW}</table></body></html>"
CONTAINED_TABLE = (
    f"<!DOCTYPE html><html><head>{STYLE}</head><body>"
    f"<div class='portal-table-scroll'><table>{ROW}</table></div></body></html>"
)
LONG_WORD = (
    f"<!DOCTYPE html><html><head>{STYLE}</head><body><p id='word'>"
    "https://www.example.gov.uk/a/very/long/address/that/does/not/break/anywhere/on/its/own</p></body></html>"
)


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("html", "culprit"), [(WIDE_TABLE, "td"), (LONG_WORD, "p")])
def test_a_page_that_scrolls_sideways_at_320_px_fails(blank_page, html, culprit):
    blank_page.set_content(html)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_reflows(blank_page)
    report = str(failure.value)
    assert "scrolls sideways at 320 px" in report
    assert f"- {culprit}" in report
    assert blank_page.viewport_size == {"width": 1280, "height": 900}


def test_a_wide_table_in_the_scroll_container_passes(blank_page):
    blank_page.set_content(CONTAINED_TABLE)
    assert_reflows(blank_page)
    assert blank_page.viewport_size == {"width": 1280, "height": 900}
