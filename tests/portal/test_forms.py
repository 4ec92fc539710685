import datetime

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from portal.forms import add_validation_errors, uk_date_field, uk_time_field


class NameForm(forms.Form):
    name = forms.CharField()


def bound():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_field_errors_go_on_their_field_and_unknown_fields_to_the_top():
    form = bound()
    add_validation_errors(
        form, ValidationError({"name": "Taken", "slug": "Clash", NON_FIELD_ERRORS: "Whole"})
    )
    assert form.errors["name"] == ["Taken"]
    assert form.non_field_errors() == ["Clash", "Whole"]


def test_an_error_without_fields_goes_to_the_top():
    form = bound()
    add_validation_errors(form, ValidationError("Try again"))
    assert form.non_field_errors() == ["Try again"]


@pytest.mark.parametrize(
    "text", ["28/3/2022", "28/03/2022", "28 3 2022", "28-3-2022", "28.3.2022", "2022-03-28"]
)
def test_uk_dates_are_read_day_first(text):
    assert uk_date_field("Date of the meeting").clean(text) == datetime.date(2022, 3, 28)


def test_a_date_that_does_not_exist_says_so_in_the_fields_words():
    field = uk_date_field("Date of the meeting")
    with pytest.raises(ValidationError) as error:
        field.clean("31/2/2022")
    assert error.value.messages == ["Enter the date of the meeting as a real date, like 28/3/2022"]
    with pytest.raises(ValidationError) as error:
        field.clean("")
    assert error.value.messages == ["Enter the date of the meeting"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("17:00", (17, 0)),
        ("9.30", (9, 30)),
        ("9:30am", (9, 30)),
        ("5pm", (17, 0)),
        ("noon", (12, 0)),
        ("midnight", (0, 0)),
        ("1730", (17, 30)),
    ],
)
def test_uk_times_take_the_ways_people_write_them(text, expected):
    assert uk_time_field("Time it closes").clean(text) == datetime.time(*expected)
