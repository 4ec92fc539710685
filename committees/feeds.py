"""Atom feeds of meetings (django.contrib.syndication): every committee's, and one committee's. A meeting
appears once its agenda is published, with its part 1 agenda items; part 2 (exempt) items never."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from portal.timefmt import govuk_date, govuk_time

from .models import AgendaItem, Committee, Meeting

FEED_LENGTH = 50


class MeetingsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug=None):
        return get_object_or_404(Committee, slug=slug) if slug else None

    def title(self, obj):
        return f"{obj.name}: meetings" if obj else "Committee meetings"

    def subtitle(self, obj):
        return "Meetings whose agenda is published, newest first, with their public agenda items."

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("committees:meetings")

    def feed_url(self, obj):
        return (
            reverse("committees:committee-feed", args=[obj.slug])
            if obj
            else reverse("committees:meetings-feed")
        )

    def items(self, obj):
        public_items = AgendaItem.objects.filter(part=1).order_by("position", "pk")  # never part 2
        meetings = (
            Meeting.objects.agenda_public()
            .select_related("committee")
            .prefetch_related(Prefetch("agenda_items", queryset=public_items, to_attr="public_items"))
        )
        if obj is not None:
            meetings = meetings.filter(committee=obj)
        return meetings.order_by("-date", "-time", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.committee.name}, {govuk_date(item.date)}: {item.get_status_display().lower()}"

    def item_description(self, item):
        agenda = format_html_join("", "<li>{}. {}</li>", ((i.number, i.title) for i in item.public_items))
        return format_html(
            "<p>{} at {}, {}.</p><ul>{}</ul>",
            govuk_date(item.date),
            govuk_time(item.time),
            item.venue,
            agenda,
        )

    def item_link(self, item):
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.starts_at

    def item_pubdate(self, item):
        return item.starts_at
