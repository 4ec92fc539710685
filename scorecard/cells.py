"""A published cell's text <-> a spreadsheet cell, both ways, exactly.

The scorecard keeps each cell as the text the appendix prints ("13,000", "85.0%", "<530", "50% (89%)",
"N/A"). In the XLSX export a plain number becomes a number with the number format that prints it the same
way ("13,000" is 13000 in `#,##0`; "85.0%" is 0.85 in `0.0%`), so analysts can sum and chart it; anything
else stays text. The import reads a number back through its cell's number format, so the export imports
back unchanged, and a number an analyst types (55% in a percent cell, 0.55 in a General one) reads as the
text Excel shows.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .models import NUMBER

PLAIN_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
LEADING_ZERO = re.compile(r"^-?0\d")
GENERAL_DIGITS = 10  # Excel's General format shows about ten significant digits


def number_format_for(text: str) -> tuple[Decimal, str] | None:
    """(value, number format) for a cell that is a plain number, or None to keep it as text."""
    compact = (text or "").strip()
    if not PLAIN_NUMBER.match(compact) or LEADING_ZERO.match(compact):
        return None
    match = NUMBER.match(compact)
    digits = match["number"]
    percent = bool(match["percent"])
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = Decimal(digits.replace(",", ""))
    if percent:
        value = value / 100
    number_format = ("#,##0" if "," in digits else "0") + ("." + "0" * decimals if decimals else "")
    return value, number_format + ("%" if percent else "")


def text_of_number(value, number_format: str | None) -> str:
    """The text a number shows in its cell's number format (the formats the export writes, Excel's
    General, and the usual percent and thousands formats)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    section = (number_format or "General").split(";")[0].strip()
    section = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.|_.|\*.', "", section)  # colours, literals, padding
    if section in ("", "General", "@"):
        if number == number.to_integral_value():
            return str(int(number))
        rounded = round(number, max(0, GENERAL_DIGITS - len(str(int(abs(number))))))
        return format(rounded.normalize(), "f")
    percent = "%" in section
    if percent:
        number *= 100
    pattern = section.replace("%", "")
    decimals = len(re.sub(r"[^0#?]", "", pattern.split(".", 1)[1])) if "." in pattern else 0
    thousands = "," in pattern.split(".", 1)[0]
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum)
    text = f"{number:,.{decimals}f}" if thousands else f"{number:.{decimals}f}"
    return text + ("%" if percent else "")
