"""RAG worked out from target and polarity, and the parsing of published cells."""

from decimal import Decimal

import pytest

from scorecard.models import FinancialYear, parse_number, parse_target
from scorecard.table import computed_rag


def rag(polarity="low", ytd_rule="snapshot", target="<100", quarter=3, **values):
    return computed_rag(
        polarity=polarity, year_to_date=ytd_rule, target=target, quarter=quarter, values=values
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"q3": "99"}, "green"),
        ({"q3": "100"}, "amber"),  # "<100" is strict: 100 misses by 0%
        ({"q3": "105"}, "amber"),  # within 5% of the target
        ({"q3": "106"}, "red"),
        ({"target": "100", "q3": "100"}, "green"),  # no comparison: low is good means at most
        ({"polarity": "high", "target": "80%", "q3": "80.3%"}, "green"),
        ({"polarity": "high", "target": "87%", "q3": "85.0%"}, "amber"),
        ({"polarity": "high", "target": "75%", "q3": "55.5%"}, "red"),
        ({"polarity": "n/a", "q3": "1"}, ""),
        ({"polarity": "", "q3": "1"}, ""),
        ({"target": "", "q3": "1"}, ""),
        ({"q3": "N/A"}, ""),
        # Annual targets of counts are pro-rated: 438 admissions by Q3 against 3/4 of <530 is red.
        ({"ytd_rule": "cumulative", "target": "<530", "q3": "438", "ytd": "438"}, "red"),
        ({"ytd_rule": "cumulative", "target": "<30", "q3": "18", "ytd": "18"}, "green"),
        ({"ytd_rule": "sum", "target": "13,000", "q1": "3,382", "q2": "3,142", "q3": "2,897"}, "green"),
        ({"ytd_rule": "sum", "target": "8,000", "q1": "3,000", "q2": "3,000", "q3": "3,000"}, "red"),
    ],
)
def test_computed_rag(kwargs, expected):
    assert rag(**kwargs) == expected


def test_amber_tolerance_is_a_setting(settings):
    settings.SCORECARD_AMBER_TOLERANCE_PERCENT = 10
    assert rag(q3="108") == "amber"
    settings.SCORECARD_AMBER_TOLERANCE_PERCENT = 0
    assert rag(q3="101") == "red"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,038", (True, Decimal("1038"))),
        ("85.0%", (True, Decimal("85.0"))),
        ("50% (89%)", (True, Decimal("50"))),
        ("40\n(Average \nover year)", (True, Decimal("40"))),
        ("N/A", (True, None)),
        ("", (True, None)),
        ("abc", (False, None)),
        ("12,34", (False, None)),
        ("1 2", (False, None)),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_target():
    assert parse_target("<530") == (True, "<", Decimal("530"))
    assert parse_target("87%") == (True, "", Decimal("87"))
    assert parse_target("≥ 75%") == (True, ">=", Decimal("75"))
    assert parse_target("about 5")[0] is False


def test_financial_years():
    assert FinancialYear.parse("2021-22") == 2021
    assert FinancialYear.parse("2021/2022") == 2021
    assert FinancialYear.parse("2021-23") is None
    assert FinancialYear(start_year=2099).label == "2099-00"
