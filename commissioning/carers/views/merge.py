"""Likely duplicates and merging two records of one carer (hub workers): from a new referral (link it
to the carer already on record, or confirm a new carer) or from a carer's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.forms import add_validation_errors

from .. import services
from ..forms import MergeForm
from ..forms.casework import shown
from ..models import Referral
from .fetch import get_carer_for_user, get_referral_for_user, posted


def _hub_only(user) -> None:
    if not user.has_perm(perms.CHANGE_CARERS_REFERRALS):
        raise PermissionDenied("Only the carers hub can merge records.")


def carer_merge(request, pk, other_pk):
    """Merge record `other_pk` into record `pk` (the one kept). `?referral=CH-...`: linking that new
    referral (its carer is `other_pk`), and back to it afterwards."""
    keep = get_carer_for_user(request.user, pk)
    absorb = get_carer_for_user(request.user, other_pk)
    _hub_only(request.user)
    reference = request.GET.get("referral", "")
    referral = (
        Referral.objects.visible_to(request.user).filter(reference=reference, carer=absorb).first()
        if reference
        else None
    )
    back = referral.get_absolute_url() if referral else absorb.get_absolute_url()
    problem = ""
    if keep.pk == absorb.pk:
        problem = "These are the same record."
    elif keep.merged_into_id or absorb.merged_into_id:
        problem = "One of these records has already been merged into another."
    elif keep.anonymised_at or absorb.anonymised_at:
        problem = "An anonymised record cannot be merged."
    differences = [] if problem else services.merge_differences(keep, absorb)
    form = MergeForm(posted(request), keep=keep, absorb=absorb, differences=differences)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            services.carers_merge(
                keep=keep, absorb=absorb, by=request.user, take=form.take(), referral=referral
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The records are merged: {keep.full_name}'s record holds both.")
            return redirect(referral.get_absolute_url() if referral else keep.get_absolute_url())
    for record in (keep, absorb):
        services.record_view(user=request.user, carer=record, what="carer record (merge)")
    rows = [
        (str(keep._meta.get_field(field).verbose_name).capitalize(), shown(keep, field), shown(absorb, field))
        for field in services.MERGE_FIELDS
    ]
    return render(
        request,
        "carers/merge.html",
        {
            "keep": keep,
            "absorb": absorb,
            "keep_title": f"Record {keep.pk} (kept)",
            "absorb_title": f"Record {absorb.pk} (merged into it)",
            "referral": referral,
            "rows": rows,
            "same_people": [] if problem else services.same_people(keep, absorb),
            "form": form,
            "problem": problem,
            "back": back,
            "action": request.get_full_path(),
        },
    )


@require_POST
def referral_confirm_new(request, reference):
    """The hub worker has seen the likely matches: this is a carer the hub did not know."""
    referral = get_referral_for_user(request.user, reference)
    _hub_only(request.user)
    services.referral_confirm_new_carer(referral=referral, by=request.user)
    messages.success(request, "Confirmed as a new carer.")
    return redirect(referral)


def merge_url(keep, absorb, referral=None) -> str:
    url = reverse("carers:carer-merge", args=[keep.pk, absorb.pk])
    return f"{url}?referral={referral.reference}" if referral else url
