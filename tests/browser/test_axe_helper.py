"""The accessibility check itself: it must fail on a violation, and say which rule and element failed.

(Without this, a helper that silently checked nothing would let every page pass.)
"""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_accessible

BAD_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Bad page</title></head>
<body><main>
  <h1>Bad page</h1>
  <img src="data:," id="no-alt">
  <p style="color: #bbb; background: #fff">Too pale to read</p>
  <label>Name <input id="named"></label>
  <input id="unlabelled">
</main></body></html>"""

GOOD_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Good page</title></head>
<body><main><h1>Good page</h1><label for="name">Name</label><input id="name"></main></body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_page_with_violations_fails_listing_each_one(blank_page):
    blank_page.set_content(BAD_PAGE)

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(blank_page)

    report = str(failure.value)
    assert "3 accessibility violation(s)" in report
    for rule, target in [("image-alt", "#no-alt"), ("color-contrast", "p"), ("label", "#unlabelled")]:
        assert f"- {rule} (" in report
        assert f"target: {target}" in report
    assert 'html:   <input id="unlabelled">' in report


def test_a_page_without_violations_passes(blank_page):
    blank_page.set_content(GOOD_PAGE)

    assert_accessible(blank_page)
