"""Forms of the questionnaire editor: a section, a question (its fields are the service's QUESTION_FIELDS,
in that order), and moving either up or down."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm

from ..models import Lot, Question
from ..services.questionnaire import DOWN, QUESTION_FIELDS, UP

YES_NO = [("yes", "Yes"), ("no", "No")]


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lot: Lot) -> str:
        return str(lot)


class SectionForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Safeguarding adults.",
        error_messages={
            "required": "Enter the section's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    guidance = forms.CharField(
        label="Guidance for providers",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown above the section's questions.",
        error_messages={"max_length": "The guidance must be 4,000 characters or fewer"},
    )
    lot = LotChoiceField(
        label="Asked of",
        queryset=Lot.objects.none(),
        required=False,
        empty_label="Applicants to every lot",
        help_text="A section for one lot only, such as its service description.",
        error_messages={"invalid_choice": "Choose one of the lots"},
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = system.lots.order_by("number")


class QuestionForm(GovukForm):
    text = forms.CharField(
        label="Question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the question",
            "max_length": "The question must be 2,000 characters or fewer",
        },
    )
    hint = forms.CharField(
        label="Hint",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Extra help shown under the question.",
        error_messages={"max_length": "The hint must be 2,000 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Kind of answer",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of answer",
            "invalid_choice": "Select the kind of answer",
        },
    )
    mandatory = forms.TypedChoiceField(
        label="Must providers answer it?",
        choices=[("yes", "Yes, it is mandatory"), ("no", "No, it is optional")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text='An "If so" question is mandatory only when it is asked.',
        error_messages={"required": "Select whether providers must answer it"},
    )
    pass_answer = forms.ChoiceField(
        label="Answer that passes",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        help_text="Pass or fail questions only: the other answer is flagged to the evaluator.",
        error_messages={"invalid_choice": "Select the answer that passes"},
    )
    word_limit = forms.IntegerField(
        label="Word limit",
        required=False,
        min_value=1,
        max_value=5000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        help_text="Free text questions only. Leave blank for no limit.",
        error_messages={
            "invalid": "Enter the word limit as a whole number, like 500",
            "min_value": "The word limit must be 1 or more",
            "max_value": "The word limit must be 5,000 or fewer",
        },
    )
    lot = LotChoiceField(
        label="Asked of",
        queryset=Lot.objects.none(),
        required=False,
        empty_label="Applicants to every lot the section is asked of",
        error_messages={"invalid_choice": "Choose one of the lots"},
    )
    condition_question = forms.ModelChoiceField(
        label="Ask it only when an earlier question is answered",
        queryset=Question.objects.none(),
        required=False,
        empty_label="Always ask it",
        help_text='For "If so" questions: an earlier yes or no question of this section.',
        error_messages={"invalid_choice": "Choose one of the earlier yes or no questions"},
    )
    condition_answer = forms.ChoiceField(
        label="With the answer",
        choices=[("", "Choose the answer"), *YES_NO],
        required=False,
        error_messages={"invalid_choice": "Select the answer that asks this question"},
    )

    field_order = QUESTION_FIELDS

    def __init__(self, *args, section, question: Question | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(question, name) for name in QUESTION_FIELDS}
            kwargs["initial"]["mandatory"] = "yes" if question.mandatory else "no"
        kwargs.setdefault("initial", {}).setdefault("mandatory", "yes")
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = section.system.lots.order_by("number")
        if section.lot_id:
            del self.fields["lot"]
        earlier = section.questions.filter(kind__in=Question.YES_NO_KINDS, condition_question=None)
        if question is not None:
            earlier = earlier.filter(position__lt=question.position)
        self.fields["condition_question"].queryset = earlier.order_by("position")
        self.fields["condition_question"].label_from_instance = lambda q: f"{q.number} {q.text[:80]}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("condition_question") and not cleaned.get("condition_answer"):
            self.add_error("condition_answer", "Select the answer that asks this question")
        if not cleaned.get("condition_question"):
            cleaned["condition_answer"] = ""
        if cleaned.get("kind") == Question.Kind.PASS_FAIL and not cleaned.get("pass_answer"):
            self.add_error("pass_answer", "Select the answer that passes")
        return cleaned

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in QUESTION_FIELDS if name in self.cleaned_data}


class MoveForm(GovukForm):
    direction = forms.ChoiceField(choices=[(UP, "Up"), (DOWN, "Down")])
