"""Template tags and filters used on every page (a template builtin: no {% load %} needed).

Formatting lives here, not in models: money as £1,234,567, dates as 28 March 2022.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.template import defaultfilters
from django.utils.html import conditional_escape

from portal import forms as govuk_forms
from portal import timefmt

register = template.Library()


@register.simple_tag
def govuk_widget(bound_field):
    return govuk_forms.render_widget(bound_field)


@register.filter
def widget_kind(bound_field) -> str:
    return govuk_forms.widget_kind(bound_field)


@register.filter
def described_by(bound_field) -> str:
    return govuk_forms.described_by(bound_field)


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms):
    """The GOV.UK error summary for one or more forms: each error links to its field."""
    items = []
    for form in forms:
        if form is None or not form.is_bound or not form.errors:
            continue
        items.extend({"text": error, "href": ""} for error in form.non_field_errors())
        for bound_field in form:
            items.extend(
                {"text": error, "href": f"#{govuk_forms.first_input_id(bound_field)}"}
                for error in bound_field.errors
            )
        for name in form.errors:
            if name != "__all__" and name not in form.fields:
                items.extend({"text": error, "href": ""} for error in form.errors[name])
    return {"items": items}


@register.filter
def money(value) -> str:
    """£1,234,567, or £1,234.50 when there are pence; blank for None."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


@register.filter
def govuk_date(value) -> str:
    """28 March 2022."""
    return timefmt.govuk_date(value)


@register.filter
def govuk_time(value) -> str:
    """10:30am, 5pm, midday: GOV.UK style, in UK time."""
    return timefmt.govuk_time(value)


@register.filter
def govuk_datetime(value) -> str:
    """28 March 2022 at 2:05pm, in UK time."""
    return timefmt.govuk_datetime(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (e.g. for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def elided_pages(page):
    """Page numbers for GOV.UK pagination: 1 … 4 5 6 … 20."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


# What Django's urlize could turn into a link: a scheme, "www.", an email address, or a bare domain ending
# in one of the top-level domains it knows (django.utils.html.Urlizer).
MAYBE_A_LINK = re.compile(r"https?:|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


@register.filter(is_safe=True, needs_autoescape=True)
def links(value, autoescape=True):
    """Django's `urlize`, only where the text could hold a link. urlize runs several regular expressions
    over every word, and was a quarter of a market page's time; text with nothing it would link comes out
    as urlize would give it: escaped (tests/portal/test_links_filter.py proves them equal)."""
    text = "" if value is None else str(value)
    if not MAYBE_A_LINK.search(text):
        return conditional_escape(text) if autoescape else text
    return defaultfilters.urlize(value, autoescape=autoescape)
