"""The committees' forms (actions in `committees.forms.actions`)."""

import datetime
import re

from django import forms

from portal.forms import GovukForm, GovukModelForm, govuk_date_text, uk_date_field, uk_time_field

from ..models import (
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    ExemptParagraph,
    Meeting,
    Membership,
    Person,
    Report,
    WorkProgrammeItem,
)
from ..services.reports import REPORT_FIELDS


class MeetingForm(GovukModelForm):
    date = uk_date_field("Date", required_message="Enter the date of the meeting")
    time = uk_time_field(
        "Time",
        required_message="Enter the time of the meeting",
        help_text="24-hour clock, for example 10:30 or 14:00",
    )

    webcast_url = forms.URLField(
        label="Webcast link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the public can watch it live, such as the council's YouTube channel. Starts with https://",
        error_messages={"invalid": "Enter a web address that starts with https://"},
    )
    recording_url = forms.URLField(
        label="Recording link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the recording can be watched after the meeting.",
        error_messages={"invalid": "Enter a web address that starts with https://"},
    )

    class Meta:
        model = Meeting
        fields = ["committee", "date", "time", "venue", "status", "is_hybrid", "webcast_url", "recording_url"]
        error_messages = {
            "committee": {"required": "Select the committee"},
            "venue": {"required": "Enter the venue"},
        }


class PublishAgendaForm(GovukForm):
    confirm_past = forms.BooleanField(
        label="Yes, publish the agenda of a meeting that has already taken place",
        required=False,
    )


class AgendaItemForm(GovukModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "description",
            "part",
            "exempt_paragraph",
            "report",
            "minutes_of",
            "work_programme",
        ]
        widgets = {
            "part": forms.RadioSelect,
            "number": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "exempt_paragraph": "For part 2 items: the paragraph of Schedule 12A, Local Government Act 1972.",
        }
        error_messages = {
            "number": {"required": "Enter the item's number"},
            "title": {"required": "Enter the item's title"},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = Report.objects.filter(
            references__committee=meeting.committee
        ).distinct()
        self.fields["report"].label_from_instance = lambda r: r.title
        # Earlier meetings of the year before: "minutes of the previous meeting" or of a sub-committee.
        self.fields["minutes_of"].queryset = Meeting.objects.filter(
            date__lt=meeting.date, date__gte=meeting.date - datetime.timedelta(days=400)
        ).select_related("committee")
        self.fields["exempt_paragraph"].choices = [("", "Not exempt"), *ExemptParagraph.choices]


class ReportForm(GovukModelForm):
    corporate_plan_priorities = forms.CharField(
        label="Corporate plan priorities",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One priority on each line.",
    )
    background_papers = forms.CharField(
        label="Background papers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One paper on each line.",
    )

    class Meta:
        model = Report
        fields = REPORT_FIELDS  # defined once, with the service that saves them
        widgets = {"part": forms.RadioSelect, "report_type": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter the report's title"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exempt_paragraph"].choices = [("", "Not exempt"), *ExemptParagraph.choices]
        if self.instance.pk and not self.is_bound:
            self.initial["corporate_plan_priorities"] = "\n".join(self.instance.corporate_plan_priorities)
            self.initial["background_papers"] = "\n".join(self.instance.background_papers)

    def clean_corporate_plan_priorities(self):
        return [
            line.strip()
            for line in self.cleaned_data["corporate_plan_priorities"].splitlines()
            if line.strip()
        ]

    def clean_background_papers(self):
        return [line.strip() for line in self.cleaned_data["background_papers"].splitlines() if line.strip()]


class NewReportForm(ReportForm):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.all(),
        help_text="The report's reference starts with this committee's code.",
        error_messages={"required": "Select the committee the report goes to"},
    )
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        required=False,
        help_text="The meeting the report goes to, if it is known. Its municipal year is the reference's.",
    )

    standard_sections = forms.BooleanField(
        label="Start with the council's standard headings",
        help_text="Purpose of Report, Executive Summary, Recommendations and the rest, as the council's "
        "report template has them. You can delete any you do not need.",
        required=False,
        initial=True,
    )

    class Meta(ReportForm.Meta):
        fields = ["committee", "meeting", *ReportForm.Meta.fields, "standard_sections"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Meetings from a year ago on: a report goes to a meeting to come (or one just held).
        since = datetime.date.today() - datetime.timedelta(days=365)
        if self.instance.pk is None and not self.is_bound:
            self.fields["meeting"].queryset = Meeting.objects.filter(date__gte=since).select_related(
                "committee"
            )
        else:
            self.fields["meeting"].queryset = Meeting.objects.select_related("committee")

    def clean(self):
        cleaned = super().clean()
        meeting, committee = cleaned.get("meeting"), cleaned.get("committee")
        if meeting and committee and meeting.committee_id != committee.pk:
            self.add_error("meeting", "Select a meeting of the committee chosen above")
        return cleaned


class SectionForm(GovukForm):
    number = forms.CharField(
        label="Number",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4"}),
    )
    heading = forms.CharField(
        label="Heading", max_length=300, error_messages={"required": "Enter the section's heading"}
    )
    level = forms.TypedChoiceField(
        label="Kind",
        coerce=int,
        choices=[(1, "Numbered section"), (2, "Sub-heading within a section (such as Legal Implications)")],
        widget=forms.RadioSelect,
        initial=1,
    )
    paragraphs = forms.CharField(
        label="Paragraphs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Start each paragraph with its number, like 1.1, and leave a blank line between "
        "paragraphs. Sub-headings start with ###, bullet points with “- ”, table rows with |: see "
        "“How to write sub-headings, lists and tables” above.",
    )

    def clean_paragraphs(self) -> list[dict]:
        """The paragraphs as committees.markup reads them: dicts of Paragraph's fields."""
        from .. import markup

        try:
            return markup.read(self.cleaned_data["paragraphs"])
        except markup.MarkupError as error:
            raise forms.ValidationError(str(error)) from error


class AppendixForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="For example, Appendix 1 - Day Opportunities Strategy",
        error_messages={"required": "Enter the appendix's title"},
    )
    file = forms.FileField(
        label="PDF file",
        help_text="A PDF of up to 20 MB.",
        error_messages={"required": "Select the PDF", "empty": "The selected file is empty"},
    )


class ScorecardAppendixForm(GovukForm):
    quarter = forms.TypedChoiceField(
        label="Published scorecard quarter",
        help_text="Only published quarters can be chosen. The appendix shows the latest published version.",
        widget=forms.RadioSelect,
        coerce=str,
        error_messages={
            "required": "Select a published scorecard quarter",
            "invalid_choice": "Select a published scorecard quarter",
        },
    )

    def __init__(self, *args, quarters: list[tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (f"{year}-q{quarter}", f"Quarter {quarter} {year}/{year + 1}") for year, quarter in quarters
        ]

    def clean_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter"].split("-q")
        return int(year), int(quarter)


class AttendanceForm(GovukForm):
    person = forms.ModelChoiceField(
        label="Person", queryset=Person.objects.all(), error_messages={"required": "Select the person"}
    )
    kind = forms.ChoiceField(
        label="Attendance",
        choices=Attendance.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they attended"},
    )
    substitute_for = forms.ModelChoiceField(
        label="Substitute for", queryset=Person.objects.filter(kind=Person.Kind.COUNCILLOR), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Attendance.Kind.SUBSTITUTE and not cleaned.get("substitute_for"):
            self.add_error("substitute_for", "Select the member this person substituted for")
        return cleaned


class DeclarationForm(GovukModelForm):
    """A declaration of interest at a meeting. The person is chosen from the meeting's members and those
    recorded as attending it, or named: anyone else in the people register, by the name it records."""

    other_person = forms.CharField(
        label="Or someone else",
        required=False,
        max_length=200,
        help_text="If they are not in the list: their name as the people register records it, like "
        "Councillor S Corcoran.",
    )

    class Meta:
        model = Declaration
        fields = ["person", "other_person", "item", "kind", "text", "minute_number"]
        labels = {
            "person": "Who declared the interest",
            "item": "Agenda item",
            "kind": "Kind of interest",
            "text": "Declaration",
            "minute_number": "Minute",
        }
        widgets = {
            "item": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "kind": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "text": forms.Textarea(attrs={"rows": 4}),
            "minute_number": forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        }
        help_texts = {
            "person": "The committee's members and the people recorded as attending this meeting.",
            "item": "The number of the agenda item it concerns, like 6. Leave empty if it concerns none.",
            "kind": "For example, pecuniary, non-pecuniary, or “in the interest of openness”.",
            "text": "As the minutes record it, like “Councillor S Corcoran declared a non-pecuniary "
            "interest by virtue of his wife being a GP.”",
            "minute_number": "The minute that records it, like 38. Leave empty if not known yet.",
        }
        error_messages = {
            "person": {"invalid_choice": "Select a person from the list"},
            "text": {"required": "Enter what was declared"},
            "minute_number": {
                "invalid": "Enter the minute's number, like 38",
                "min_value": "Enter the minute's number, like 38",
            },
            "item": {"max_length": "Enter the item's number, like 6 (at most 20 characters)"},
            "kind": {"max_length": "Enter the kind of interest in at most 100 characters"},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from .. import queries

        self.meeting = meeting
        field = self.fields["person"]
        field.required = False  # or `other_person`: clean() wants one of them
        field.empty_label = "Select a person"
        here = Q(pk__in=queries.meeting_people_ids(meeting))
        if self.instance.person_id:
            here |= Q(pk=self.instance.person_id)
        field.queryset = Person.objects.filter(here).order_by("name", "pk")
        self.agenda_numbers = list(meeting.agenda_items.values_list("number", flat=True))
        self.minute_numbers = sorted(meeting.minutes.values_list("number", flat=True))

    def clean_other_person(self) -> Person | None:
        name = " ".join(self.cleaned_data["other_person"].split())
        if not name:
            return None
        person = Person.objects.filter(name__iexact=name).first()
        if person is None:
            raise forms.ValidationError(
                f"No one called “{name}” is in the people register: check the name, or add them to the "
                "register first"
            )
        return person

    def clean(self):
        cleaned = super().clean()
        chosen, named = cleaned.get("person"), cleaned.get("other_person")
        if "person" in self.errors or "other_person" in self.errors:
            return cleaned
        if chosen and named and chosen != named:
            self.add_error("other_person", "Select a person from the list or give a name, not both")
        elif not chosen and not named:
            self.add_error("person", "Select the person who declared the interest, or give their name")
        else:
            cleaned["person"] = chosen or named
        return cleaned

    def clean_item(self):
        item = self.cleaned_data["item"].strip().rstrip(".")
        unchanged = self.instance.pk and item == self.instance.item
        if item and self.agenda_numbers and item not in self.agenda_numbers and not unchanged:
            numbers = ", ".join(self.agenda_numbers[:20])
            raise forms.ValidationError(f"Enter the number of an item on this meeting's agenda ({numbers})")
        return item

    def clean_kind(self):
        return self.cleaned_data["kind"].strip()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter what was declared")
        return text

    def clean_minute_number(self):
        number = self.cleaned_data["minute_number"]
        unchanged = self.instance.pk and number == self.instance.minute_number
        if number is not None and self.minute_numbers and number not in self.minute_numbers and not unchanged:
            raise forms.ValidationError(
                f"Enter the number of one of this meeting's minutes ({self.minute_numbers[0]} to "
                f"{self.minute_numbers[-1]}), or leave it empty"
            )
        return number


class MinuteForm(GovukForm):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the minute's title"}
    )
    paragraphs = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Leave a blank line between paragraphs.",
    )
    questions = forms.CharField(
        label="Questions raised",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One on each line.",
    )
    resolution = forms.CharField(
        label="Resolution",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One part on each line, like “1. approve the strategy” or “a. delegate authority”. "
        "Lettered parts belong to the numbered part above them. Leave empty if there was no resolution.",
    )
    unanimous = forms.BooleanField(label="Resolved unanimously", required=False)

    def clean_paragraphs(self):
        import re

        return [
            " ".join(b.split()) for b in re.split(r"\n\s*\n", self.cleaned_data["paragraphs"]) if b.strip()
        ]

    def clean_questions(self):
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]

    def clean_resolution(self):
        import re

        parts: list[dict] = []
        lines = [line.strip() for line in self.cleaned_data["resolution"].splitlines() if line.strip()]
        if lines:
            # The page prints "RESOLVED: That" (and "(unanimously)") itself: typed here too, it is dropped,
            # so the minute never reads "RESOLVED: That RESOLVED: That ...".
            match = RESOLVED_RE.match(lines[0])
            if match:
                if match["unanimously"]:
                    self.resolved_unanimously = True
                lines[0] = lines[0][match.end() :].strip()
                if not lines[0]:
                    lines.pop(0)
        for line in lines:
            match = re.match(r"^(\d+|[a-z])[.)]\s+(.*)$", line)
            if match and match[1].isalpha():
                if not parts:
                    raise forms.ValidationError("A lettered part needs a numbered part above it")
                parts[-1].setdefault("parts", []).append({"label": match[1], "text": match[2]})
            elif match:
                parts.append({"label": match[1], "text": match[2]})
            else:
                parts.append({"label": "", "text": line})
        return parts

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "resolved_unanimously", False):
            cleaned["unanimous"] = True
        return cleaned


# "RESOLVED: That", "RESOLVED (unanimously): That", "Resolved - that", "RESOLVED:" (the page prints it).
RESOLVED_RE = re.compile(
    r"^resolved\s*(?P<unanimously>\(\s*unanimously\s*\))?\s*[:\-–—]?\s*(that\b\s*)?", re.IGNORECASE
)


class ApproveMinutesForm(GovukForm):
    at = forms.ModelChoiceField(
        label="Approved as a correct record at the meeting of",
        queryset=Meeting.objects.none(),
        error_messages={
            "required": "Select the meeting that approved these minutes",
            "invalid_choice": "Select a later meeting of the committee from the list",
        },
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].queryset = Meeting.objects.filter(
            committee=meeting.committee, date__gt=meeting.date
        ).select_related("committee")


class CommitteeForm(GovukModelForm):
    class Meta:
        model = Committee
        fields = ["name", "code", "kind", "parent", "description"]
        widgets = {
            "code": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            "kind": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": "Enter the committee's name"},
            "code": {"required": "Enter the committee's code, like AH"},
        }

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class PersonForm(GovukModelForm):
    class Meta:
        model = Person
        fields = ["name", "kind", "job_title", "organisation"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {"name": "As the papers write it, like Councillor J Rhodes."}
        error_messages = {
            "name": {"required": "Enter the person's name", "unique": "This person is already recorded"}
        }


class MembershipForm(GovukModelForm):
    start = uk_date_field("From", required_message="Enter the date the membership starts")
    end = uk_date_field("Until", required=False)

    class Meta:
        model = Membership
        fields = ["person", "role", "voting", "start", "end"]
        widgets = {"role": forms.RadioSelect, "voting": forms.RadioSelect}
        error_messages = {"person": {"required": "Select the person"}}


class EndMembershipForm(GovukForm):
    end = uk_date_field("Last day of the membership", required_message="Enter the date the membership ends")

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end < self.membership.start:
            raise forms.ValidationError(
                "Last day of the membership must be the same as or after "
                f"{govuk_date_text(self.membership.start)}, when it started"
            )
        return end


class WorkProgrammeItemForm(GovukModelForm):
    meeting_date = uk_date_field(
        "Target meeting",
        required=False,
        help_text="The date of the meeting the report goes to, for example 30 5 2022. Leave empty if not "
        "known.",
    )

    class Meta:
        model = WorkProgrammeItem
        fields = [
            "reference",
            "meeting_date",
            "title",
            "purpose",
            "decision_or_note",
            "lead_officer",
            "consultation",
            "equality_impact_assessment",
            "budget_and_policy_framework",
            "corporate_priority",
            "exempt_paragraph",
        ]
        widgets = {"decision_or_note": forms.RadioSelect, "purpose": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Enter the report's title"},
            "decision_or_note": {"required": "Select whether it is for decision or to note"},
        }


class ReturnReportForm(GovukForm):
    reason = forms.CharField(
        label="Why is the report going back to its author?",
        help_text="The author is emailed this, with a link to the report.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the report is going back to its author",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
