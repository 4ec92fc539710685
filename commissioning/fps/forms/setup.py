"""Forms for setting up a purchasing system: the system itself (name, code, description, term) and a
lot's title, description and whether it is open. The term starts on the go-live date (the GOV.UK date
input) and lasts a whole number of years, as the approving report sets it."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm, uk_date_field

from ..models import PurchasingSystem


def _text(label: str, required: str, max_length: int, help_text: str = "", rows: int = 0) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={"required": required},
    )


class SystemChangeForm(GovukForm):
    name = _text("Name", "Enter the purchasing system's name", 200, "For example, Social Value FPS.")
    summary = forms.CharField(
        label="Description",
        required=False,
        max_length=4000,
        help_text="What the system buys and for whom, as providers will read it.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    go_live = uk_date_field("Date the term starts (go-live)")
    term_years = forms.IntegerField(
        label="Term in years",
        min_value=1,
        max_value=10,
        help_text="The term ends this many years after go-live.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the term in years",
            "invalid": "Enter the term as a whole number of years, like 5",
            "min_value": "The term must be between 1 and 10 years",
            "max_value": "The term must be between 1 and 10 years",
        },
    )

    def __init__(self, *args, system=None, **kwargs):
        if system is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": system.name,
                "summary": system.summary,
                "go_live": system.go_live,
                "term_years": system.term_years,
            }
        super().__init__(*args, **kwargs)


class SystemCreateForm(SystemChangeForm):
    code = forms.RegexField(
        label="Reference code",
        regex=r"^[A-Za-z]{2,10}$",
        max_length=10,
        help_text="2 to 10 letters, like SVFPS. Application and package references start with it.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the reference code",
            "invalid": "The reference code must be 2 to 10 letters, like SVFPS",
        },
    )
    regime = forms.ChoiceField(
        label="Rules it runs under",
        choices=PurchasingSystem.Regime.choices,
        initial=PurchasingSystem.Regime.PA_2023,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the rules it runs under",
            "invalid_choice": "Choose one of the rules listed",
        },
    )
    legal_basis = _text(
        "Legal basis", "Enter the legal basis", 4000, "The regulations and the decision it rests on.", rows=3
    )
    delegated_decision_maker = _text(
        "Who admits providers", "Enter who admits providers", 200, "The officer with the delegated decision."
    )

    field_order = [
        "name",
        "code",
        "summary",
        "regime",
        "legal_basis",
        "delegated_decision_maker",
        "go_live",
        "term_years",
    ]


class LotChangeForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the lot's title"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=4000,
        help_text="The services this lot covers, as providers will read it.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    is_active = forms.BooleanField(
        label="Open to new applications and packages",
        required=False,
        help_text="Untick to close the lot: admitted providers stay admitted.",
    )

    def __init__(self, *args, lot=None, **kwargs):
        if lot is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": lot.title,
                "description": lot.description,
                "is_active": lot.is_active,
            }
        super().__init__(*args, **kwargs)


class LotRemoveForm(GovukForm):
    reason = forms.CharField(
        label="Why is this lot being removed?",
        help_text="This is kept in the purchasing system's history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for removing the lot"},
    )
