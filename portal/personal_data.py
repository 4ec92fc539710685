"""What in a piece of text may be personal data: the warning on texts that must hold none (an FPS call-off
package is published to every admitted provider, so it must not identify the person it is for).

It looks for
- names: a title before a capitalised word ("Mrs Jones"), "name:" and what follows, and a common forename
  followed by a common surname ("John Smith", "Priya A. Patel"), from the word lists in
  `portal/data/personal_data_words.json`; a match inside one of the council's own place or street names
  ("Victoria Park", "Holmes Chapel") is not a person;
- dates of birth: a date after "born", "DOB" or "date of birth", and any date written dd/mm/yyyy;
- NHS numbers: 10 digits, run together or spaced 3-3-4, whose Modulus 11 check digit is right;
- full postcodes (outward and inward codes: "CW1 2BJ" is flagged, "CW1" is not);
- street addresses: a house number and a street ("14 Nantwich Road", "Flat 3");
- UK telephone numbers (landlines and mobiles, national or +44), except the council's own;
- email addresses;
- case-system ids: a number of 5 or more digits after "case", "client", "person", "Mosaic", "LAS" and the
  like, and the carers hub's own references ("CH-" and 8 characters).

It is a warning, not a ban: the form shows each match and saves once the officer confirms it is not personal
data. `tests/portal/test_personal_data.py` measures it on a labelled sample.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).parent / "data" / "personal_data_words.json"


@cache
def words() -> dict:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
A_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{MONTH}\s+\d{{4}}|\d{{4}})"
)
STREET = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Grove|Place|Court|Gardens|"
    r"Terrace|Walk|Rise|Mews|Square|Row|Parade|Vale|View|Meadows?|Fields?|Bank|Brow|Croft|Hey|Green|Park)"
)
CASE_WORDS = (
    r"(?:case|client|person|service[ -]user|patient|resident|Mosaic|LAS|Liquidlogic|ContrOCC|CareFirst|SWIFT|"
    r"EMIS|SystmOne)"
)


def _name_pattern() -> re.Pattern:
    forenames = "|".join(re.escape(name) for name in words()["forenames"])
    surnames = "|".join(re.escape(name) for name in words()["surnames"])
    # A forename, an optional middle forename or initial, then a surname; the surname may be double-barrelled.
    return re.compile(
        rf"\b(?:{forenames})(?:[ \t]+(?:(?:{forenames})|[A-Z]\.?))?[ \t]+(?:{surnames})(?:-[A-Z][a-z'’]+)?\b"
    )


@cache
def patterns() -> list[tuple[str, re.Pattern]]:
    return [
        ("an email address", re.compile(r"\b[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")),
        ("a name", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+[A-Z][A-Za-z'’-]+")),
        ("a name", re.compile(r"\bname[ \t]*:[ \t]*[^\s,;.]+(?:[ \t]+[A-Z][A-Za-z'’-]+)*", re.IGNORECASE)),
        ("a name", _name_pattern()),
        (
            "a date of birth",
            re.compile(
                rf"(?:\bborn\b|\bd\.?o\.?b\b\.?|\bdate of birth\b)[\s:,-]*(?:(?:on|in)\s+)?{A_DATE}",
                re.IGNORECASE,
            ),
        ),
        ("a date of birth", re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")),
        ("a case-system id", re.compile(r"\bCH-[2-9A-HJ-NP-Z]{8}\b")),
        (
            "a case-system id",
            re.compile(
                rf"\b{CASE_WORDS}[ \t]*(?:id|no\.?|number|ref(?:erence)?\.?)?[ \t]*[:#]?[ \t]*"
                r"[A-Z]{0,3}\d{5,10}\b",
                re.IGNORECASE,
            ),
        ),
        ("an NHS number", re.compile(r"(?<![\d\w])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d\w])")),
        (
            "a telephone number",
            re.compile(
                r"(?<![\d\w+])(?:\+44[ \t-]?(?:\(0\)[ \t-]?)?|\(0|0)[1-37-9][\d \t()-]{8,13}\d(?![\d\w])",
            ),
        ),
        (
            "a full postcode",
            re.compile(r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
        ),
        (
            "a street address",
            re.compile(
                rf"\b(?:(?:Flat|Apartment|Apt)\.?[ \t]+\d+[A-Za-z]?\b|\d{{1,4}}[A-Za-z]?,?[ \t]+"
                rf"(?:[A-Z][a-z'’]+[ \t]+){{1,3}}{STREET}\b)"
            ),
        ),
    ]


def nhs_number_is_valid(text: str) -> bool:
    """The NHS number's Modulus 11 check: weights 10 down to 2 on the first nine digits; 11 minus the
    remainder of their sum by 11 is the check digit (11 means 0; 10 means the number is not valid)."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def telephone_number_is_plausible(text: str) -> bool:
    """A UK number: 0 and 9 or 10 more digits (or +44 and the same without the 0), not the council's own."""
    digits = _digits(text)
    if text.startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0")
    if not (10 <= len(digits) <= 11 and digits.startswith("0")):
        return False
    return digits not in {_digits(number) for number in words()["council_numbers"]}


@cache
def _place_pattern() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(place) for place in words()["places"]) + r")\b")


@dataclass
class Match:
    kind: str
    start: int
    end: int
    text: str


def find_personal_data(text: str) -> list[Match]:
    """What in `text` may be personal data, in order, without overlaps (the first pattern to match a
    stretch of text names it)."""
    text = text or ""
    places = [(m.start(), m.end()) for m in _place_pattern().finditer(text)]
    found: list[Match] = []
    for kind, pattern in patterns():
        for m in pattern.finditer(text):
            if kind == "an NHS number" and not nhs_number_is_valid(m.group()):
                continue
            if kind == "a telephone number" and not telephone_number_is_plausible(m.group()):
                continue
            if kind == "a name" and any(m.start() < end and start < m.end() for start, end in places):
                continue
            if any(m.start() < other.end and other.start < m.end() for other in found):
                continue
            found.append(Match(kind, m.start(), m.end(), m.group()))
    return sorted(found, key=lambda match: match.start)
