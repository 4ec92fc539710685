"""FPS views: stage 2, the call-offs (see urls.py), and the FPS's OCDS export.

Commissioners (MANAGE_FPS_PACKAGES) create, publish, score, award and place packages. Provider users see the
packages published to lots their organisation is admitted to (Package.objects.visible_to) and make or change
their one bid while a package is open. A package a provider may not see is a 404, whatever its state.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from commissioning.providers.models import ProviderMembership
from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import history, ocds
from ..forms.calloffs import (
    AwardForm,
    BidForm,
    CancelForm,
    PackageForm,
    PlacementCorrectionForm,
    PlacementForm,
    ScoreForm,
)
from ..models import Bid, Package, PurchasingSystem
from ..services import calloffs as services
from ..tables.calloffs import BidRankingTable, PackageFilter, PackageTable, ProviderPackageTable


def posted(request):
    """The POST data of a POST (even an empty one, which must show its errors), else None."""
    return request.POST if request.method == "POST" else None


def get_package_for_user(user, reference: str) -> Package:
    """404 unless the user may see this package (commissioners: all; providers: published to their lots,
    or bid on)."""
    return get_object_or_404(
        Package.objects.visible_to(user).select_related("lot__system", "awarded_bid__provider"),
        reference=reference,
    )


def get_package_to_manage(user, reference: str) -> Package:
    if not user.has_perm(perms.MANAGE_FPS_PACKAGES):
        raise PermissionDenied("Only commissioners manage call-off packages.")
    return get_package_for_user(user, reference)


def provider_membership_or_403(user) -> ProviderMembership:
    membership = ProviderMembership.for_user(user)
    if membership is None:
        raise PermissionDenied("Only providers admitted to the FPS bid for packages.")
    return membership


# Lists ----------------------------------------------------------------------------------------------------


def package_list(request):
    if request.user.has_perm(perms.MANAGE_FPS_PACKAGES):
        bid_count = (
            Bid.objects.visible_to(request.user)
            .filter(package=OuterRef("pk"))
            .order_by()
            .values("package")
            .annotate(n=Count("pk"))
            .values("n")
        )
        packages = (
            Package.objects.visible_to(request.user)
            .select_related("lot")
            .annotate(bid_count=Subquery(bid_count, output_field=IntegerField()))
        )
        package_filter = PackageFilter(request.GET, queryset=packages)
        table = PackageTable(package_filter.qs)
        RequestConfig(request, paginate={"per_page": 25}).configure(table)
        return render(
            request,
            "fps/calloffs/list.html",
            {"filter": package_filter, "table": table, "is_commissioner": True},
        )
    membership = provider_membership_or_403(request.user)
    own_price = Bid.objects.own(request.user).filter(package=OuterRef("pk")).values("weekly_price")[:1]
    packages = (
        Package.objects.visible_to(request.user).select_related("lot").annotate(own_price=Subquery(own_price))
    )
    table = ProviderPackageTable(packages)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "fps/calloffs/list.html",
        {"table": table, "is_commissioner": False, "provider": membership.provider},
    )


# A package ------------------------------------------------------------------------------------------------


def package_detail(request, reference):
    package = get_package_for_user(request.user, reference)
    context = {"package": package, "now": timezone.now()}
    if request.user.has_perm(perms.MANAGE_FPS_PACKAGES):
        context.update(
            is_commissioner=True,
            bid_count=package.bids.count(),
            history=history.package_history(package),
            formula=services.FORMULA,
            admitted_count=services.admitted_providers(package.lot).count(),
        )
    else:
        membership = provider_membership_or_403(request.user)
        own_bid = package.bids.own(request.user).first()
        context.update(
            is_commissioner=False,
            own_bid=own_bid,
            refusal=services.bid_refusal(package, membership.provider),
            won=own_bid is not None and package.awarded_bid_id == own_bid.pk,
        )
    return render(request, "fps/calloffs/detail.html", context)


@permission_required(perms.MANAGE_FPS_PACKAGES, raise_exception=True)
def package_create(request):
    form = PackageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            package = services.package_create(
                data=form.cleaned_data, by=request.user, personal_data_confirmed=form.personal_data_confirmed
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"Package {package.reference} is saved as a draft. Check it, then publish it."
            )
            return redirect(package)
    return render(request, "fps/calloffs/form.html", {"form": form, "package": None})


def package_edit(request, reference):
    package = get_package_to_manage(request.user, reference)
    if package.status != Package.Status.DRAFT:
        messages.info(
            request,
            f"{services.state(package)}: only a draft can be changed.",
        )
        return redirect(package)
    form = PackageForm(posted(request), package=package)
    if request.method == "POST" and form.is_valid():
        try:
            services.package_update(
                package=package,
                data=form.cleaned_data,
                by=request.user,
                personal_data_confirmed=form.personal_data_confirmed,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Package {package.reference} is updated.")
            return redirect(package)
    return render(request, "fps/calloffs/form.html", {"form": form, "package": package})


@require_POST
def package_publish(request, reference):
    package = get_package_to_manage(request.user, reference)
    try:
        package, told = services.package_publish(package=package, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            f"Package {package.reference} is published. {told} provider{'' if told == 1 else 's'} on "
            f"{package.lot} {'has' if told == 1 else 'have'} been told.",
        )
    return redirect(package)


def package_cancel(request, reference):
    package = get_package_to_manage(request.user, reference)
    if package.status not in {Package.Status.DRAFT, Package.Status.PUBLISHED}:
        messages.info(
            request,
            f"{services.state(package)}: it can no longer be cancelled.",
        )
        return redirect(package)
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.package_cancel(package=package, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Package {package.reference} is cancelled.")
            return redirect(package)
    return render(request, "fps/calloffs/cancel.html", {"package": package, "form": form})


# A provider's bid -----------------------------------------------------------------------------------------


def bid_edit(request, reference):
    """The provider's one bid for the package: made, then changed, until the deadline."""
    membership = provider_membership_or_403(request.user)
    package = get_package_for_user(request.user, reference)
    bid = package.bids.own(request.user).first()
    refusal = services.bid_refusal(package, membership.provider)
    form = BidForm(posted(request), bid=bid)
    if request.method == "POST":
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
        elif form.is_valid():
            try:
                bid, created = services.bid_submit(
                    package=package, provider=membership.provider, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Your bid for package {package.reference} is {'made' if created else 'changed'}. "
                    f"You can change it until {services.uk_time(package.bid_deadline)}.",
                )
                return redirect(package)
    return render(
        request,
        "fps/calloffs/bid.html",
        {"package": package, "bid": bid, "form": form, "refusal": refusal, "provider": membership.provider},
    )


# Commissioners: bids, scores, award, placement -------------------------------------------------------------


def _ranking(package: Package):
    return services.ranked_bids(package, package.bids.select_related("provider__quality", "scored_by"))


@permission_required(perms.MANAGE_FPS_PACKAGES, raise_exception=True)
def package_bids(request, reference):
    package = get_package_to_manage(request.user, reference)
    sealed = not package.bids_visible()
    context = {"package": package, "sealed": sealed, "formula": services.FORMULA}
    if sealed:
        context["bid_count"] = package.bids.count()
    else:
        ranking = _ranking(package)
        can_score = package.status == Package.Status.PUBLISHED
        context.update(
            ranking=ranking,
            ranking_table=BidRankingTable(ranking, package=package, can_score=can_score),
            all_scored=all(item.is_scored for item in ranking),
            can_score=can_score,
        )
    return render(request, "fps/calloffs/bids.html", context)


@permission_required(perms.MANAGE_FPS_PACKAGES, raise_exception=True)
def bid_score(request, pk):
    bid = get_object_or_404(
        Bid.objects.visible_to(request.user).select_related("package__lot", "provider"), pk=pk
    )
    package = bid.package
    if not package.bids_visible():
        messages.error(request, f"Bids are sealed until {services.uk_time(package.bid_deadline)}.")
        return redirect("fps:package-bids", package.reference)
    if package.status != Package.Status.PUBLISHED:
        messages.info(
            request,
            f"{services.state(package)}: its scores are final.",
        )
        return redirect("fps:package-bids", package.reference)
    form = ScoreForm(
        posted(request),
        initial={
            "quality_score": bid.quality_score,
            "social_value_score": bid.social_value_score,
            "notes": bid.score_notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_score(
                bid=bid,
                quality_score=form.cleaned_data["quality_score"],
                social_value_score=form.cleaned_data["social_value_score"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The bid from {bid.provider.name} is scored.")
            return redirect("fps:package-bids", package.reference)
    return render(
        request,
        "fps/calloffs/score.html",
        {"bid": bid, "package": package, "form": form, "formula": services.FORMULA},
    )


@permission_required(perms.MANAGE_FPS_PACKAGES, raise_exception=True)
def package_award(request, reference):
    package = get_package_to_manage(request.user, reference)
    if package.status != Package.Status.PUBLISHED:
        messages.info(
            request,
            f"{services.state(package)}: it cannot be awarded.",
        )
        return redirect(package)
    if not package.bids_visible():
        messages.error(
            request, f"Bids are sealed until {services.uk_time(package.bid_deadline)}: award after then."
        )
        return redirect(package)
    ranking = _ranking(package)
    if not ranking or not all(item.is_scored for item in ranking):
        messages.error(
            request, "Score every bid before the award." if ranking else "There are no bids to award."
        )
        return redirect("fps:package-bids", package.reference)
    form = AwardForm(posted(request), ranking=ranking)
    if request.method == "POST" and form.is_valid():
        chosen = next(item.bid for item in ranking if str(item.bid.pk) == form.cleaned_data["bid"])
        try:
            services.package_award(
                package=package, bid=chosen, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"Package {package.reference} is awarded to {chosen.provider.name}. "
                "Every bidder has been told.",
            )
            return redirect(package)
    return render(
        request,
        "fps/calloffs/award.html",
        {"package": package, "ranking": ranking, "form": form, "formula": services.FORMULA},
    )


@permission_required(perms.MANAGE_FPS_PACKAGES, raise_exception=True)
def package_placement(request, reference):
    """Records the placement of an awarded package, or corrects a recorded one (with a reason)."""
    package = get_package_to_manage(request.user, reference)
    correcting = package.status == Package.Status.PLACED
    if package.status not in (Package.Status.AWARDED, Package.Status.PLACED):
        messages.info(
            request,
            f"{services.state(package)}: a placement is recorded only for an awarded package.",
        )
        return redirect(package)
    if correcting:
        initial = {
            "brokerage_reference": package.brokerage_reference,
            "placement_start": package.placement_start,
        }
        form = PlacementCorrectionForm(posted(request), initial=initial)
    else:
        form = PlacementForm(posted(request), initial={"placement_start": package.awarded_bid.start_date})
    if request.method == "POST" and form.is_valid():
        try:
            if correcting:
                services.package_placement_correct(package=package, by=request.user, **form.cleaned_data)
            else:
                services.package_placement(package=package, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            done = "corrected" if correcting else "recorded"
            messages.success(request, f"The placement for package {package.reference} is {done}.")
            return redirect(package)
    return render(
        request, "fps/calloffs/placement.html", {"package": package, "form": form, "correcting": correcting}
    )


# OCDS -----------------------------------------------------------------------------------------------------


@login_not_required
def ocds_export(request, slug):
    """The FPS as an OCDS 1.1 release package, streamed (see ocds.py)."""
    system = get_object_or_404(PurchasingSystem, slug=slug)
    response = StreamingHttpResponse(ocds.release_package(system), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{system.slug}-ocds.json"'
    return response
