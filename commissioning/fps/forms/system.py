"""Forms for running a purchasing system: lots and application windows.

Times are UK time on a 24-hour clock (or 9:30am) and become aware datetimes in Europe/London here, so the
service compares like with like.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import GovukForm, uk_date_field, uk_datetime, uk_time_field

date_field = uk_date_field
time_field = uk_time_field


class LotForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Employment, Skills and Training.",
        error_messages={
            "required": "Enter the lot's title",
            "max_length": "Keep the title to 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=4000,
        help_text="The services this lot covers, as providers will read it.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class WindowForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, 2023 application window.",
        error_messages={"required": "Enter the window's name"},
    )
    opens_on = date_field("Date it opens")
    opens_time = time_field("Time it opens")
    closes_on = date_field("Date it closes")
    closes_time = time_field("Time it closes")
    evaluation_by = date_field("Date evaluation is to finish by", required=False)

    def __init__(self, *args, window=None, **kwargs):
        if window is not None and "initial" not in kwargs:
            opens, closes = timezone.localtime(window.opens_at), timezone.localtime(window.closes_at)
            kwargs["initial"] = {
                "name": window.name,
                "opens_on": opens.date(),
                "opens_time": opens.time().replace(second=0, microsecond=0),
                "closes_on": closes.date(),
                "closes_time": closes.time().replace(second=0, microsecond=0),
                "evaluation_by": window.evaluation_by,
            }
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for prefix in ("opens", "closes"):
            day, time = cleaned.get(f"{prefix}_on"), cleaned.get(f"{prefix}_time")
            if day and time:
                cleaned[f"{prefix}_at"] = uk_datetime(day, time)
        if (
            cleaned.get("opens_at")
            and cleaned.get("closes_at")
            and cleaned["closes_at"] <= cleaned["opens_at"]
        ):
            self.add_error("closes_on", "The window must close after it opens")
        return cleaned
