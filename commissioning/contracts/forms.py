"""The contracts register's forms: a contract's details, a supplier party, a decision on the term and the
work programme item. Dates through the GOV.UK date input (ADR 080); the rules about dates that cannot be
right are checked here with the Design System's wording, and again by the model and services."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from portal.forms import GovukForm, date_order_error, uk_date_field
from portal.forms.providers import ProviderPickerField

from .models import SERVICE_TYPE_CHOICES, ContractParty, ContractStatus, DecisionKind, ProcurementRoute

MONEY_HINT = "In pounds, for example 751000. Leave empty if the documents do not give it"


def text(label, *, max_length, required=True, help_text="", rows=0) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
    )


def money(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=MONEY_HINT,
        error_messages={
            "invalid": f"{label} must be a number, like 751000",
            "min_value": f"{label} must be £0 or more",
        },
    )


def whole(label, *, minimum=0, maximum=None, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=minimum, max_value=maximum, help_text=help_text
    )


def reason_field(help_text="This is kept in the contract's history") -> forms.CharField:
    return forms.CharField(
        label="Reason for the change",
        help_text=help_text,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the change: it is kept in the history"},
    )


class ContractForm(GovukForm):
    title = text("Title", max_length=200)
    description = text("Description", max_length=5000, required=False, rows=4)
    service_type = forms.ChoiceField(
        label="Service type", choices=[("", "Choose a service"), *SERVICE_TYPE_CHOICES]
    )
    department = text(
        "Department responsible",
        max_length=200,
        required=False,
        help_text="For example, Adults, Health and Integration",
    )
    partners = text(
        "Commissioning partners",
        max_length=2000,
        required=False,
        rows=3,
        help_text="One a line, such as NHS Cheshire CCG. Leave empty when the council commissions alone",
    )
    start_date = uk_date_field("Start date", required=False)
    initial_end_date = uk_date_field("End of the initial term", required=False)
    end_date = uk_date_field(
        "End of the current term",
        required=False,
        help_text="Leave empty while no extension is taken: it is the end of the initial term",
    )
    extension_count = whole("Number of extension options", maximum=10, help_text="For example, 2")
    extension_months = whole("Length of each extension option in months", minimum=1, maximum=120)
    maximum_term_months = whole(
        "Maximum term in months",
        minimum=1,
        maximum=600,
        help_text="When the approval gives one, such as up to 7 years (84 months)",
    )
    annual_value = money("Annual value")
    total_value = money("Total value")
    people_served = whole("People served", help_text="Leave empty if the documents do not give it")
    people_served_note = text(
        "What the number of people counts",
        max_length=300,
        required=False,
        help_text="For example, people supported in the 12 months to March 2021",
    )
    procurement_route = forms.ChoiceField(
        label="Procurement route",
        required=False,
        choices=[("", "Not known"), *ProcurementRoute.choices],
    )
    report_reference = text(
        "Approving committee report",
        max_length=30,
        required=False,
        help_text="Its reference, for example AH/33/21-22",
    )
    approval_note = text(
        "Approval", max_length=300, required=False, help_text="Who approved it, when no committee report did"
    )
    status = forms.ChoiceField(label="Status", choices=ContractStatus.choices, widget=forms.RadioSelect)
    source_notes = text("Notes on the sources", max_length=5000, required=False, rows=3)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["reason"] = reason_field()
        else:
            del self.fields["end_date"]

    def clean_report_reference(self):
        """The report itself (`approving_report` in cleaned_data), found by its reference."""
        from committees.models import ReportReference

        reference = " ".join(self.cleaned_data["report_reference"].split())
        self.cleaned_data["approving_report"] = None
        if reference:
            found = (
                ReportReference.objects.filter(reference__iexact=reference).select_related("report").first()
            )
            if found is None:
                raise forms.ValidationError(f"No committee report has the reference {reference}")
            self.cleaned_data["approving_report"] = found.report
        return reference

    def clean_partners(self):
        return [line.strip() for line in self.cleaned_data["partners"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        date_order_error(self, "initial_end_date", "start_date", allow_same=False)
        if "end_date" in self.fields:
            date_order_error(self, "end_date", "start_date")
        count, months = data.get("extension_count"), data.get("extension_months")
        if "extension_count" not in self.errors and "extension_months" not in self.errors:
            if count is not None and months is None:
                self.add_error("extension_months", "Enter the length of each extension option in months")
            elif months is not None and count is None:
                self.add_error("extension_count", "Enter the number of extension options")
        return data


class PartyForm(GovukForm):
    provider = ProviderPickerField(
        label="Provider on the register",
        required=False,
        help_text=(
            "Type its name or Companies House or charity number. "
            "Leave empty for a supplier not on the register"
        ),
    )
    supplier_name = text(
        "Supplier name", max_length=200, required=False, help_text="Only for a supplier not on the register"
    )
    registration_number = text(
        "Supplier registration number",
        max_length=20,
        required=False,
        help_text="Companies House or charity number, for a supplier not on the register",
    )
    role = forms.ChoiceField(label="Role", choices=ContractParty.Role.choices, widget=forms.RadioSelect)
    lot = text("Lot or area", max_length=200, required=False)
    sme = forms.ChoiceField(
        label="Small or medium-sized enterprise",
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")],
        required=False,
    )
    vcse = forms.ChoiceField(
        label="Voluntary, community or social enterprise",
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")],
        required=False,
    )
    joined_on = uk_date_field(
        "Party from", required=False, help_text="Leave empty if it is for the whole term"
    )

    def clean_sme(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["sme"])

    def clean_vcse(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["vcse"])

    def clean(self):
        data = super().clean()
        if "provider" not in self.errors and not data.get("provider") and not data.get("supplier_name"):
            self.add_error("provider", "Choose a provider from the register, or enter the supplier's name")
        return data


class DecisionForm(GovukForm):
    kind = forms.ChoiceField(
        label="Decision",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    extension_months = whole(
        "Length of the extension in months", minimum=1, maximum=120, help_text="Only when taking an extension"
    )
    end_date = uk_date_field(
        "Date the contract ends", required=False, help_text="Only when ending the contract"
    )
    decided_on = uk_date_field("Date of the decision", must_be="today_or_past")
    approver = text("Approved by", max_length=200, help_text="A committee, or an officer and their role")
    reason = text("Reason for the decision", max_length=5000, rows=4)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            kind == DecisionKind.EXTEND
            and data.get("extension_months") is None
            and "extension_months" not in self.errors
        ):
            self.add_error("extension_months", "Enter the length of the extension in months")
        if kind == DecisionKind.END and data.get("end_date") is None and "end_date" not in self.errors:
            self.add_error("end_date", "Enter the date the contract ends")
        return data


class WorkProgrammeForm(GovukForm):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        empty_label="Choose a committee",
        error_messages={"required": "Select the committee"},
    )
    meeting_date = uk_date_field(
        "Target meeting",
        required=False,
        must_be="today_or_future",
        help_text="Leave empty if the meeting is to be confirmed",
    )
    title = text("Title", max_length=300)
    purpose = text("Purpose of the report", max_length=5000, rows=4)
    lead_officer = text("Lead officer", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from committees.models import Committee

        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(ended_on__isnull=True).order_by("name")


class PartyEndForm(GovukForm):
    left_on = uk_date_field("Date it leaves the contract", must_be="today_or_past")
    reason = forms.CharField(
        label="Why it leaves",
        help_text="This is kept in the contract's history",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the supplier leaves the contract"},
    )
