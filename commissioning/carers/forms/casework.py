"""Case work: finding a carer, merging two records, documents, tasks, consent, the case worker and the
national returns' details."""

from django import forms
from django.core.exceptions import ValidationError

from commissioning.providers.models import normalise_postcode
from portal.forms import GovukForm

from ..models import AssessmentMethod, CarerType, ConsentKind, ConsentMethod, SupportType
from ..normalise import MIN_FRAGMENT, phone_key, query_words
from .fields import date_field, not_in_future

POSTCODE_MESSAGE = "Enter a full postcode, like CW1 2BJ, or its first part, like CW1"
CRITERIA = ["name", "date_of_birth", "postcode", "phone", "email", "reference"]


class SearchForm(GovukForm):
    """Any of a name (or part of one), date of birth, postcode, telephone, email or reference; every one
    given must match."""

    name = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="First name, last name or part of either, like thom for Thompson",
    )
    date_of_birth = date_field("Date of birth", required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        help_text="The full postcode, or its first part, like CW1",
    )
    phone = forms.CharField(label="Telephone number", max_length=30, required=False)
    email = forms.CharField(label="Email address", max_length=254, required=False)
    reference = forms.CharField(
        label="Referral reference", max_length=12, required=False, help_text="For example, CH-7KQ2M9XA"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "date_of_birth":  # the GOV.UK date input sizes its own parts
                field.widget.attrs.setdefault("class", "govuk-!-width-full")
        self.hide_optional = True

    def clean_name(self):
        value = " ".join(self.cleaned_data["name"].split())
        if value and not any(len(word) >= MIN_FRAGMENT for word in query_words(value)):
            raise ValidationError(f"Name must include at least {MIN_FRAGMENT} letters")
        return value

    def clean_postcode(self):
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        if not value:
            return value
        if " " in value or len(value) > 4:
            try:
                return normalise_postcode(value)
            except ValidationError:
                raise ValidationError(
                    "Enter a full postcode, like CW1 2BJ, or its first part, like CW1"
                ) from None
        if not (value[0].isalpha() and any(c.isdigit() for c in value) and value.isalnum()):
            raise ValidationError("Enter a full postcode, like CW1 2BJ, or its first part, like CW1")
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and len(phone_key(value)) < 6:
            raise ValidationError("Enter a telephone number, like 01632 960 001")
        return value

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper()
        if value and not value.replace("-", "").isalnum():
            raise ValidationError("Enter a reference, like CH-7KQ2M9XA")
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in CRITERIA):
            raise ValidationError(
                "Enter a name, date of birth, postcode, telephone number, email address or reference"
            )
        return cleaned

    def criteria(self) -> dict:
        return {name: self.cleaned_data[name] for name in CRITERIA if self.cleaned_data.get(name)}


class MergeForm(GovukForm):
    """For each detail the two records hold differently: which to keep."""

    def __init__(self, *args, keep, absorb, differences: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.differences = differences
        for field in differences:
            label = keep._meta.get_field(field).verbose_name
            self.fields[field] = forms.ChoiceField(
                label=f"{str(label).capitalize()}: which is right?",
                choices=[("keep", shown(keep, field)), ("absorb", shown(absorb, field))],
                initial="keep",
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose the {label} to keep"},
            )

    def take(self) -> list[str]:
        return [field for field in self.differences if self.cleaned_data.get(field) == "absorb"]


def shown(carer, field: str) -> str:
    display = getattr(carer, f"get_{field}_display", None)
    value = display() if display else getattr(carer, field)
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(value)


class DocumentForm(GovukForm):
    title = forms.CharField(
        label="What is it?",
        max_length=200,
        help_text="For example, Carer's assessment, or Letter from the GP",
        error_messages={"required": "Enter what the document is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, JPEG or PNG, up to 10 MB",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )


class TaskForm(GovukForm):
    title = forms.CharField(label="Task", max_length=200, error_messages={"required": "Enter the task"})
    owner = forms.ModelChoiceField(
        label="Who will do it?",
        queryset=None,
        empty_label="Choose someone",
        error_messages={
            "required": "Choose who will do the task",
            "invalid_choice": "Choose someone from the list",
        },
    )
    due_on = date_field("Due date")
    notes = forms.CharField(
        label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username


class ConsentForm(GovukForm):
    kind = forms.ChoiceField(
        label="What is it about?",
        choices=[("", "Choose one"), *ConsentKind.choices],
        error_messages={"required": "Choose what the carer agreed to or withdrew"},
    )
    given = forms.ChoiceField(
        label="What did the carer decide?",
        choices=[("yes", "Gave consent"), ("no", "Withdrew or refused consent")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the carer gave or withdrew consent"},
    )
    on = date_field("Date")
    method = forms.ChoiceField(
        label="How?",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the carer gave or withdrew consent"},
    )

    def clean_on(self):
        return not_in_future(self.cleaned_data["on"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "given": data["given"] == "yes",
            "on": data["on"],
            "method": data["method"],
        }


class ReturnDetailsForm(GovukForm):
    carer_type = forms.ChoiceField(
        label="Carer type",
        choices=CarerType.choices,
        widget=forms.RadioSelect,
        help_text="As when the referral was received: correct it only if it was wrong.",
        error_messages={"required": "Choose the carer type"},
    )
    assessment_method = forms.ChoiceField(
        label="How was the carer assessed or reviewed?",
        choices=AssessmentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    support_type = forms.ChoiceField(
        label="What support does the carer get?",
        choices=SupportType.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class CaseWorkerForm(GovukForm):
    owner = forms.ModelChoiceField(
        label="Case worker",
        queryset=None,
        required=False,
        empty_label="No case worker",
        error_messages={"invalid_choice": "Choose a case worker"},
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username


class ReturnsForm(GovukForm):
    quarter = forms.ChoiceField(label="Quarter", error_messages={"invalid_choice": "Choose a quarter"})

    def __init__(self, *args, quarters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(q.slug, q.label) for q in quarters]
