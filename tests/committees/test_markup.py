"""Sections with sub-headings, bullet points and tables are edited as light markup (committees/markup.py):
every demo section reads back from its markup unchanged, and saving the section form unchanged leaves
the section as it was."""

import io

import pytest
from django.urls import reverse

from committees import demo, markup
from committees.models import Paragraph, ReportSection
from portal.permissions import Role

pytestmark = pytest.mark.django_db


def stored(section) -> list[dict]:
    return [
        {
            "number": p.number,
            "text": p.text,
            "kind": p.kind,
            "bullets": p.bullets,
            "numbered_list": p.numbered_list,
            "table": p.table,
        }
        for p in section.paragraphs.order_by("position", "pk")
    ]


@pytest.fixture
def demo_sections():
    demo.load(stdout=io.StringIO())
    sections = list(ReportSection.objects.prefetch_related("paragraphs").order_by("report", "position", "pk"))
    assert len(sections) > 50
    return sections


def test_every_demo_section_reads_back_from_its_markup(demo_sections):
    kinds = set()
    for section in demo_sections:
        paragraphs = stored(section)
        text = markup.write(section.paragraphs.order_by("position", "pk"))
        assert markup.read(text) == paragraphs, f"{section.report}: {section}"
        for p in paragraphs:
            kinds |= (
                {p["kind"]} | ({"table"} if p["table"] else set()) | ({"bullets"} if p["bullets"] else set())
            )
            kinds |= {"numbered"} if p["numbered_list"] else set()
            kinds |= {"unnumbered"} if not p["number"] else set()
    # The demo has every kind of structure the markup writes.
    assert kinds >= {"", "heading", "figure-caption", "table", "bullets", "numbered", "unnumbered"}


def test_saving_every_demo_section_unchanged_through_the_form_changes_nothing(client_for, demo_sections):
    ds = client_for(Role.DEMOCRATIC_SERVICES)
    for section in demo_sections:
        before = stored(section)
        url = reverse("committees:section-edit", args=[section.pk])
        page = ds.get(url)
        assert page.status_code == 200
        form = page.context["form"]
        data = {name: form.initial[name] for name in ("number", "heading", "level", "paragraphs")}
        response = ds.post(url, data)
        assert response.status_code == 302, (
            f"{section}: {response.context and response.context['form'].errors}"
        )
        section.refresh_from_db()
        assert stored(section) == before, f"{section.report}: {section}"


def test_the_markup_in_detail():
    text = "\n".join(
        [
            "### 6.4 Vision for Adult Social Care",
            "",
            "6.6 The white paper has three key objectives:",
            "1. choice, control and independence",
            "2. outstanding quality",
            "",
            "Unnumbered text, then bullets:",
            "- one",
            "- two",
            "",
            "![Fig 1. Stakeholder Workshop]",
            "",
            "| Scheme | Source |",
            "|---|---|",
            "| iBCF beds<br>and more | iBCF \\| DFG |",
            "",
            "\\2022 was a year",
            "with two lines",
        ]
    )
    paragraphs = markup.read(text)
    assert [(p["number"], p["kind"], p["text"]) for p in paragraphs] == [
        ("6.4", "heading", "Vision for Adult Social Care"),
        ("6.6", "", "The white paper has three key objectives:"),
        ("", "", "Unnumbered text, then bullets:"),
        ("", "figure-caption", "Fig 1. Stakeholder Workshop"),
        ("", "", ""),
        ("", "", "2022 was a year\nwith two lines"),
    ]
    assert paragraphs[1]["bullets"] == ["choice, control and independence", "outstanding quality"]
    assert paragraphs[1]["numbered_list"] and not paragraphs[2]["numbered_list"]
    assert paragraphs[4]["table"] == {
        "header": ["Scheme", "Source"],
        "rows": [["iBCF beds\nand more", "iBCF | DFG"]],
    }
    assert markup.read(markup.write(Paragraph(**p) for p in paragraphs)) == paragraphs


@pytest.mark.parametrize(
    "paragraph",
    [
        {"number": "", "text": "1.1 looks numbered but is not"},
        {"number": "", "text": "- looks like a bullet\n| and a table\n\\ and an escape\n\nwith a blank line"},
        {"number": "2", "text": "", "bullets": ["first\n- not a new point"], "numbered_list": True},
        {"number": "", "text": "", "bullets": ["numbered, with no text"], "numbered_list": True},
        {"number": "", "text": "### not a heading", "kind": ""},
        {"number": "", "text": "Caption ending ]", "kind": "figure-caption"},
        {"number": "7.1", "text": "", "table": {"header": [], "rows": [["a\\b", ""], ["---", "x"]]}},
    ],
)
def test_awkward_paragraphs_round_trip(paragraph):
    full = {
        "number": "",
        "text": "",
        "kind": "",
        "bullets": [],
        "numbered_list": False,
        "table": None,
        **paragraph,
    }
    assert markup.read(markup.write([Paragraph(**full)])) == [full]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("| a | b |\nnot a row", "Paragraph 1: each row of a table starts with |"),
        ("1.1 Text\n\n![Caption without its end", "Paragraph 2: write a figure's caption as ![caption]"),
        ("Text\n- a bullet\n1. a number", "use either “- ” bullet points or numbered points, not both"),
        ("| a |\n|---|\n| b |\n|---|", "a line of dashes may only follow a table's first row"),
        ("123456789012345678901 too long a number", "at most 20 characters"),
    ],
)
def test_bad_markup_says_which_paragraph_and_why(text, message):
    with pytest.raises(markup.MarkupError, match=message.replace("|", r"\|").replace("[", r"\[")):
        markup.read(text)
