"""Forms for public questions and answers: a provider's question, and the commissioner's answer (published,
reworded so that it names nobody, or sent to the asker only)."""

from __future__ import annotations

from django import forms

from portal.forms import GovukForm

from ..services.questions import MAX_LENGTH

TOO_LONG = "must be 4,000 characters or fewer"


class AskForm(GovukForm):
    question = forms.CharField(
        label="Your question",
        max_length=MAX_LENGTH,
        help_text=(
            "The council may publish it, with its answer, to every provider: it will be reworded so that it "
            "does not name your organisation. Do not include personal data."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your question", "max_length": f"Your question {TOO_LONG}"},
    )


class AnswerForm(GovukForm):
    PUBLISH, PRIVATE = "publish", "private"

    how = forms.ChoiceField(
        label="Who should see the answer?",
        choices=[
            (PUBLISH, "Everyone who can see it: publish the question, reworded, and the answer"),
            (PRIVATE, "Only the organisation that asked: it is about that organisation alone"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should see the answer"},
    )
    published_question = forms.CharField(
        label="The question as it will be published",
        required=False,
        max_length=MAX_LENGTH,
        help_text="Reword it so that it names no organisation or person. Not needed for a private answer.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"The published question {TOO_LONG}"},
    )
    answer = forms.CharField(
        label="Answer",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the answer", "max_length": f"The answer {TOO_LONG}"},
    )

    field_order = ["how", "published_question", "answer"]
    # The published wording is needed when publishing only: "(optional)" would mislead.
    hide_optional = True

    def __init__(self, *args, item=None, **kwargs):
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "how": self.PUBLISH if item.status == item.Status.PUBLISHED else None,
                "published_question": item.published_question or item.question,
                "answer": item.answer,
            }
        super().__init__(*args, **kwargs)
        if item is not None and item.status == item.Status.PUBLISHED:
            # Published: only a correction of the published wording or answer (it cannot be unpublished).
            self.fields["how"].choices = self.fields["how"].choices[:1]

    def clean(self):
        data = super().clean()
        if data.get("how") == self.PUBLISH and not (data.get("published_question") or "").strip():
            self.add_error("published_question", "Enter the question as it will be published")
        return data
