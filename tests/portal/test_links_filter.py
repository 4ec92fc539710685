"""The `links` filter is Django's urlize, skipped where the text could hold no link (a market page's
speed): the output is the same for any text."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.defaultfilters import urlize

from commissioning.market.demo import folder
from portal.templatetags.govuk import links

SAMPLES = [
    "",
    "Plain text, with punctuation: 1.2; a (bracket) and 'quotes' & <angles> \"double\".",
    "About 8,300 carers need support (Census 2011, p. 12).",
    "See https://www.cheshireeast.gov.uk/council_and_democracy/ for more.",
    "www.cheshireeast.gov.uk and example.org/path, then example.com.",
    "Email commissioning@cheshireeast.gov.uk or call 0300 123 5010.",
    "mailto:someone@example.org and http://insecure.example.net",
    "Ends with a domain: cheshireeast.gov.uk.",
    "A trailing colon: and a ratio 3:1 and time 10:30am.",
    "<script>alert('x')</script> & &amp; entities",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("autoescape", [True, False])
def test_links_gives_what_urlize_gives(text, autoescape):
    assert links(text, autoescape=autoescape) == urlize(text, autoescape=autoescape)


def test_links_equals_urlize_on_every_demo_statement_text():
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder().rglob("*")) if path.is_file()]
    assert texts
    for text in texts:
        for line in text.splitlines():
            assert links(line) == urlize(line), line


def test_in_a_template_it_escapes_and_links():
    rendered = Template("{{ text|links }}").render(Context({"text": "<b> see https://example.org/x"}))
    assert (
        rendered == '&lt;b&gt; see <a href="https://example.org/x" rel="nofollow">https://example.org/x</a>'
    )
