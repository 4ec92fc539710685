"""Full-text search over published part 1 reports and approved minutes (PostgreSQL, GIN-indexed tsvector
columns; ranked; ts_headline snippets for the page's rows only). See docs/adr/006."""

from __future__ import annotations

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SEARCH_CONFIG, Meeting, Minute, Report, ReportReference

PER_PAGE = 20
CANDIDATES = 1000
# Markers no document contains: the snippet is escaped first, then they become <mark> elements.
START, STOP = "\u2035\u2035", "\u2032\u2032"


def search_query(text: str) -> SearchQuery | None:
    text = (text or "").strip()[:200]
    if not text:
        return None
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def highlight(snippet: str) -> str:
    # Safe: the snippet is escaped before the two markers become <mark> tags.
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def search(text: str, page_number) -> dict:
    query = search_query(text)
    if query is None:
        return {"page": None, "results": []}
    # Rank at most CANDIDATES of each kind, the most recent first: a word in most of 200,000 minutes would
    # otherwise be ranked row by row. PostgreSQL walks the primary key backwards for a common word and uses
    # the GIN index for a rare one (docs/adr/008).
    report_candidates = (
        Report.objects.published_public()
        .filter(search_vector=query)
        .order_by("-pk")
        .values("pk")[:CANDIDATES]
    )
    minute_candidates = (
        Minute.objects.filter(meeting__status=Meeting.Status.MINUTES_APPROVED, search_vector=query)
        .order_by("-pk")
        .values("pk")[:CANDIDATES]
    )
    reports = (
        Report.objects.filter(pk__in=report_candidates)
        .annotate(kind=Value("report", output_field=CharField()), rank=SearchRank(F("search_vector"), query))
        .values("kind", "pk", "rank", "published_at")
    )
    minutes = (
        Minute.objects.filter(pk__in=minute_candidates)
        .annotate(kind=Value("minute", output_field=CharField()), rank=SearchRank(F("search_vector"), query))
        .annotate(published_at=F("meeting__date"))
        .values("kind", "pk", "rank", "published_at")
    )
    # At most 2 x CANDIDATES small rows: one query gives both the count and the page.
    combined = list(reports.union(minutes, all=True).order_by("-rank", "-published_at", "pk"))
    page = Paginator(combined, PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    report_ids = [r["pk"] for r in rows if r["kind"] == "report"]
    minute_ids = [r["pk"] for r in rows if r["kind"] == "minute"]
    headline = {"start_sel": START, "stop_sel": STOP, "max_words": 35, "min_words": 15, "max_fragments": 2}
    found = {}
    # Both snippet queries run on every search (an id no row has when a kind is not on the page), so the
    # page's query count is the same whatever the mix of reports and minutes.
    references = (
        ReportReference.objects.filter(report=OuterRef("pk"))
        .values("report")
        .annotate(joined=StringAgg("reference", ", ", order_by="pk"))
        .values("joined")
    )
    for report in (
        Report.objects.filter(pk__in=report_ids or [0])
        .annotate(
            snippet=SearchHeadline("body_text", query, config=SEARCH_CONFIG, **headline),
            reference_list=Subquery(references),
        )
        .only("pk", "title")
    ):
        found[("report", report.pk)] = {
            "kind": "Report",
            "title": report.title,
            "url": report.get_absolute_url(),
            "meta": report.reference_list or "",
            "snippet": highlight(report.snippet),
        }
    for minute in (
        Minute.objects.filter(pk__in=minute_ids or [0])
        .select_related("meeting", "meeting__committee")
        .annotate(snippet=SearchHeadline("body_text", query, config=SEARCH_CONFIG, **headline))
        .defer("body_text", "paragraphs", "questions", "resolution")
    ):
        found[("minute", minute.pk)] = {
            "kind": "Minute",
            "title": f"Minute {minute.number}: {minute.title}",
            "url": f"{minute.meeting.get_absolute_url()}minutes/#minute-{minute.number}",
            "meta": str(minute.meeting),
            "snippet": highlight(minute.snippet),
        }
    return {
        "page": page,
        "capped": page.paginator.count >= CANDIDATES,
        "results": [found[(r["kind"], r["pk"])] for r in rows if (r["kind"], r["pk"]) in found],
    }
