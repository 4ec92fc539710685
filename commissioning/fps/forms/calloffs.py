"""Forms of stage 2, the call-offs: a package (with its personal-data check), a provider's bid, a bid's
scores, the award, the placement and cancelling.

A package must hold no personal data. The package form looks for what may be some, in every text field
(names, dates of birth, NHS numbers, full postcodes, street addresses, telephone numbers, email addresses and
case-system ids: `portal/personal_data.py` says how). It is a warning, not a ban: the form re-renders with
each match highlighted and a checkbox, and saves once the officer ticks that they have checked there is no
personal data.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from commissioning.providers.models import Area
from portal.forms import FUTURE_DATE_HINT, GovukForm, uk_date_field, uk_time_field
from portal.personal_data import Match, find_personal_data, nhs_number_is_valid  # noqa: F401 - used by tests

from ..models import Lot, Package
from ..services.calloffs import BID_FIELDS, PACKAGE_FIELDS, deadline_too_soon


def date_field(label: str, *, required_message: str, **kwargs):
    """Dates of packages, bids and placements lie ahead: the hint's example does too."""
    kwargs.setdefault("help_text", FUTURE_DATE_HINT)
    return uk_date_field(label, required_message=required_message, **kwargs)


def weighting_field(label: str, noun: str, initial: int, help_text: str = "") -> forms.IntegerField:
    """A percentage weighting of a package's evaluation, a whole number from 0 to 100."""
    between = f"The {noun} weighting must be between 0 and 100"
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        initial=initial,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {noun} weighting",
            "invalid": f"Enter the {noun} weighting as a whole number, like {initial}",
            "min_value": between,
            "max_value": between,
        },
    )


# Personal data (what counts is in portal/personal_data.py) -----------------------------------------------


def highlighted(text: str, matches: list[Match]):
    """The text, escaped, with each match in a <mark>."""
    parts, position = [], 0
    for match in matches:
        parts.append(escape(text[position : match.start]))
        parts.append(format_html("<mark>{}</mark>", match.text))
        position = match.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped above


def kinds_of(matches: list[Match]) -> str:
    kinds = list(dict.fromkeys(match.kind for match in matches))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


# Packages -------------------------------------------------------------------------------------------------


class LotField(forms.ModelChoiceField):
    def label_from_instance(self, lot: Lot) -> str:
        return f"{lot.system.name}: {lot}" if getattr(self, "several_systems", False) else str(lot)


class PackageForm(GovukForm):
    TEXT_FIELDS = ["title", "days_and_hours", "needs", "outcomes"]

    lot = LotField(
        label="Lot",
        queryset=Lot.objects.none(),
        empty_label="Choose a lot",
        error_messages={"required": "Choose the lot", "invalid_choice": "Choose one of the lots"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A short description of the support, without names. For example, Three days a week of "
        "building-based support.",
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    area = forms.ChoiceField(
        label="Area",
        choices=[("", "Choose an area"), *Area.choices],
        help_text="The care community where the person lives. Never the address.",
        error_messages={"required": "Choose the area", "invalid_choice": "Choose one of the areas"},
    )
    people_count = forms.IntegerField(
        label="Number of people",
        min_value=1,
        max_value=50,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of people",
            "invalid": "Enter the number of people as a whole number, like 1",
            "min_value": "The number of people must be 1 or more",
            "max_value": "The number of people must be 50 or fewer",
        },
    )
    days_and_hours = forms.CharField(
        label="Days and hours",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, Monday, Wednesday and Friday, 9:30am to 3:30pm.",
        error_messages={"required": "Enter the days and hours"},
    )
    needs = forms.CharField(
        label="Needs",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The support the person needs and what they enjoy. No names, dates of birth, NHS numbers "
        "or addresses.",
        error_messages={"required": "Enter the person's needs"},
    )
    outcomes = forms.CharField(
        label="Outcomes the person wants to achieve",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the outcomes the person wants to achieve"},
    )
    start_date = date_field("Start date", required_message="Enter the start date")
    deadline_date = date_field("Bid deadline: date", required_message="Enter the date bids close")
    deadline_time = uk_time_field(
        "Bid deadline: time",
        required_message="Enter the time bids close",
        initial=datetime.time(12, 0),
        help_text="UK time, 24-hour clock, for example 12:00 or 17:00",
        error_messages={"invalid": "Enter a time like 12:00"},
    )
    quality_weight = weighting_field(
        "Quality weighting (%)", "quality", 60, "Quality and price weightings add up to 100."
    )
    price_weight = weighting_field("Price weighting (%)", "price", 40)
    social_value_weight = weighting_field(
        "Social value weighting within quality (%)",
        "social value",
        10,
        "Part of the quality weighting, not added to it: with quality 60 and social value 10, quality "
        "answers count for 50 and social value for 10.",
    )
    no_personal_data = forms.BooleanField(
        label="I have checked: there is no personal data in this package",
        required=False,
        widget=forms.HiddenInput,
        help_text="Tick only if the highlighted text is not about a person: for example, a postcode of a day "
        "centre.",
    )

    def __init__(self, *args, package: Package | None = None, **kwargs):
        self.package = package
        if package is not None and "initial" not in kwargs:
            deadline = timezone.localtime(package.bid_deadline)
            kwargs["initial"] = {
                **{name: getattr(package, name) for name in PACKAGE_FIELDS if name != "bid_deadline"},
                "deadline_date": deadline.date(),
                "deadline_time": deadline.time().replace(second=0, microsecond=0),
            }
        super().__init__(*args, **kwargs)
        lots = Lot.objects.filter(is_active=True)
        if package is not None:
            lots = Lot.objects.filter(Q(is_active=True, system_id=package.system_id) | Q(pk=package.lot_id))
        lot_field = self.fields["lot"]
        lot_field.queryset = lots.select_related("system").order_by("system__name", "system_id", "number")
        lot_field.several_systems = len({lot.system_id for lot in lot_field.queryset}) > 1
        self.personal_data: list[dict] = []
        self.personal_data_confirmed = False

    def clean(self):
        cleaned = super().clean()
        quality, price, social = (
            cleaned.get("quality_weight"),
            cleaned.get("price_weight"),
            cleaned.get("social_value_weight"),
        )
        if quality is not None and price is not None and quality + price != 100:
            self.add_error(
                "price_weight",
                f"The quality and price weightings must add up to 100% (they add up to {quality + price}%)",
            )
        if quality is not None and social is not None and social > quality:
            self.add_error(
                "social_value_weight",
                f"Social value is part of quality: its weighting cannot be more than the quality weighting "
                f"({quality}%)",
            )
        day, time = cleaned.get("deadline_date"), cleaned.get("deadline_time")
        if day and time:
            deadline = timezone.make_aware(datetime.datetime.combine(day, time))
            cleaned["bid_deadline"] = deadline
            if deadline <= timezone.now():
                self.add_error("deadline_date", "The bid deadline must be in the future")
            elif too_soon := deadline_too_soon(deadline):
                self.add_error("deadline_date", too_soon)
            elif cleaned.get("start_date") and cleaned["start_date"] <= day:
                self.add_error("start_date", "The start date must be after the bid deadline")
        self._check_personal_data(cleaned)
        return cleaned

    def _check_personal_data(self, cleaned) -> None:
        for name in self.TEXT_FIELDS:
            text = cleaned.get(name) or ""
            matches = find_personal_data(text)
            if matches:
                self.personal_data.append(
                    {
                        "field": name,
                        "id": self[name].id_for_label,
                        "label": self.fields[name].label,
                        "kinds": kinds_of(matches),
                        "key": format_html(
                            '<a class="govuk-link" href="#{}">{}</a><br>'
                            '<span class="govuk-body-s">May contain {}</span>',
                            self[name].id_for_label,
                            self.fields[name].label,
                            kinds_of(matches),
                        ),
                        "matches": matches,
                        "highlighted": highlighted(text, matches),
                    }
                )
        if not self.personal_data:
            return
        # The checkbox shows, first in the form, right under the highlighted text (see the template).
        confirm = self.fields.pop("no_personal_data")
        confirm.widget = forms.CheckboxInput()
        self.fields = {"no_personal_data": confirm, **self.fields}
        if cleaned.get("no_personal_data"):
            self.personal_data_confirmed = True
            return
        for item in self.personal_data:
            found = ", ".join(f"“{match.text}”" for match in item["matches"])
            self.add_error(
                item["field"],
                f"{item['label']} may contain personal data ({item['kinds']}): {found}. Remove it, or tick "
                "the box to confirm it is not personal data",
            )


# Bids -----------------------------------------------------------------------------------------------------


class BidForm(GovukForm):
    weekly_price = forms.DecimalField(
        label="Weekly price (£)",
        max_digits=9,
        decimal_places=2,
        min_value=0.01,
        help_text="The whole cost of the package for a week, in pounds, for example 450.00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the weekly price",
            "invalid": "Enter the weekly price as an amount in pounds, like 450.00",
            "min_value": "The weekly price must be more than £0",
            "max_digits": "The weekly price must be less than £10,000,000",
            "max_decimal_places": "Enter the weekly price in pounds and pence, like 450.50",
            "max_whole_digits": "The weekly price must be less than £10,000,000",
        },
    )
    price_breakdown = forms.CharField(
        label="How the weekly price is made up",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the daily rate, staffing ratios, transport and activities.",
        error_messages={"required": "Enter how the weekly price is made up"},
    )
    outcomes_response = forms.CharField(
        label="How you will meet the person's outcomes",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter how you will meet the person's outcomes"},
    )
    social_value = forms.CharField(
        label="Social value you will add",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, local jobs, volunteering or links with community groups.",
    )
    start_date = date_field("Date you can start", required_message="Enter the date you can start")

    def __init__(self, *args, bid=None, **kwargs):
        if bid is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(bid, name) for name in BID_FIELDS}
        super().__init__(*args, **kwargs)

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise forms.ValidationError("The date you can start must be today or in the future")
        return start


class ScoreForm(GovukForm):
    quality_score = forms.IntegerField(
        label="Quality score (out of 100)",
        min_value=0,
        max_value=100,
        help_text="How well the bid meets the person's outcomes, without social value.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the quality score",
            "invalid": "Enter the quality score as a whole number from 0 to 100",
            "min_value": "The quality score must be between 0 and 100",
            "max_value": "The quality score must be between 0 and 100",
        },
    )
    social_value_score = forms.IntegerField(
        label="Social value score (out of 100)",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the social value score",
            "invalid": "Enter the social value score as a whole number from 0 to 100",
            "min_value": "The social value score must be between 0 and 100",
            "max_value": "The social value score must be between 0 and 100",
        },
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why you gave these scores. Kept with the bid for the evaluation file.",
    )


class AwardForm(GovukForm):
    bid = forms.ChoiceField(
        label="Which bid is awarded the package?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the bid to award", "invalid_choice": "Choose one of the bids"},
    )
    reason = forms.CharField(
        label="Reason for the award",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Usually: the highest total score. Say why if you award another bid.",
        error_messages={"required": "Enter the reason for the award"},
    )

    def __init__(self, *args, ranking, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [
            (
                str(item.bid.pk),
                f"{item.bid.provider.name}: ranked {item.rank}, total {item.total}, "
                f"£{item.bid.weekly_price:,} a week",
            )
            for item in ranking
        ]
        # Nothing is chosen for the officer: the award is a decision they make, ranking in front of them.


class PlacementForm(GovukForm):
    brokerage_reference = forms.CharField(
        label="Care Brokerage Team reference",
        max_length=50,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={
            "required": "Enter the Care Brokerage Team's reference",
            "max_length": "The reference must be 50 characters or fewer",
        },
    )
    placement_start = date_field(
        "Placement start date", required_message="Enter the date the placement starts"
    )


class PlacementCorrectionForm(PlacementForm):
    reason = forms.CharField(
        label="Why are you correcting the placement?",
        help_text="Kept in the package's history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": "Enter the reason for the correction",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is this package being cancelled?",
        help_text="Kept in the package's history. Providers who bid are told this reason.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the reason for cancelling the package",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
