"""Tables of procurement documents: the current version of each, and every version of one."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html

from portal.tables import Table
from portal.timefmt import govuk_date


def download_link(version):
    return format_html(
        '<a class="govuk-link" href="{}" download>Download<span class="govuk-visually-hidden"> {} version {}'
        "</span></a> ({}, {})",
        version.get_absolute_url(),
        version.document.title,
        version.number,
        version.file_type.upper(),
        filesizeformat(version.file_size),
    )


class DocumentTable(Table):
    title = tables.Column(verbose_name="Document", accessor="document__title")
    lot = tables.Column(verbose_name="For", accessor="document__lot", default="Every lot")
    number = tables.Column(verbose_name="Version")
    published_at = tables.Column(verbose_name="Published")
    download = tables.Column(verbose_name="Download", empty_values=())

    caption = "Documents in force, latest versions"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False
        empty_text = "No documents have been published yet."

    def __init__(self, data, *, slug: str, **kwargs):
        self.slug = slug
        super().__init__(data, **kwargs)

    def render_title(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}</span>',
            reverse("fps:document-versions", args=[self.slug, record.document_id]),
            value,
            record.document.get_kind_display(),
        )

    def render_published_at(self, value):
        return govuk_date(value)

    def render_download(self, record):
        return download_link(record)


class VersionTable(Table):
    number = tables.Column(verbose_name="Version")
    published_at = tables.Column(verbose_name="Published")
    change_note = tables.Column(verbose_name="What changed")
    download = tables.Column(verbose_name="Download", empty_values=())

    caption = "Every version, newest first"
    caption_hidden = True

    class Meta(Table.Meta):
        orderable = False

    def render_published_at(self, value):
        return govuk_date(value)

    def render_download(self, record):
        return download_link(record)
