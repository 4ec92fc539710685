"""The questionnaire editor's table: one per section, a row per question with what it asks, how it is
answered, and the actions (change, remove, move up or down). The move buttons belong to the one form
around the editor (views/questionnaire.py: questionnaire_move)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.components import tag
from portal.tables import Table

from ..models import Question


def move_button(kind: str, pk: int, direction: str, what: str):
    return format_html(
        '<button type="submit" name="move" value="{}:{}:{}" class="govuk-button govuk-button--secondary '
        'govuk-!-margin-bottom-0" data-module="govuk-button">{}'
        '<span class="govuk-visually-hidden"> {}</span></button>',
        kind,
        pk,
        direction,
        "Move up" if direction == "up" else "Move down",
        what,
    )


def action_link(text: str, url: str, what: str):
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
        url,
        text,
        what,
    )


class QuestionTable(Table):
    number = tables.Column(verbose_name="Number", attrs={"td": {"class": "portal-nowrap"}})
    text = tables.Column(verbose_name="Question")
    answer = tables.Column(verbose_name="Answer", empty_values=())
    answered = tables.Column(verbose_name="Answered by", empty_values=())
    actions = tables.Column(verbose_name="Actions", empty_values=())

    class Meta(Table.Meta):
        orderable = False
        empty_text = "This section has no questions yet."

    def __init__(
        self, data, *, slug: str, answered: dict[int, int], caption: str = "", editable: bool = True, **kwargs
    ):
        self.slug = slug
        self.answered_counts = answered
        self.caption = caption
        self.caption_hidden = True
        self.positions = {question.pk: index for index, question in enumerate(data)}
        super().__init__(data, **kwargs)
        if not editable:
            self.columns.hide("actions")

    def render_text(self, record: Question):
        parts = [format_html("{}", record.text)]
        if record.hint:
            parts.append(
                format_html('<br><span class="govuk-hint govuk-!-margin-bottom-0">{}</span>', record.hint)
            )
        return format_html_join("", "{}", ((p,) for p in parts))

    def render_answer(self, record: Question):
        lines = [record.get_kind_display()]
        if record.kind == Question.Kind.PASS_FAIL:
            lines.append(f"Passes with {record.get_pass_answer_display()}")
        if record.word_limit:
            lines.append(f"Up to {record.word_limit:,} words")
        lines.append("Mandatory" if record.mandatory else "Optional")
        if record.lot_id:
            lines.append(f"Only for {record.lot}")
        if record.condition_question_id:
            lines.append(record.condition_text)
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    def render_answered(self, record: Question):
        count = self.answered_counts.get(record.pk, 0)
        if not count:
            return "No applications"
        return tag(f"{count} application{'s' if count != 1 else ''}", "grey")

    def render_actions(self, record: Question):
        slug = self.slug
        what = f"question {record.number}"
        links = [action_link("Change", reverse("fps:question-edit", args=[slug, record.pk]), what)]
        if not self.answered_counts.get(record.pk):
            links.append(action_link("Remove", reverse("fps:question-remove", args=[slug, record.pk]), what))
        position = self.positions[record.pk]
        if position > 0:
            links.append(move_button("question", record.pk, "up", what))
        if position < len(self.positions) - 1:
            links.append(move_button("question", record.pk, "down", what))
        return format_html_join(
            "", '<div class="govuk-!-margin-bottom-1">{}</div>', ((link,) for link in links)
        )
