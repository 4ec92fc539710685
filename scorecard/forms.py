from django import forms

from .importer import ALLOWED_EXTENSIONS, max_upload_bytes
from .models import FinancialYear, Measure, Rag, Section, parse_number

QUARTER_CHOICES = [("", "Choose a quarter")] + [(str(q), f"Quarter {q}") for q in range(1, 5)]


class ImportForm(forms.Form):
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


class MeasureQuarterForm(forms.Form):
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

    def __init__(self, *args, quarter: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter_value"].label = f"Quarter {quarter}"
        self.fields["ytd_value"].label = f"Year to date at quarter {quarter}"

    def clean_quarter_value(self):
        return self.check_number(self.cleaned_data["quarter_value"])

    def clean_ytd_value(self):
        return self.check_number(self.cleaned_data["ytd_value"])

    @staticmethod
    def check_number(text: str) -> str:
        text = " ".join(text.split())
        if not parse_number(text)[0]:
            raise forms.ValidationError(f"'{text}' is not a number: write it like 1,038, 85.0% or N/A")
        return text

    def clean(self):
        data = super().clean()
        if data.get("rag_override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give a reason for setting the RAG yourself")
        return data


class NewVersionForm(forms.Form):
    reason = forms.CharField(
        label="Why does the published quarter need a new version?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the published quarter needs a new version"},
    )


class ScorecardFilterForm(forms.Form):
    section = forms.ChoiceField(required=False)
    rag = forms.ChoiceField(
        label="RAG",
        required=False,
        choices=[("", "Any"), *Rag.choices, ("none", "Not rated")],
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "All sections")] + [(name, name) for name in sections]


class MeasureForm(forms.ModelForm):
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(),
        empty_label="Choose a section",
        error_messages={"required": "Choose a section"},
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "section",
            "ascof_code",
            "polarity",
            "unit",
            "year_to_date",
            "owner",
            "computation",
        ]
        labels = {"title": "Title, exactly as it will be published"}
        widgets = {"title": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Enter the measure's title", "unique": "A measure with this title exists"}
        }

    def __init__(self, *args, **kwargs):
        from .computed import REGISTRY

        super().__init__(*args, **kwargs)
        self.fields["computation"] = forms.ChoiceField(
            label="Also computed from portal data",
            required=False,
            choices=[("", "No")] + [(key, key) for key in REGISTRY],
        )
        self.fields["polarity"].required = False
