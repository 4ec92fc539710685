"""Forms for procurement documents: a new document with its first version, and a new version."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm

from .. import uploads
from ..models import Lot, ProcurementDocument

FILE_HINT = "A PDF, Word document (DOCX) or Excel spreadsheet (XLSX), smaller than 10 MB."


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lot: Lot) -> str:
        return str(lot)


class VersionForm(GovukForm):
    file = forms.FileField(
        label="File",
        help_text=FILE_HINT,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
        error_messages={"required": "Choose the file to publish"},
    )
    change_note = forms.CharField(
        label="What changed in this version?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Providers are told this. Not needed for a first version.",
        error_messages={"max_length": "What changed must be 2,000 characters or fewer"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_document(upload)
        return upload


class DocumentForm(VersionForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Day opportunities core service specification.",
        error_messages={
            "required": "Enter the document's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=ProcurementDocument.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of document"},
    )
    lot = LotChoiceField(
        label="For",
        queryset=Lot.objects.none(),
        required=False,
        empty_label="Every lot",
        error_messages={"invalid_choice": "Choose one of the lots"},
    )

    field_order = ["title", "kind", "lot", "file", "change_note"]

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = system.lots.order_by("number")
