"""Forms of a provider's FPS application. The section form is built from the questionnaire (kept as data):
one field per question, drawn by the project's GOV.UK form renderer."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html

from portal.forms import GovukForm

from .. import uploads
from ..models import Answer, Lot, Question
from ..services.applications import word_count, word_limit_message

YES_NO = [("yes", "Yes"), ("no", "No")]


class LotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, lot: Lot) -> str:
        return str(lot)


class LotsForm(GovukForm):
    lots = LotChoiceField(
        label="Which lots are you applying for?",
        queryset=Lot.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. You answer the questions for every lot you choose.",
        error_messages={"required": "Select at least one lot"},
    )

    def __init__(self, *args, system, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Lots open to applications, and any already chosen (a lot may have closed since).
        from django.db.models import Q

        self.fields["lots"].queryset = system.lots.filter(Q(is_active=True) | Q(pk__in=list(current)))


class WordCountTextarea(forms.Textarea):
    """A textarea inside the GOV.UK character count component, counting words (see the field template)."""


def question_label(question: Question) -> str:
    return f"{question.number} {question.text}"


def document_hint(question: Question, answer: Answer | None) -> str:
    limit = uploads.MAX_BYTES // (1024 * 1024)
    parts = [question.hint] if question.hint else []
    parts.append(f"A PDF, Word document (DOCX) or Excel spreadsheet (XLSX), smaller than {limit} MB.")
    if answer is not None and answer.document:
        url = reverse("fps:document", args=[answer.pk])
        return format_html(
            '{} You uploaded <a class="govuk-link" href="{}">{}</a> ({}). Choose a file only to replace it.',
            " ".join(parts),
            url,
            answer.document_name,
            filesizeformat(answer.document_size or 0),
        )
    return " ".join(parts)


class SectionForm(GovukForm):
    """One field per question of a section, named q<question pk>. Nothing is required here: a provider may
    save part of a section and come back; the check-answers page lists what is still missing."""

    def __init__(self, *args, questions: list[Question], answers: dict[int, Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for question in questions:
            answer = answers.get(question.pk)
            name = f"q{question.pk}"
            self.questions[name] = question
            label = question_label(question) + ("" if question.mandatory else " (optional)")
            if question.kind in (Question.Kind.PASS_FAIL, Question.Kind.DECLARATION):
                field = forms.ChoiceField(
                    label=label,
                    choices=YES_NO,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=question.hint,
                    initial=answer.choice if answer else None,
                )
                field.template_name = "fps/provider/_question_radios_field.html"
            elif question.kind == Question.Kind.DOCUMENT:
                field = forms.FileField(
                    label=label,
                    required=False,
                    widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
                    help_text=document_hint(question, answer),
                    max_length=None,
                )
                field.template_name = "fps/provider/_question_field.html"
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    strip=True,
                    widget=WordCountTextarea(attrs={"rows": 8}),
                    help_text=question.hint,
                    initial=answer.text if answer else "",
                )
                field.template_name = "fps/provider/_question_field.html"
                if question.word_limit:
                    field.template_name = "fps/provider/_word_count_field.html"
                    field.word_limit = question.word_limit
            self.fields[name] = field

    template_name = "fps/provider/_section_form.html"

    def layout(self) -> list[dict]:
        """The fields in questionnaire order, for the template: an "If so" question is drawn inside its
        earlier question's answer (GOV.UK conditional reveal), not on its own. Without JavaScript every
        revealed question shows; the service ignores answers to questions that are not asked."""
        names = {question.pk: name for name, question in self.questions.items()}
        nested = {}
        for name, question in self.questions.items():
            if question.condition_question_id in names:
                nested.setdefault(question.condition_question_id, []).append(
                    (question.condition_answer, name)
                )
        items = []
        for name, question in self.questions.items():
            if question.condition_question_id in names:
                continue
            bound = self[name]
            item = {"field": bound, "options": None}
            if question.pk in nested:
                item["options"] = [
                    {
                        "choice": choice,
                        "id": f"conditional-{name}-{choice.data['value']}",
                        "fields": [
                            self[n] for value, n in nested[question.pk] if value == choice.data["value"]
                        ],
                    }
                    for choice in bound
                ]
            items.append(item)
        return items

    def clean(self):
        cleaned = super().clean()
        for name, question in self.questions.items():
            value = cleaned.get(name)
            if question.kind == Question.Kind.TEXT and value and question.word_limit:
                count = word_count(value)
                if count > question.word_limit:
                    self.add_error(name, word_limit_message(question, count))
            if question.kind == Question.Kind.DOCUMENT and value:
                try:
                    uploads.check_document(value)
                except forms.ValidationError as error:
                    self.add_error(name, f"Question {question.number}: {error.messages[0]}")
        return cleaned

    def answer_data(self) -> list[tuple[Question, dict]]:
        """What to save for each question, as `answer_save` takes it."""
        data = []
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if question.kind == Question.Kind.TEXT:
                data.append((question, {"text": value or ""}))
            elif question.kind == Question.Kind.DOCUMENT:
                if value:
                    data.append((question, {"document": value}))
            else:
                data.append((question, {"choice": value or ""}))
        return data


class SubmitForm(GovukForm):
    declaration_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter the name of the person making the declaration"},
    )
    declaration_role = forms.CharField(
        label="Role in the organisation",
        max_length=200,
        help_text="For example, Registered Manager or Director.",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": "Enter their role in the organisation"},
    )
    confirm = forms.BooleanField(
        label="I declare that the information in this application is true and complete, and that I may "
        "make this declaration for the organisation",
        error_messages={"required": "Confirm the declaration to submit the application"},
    )


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why are you withdrawing the application?",
        help_text="The commissioning team will see this.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are withdrawing the application"},
    )


class ClarificationAnswerForm(GovukForm):
    answer = forms.CharField(
        label="Your answer",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter your answer to the clarification question"},
    )
