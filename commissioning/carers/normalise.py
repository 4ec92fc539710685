"""How names, telephone numbers and email addresses are compared: one place for search and matching.

PostgreSQL here has no `unaccent` or `pg_trgm` (ADR 001), so the comparison forms are made in Python when a
carer is saved and stored in indexed columns (`Carer.search_text` and its tsvector, `last_name_key`,
`first_name_key`, `phone_key`): "Zoë O'Brien-Núñez" is searched as "zoe obrien nunez", and a telephone
number as its digits in national form ("07700900123" for "+44 (0)7700 900 123").
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not take apart into a base letter and an accent.
FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ŀ": "l", "ħ": "h"}
)
APOSTROPHES = "'’‘`´"
MIN_FRAGMENT = 2  # the shortest part of a name that is searched for


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes dropped ("O'Brien" is "obrien"), anything else that is not a
    letter or digit a space."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(FOLDS))
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in APOSTROPHES)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_key(text: str) -> str:
    """A name as one comparable word: "Smith-Jones" and "smith jones" are both "smithjones"."""
    return fold(text).replace(" ", "")


def name_words(*names: str) -> list[str]:
    """Every word of the names, and each double-barrelled name joined up as well."""
    words = []
    for name in names:
        parts = fold(name).split()
        words.extend(parts)
        if len(parts) > 1:
            words.append("".join(parts))
    return list(dict.fromkeys(words))


def search_text(first_name: str, last_name: str) -> str:
    """What the name search matches against: every suffix (of 2 letters or more) of every name word, so
    that a prefix query (`word:*`) on this text finds any part of a name: "hompson" in "thompson"."""
    suffixes = []
    for word in name_words(first_name, last_name):
        suffixes.extend(word[i:] for i in range(0, max(1, len(word) - MIN_FRAGMENT + 1)))
    return " ".join(dict.fromkeys(suffixes))


def query_words(text: str) -> list[str]:
    """The words of a name typed into the search, folded like the stored names."""
    return fold(text).split()


def phone_key(phone: str) -> str:
    """A UK telephone number's digits in national form (0 and 10 digits); other numbers as their digits."""
    digits = re.sub(r"\D", "", phone or "")
    if (phone or "").strip().startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
    return digits


UK_PHONE = re.compile(r"^0\d{9,10}$")
PHONE_CHARACTERS = re.compile(r"^[\d\s()+\-.]*(?:\s*(?:ext\.?|x)\s*\d{1,5})?$", re.IGNORECASE)


def is_uk_phone(phone: str) -> bool:
    """A UK number: 01632 960 001, 07700 900 982, +44 808 157 0192 (10 or 11 digits in national form)."""
    text = (phone or "").strip()
    if not PHONE_CHARACTERS.match(text):
        return False
    main = re.split(r"(?i)\s*(?:ext\.?|x)\s*\d", text)[0]
    return bool(UK_PHONE.match(phone_key(main)))
