"""A carer's record: the page, changes to it (hub workers only), the people they look after, who has
viewed it, and the subject access exports."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, Min, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.pdf import pdf_response, render_pdf

from .. import services
from ..forms import CaredForForm, CarerForm, LinkCaredForForm
from ..matching import likely_matches
from ..models import CaredForPerson, Carer, Referral
from ..subject_access import subject_access_data
from ..tables import AccessLogTable
from .fetch import get_carer_for_user, get_carer_to_change, may_change_carer, posted
from .merge import merge_url


def carer_detail(request, pk):
    carer = get_carer_for_user(request.user, pk)
    if carer.merged_into_id:
        messages.info(request, "This record was merged into another record of the same carer.")
        return redirect("carers:carer", pk=carer.merged_into_id)
    services.record_view(user=request.user, carer=carer, what="carer record")
    user = request.user
    can_change = may_change_carer(user, carer)
    duplicates = likely_matches(carer, among=Carer.objects.visible_to(user)) if can_change else []
    return render(
        request,
        "carers/carer.html",
        {
            "carer": carer,
            "links": carer.caring_links.select_related("cared_for"),
            "referrals": Referral.objects.visible_to(user).filter(carer=carer),
            "can_export": user.has_perm(perms.EXPORT_CARER_DATA),
            "can_see_log": user.has_perm(perms.VIEW_CARERS_ACCESS_LOG),
            "can_change": can_change,
            "works_cases": services.works_cases(user),
            "duplicates": [(match, merge_url(match.carer, carer)) for match in duplicates],
        },
    )


def return_to(request, carer: Carer) -> tuple[str, str]:
    """Where the page goes back to: the referral it was opened from (`?referral=CH-...`, if this user
    sees it and it is this carer's), otherwise the carer's record."""
    reference = request.GET.get("referral", "")
    if reference:
        referral = (
            Referral.objects.visible_to(request.user)
            .filter(carer=carer, reference=reference)
            .only("reference")
            .first()
        )
        if referral is not None:
            return referral.get_absolute_url(), f"Back to referral {referral.reference}"
    return carer.get_absolute_url(), "Back to the carer's record"


def carer_edit(request, pk):
    carer = get_carer_to_change(request, pk)
    back_url, back_label = return_to(request, carer)
    if carer.anonymised_at:
        messages.info(request, "This carer's record has been anonymised: it cannot be changed.")
        return redirect(back_url)
    dates = carer.referrals.aggregate(first=Min("received_at"), last=Max("received_at"))
    referral_dates = (
        (timezone.localdate(dates["first"]), timezone.localdate(dates["last"])) if dates["first"] else None
    )
    form = CarerForm(posted(request), initial=CarerForm.initial_for(carer), referral_dates=referral_dates)
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_update(carer=carer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The carer's details are saved.")
            return redirect(back_url)
    services.record_view(user=request.user, carer=carer, what="carer record (change details)")
    return render(
        request,
        "carers/carer_edit.html",
        {"carer": carer, "form": form, "back_url": back_url, "back_label": back_label},
    )


def cared_for_form(request, pk, person_pk=None):
    """Add a person the carer looks after (no person_pk) or change one."""
    carer = get_carer_to_change(request, pk)
    back_url, back_label = return_to(request, carer)
    if carer.anonymised_at:
        messages.info(request, "This carer's record has been anonymised: it cannot be changed.")
        return redirect(back_url)
    link = (
        get_object_or_404(carer.caring_links.select_related("cared_for"), cared_for_id=person_pk)
        if person_pk is not None
        else None
    )
    person = link.cared_for if link else None
    initial = CaredForForm.initial_for(person, link) if person else None
    form = CaredForForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                services.cared_for_add(carer=carer, by=request.user, **form.cleaned_data)
            else:
                services.cared_for_update(cared_for=person, carer=carer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, "The person they care for is added." if person is None else "The changes are saved."
            )
            return redirect(back_url)
    services.record_view(user=request.user, carer=carer, what="cared-for people (change)")
    sharing = shareable_people(carer, request.user) if person is None else None
    return render(
        request,
        "carers/cared_for_form.html",
        {
            "carer": carer,
            "person": person,
            "form": form,
            "back_url": back_url,
            "back_label": back_label,
            "shares": sharing.count() if sharing is not None else 0,
            "shared_with": person.carers.exclude(pk=carer.pk) if person else [],
        },
    )


def shareable_people(carer: Carer, user):
    """People already on record whom this carer may also look after: those of carers at the same postcode
    or with the same last name (a household, a family), not already this carer's."""
    same_home = Q(carers__postcode=carer.postcode) if carer.postcode else Q(pk__in=[])
    family = Q(carers__last_name_key=carer.last_name_key) if carer.last_name_key else Q(pk__in=[])
    return (
        CaredForPerson.objects.visible_to(user)
        .filter(same_home | family)
        .exclude(carers=carer)
        .filter(carers__merged_into=None, carers__anonymised_at=None)
        .distinct()
        .order_by("pk")
    )


def cared_for_link(request, pk):
    """The carer also looks after someone another carer already looks after: one shared record."""
    carer = get_carer_to_change(request, pk)
    back_url, back_label = return_to(request, carer)
    people = shareable_people(carer, request.user).prefetch_related("carers")
    form = LinkCaredForForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.cared_for_link(carer=carer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The person they care for is added, shared with the other carer.")
            return redirect(back_url)
    services.record_view(user=request.user, carer=carer, what="cared-for people (change)")
    return render(
        request,
        "carers/cared_for_link.html",
        {"carer": carer, "form": form, "back_url": back_url, "back_label": back_label, "empty": not people},
    )


def cared_for_remove(request, pk, person_pk):
    """GET: are you sure? POST: remove the person (the last one cannot be removed: the service says why)."""
    carer = get_carer_to_change(request, pk)
    back_url, _back_label = return_to(request, carer)
    if carer.anonymised_at:
        messages.info(request, "This carer's record has been anonymised: it cannot be changed.")
        return redirect(back_url)
    person = get_object_or_404(carer.cared_for, pk=person_pk)
    link = carer.caring_links.get(cared_for=person)
    if request.method == "GET":
        services.record_view(user=request.user, carer=carer, what="cared-for people (change)")

    def remove(form):
        services.cared_for_remove(cared_for=person, carer=carer, by=request.user)
        return "The person they cared for is removed from the record.", back_url

    return confirm_or_refuse(
        request,
        title="Are you sure you want to remove this person?",
        caption=f"Carer's record: {carer.full_name}",
        summary=[
            ("Relationship", link.get_relationship_display()),
            ("Age", person.get_age_band_display()),
            ("Main reason they need care", person.get_primary_support_reason_display()),
            ("Social care respite", "Yes" if person.has_social_care_respite else "No"),
        ],
        warning="The person is removed from the carer's record. The record's history keeps who removed "
        "them and when.",
        button="Remove person",
        back=back_url,
        form=forms.Form(posted(request)),
        action=remove,
    )


def carer_access_log(request, pk):
    carer = get_carer_for_user(request.user, pk)  # 404 first: the URL says nothing to other roles
    if not request.user.has_perm(perms.VIEW_CARERS_ACCESS_LOG):
        raise PermissionDenied
    views = carer.views.select_related("user", "referral")[:500]
    return render(request, "carers/access_log.html", {"carer": carer, "views": AccessLogTable(list(views))})


def carer_export_json(request, pk):
    carer = get_carer_for_user(request.user, pk)  # 404 first: the URL says nothing to other roles
    if not request.user.has_perm(perms.EXPORT_CARER_DATA):
        raise PermissionDenied
    services.record_view(user=request.user, carer=carer, what="subject access export (JSON)")
    body = json.dumps(subject_access_data(carer), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="carer-{carer.pk}-subject-access.json"'
    return response


def carer_export_pdf(request, pk):
    carer = get_carer_for_user(request.user, pk)  # 404 first: the URL says nothing to other roles
    if not request.user.has_perm(perms.EXPORT_CARER_DATA):
        raise PermissionDenied
    services.record_view(user=request.user, carer=carer, what="subject access export (PDF)")
    data = render_pdf("carers/pdf/subject_access.html", {"data": subject_access_data(carer), "carer": carer})
    return pdf_response(f"carer-{carer.pk}-subject-access.pdf", data, inline=False)
