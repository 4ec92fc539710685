from django import forms

from portal.forms import GovukForm, GovukModelForm

from .importer import ALLOWED_EXTENSIONS, max_upload_bytes
from .models import FinancialYear, Measure, Rag, Section, Unit, parse_number, unit_problem
from .services import MEASURE_FIELDS

QUARTER_CHOICES = [("", "Choose a quarter")] + [(str(q), f"Quarter {q}") for q in range(1, 5)]


class ImportForm(GovukForm):
    year = forms.CharField(
        label="Financial year",
        help_text="For example, 2021-22",
        max_length=9,
        error_messages={"required": "Enter the financial year, like 2021-22"},
    )
    quarter = forms.TypedChoiceField(
        choices=QUARTER_CHOICES,
        coerce=int,
        error_messages={"required": "Choose the quarter the spreadsheet is for"},
    )
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An .xlsx or .csv file laid out like the published scorecard, up to 2 MB",
        error_messages={"required": "Choose the spreadsheet to import"},
    )

    def clean_year(self):
        start = FinancialYear.parse(self.cleaned_data["year"])
        if start is None or not 2000 <= start <= 2100:
            raise forms.ValidationError("Enter the financial year as two years, like 2021-22")
        return start

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not any(name.endswith(ext) for ext in ALLOWED_EXTENSIONS | {".xlsm", ".xlsb", ".xltm"}):
            raise forms.ValidationError("The spreadsheet must be an .xlsx or .csv file")
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The spreadsheet must be smaller than {max_upload_bytes() // (1024 * 1024)} MB"
            )
        return upload


class MeasureQuarterForm(GovukForm):
    quarter_value = forms.CharField(
        required=False,
        max_length=200,
        help_text="As it should be published: a number (like 1,038 or 85.0%), with a note in brackets if "
        'needed, or "N/A"',
    )
    ytd_value = forms.CharField(required=False, max_length=200)
    rag_override = forms.ChoiceField(
        label="RAG",
        choices=[("", "Worked out from the target")] + list(Rag.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    override_reason = forms.CharField(
        label="Reason for setting the RAG yourself", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    commentary = forms.CharField(label="Comments", widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args, quarter: int, unit: str = Unit.COUNT, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["quarter_value"].label = f"Quarter {quarter}"
        self.fields["ytd_value"].label = f"Year to date at quarter {quarter}"

    def clean_quarter_value(self):
        return self.check_number(self.cleaned_data["quarter_value"], whole=True)

    def clean_ytd_value(self):
        return self.check_number(self.cleaned_data["ytd_value"])

    def check_number(self, text: str, *, whole: bool = False) -> str:
        text = " ".join(text.split())
        if not parse_number(text)[0]:
            raise forms.ValidationError(f"'{text}' is not a number: write it like 1,038, 85.0% or N/A")
        problem = unit_problem(text, self.unit, whole=whole)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:])
        return text

    def clean(self):
        data = super().clean()
        if data.get("rag_override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give a reason for setting the RAG yourself")
        return data


class NewVersionForm(GovukForm):
    reason = forms.CharField(
        label="Why does the published quarter need a new version?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the published quarter needs a new version"},
    )


class ScorecardFilterForm(GovukForm):
    section = forms.ChoiceField(required=False)
    rag = forms.ChoiceField(
        label="RAG",
        required=False,
        choices=[("", "Any"), *Rag.choices, ("none", "Not rated")],
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "All sections")] + [(name, name) for name in sections]


class MeasureForm(GovukModelForm):
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(),
        empty_label="Choose a section",
        error_messages={"required": "Choose a section"},
    )

    class Meta:
        model = Measure
        fields = MEASURE_FIELDS
        labels = {
            "title": "Title, exactly as it will be published",
            "ascof_code": "ASCOF code",
            "year_to_date": "Target rule: how the year to date is formed and compared with the target",
        }
        help_texts = {
            "year_to_date": "A sum or cumulative measure is compared with the year's target pro rata "
            "(a quarter of it at quarter 1); a snapshot or average is compared quarter by quarter",
            "polarity": "Whether a higher or a lower figure is better: the RAG is worked out by it",
        }
        widgets = {"title": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {
                "required": "Enter the measure's title",
                "unique": "A measure with this title exists",
                "max_length": "The measure's title is too long",
            },
            "ascof_code": {"max_length": "ASCOF code must be 10 characters or fewer"},
            "owner": {"max_length": "Owner must be 200 characters or fewer"},
            "unit": {"required": "Select the unit", "invalid_choice": "Select the unit"},
            "year_to_date": {
                "required": "Select the target rule",
                "invalid_choice": "Select the target rule",
            },
            "polarity": {"invalid_choice": "Select the polarity"},
        }

    def __init__(self, *args, with_reason: bool = False, **kwargs):
        from .computed import REGISTRY

        super().__init__(*args, **kwargs)
        self.fields["computation"] = forms.ChoiceField(
            label="Also computed from portal data",
            required=False,
            choices=[("", "No")] + [(key, key) for key in REGISTRY],
        )
        self.fields["polarity"].required = False
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label="Why is the definition changed?",
                help_text="This is kept in the measure's history",
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": "Enter why the definition is changed",
                    "max_length": "The reason must be 500 characters or fewer",
                },
            )

    @classmethod
    def initial_for(cls, measure: Measure) -> dict:
        return {field: getattr(measure, field) for field in MEASURE_FIELDS}

    def validate_unique(self):
        """The service checks the title is unique (ignoring case, and the measure being changed)."""


class ReasonForm(GovukForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )

    def __init__(self, *args, label: str = "Reason", required_message: str = "Enter the reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
