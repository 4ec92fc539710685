"""A report section's paragraphs as light, plain-text markup, for editing in one text box.

The section form shows a section's paragraphs written this way and reads them back, so a section with
sub-headings, bullet points or tables can be changed without losing its structure: writing a section's
paragraphs and reading the text back gives the same paragraphs (tests/committees/test_markup.py checks
every demo section). The marks:

    1.1 The text of a paragraph.          a paragraph: its number first (if it has one), then its text
                                          (leave a blank line between paragraphs)
    ### 6.4 Vision for Adult Social Care  a sub-heading within the section
    ![Fig 1. Stakeholder Workshop]        a figure's caption (the figure is not online)
    6.6 It has three key objectives:      bullet points follow their paragraph's text, one on each line,
    - choice, control and independence    starting with "- "; numbered points start with "1. ", "2. ", ...
    - outstanding quality of care
    | Scheme | Source | Expenditure |     a table: a row on each line, its cells between "|"s; a line of
    |---|---|---|                         dashes after the first row makes that row the header row.
    | iBCF beds | iBCF | £958,682 |       In a cell, <br> is a line break and \\| a "|".

A line whose text would be read as one of these marks starts with a backslash ("\\2022 was a year ...",
"\\- not a bullet"), which is dropped; a line that is only "\\" is an empty line within a paragraph.
A paragraph cannot hold a blank line, and a table cell cannot hold the text "<br>" itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMBER_RE = re.compile(r"^(\d+(?:\.\d+)*[a-z]?)\.?(?:\s+|$)")
NUMBERED_POINT_RE = re.compile(r"^\d+[.)](?:\s+|$)")
SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
BLOCK_SPLIT_RE = re.compile(r"\n[ \t]*\n")
BREAK = "<br>"
MAX_NUMBER = 20


class MarkupError(ValueError):
    """The text cannot be read as paragraphs; the message says where and why, for the form."""


@dataclass
class Block:
    """One paragraph as the Paragraph model stores it."""

    number: str = ""
    text: str = ""
    kind: str = ""  # "", "heading" or "figure-caption"
    bullets: list[str] = field(default_factory=list)
    numbered_list: bool = False
    table: dict | None = None

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "kind": self.kind,
            "bullets": list(self.bullets),
            "numbered_list": self.numbered_list and bool(self.bullets),
            "table": self.table,
        }


# Writing ------------------------------------------------------------------------------------------------


def _starts_item(line: str) -> bool:
    """A bullet point ("- "), a numbered point ("1. ") or a table row ("|")."""
    return line.startswith(("- ", "|")) or line == "-" or bool(NUMBERED_POINT_RE.match(line))


def _looks_like_a_mark(line: str, *, first: bool) -> bool:
    if line == "" or line.startswith("\\") or _starts_item(line):
        return True
    return first and (line.startswith(("###", "![")) or bool(NUMBER_RE.match(line)))


def _escape(line: str, *, first: bool) -> str:
    return "\\" + line if _looks_like_a_mark(line, first=first) else line


def _cell(value) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", BREAK)


def _row(cells) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def write_paragraph(paragraph) -> str:
    """One paragraph (a Paragraph, or anything with its attributes) as a block of markup."""
    number, text = paragraph.number or "", paragraph.text or ""
    kind = paragraph.kind or ""
    bullets = list(paragraph.bullets or [])
    table = paragraph.table or None
    lines: list[str] = []
    text_lines = text.split("\n") if text else []
    first = text_lines[0] if text_lines else ""
    if number:
        lead = f"{number} {first}".rstrip()
    else:
        lead = _escape(first, first=True) if (first or kind or bullets and paragraph.numbered_list) else ""
    rest = [_escape(line, first=False) for line in text_lines[1:]]
    if kind == "heading":
        lines += [f"### {lead}".rstrip(), *rest]
    elif kind == "figure-caption":
        lines += [f"![{lead}", *rest]
        lines[-1] += "]"
    elif lead or rest:
        lines += [lead or "\\", *rest]
    for n, bullet in enumerate(bullets, start=1):
        mark = f"{n}. " if paragraph.numbered_list else "- "
        bullet_lines = bullet.split("\n")
        lines.append(mark + bullet_lines[0])
        lines += [_escape(line, first=False) for line in bullet_lines[1:]]
    if table:
        header, rows = table.get("header") or [], table.get("rows") or []
        if header:
            lines += [_row(header), "|" + "---|" * len(header)]
        lines += [_row(row) for row in rows]
    return "\n".join(lines)


def write(paragraphs) -> str:
    """A section's paragraphs as markup: blocks separated by a blank line."""
    return "\n\n".join(write_paragraph(p) for p in paragraphs)


# Reading ------------------------------------------------------------------------------------------------


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") else line


def _split_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    cells, current, i = [], "", 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] in "|\\":
            current += body[i + 1]
            i += 2
            continue
        if char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
        i += 1
    if current.strip():
        cells.append(current)
    return [cell.strip().replace(BREAK, "\n") for cell in cells]


def _read_lead(line: str, block: Block) -> str:
    """The block's first line: its kind mark, then its number; returns the text left."""
    if line.startswith("### ") or line == "###":
        block.kind = "heading"
        line = line[4:].lstrip()
    elif line.startswith("!["):
        block.kind = "figure-caption"
        line = line[2:]
    if line.startswith("\\"):
        return line[1:]
    match = NUMBER_RE.match(line)
    if match:
        if len(match[1]) > MAX_NUMBER:
            raise MarkupError(f"A paragraph's number has at most {MAX_NUMBER} characters: “{match[1]}”")
        block.number = match[1]
        return line[match.end() :]
    return line


def read_block(text: str, position: int) -> Block:
    lines = [line.strip() for line in text.strip("\n").split("\n")]
    block = Block()
    where = f"Paragraph {position}"
    text_lines: list[str] = []
    index = 0
    if lines and not (lines[0].startswith(("- ", "|")) or lines[0] == "-"):
        text_lines.append(_read_lead(lines[0], block))
        index = 1
    # The rest of the text, up to the first bullet point or table row.
    while index < len(lines) and not _starts_item(lines[index]):
        text_lines.append(_unescape(lines[index]))
        index += 1
    if block.kind == "figure-caption":
        if not text_lines or not text_lines[-1].endswith("]"):
            raise MarkupError(f"{where}: write a figure's caption as ![caption], ending with ]")
        text_lines[-1] = text_lines[-1][:-1]
    block.text = "\n".join(text_lines) if any(text_lines) else ""
    # Bullet points or numbered points, one a line (a line without a mark goes on with the point above).
    while index < len(lines) and not lines[index].startswith("|"):
        line = lines[index]
        numbered = NUMBERED_POINT_RE.match(line)
        if line.startswith("- ") or line == "-":
            if block.bullets and block.numbered_list:
                raise MarkupError(f"{where}: use either “- ” bullet points or numbered points, not both")
            block.bullets.append(line[2:].strip())
        elif numbered:
            if block.bullets and not block.numbered_list:
                raise MarkupError(f"{where}: use either “- ” bullet points or numbered points, not both")
            block.numbered_list = True
            block.bullets.append(line[numbered.end() :].strip())
        else:
            block.bullets[-1] += "\n" + _unescape(line)
        index += 1
    # A table: every line left is one of its rows.
    rows = lines[index:]
    if rows:
        for line in rows:
            if not line.startswith("|"):
                raise MarkupError(f"{where}: each row of a table starts with | (“{line[:40]}”)")
        header: list[str] = []
        if len(rows) > 1 and SEPARATOR_RE.match(rows[1]):
            header, rows = _split_cells(rows[0]), rows[2:]
        if any(SEPARATOR_RE.match(row) for row in rows):
            raise MarkupError(f"{where}: a line of dashes may only follow a table's first row (its header)")
        block.table = {"header": header, "rows": [_split_cells(row) for row in rows]}
    return block


def read(text: str) -> list[dict]:
    """The paragraphs written in `text`, as the fields of Paragraph (number, text, kind, bullets,
    numbered_list, table). Raises MarkupError saying which paragraph is wrong."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block for block in BLOCK_SPLIT_RE.split(text) if block.strip()]
    return [read_block(block, position).as_dict() for position, block in enumerate(blocks, start=1)]
