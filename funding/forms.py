from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from portal.forms import GovukForm, date_order_error, uk_date_field
from portal.forms.providers import ProviderPickerField

from .models import AllocationStatus, BCFSource, Category, Decision, Funder, RoundStatus, Rule, SpendCategory


def lower_first(text: str) -> str:
    """'Amount' -> 'amount', but a name stays as written: 'Amount to offer Gawsworth House Care Ltd'."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def money_field(
    label: str, *, required: bool = True, help_text: str = "", minimum: str = "0", required_message: str = ""
) -> forms.DecimalField:
    """An amount in pounds, with GOV.UK error messages that name it as its label does."""
    noun = lower_first(label)
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(minimum),
        help_text=help_text or "In pounds, for example 1250 or 1250.50",
        error_messages={
            "required": required_message or f"Enter the {noun}",
            "invalid": f"{label} must be a number, like 1250.50",
            "min_value": f"{label} must be £0 or more" if minimum == "0" else f"{label} must be more than £0",
            "max_decimal_places": f"{label} must be in pounds and pence, with no more than 2 decimal places",
            "max_digits": f"{label} must be less than £1,000,000,000,000",
            "max_whole_digits": f"{label} must be less than £1,000,000,000,000",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )


def clean_money(value: str) -> str:
    """Accept '£1,250.50' as people type it."""
    return re.sub(r"[£,\s]", "", value or "")


class MoneyFormMixin:
    money_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in list(data.keys()):
                if name in self.money_fields or name.startswith("amount_") or name.startswith("spent_"):
                    data[name] = clean_money(data[name])
        super().__init__(data, *args, **kwargs)


def reason_field(label="Reason for the change", help_text="This is kept in the history") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason: it is kept in the history",
            "max_length": "Keep the reason to 500 characters or fewer",
        },
    )


def date_field(label: str, *, required=True, **kwargs):
    return uk_date_field(label, required=required, **kwargs)


def provider_field(**kwargs) -> ProviderPickerField:
    """An active provider on the register, picked by name or typed number (portal.forms.providers)."""
    kwargs.setdefault(
        "error_messages",
        {
            "required": "Enter the provider's Companies House or charity number",
            "none_number": "No active provider on the register has the number %(text)s",
        },
    )
    return ProviderPickerField(**kwargs)


class AllocationForm(MoneyFormMixin, GovukForm):
    money_fields = ("amount",)
    provider = provider_field()
    amount = money_field("Amount", minimum="0.01")
    basis = forms.CharField(
        label="Basis", max_length=200, help_text="For example, 40 beds at £400", required=False
    )
    reason = reason_field("Reason", "For example, the urgent decision or email that agreed it")


class StatusForm(GovukForm):
    status = forms.ChoiceField(
        label="What has happened?",
        choices=[
            (AllocationStatus.ACCEPTED, "The provider accepted the offer"),
            (AllocationStatus.REFUSED, "The provider refused the money"),
            (AllocationStatus.PAID, "The money has been paid"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has happened"},
    )
    paid_on = date_field("Payment date", required=False)
    reason = reason_field()

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == AllocationStatus.PAID
            and not data.get("paid_on")
            and "paid_on" not in self.errors
        ):
            self.add_error("paid_on", "Enter the payment date")
        return data


class RefusedMoneyForm(MoneyFormMixin, GovukForm):
    money_fields = ("amount",)
    action = forms.ChoiceField(
        label="Where does the refused money go?",
        choices=[("redistribute", "To another provider"), ("return", "Back to the funder")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the refused money goes"},
    )
    to_provider = provider_field(
        required=False,
        label="Provider it goes to (if to another provider)",
        error_messages={"none_number": "No active provider on the register has the number %(text)s"},
    )
    amount = money_field("Amount", minimum="0.01")
    reason = reason_field()

    def clean(self):
        data = super().clean()
        if (
            data.get("action") == "redistribute"
            and not data.get("to_provider")
            and "to_provider" not in self.errors
        ):
            self.add_error(
                "to_provider", "Enter the Companies House or charity number of the provider it goes to"
            )
        return data


class ReturnForm(MoneyFormMixin, GovukForm):
    """The financial pro-forma: spend by category and what is unspent."""

    money_fields = ("unspent",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in SpendCategory:
            self.fields[f"spent_{category.value}"] = money_field(
                category.label, required=False, help_text="In pounds; leave blank if none"
            )
        self.fields["unspent"] = money_field(
            "Unspent money",
            help_text="In pounds; enter 0 if everything was spent",
            required_message="Enter the unspent money, or 0 if everything was spent",
        )
        self.fields["notes"] = forms.CharField(
            label="Anything else we should know",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": "Keep the notes to 2000 characters or fewer"},
        )

    def spend(self) -> dict[str, Decimal]:
        return {
            category.value: self.cleaned_data.get(f"spent_{category.value}") or Decimal(0)
            for category in SpendCategory
        }


class ReasonForm(GovukForm):
    reason = reason_field()


class CalculatorForm(MoneyFormMixin, GovukForm):
    """One amount per proposed provider, pre-filled with the calculator's proposal."""

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for proposal in proposals:
            field = money_field(f"Amount to offer {proposal.provider.name}", minimum="0")
            field.help_text = ""  # the table's basis column says it
            self.fields[f"amount_{proposal.provider.pk}"] = field
            self.initial.setdefault(f"amount_{proposal.provider.pk}", proposal.amount)
        self.fields["reason"] = reason_field("Reason", "For example, the decision that agreed these amounts")

    def rows(self):
        return [(proposal, self[f"amount_{proposal.provider.pk}"]) for proposal in self.proposals]

    def amounts(self) -> dict[int, tuple[Decimal, str]]:
        return {
            p.provider.pk: (self.cleaned_data[f"amount_{p.provider.pk}"], p.units) for p in self.proposals
        }


class RoundForm(MoneyFormMixin, GovukForm):
    """A round's details. A plain form (not a ModelForm) so the service sees the old and new values."""

    money_fields = ("allocation", "rate", "service_user_rate", "enhanced_rate")
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Round 7",
        error_messages={"required": "Enter the name"},
    )
    period = forms.CharField(
        label="Funding period",
        max_length=100,
        help_text="As the appendix prints it, for example Apr–Jun 2022",
        error_messages={"required": "Enter the funding period"},
    )
    starts_on = date_field("Period starts", required=False)
    ends_on = date_field("Period ends", required=False)
    allocation = money_field("Allocation to the council", minimum="0.01")
    is_estimate = forms.BooleanField(label="The allocation is an estimate, not yet confirmed", required=False)
    received_on = date_field("Date received", required=False)
    passport_by = date_field("To be passported to providers by", required=False)
    spend_by = date_field("To be spent by", required=False)
    returns_due = date_field("Provider returns due", required=False)
    status = forms.ChoiceField(label="Status", choices=RoundStatus.choices)
    rule = forms.ChoiceField(label="Allocation rule", choices=Rule.choices)
    rate = money_field("Rate", required=False, help_text="Per bed, per service user or per new package")
    service_user_rate = money_field(
        "Rate per service user",
        required=False,
        help_text="With the per bed and per service user rule",
    )
    enhanced_rate = money_field(
        "Rate in hard to serve areas", required=False, help_text="With the incentive rule"
    )
    reason = reason_field(
        "Reason", "For example, the grant determination letter. This is kept in the history"
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The period must end on or after the day it starts")
        return data


class AmountForm(MoneyFormMixin, GovukForm):
    money_fields = ("amount",)
    amount = money_field("Amount", minimum="0.01")
    reason = reason_field()


def text_field(
    label: str, *, max_length: int, required=True, help_text="", textarea=False
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else None,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"Keep the {label.lower()} to {max_length} characters or fewer",
        },
    )


class FunderForm(GovukForm):
    name = text_field("Name", max_length=200, help_text="For example, Department of Health and Social Care")
    short_name = text_field("Short name", max_length=40, help_text="For example, DHSC")
    appendix_label = text_field(
        "Name in the appendix",
        max_length=200,
        required=False,
        help_text="As the appendix prints it, if not the short name",
    )
    kind = forms.ChoiceField(
        label="Kind of funder",
        choices=Funder.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of funder"},
    )
    reason = reason_field(
        "Reason", "For example, the grant determination letter. This is kept in the history"
    )


class StreamForm(GovukForm):
    """A funding stream's details. A plain form so the service sees the old and new values."""

    name = text_field("Name", max_length=200, help_text="As the appendix prints it")
    funder = forms.ModelChoiceField(
        label="Funder",
        queryset=Funder.objects.order_by("name"),
        empty_label="Select the funder",
        help_text="If it is not listed, add the funder first",
        error_messages={"required": "Select the funder", "invalid_choice": "Select a funder from the list"},
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Select the category"), *Category.choices],
        help_text="How the briefing groups the streams",
        error_messages={"required": "Select the category"},
    )
    purpose = text_field("Purpose", max_length=5000, textarea=True, help_text="One point a paragraph")
    conditions = text_field("Conditions", max_length=5000, textarea=True, required=False)
    how_spent = text_field("How the funds have been spent", max_length=5000, textarea=True, required=False)
    decision = forms.ChoiceField(
        label="Accepted by",
        choices=[("", "Select how it was accepted"), *Decision.choices],
        error_messages={"required": "Select how the funding was accepted"},
    )
    decision_date = date_field("Date of decision", required=False)
    decision_by = text_field(
        "Decision made by",
        max_length=300,
        required=False,
        help_text="For example, Director of Adult Services",
    )
    reason = reason_field("Reason", "For example, the decision that accepted it. This is kept in the history")


def count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=1_000_000,
        initial=0,
        help_text="Enter 0 if none",
        error_messages={
            "required": f"Enter the number of {label.lower()}, or 0",
            "invalid": f"Enter the number of {label.lower()} as a whole number, like 12",
            "min_value": f"The number of {label.lower()} must be 0 or more",
            "max_value": f"The number of {label.lower()} is too large",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )


class BasisForm(GovukForm):
    """A provider's figures for a round's calculator. Without the provider field when correcting one."""

    provider = provider_field()
    beds = count_field("Beds")
    service_users = count_field("Commissioned service users")
    new_packages = count_field("New packages")
    hard_to_serve_packages = count_field("New packages in hard to serve areas")
    reason = reason_field(
        "Reason", "For example, the CQC register or the provider's return. Kept in the history"
    )

    def __init__(self, *args, with_provider=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_provider:
            del self.fields["provider"]


def initial_for(obj, fields: list[str]) -> dict:
    """A record's current values for a form, from the service's one list of the fields it changes."""
    return {field: getattr(obj, field) for field in fields}


class RespondForm(GovukForm):
    """A provider's answer to an offered allocation."""

    answer = forms.ChoiceField(
        label="Do you accept this money?",
        choices=[
            ("accept", "Yes, we accept it and its conditions"),
            ("refuse", "No, we refuse it"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you accept the money",
            "invalid_choice": "Select whether you accept the money",
        },
    )
    reason = forms.CharField(
        label="Why are you refusing it?",
        help_text="If you refuse it. The council may offer the money to another provider",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Why you are refusing it must be 500 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why you are refusing the money")
        return data


class BCFSchemeForm(MoneyFormMixin, GovukForm):
    """A Better Care Fund scheme: the row of the section 75 agreement's scheme table."""

    money_fields = ("expenditure",)
    scheme_id = forms.IntegerField(
        label="Scheme ID",
        min_value=1,
        max_value=32767,
        help_text="The scheme's number in the agreement, for example 21",
        error_messages={
            "required": "Enter the scheme ID",
            "invalid": "Scheme ID must be a whole number, like 21",
            "min_value": "Scheme ID must be 1 or more",
            "max_value": "Scheme ID must be 32767 or less",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )
    name = text_field("Scheme name", max_length=200)
    source = forms.ChoiceField(
        label="Source of funding",
        choices=BCFSource.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the source of funding",
            "invalid_choice": "Select the source of funding",
        },
    )
    expenditure = money_field("Expenditure", minimum="0")
    year = forms.RegexField(
        label="Year",
        regex=r"^\d{4}/\d{2}$",
        max_length=7,
        help_text="For example, 2021/22",
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year like 2021/22",
            "max_length": "Enter the year like 2021/22",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    lead_commissioner = text_field("Lead commissioner", max_length=200, required=False)
    reason = reason_field("Reason", "For example, the agreement's variation. This is kept in the history")


class AgreementForm(GovukForm):
    """A section 75 agreement: the Better Care Fund's pooled budget between the council and the NHS."""

    name = text_field(
        "Name", max_length=200, help_text="For example, Better Care Fund section 75 agreement 2022/23"
    )
    parties = text_field("Parties", max_length=5000, textarea=True, help_text="One party a line")
    starts_on = date_field(
        "Date the agreement starts", required_message="Enter the date the agreement starts"
    )
    ends_on = date_field("Date the agreement ends", required_message="Enter the date the agreement ends")
    extension_option = text_field(
        "Extension option",
        max_length=300,
        required=False,
        help_text="For example, one further year by consent",
    )
    report_reference = text_field(
        "Committee report",
        max_length=40,
        required=False,
        help_text="The reference of the report that approved it",
    )
    approved_on = date_field("Date it was approved", required=False)
    reason = reason_field("Reason", "For example, the committee's decision. This is kept in the history")

    def clean(self):
        data = super().clean()
        date_order_error(self, "ends_on", "starts_on", description="the date the agreement starts")
        return data


class ServiceInScopeForm(GovukForm):
    """A service to be considered for inclusion in the agreement (the report's appendix)."""

    name = text_field("Service", max_length=200, help_text="For example, Community equipment")
    notes = text_field("Notes", max_length=5000, textarea=True, required=False)
    reason = reason_field("Reason", "For example, the agreement's variation. This is kept in the history")
