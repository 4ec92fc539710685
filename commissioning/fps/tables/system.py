"""The application windows table of a purchasing system (commissioners who run it)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from portal.tables import NumericColumn
from portal.timefmt import govuk_date

from ..models import ApplicationWindow
from .public import PublicWindowTable


def action_link(text: str, url: str, what: str):
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
        url,
        text,
        what,
    )


class WindowTable(PublicWindowTable):
    """The public table of windows, with the evaluation date, the count of applications and actions."""

    state = tables.Column(verbose_name="State", empty_values=(), orderable=False)
    evaluation_by = tables.Column(verbose_name="Evaluation by")
    application_count = NumericColumn(verbose_name="Applications")
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    caption = "Application windows, latest first"

    class Meta(PublicWindowTable.Meta):
        empty_text = "No application windows yet."
        sequence = ("name", "opens_at", "closes_at", "state", "evaluation_by", "application_count", "actions")

    def render_evaluation_by(self, value):
        return govuk_date(value)

    def render_actions(self, record: ApplicationWindow):
        slug = record.system.slug
        links = [action_link("Change", reverse("fps:window-edit", args=[slug, record.pk]), record.name)]
        if not record.application_count:
            links.append(
                action_link("Remove", reverse("fps:window-remove", args=[slug, record.pk]), record.name)
            )
        return format_html_join(" ", "{}", ((link,) for link in links))
