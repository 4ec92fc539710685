from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from portal.forms import add_validation_errors


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
