"""Forms for a purchasing system's rules (PCR 2015 system or PA 2023 dynamic market, and the day a dynamic
market was established) and for recording a notice published on Find a Tender."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm, uk_date_field

from ..models import Notice, Package, PurchasingSystem


class MarketForm(GovukForm):
    regime = forms.ChoiceField(
        label="Rules it runs under",
        choices=PurchasingSystem.Regime.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the rules it runs under"},
    )
    established_on = uk_date_field(
        "Date the dynamic market was established",
        required=False,
        must_be="today_or_past",
        help_text=(
            "Only for a dynamic market, once established. From then its conditions for membership are fixed."
        ),
    )

    def __init__(self, *args, system=None, **kwargs):
        if system is not None and "initial" not in kwargs:
            kwargs["initial"] = {"regime": system.regime, "established_on": system.established_on}
        super().__init__(*args, **kwargs)


class PackageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, package: Package) -> str:
        return f"{package.reference}: {package.title} ({package.get_status_display().lower()})"


class NoticeForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of notice",
        choices=[("", "Choose the kind of notice"), *Notice.Kind.choices],
        error_messages={"required": "Choose the kind of notice"},
    )
    package = PackageChoiceField(
        label="Call-off (package) it is about",
        queryset=Package.objects.none(),
        required=False,
        empty_label="None: it is about the market itself",
        help_text="For a tender, contract award or contract details notice only.",
    )
    event_on = uk_date_field(
        "Date of what it reports",
        required=False,
        help_text=(
            "For an intention notice, the day the market is to be established; for a modification or "
            "cessation notice, the day of the change. Other notices take it from the portal's records."
        ),
    )
    published_on = uk_date_field("Date published", must_be="today_or_past")
    reference = forms.CharField(
        label="Find a Tender notice reference",
        required=False,
        max_length=50,
        help_text="For example, 012345-2025.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    url = forms.URLField(
        label="Web address of the notice",
        required=False,
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the web address in the right format, like https://www.find-tender.service.gov.uk/Notice/012345-2025"
        },
    )
    description = forms.CharField(
        label="What it says",
        required=False,
        max_length=4000,
        help_text="For a modification notice, what changed in the conditions for membership.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, system=None, **kwargs):
        super().__init__(*args, **kwargs)
        if system is not None:
            self.fields["package"].queryset = (
                system.packages.exclude(status=Package.Status.DRAFT).select_related("lot").order_by("-pk")
            )
