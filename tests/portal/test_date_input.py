"""The GOV.UK date input: three fields, the Design System's messages, the error marks on the right part."""

import datetime
import re

import pytest
from django.utils import timezone

from portal.forms import GovukForm, date_order_error, read_date, uk_date_field
from portal.templatetags.govuk import error_summary
from tests.forms import date_fields, date_parts, with_dates


class PaymentForm(GovukForm):
    paid_on = uk_date_field("Payment date")
    due_on = uk_date_field("Date it is due", required=False)


class BirthForm(GovukForm):
    born = uk_date_field("Date of birth", must_be="past", autocomplete="bday")


def errors(form, name):
    form.is_valid()
    return form.errors.get(name, [])


def marked(html: str) -> list[str]:
    """The date parts drawn with govuk-input--error."""
    return re.findall(r'govuk-input--error" id="id_\w+-(day|month|year)"', html)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (("28", "3", "2022"), datetime.date(2022, 3, 28)),
        (("28", "03", "2022"), datetime.date(2022, 3, 28)),
        ((" 28 ", " 3", "2022 "), datetime.date(2022, 3, 28)),
        (("28th", "March", "2022"), datetime.date(2022, 3, 28)),
        (("1st", "mar", "2022"), datetime.date(2022, 3, 1)),
        (("30", "Sept", "2022"), datetime.date(2022, 9, 30)),
        (("29", "2", "2024"), datetime.date(2024, 2, 29)),
    ],
)
def test_the_ways_people_type_a_date(typed, expected):
    assert read_date(*typed).value == expected


@pytest.mark.parametrize(
    ("typed", "message", "parts"),
    [
        (("", "", ""), "Enter the payment date", ["day", "month", "year"]),
        (("28", "", "2022"), "Payment date must include a month", ["month"]),
        (("", "", "2022"), "Payment date must include a day and month", ["day", "month"]),
        (("28", "3", ""), "Payment date must include a year", ["year"]),
        (("28", "13", "2022"), "Payment date must be a real date", ["month"]),
        (("32", "3", "2022"), "Payment date must be a real date", ["day"]),
        (("x", "3", "2022"), "Payment date must be a real date", ["day"]),
        (("28", "3", "twenty"), "Payment date must be a real date", ["year"]),
        (("0", "0", "2022"), "Payment date must be a real date", ["day", "month"]),
        (("31", "2", "2022"), "Payment date must be a real date", ["day", "month", "year"]),
        (("29", "2", "2023"), "Payment date must be a real date", ["day", "month", "year"]),
        (("28", "3", "22"), "Payment date must include a year with 4 numbers", ["year"]),
        (("28", "3", "20222"), "Payment date must include a year with 4 numbers", ["year"]),
    ],
)
def test_gov_uk_messages_and_only_the_faulty_parts_marked(typed, message, parts):
    form = PaymentForm(date_fields("paid_on", typed))
    assert errors(form, "paid_on") == [message]
    html = str(form)
    assert marked(html) == parts
    # The summary links to the first part at fault.
    (item,) = [i for i in error_summary(form)["items"] if i["text"] == message]
    assert item["href"] == f"#id_paid_on-{parts[0]}"
    # What was typed is kept (WCAG 2.2: redundant entry).
    for part, text in zip(("day", "month", "year"), typed, strict=True):
        if text.strip():
            assert f'name="paid_on-{part}" type="text" inputmode="numeric" value="{text.strip()}"' in html


def test_a_valid_date_and_an_empty_optional_one():
    form = PaymentForm({**date_fields("paid_on", "28/3/2022"), **date_fields("due_on", None)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"paid_on": datetime.date(2022, 3, 28), "due_on": None}


def test_the_date_input_markup():
    html = str(BirthForm(initial={"born": datetime.date(2007, 3, 27)}))
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_born-hint">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth</legend>' in html
    assert '<div id="id_born-hint" class="govuk-hint">For example, 27 3 2007</div>' in html
    assert '<div class="govuk-date-input" id="id_born">' in html
    assert (
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2" id="id_born-day" '
        'name="born-day" type="text" inputmode="numeric" value="27" autocomplete="bday-day">'
    ) in html
    assert 'id="id_born-year" name="born-year" type="text" inputmode="numeric" value="2007"' in html
    assert 'for="id_born-month">Month</label>' in html
    assert "govuk-input--error" not in html


@pytest.mark.parametrize(
    ("rule", "offset", "message"),
    [
        ("past", 0, "Date of birth must be in the past"),
        ("today_or_past", 1, "Date of birth must be today or in the past"),
        ("future", 0, "Date of birth must be in the future"),
        ("today_or_future", -1, "Date of birth must be today or in the future"),
    ],
)
def test_rules_about_when_the_date_may_be_mark_the_whole_date(rule, offset, message):
    class RuleForm(GovukForm):
        born = uk_date_field("Date of birth", must_be=rule)

    day = timezone.localdate() + datetime.timedelta(days=offset)
    form = RuleForm(date_fields("born", day))
    assert errors(form, "born") == [message]
    assert marked(str(form)) == ["day", "month", "year"]
    allowed = day + datetime.timedelta(days=-1 if rule.endswith("past") else 1)
    assert RuleForm(date_fields("born", allowed)).is_valid()


def test_a_future_rule_gives_a_future_example():
    field = uk_date_field("Start date", must_be="today_or_future")
    assert str(field.help_text) == f"For example, 27 3 {timezone.localdate().year + 1}"


def test_the_callers_own_messages_win():
    class OwnForm(GovukForm):
        day = uk_date_field(
            "Day",
            required_message="Enter the day the meeting is held",
            must_be="future",
            error_messages={"future": "The meeting must be after today"},
        )

    assert errors(OwnForm({}), "day") == ["Enter the day the meeting is held"]
    assert errors(OwnForm(date_fields("day", "1/1/2000")), "day") == ["The meeting must be after today"]


def test_date_order_error_in_gov_uk_words():
    class PeriodForm(GovukForm):
        starts_on = uk_date_field("Start date")
        ends_on = uk_date_field("End date")

        def clean(self):
            cleaned = super().clean()
            date_order_error(self, "ends_on", "starts_on")
            return cleaned

    form = PeriodForm(with_dates({"starts_on": "1/4/2022", "ends_on": "31/3/2022"}, "starts_on", "ends_on"))
    assert errors(form, "ends_on") == ["End date must be the same as or after 1 April 2022, the start date"]
    assert marked(str(form)) == ["day", "month", "year"]
    same = with_dates({"starts_on": "1/4/2022", "ends_on": "1/4/2022"}, "starts_on", "ends_on")
    assert PeriodForm(same).is_valid()


def test_nul_bytes_and_huge_numbers_are_a_message_not_a_crash():
    for typed in [("\x00", "3", "2022"), ("9" * 400, "9" * 400, "9" * 400), ("28", "3", "0000")]:
        form = PaymentForm(date_fields("paid_on", typed))
        assert errors(form, "paid_on") == ["Payment date must be a real date"] or errors(form, "paid_on") == [
            "Payment date must include a year with 4 numbers"
        ]


def test_the_test_helper():
    assert date_fields("start_date", datetime.date(2022, 3, 28)) == {
        "start_date-day": "28",
        "start_date-month": "3",
        "start_date-year": "2022",
    }
    assert date_fields("x", None) == {"x-day": "", "x-month": "", "x-year": ""}
    assert date_parts("31/2/2022") == ("31", "2", "2022")
    assert date_fields("end", "1 6 2021", prefix="lot-1") == {
        "lot-1-end-day": "1",
        "lot-1-end-month": "6",
        "lot-1-end-year": "2021",
    }
