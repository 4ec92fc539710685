"""What funding staff read: the streams and what is due, a stream, a round, the summary, the BCF, a
provider's ledger and a round's figures for the calculator."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from portal.history import record_history
from portal.templatetags.govuk import money

from .. import queries
from ..exports import bcf_groups
from ..filters import AllocationFilter
from ..forms import BasisForm
from ..models import (
    Funder,
    FundingStream,
    LedgerEntry,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    Round,
    Section75Agreement,
    money_sum,
)
from ..summary import funding_summary
from ..tables import (
    AllocationTable,
    BasisTable,
    DueTable,
    FigureTable,
    FunderTable,
    LedgerTable,
    ReturnTable,
    RoundsTable,
    SchemesTable,
    StreamTable,
)
from .common import can_export, can_manage, ledger_table, view_funding


@view_funding
def stream_list(request):
    today = timezone.localdate()
    rounds = Round.objects.visible_to(request.user)
    table = StreamTable(FundingStream.objects.visible_to(request.user).select_related("funder").with_totals())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    due = DueTable(
        list(rounds.due_within(today).select_related("stream")[:20]),
        caption="Due to be spent or passported in the next 30 days",
    )
    totals = rounds.aggregate(
        confirmed=money_sum("allocation", is_estimate=False),
        estimated=money_sum("allocation", is_estimate=True),
    )
    return render(
        request,
        "funding/stream_list.html",
        {
            "table": table,
            "due": due,
            "totals": totals,
            "can_export": can_export(request.user),
            "can_manage": can_manage(request.user),
        },
    )


@view_funding
def stream_detail(request, slug):
    stream = queries.get_stream_for_user(request.user, slug)
    rounds = queries.round_totals(stream.rounds.order_by("position", "pk"))
    # By the rounds' ids (already fetched) rather than a join, so the count and the page read one index.
    allocations = ProviderAllocation.objects.visible_to(request.user).filter(
        round_id__in=[r.pk for r in rounds]
    )
    filters = AllocationFilter(request.GET or None, queryset=allocations, rounds=rounds)
    # By provider name: PostgreSQL walks the providers' name index and stops at the page's rows.
    table = AllocationTable(
        filters.qs.select_related("provider__quality", "round").order_by("provider__name", "pk")
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    returns = ReturnTable(
        ProviderReturn.objects.visible_to(request.user)
        .filter(allocation__round_id__in=[r.pk for r in rounds])
        .select_related("allocation__provider", "allocation__round")
        .order_by("-submitted_on", "-pk"),
        prefix="returns-",
    )
    RequestConfig(request, paginate={"per_page": 10}).configure(returns)
    return render(
        request,
        "funding/stream_detail.html",
        {
            "stream": stream,
            "rounds": RoundsTable(rounds),
            "filter": filters,
            "table": table,
            "returns": returns,
            "total": sum((r.allocation for r in rounds if not r.is_estimate), 0),
            "can_manage": can_manage(request.user),
        },
    )


@view_funding
def round_detail(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    (totals,) = queries.round_totals(Round.objects.visible_to(request.user).filter(pk=round_.pk))
    table = AllocationTable(
        ProviderAllocation.objects.visible_to(request.user)
        .filter(round=round_)
        .select_related("provider__quality", "round")
        .order_by("provider__name", "pk"),
        exclude=["round"],
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    ledger = LedgerEntry.objects.filter(round=round_).select_related(
        "from_allocation__provider", "to_allocation__provider", "recorded_by"
    )[:100]
    return render(
        request,
        "funding/round_detail.html",
        {
            "round": round_,
            "totals": totals,
            "table": table,
            "ledger": ledger_table(ledger),
            "can_manage": can_manage(request.user),
            "history": record_history(round_, limit=20),
        },
    )


@view_funding
def basis_list(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    manage = can_manage(request.user)
    table = BasisTable(
        ProviderBasis.objects.visible_to(request.user)
        .filter(round=round_)
        .select_related("provider")
        .order_by("provider__name", "pk"),
        can_manage=manage,
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "funding/basis_list.html",
        {"round": round_, "table": table, "can_manage": manage, "form": BasisForm() if manage else None},
    )


@view_funding
def provider_ledger(request, slug):
    provider = queries.get_provider_for_user(request.user, slug)
    table = LedgerTable(queries.provider_allocations(provider))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "funding/provider_ledger.html",
        {"provider": provider, "table": table, "totals": queries.provider_totals(provider)},
    )


@view_funding
def bcf(request):
    groups, totals = bcf_groups()
    manage = can_manage(request.user)
    for group in groups:
        group["table"] = SchemesTable(group["schemes"], caption=f"{group['name']}", can_manage=manage)
    agreements = Section75Agreement.objects.visible_to(request.user).prefetch_related(
        Prefetch("services_in_scope")
    )
    return render(
        request,
        "funding/bcf.html",
        {
            "groups": groups,
            "totals": totals,
            "agreements": agreements,
            "can_export": can_export(request.user),
            "can_manage": manage,
        },
    )


@view_funding
def summary(request):
    figures = funding_summary()
    rows = [
        {
            "figure": "Total government funding to support the adult social care market",
            "stated": figures.headline["government_total"],
            "exact": figures.government_total,
        },
        {
            "figure": "of which infection control, testing, vaccination and Omicron support",
            "stated": figures.headline["infection_control"],
            "exact": figures.infection_control,
        },
        {
            "figure": "of which workforce capacity, recruitment and retention",
            "stated": figures.headline["workforce"],
            "exact": figures.workforce,
        },
        {
            "figure": "Additional funding from Adult Social Care (the council) and the NHS",
            "stated": figures.headline["local_support"],
            "exact": figures.local_support,
        },
        {
            "figure": "Market Sustainability Fund for "
            + (figures.market_sustainability_year or "its first year"),
            "stated": money(figures.market_sustainability_first_year),
            "exact": figures.market_sustainability_first_year,
        },
    ]
    return render(
        request,
        "funding/summary.html",
        {"summary": figures, "table": FigureTable(rows), "can_export": can_export(request.user)},
    )


@view_funding
def funders(request):
    table = FunderTable(
        Funder.objects.visible_to(request.user).annotate(stream_count=Count("streams")).order_by("name"),
        can_manage=can_manage(request.user),
    )
    return render(request, "funding/funders.html", {"table": table, "can_manage": can_manage(request.user)})
