"""Tables of questions: the commissioners' queue (who asked is shown to them only) and a provider's own
organisation's questions."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.html import format_html

from portal.tables import StatusColumn, Table, stable_order
from portal.timefmt import uk_time


def about(record) -> str:
    if record.package_id:
        return f"Package {record.package.reference}"
    return f"{record.window.name}, {record.system.name}"


class QuestionQueueTable(Table):
    asked_at = tables.Column(verbose_name="Asked")
    about = tables.Column(verbose_name="About", empty_values=(), orderable=False)
    asked_by_provider = tables.Column(verbose_name="Asked by", accessor="asked_by_provider__name")
    question = tables.Column(verbose_name="Question", orderable=False)
    status = StatusColumn(verbose_name="Status")

    caption = "Questions from providers"
    caption_hidden = True

    class Meta(Table.Meta):
        empty_text = "No questions match."

    order_asked_at = stable_order("asked_at")
    order_asked_by_provider = stable_order("asked_by_provider__name")
    order_status = stable_order("status")

    def render_asked_at(self, value):
        return uk_time(value)

    def render_about(self, record):
        return about(record)

    def render_question(self, record, value):
        return format_html(
            '{}<br><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> question {}</span>'
            "</a>",
            truncatewords(value, 30),
            reverse("fps:question-answer", args=[record.pk]),
            "Answer" if record.status == record.Status.ASKED else "See or correct the answer",
            record.pk,
        )


class OwnQuestionTable(Table):
    asked_at = tables.Column(verbose_name="Asked")
    question = tables.Column(verbose_name="Your question")
    answer = tables.Column(verbose_name="Answer", default="Not answered yet")
    status = StatusColumn(verbose_name="Status")

    caption = "Questions your organisation asked, newest first"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "Your organisation has not asked a question here."

    def render_asked_at(self, value):
        return uk_time(value)
