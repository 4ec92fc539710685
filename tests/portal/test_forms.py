import datetime

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from portal.forms import add_validation_errors, uk_time_field


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
