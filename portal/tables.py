"""django-tables2 pieces shared by the apps' list pages."""

import inspect

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django_tables2 import utils as tables2_utils

from portal.components import status_tag
from portal.templatetags.govuk import money
from portal.timefmt import govuk_date

# django-tables2 (3.0.1) asks `inspect.signature` about every cell it renders (a column's render_* method,
# a linkify or attrs callable), each time: about a tenth of a table page's time (the market and carers
# pages' profiles). The answer depends only on the function and on whether it is bound, so it is kept.
# Anything that is not a plain or bound function (a partial, a callable object) is asked every time.
_uncached_signature = tables2_utils.signature
_signatures: dict = {}


def cached_signature(fn):
    function = getattr(fn, "__func__", None)
    if function is not None and inspect.isfunction(function) and getattr(fn, "__self__", None) is not None:
        key = (function, True)
    elif inspect.isfunction(fn):
        key = (fn, False)
    else:
        return _uncached_signature(fn)
    found = _signatures.get(key)
    if found is None:
        if len(_signatures) > 4096:  # functions made per request (lambdas) must not grow it for ever
            _signatures.clear()
        found = _signatures[key] = _uncached_signature(fn)
    return found


tables2_utils.signature = cached_signature


def stable_order(field: str):
    """An `order_<column>` method that breaks ties on the primary key.

    Sorting by a column many rows share (a town, a status, a date) without a tie-breaker lets PostgreSQL
    return those rows in any order, so rows repeat or go missing between pages. Use as
    `order_town = stable_order("town")` in a Table.
    """

    def order(self, queryset, is_descending):
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}{field}", f"{prefix}pk"), True

    return order


class Table(tables.Table):
    """The portal's django-tables2 base: drawn by templates/components/table.html (GOV.UK table in a
    scroll container, sortable headers, GOV.UK pagination). `caption` names the table (and its scroll
    region); `caption_hidden = True` keeps it for screen readers only."""

    caption = ""
    caption_hidden = False

    class Meta:
        template_name = "components/table.html"
        attrs = {"class": "govuk-table"}
        empty_text = "Nothing to show."


NUMERIC = {"th": {"class": "govuk-table__header--numeric"}, "td": {"class": "govuk-table__cell--numeric"}}


class NumericColumn(tables.Column):
    """A right-aligned number column, with thousands separators."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return intcomma(value) if isinstance(value, int) else value


class MoneyColumn(NumericColumn):
    """£1,234,567 (pence shown only when there are any), right-aligned."""

    def render(self, value):
        return money(value)


class DateColumn(tables.Column):
    """28 March 2022."""

    def render(self, value):
        return govuk_date(value)


class StatusColumn(tables.Column):
    """The record's status as a GOV.UK tag, in the colour its model's map gives (portal.components)."""

    def __init__(self, *args, field: str = "status", **kwargs):
        self.status_field = field
        kwargs.setdefault("accessor", field)
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        return status_tag(record, self.status_field)
