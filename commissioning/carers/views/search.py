"""Finding a carer: by name (any part, any case, any accents), date of birth, postcode, telephone, email
or reference. Hub workers search every record; an assessor only the carers of their referrals. Every
search is in the access log, and so is every carer it shows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.utils.functional import cached_property
from django_tables2 import RequestConfig

from .. import services
from ..forms import SearchForm
from ..models import Carer, Referral
from ..tables import SearchResultTable
from .fetch import require_case_worker

PER_PAGE = 25
COUNT_LIMIT = 1000  # more matches than this: "1,000 or more", and the user adds detail


class CappedPaginator(Paginator):
    """Counts at most COUNT_LIMIT + 1 rows: a search for "sm" among 800,000 carers must not count them all."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list  # django-tables2's rows: their data's data is the queryset
        queryset = getattr(getattr(rows, "data", None), "data", rows)
        return queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()


def search_results(user, criteria: dict):
    """The carers this user may see who match, with their latest referral (one query a page)."""
    latest = Referral.objects.visible_to(user).filter(carer=OuterRef("pk")).order_by("-received_at", "-pk")
    return (
        Carer.objects.visible_to(user)
        .current()
        .search(**criteria)
        .annotate(
            latest_reference=Subquery(latest.values("reference")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("last_name_key", "first_name_key", "pk")
    )


def search(request):
    require_case_worker(request.user)
    form = SearchForm(request.GET or None)
    table = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        table = SearchResultTable(search_results(request.user, criteria))
        RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": CappedPaginator}).configure(
            table
        )
        shown = [row.record for row in table.paginated_rows]
        services.record_search(user=request.user, criteria=sorted(criteria), carers=shown)
    return render(
        request,
        "carers/search.html",
        {"form": form, "table": table, "count_limit": COUNT_LIMIT},
    )
