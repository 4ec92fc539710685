"""Forms for actions: recording one (from a minute's resolution or on its own) and changing it."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from portal.forms import GovukForm, uk_date_field

from ..models import Action, Meeting, Minute, Person, resolution_lines


def resolution_text(minute: Minute) -> str:
    """The minute's resolution as plain lines, to start an action's text from."""
    lines = [minute.resolution_preamble] if minute.resolution_preamble else []
    lines += [f"{label} {text}".strip() for _, label, text in resolution_lines(minute.resolution)]
    return "\n".join(lines)


class ActionForm(GovukForm):
    """The owner is chosen from the committee's members on the meeting's day and those recorded as
    attending it (officers included), or named: anyone else in the people register."""

    minute = forms.TypedChoiceField(
        label="Minute",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The minute whose resolution the action carries out; None for an action on its own.",
        error_messages={"invalid_choice": "Select a minute of this meeting"},
    )
    text = forms.CharField(
        label="Action",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the action",
            "max_length": "Action must be 2000 characters or fewer",
        },
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Select a person",
        help_text="The committee's members and the people recorded as attending the meeting.",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    other_owner = forms.CharField(
        label="Or someone else",
        required=False,
        max_length=200,
        help_text="If they are not in the list: their name as the people register records it.",
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    due = uk_date_field("Due date")
    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        initial=Action.Status.OPEN,
        error_messages={
            "invalid_choice": "Select the action's status",
            "required": "Select the action's status",
        },
    )

    def __init__(self, *args, meeting: Meeting, action: Action | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from .. import queries

        self.meeting = meeting
        here = Q(pk__in=queries.meeting_people_ids(meeting))
        if action is not None and action.owner_id:
            here |= Q(pk=action.owner_id)
        self.fields["owner"].queryset = Person.objects.filter(here).order_by("name", "pk")
        minutes = list(meeting.minutes.order_by("number").values_list("number", "title"))
        self.minute_ids = dict(meeting.minutes.values_list("number", "pk"))
        self.fields["minute"].choices = [("", "None")] + [(n, f"{n}. {title[:80]}") for n, title in minutes]

    def clean_other_owner(self) -> Person | None:
        name = " ".join(self.cleaned_data["other_owner"].split())
        if not name:
            return None
        person = Person.objects.filter(name__iexact=name).first()
        if person is None:
            raise forms.ValidationError(
                f"No one called “{name}” is in the people register: check the name, or add them first"
            )
        return person

    def clean(self):
        cleaned = super().clean()
        if "owner" in self.errors or "other_owner" in self.errors:
            return cleaned
        chosen, named = cleaned.get("owner"), cleaned.get("other_owner")
        if chosen and named and chosen != named:
            self.add_error("other_owner", "Select a person from the list or give a name, not both")
        elif not chosen and not named:
            self.add_error("owner", "Select the action's owner, or give their name")
        else:
            cleaned["owner"] = chosen or named
        due = cleaned.get("due")
        if due is not None and due < self.meeting.date:
            self.add_error("due", f"Due date must be on or after the meeting ({self.meeting.date:%-d %B %Y})")
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        number = data.get("minute")
        return {
            "minute": Minute.objects.get(pk=self.minute_ids[number]) if number else None,
            "text": data["text"],
            "owner": data["owner"],
            "due": data["due"],
            "status": data["status"],
        }
