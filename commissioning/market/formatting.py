"""How the market pages write figures and dates: the same words on the page, in the PDF and in the CSV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .models import DatePrecision, Figure

QUALIFIER_WORDS = {
    Figure.Qualifier.AROUND: "around",
    Figure.Qualifier.OVER: "over",
    Figure.Qualifier.AT_LEAST: "at least",
    Figure.Qualifier.JUST_UNDER: "just under",
    Figure.Qualifier.UP_TO: "up to",
}


def plain_number(value: Decimal | None) -> str:
    """8300, 272.5, 36000000: no thousands separators, no trailing zeros (for CSV and forms)."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: Decimal) -> str:
    """8,300 or 272.5 (thousands separated, decimals only where there are any)."""
    if value == value.to_integral():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _one(value: Decimal, unit: str) -> str:
    if unit == Figure.Unit.MONEY:
        return f"£{number(value)}"
    if unit == Figure.Unit.PERCENT:
        return f"{number(value)}%"
    return number(value)


def figure_value(figure: Figure) -> str:
    """'around 8,300', '£36,000,000', '37%', '5,400 to 6,000', '272.5 per 10,000'."""
    text = _one(figure.value, figure.unit)
    if figure.value_to is not None:
        text += f" to {_one(figure.value_to, figure.unit)}"
    if figure.unit == Figure.Unit.RATE:
        text += " per 10,000"
    words = QUALIFIER_WORDS.get(figure.qualifier)
    return f"{words} {text}" if words else text


def shown_date(value: date | None, precision: str = DatePrecision.DAY) -> str:
    """31 March 2020, March 2020 or 2020, as much as the source gives."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"
