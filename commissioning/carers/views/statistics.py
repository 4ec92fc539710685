"""Commissioners: the carers hub's numbers, with no personal data."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from portal import permissions as perms

from ..statistics import financial_year_of, year_statistics
from ..tables import StatisticsTable


@permission_required(perms.VIEW_CARERS_STATISTICS, raise_exception=True)
def statistics(request):
    this_year = financial_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2015 <= year <= this_year:
        year = this_year
    stats = year_statistics(year)
    return render(
        request,
        "carers/statistics.html",
        {
            "stats": stats,
            "tables": [StatisticsTable(table, stats["periods"]) for table in stats["tables"]],
            "years": list(range(this_year, this_year - 5, -1)),
            "statistics_url": reverse("carers:statistics"),
        },
    )
