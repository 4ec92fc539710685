"""A referral's page and the pathway's steps: contact, assessment, level of need, the assessor's review,
allocation of support, plan, review and closure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal import permissions as perms
from portal.confirm import confirm_or_refuse
from portal.forms import add_validation_errors
from portal.history import record_history

from .. import services
from ..forms import STEP_FORMS, AllocationForm, ContactForm
from ..matching import likely_matches
from ..models import OUTCOME_MEASURES, Carer, CatalogueService, Need
from ..tables import AllocationTable, ContactTable, DocumentTable, status_tags
from .fetch import get_referral_for_user, may_change_carer
from .merge import merge_url


def referral_detail(request, reference):
    referral = get_referral_for_user(request.user, reference)
    services.record_view(user=request.user, carer=referral.carer, referral=referral, what="referral")
    user = request.user
    carer = referral.carer
    works = services.works_cases(user)
    hub = user.has_perm(perms.CHANGE_CARERS_REFERRALS)
    matches = []
    if referral.carer_checked_at is None and hub:
        matches = [
            (match, merge_url(match.carer, carer, referral))
            for match in likely_matches(carer, among=Carer.objects.visible_to(user))
        ]
    return render(
        request,
        "carers/referral.html",
        {
            "referral": referral,
            "carer": carer,
            "status_tags": status_tags(referral),
            "links": carer.caring_links.select_related("cared_for"),
            "allocations": AllocationTable(
                list(referral.allocations.select_related("service", "allocated_by"))
            ),
            "contacts": ContactTable(list(referral.contacts.select_related("by")[:50])),
            "documents": DocumentTable(list(referral.documents.select_related("uploaded_by")))
            if works
            else None,
            "tasks": list(referral.tasks.select_related("owner").order_by("done_at", "due_on", "pk"))
            if works
            else [],
            "works_cases": works,
            "checking": referral.carer_checked_at is None and hub,
            "matches": matches,
            "steps": services.next_steps(referral, user),
            "can_allocate": services.may_allocate(referral, user),
            "can_add_contact": referral.is_open,
            "can_change_carer": may_change_carer(user, carer),
            "can_assign": hub,
            "contact_form": ContactForm(initial={"contacted_on": timezone.localdate().strftime("%d/%m/%Y")}),
            "outcomes": [
                (label, getattr(referral, f"get_{field}_display")())
                for field, label in OUTCOME_MEASURES.items()
            ],
            "history": record_history(referral, limit=30),
        },
    )


STEP_SERVICES = {
    "contacted": lambda r, by, d: services.referral_mark_contacted(referral=r, by=by, notes=d["notes"]),
    "assessment": lambda r, by, d: services.referral_record_assessment(referral=r, by=by, **d),
    "need": lambda r, by, d: services.referral_set_need(referral=r, by=by, level=d["level"]),
    "assessor-review": lambda r, by, d: services.referral_assessor_review(referral=r, by=by, **d),
    "social-care-assessed": lambda r, by, d: services.referral_social_care_assessed(referral=r, by=by, **d),
    "plan": lambda r, by, d: services.referral_record_plan(referral=r, by=by, **d),
    "review": lambda r, by, d: services.referral_record_review(referral=r, by=by, **d),
    "close": lambda r, by, d: services.referral_close(
        referral=r,
        by=by,
        reason=d["reason"],
        notes=d["notes"],
        outcomes={field: d[field] for field in OUTCOME_MEASURES},
    ),
}


def referral_step(request, reference, step):
    """A next step of the pathway: GET shows its form (a confirmation for destructive steps), POST does it."""
    if step not in services.STEPS:
        raise Http404("No such step")
    referral = get_referral_for_user(request.user, reference)
    definition = services.STEPS[step]
    if not request.user.has_perm(definition.permission):
        raise PermissionDenied("Your role cannot take this step.")
    if referral.status not in definition.from_statuses:
        messages.info(request, f"'{definition.label}' is not a next step for this referral now.")
        return redirect(referral)
    form = STEP_FORMS[step](request.POST if request.method == "POST" else None)
    if definition.destructive:
        return confirm_or_refuse(
            request,
            title="Are you sure you want to close this referral?",
            caption=f"Referral {referral.reference}: {referral.carer.full_name}",
            warning="A closed referral cannot be changed. If the carer needs support again, enter a new "
            "referral.",
            button="Close referral",
            back=referral.get_absolute_url(),
            form=form,
            action=lambda form: _done(referral, request.user, step, form.cleaned_data),
        )
    if request.method == "POST" and form.is_valid():
        try:
            STEP_SERVICES[step](referral, request.user, form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            referral.refresh_from_db()
            messages.success(request, f"{definition.label}: done. Status: {referral.get_status_display()}.")
            return redirect(referral)
    return render(
        request,
        "carers/step.html",
        {"referral": referral, "step": definition, "step_name": step, "form": form},
    )


def _done(referral, user, step: str, data: dict) -> tuple[str, str]:
    STEP_SERVICES[step](referral, user, data)
    referral.refresh_from_db()
    return (
        f"{services.STEPS[step].label}: done. Status: {referral.get_status_display()}.",
        referral.get_absolute_url(),
    )


def referral_allocate(request, reference):
    referral = get_referral_for_user(request.user, reference)
    if not services.may_allocate(referral, request.user):
        raise PermissionDenied("Support cannot be allocated to this referral by your role now.")
    tiers = [Need.LOW]
    if request.user.has_perm(perms.ASSESS_CARERS_REFERRALS):
        tiers = [Need.LOW, Need.MODERATE, Need.HIGH][: services.TIER_RANK.get(referral.level_of_need, 0) + 1]
    offered = CatalogueService.objects.filter(tier__in=tiers, is_retired=False)
    form = AllocationForm(request.POST or None, services=offered)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_add(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{allocation.service.name} is allocated.")
            return redirect(referral)
    return render(request, "carers/allocate.html", {"referral": referral, "form": form})


@require_POST
def referral_add_contact(request, reference):
    referral = get_referral_for_user(request.user, reference)
    if not (
        request.user.has_perm(perms.CHANGE_CARERS_REFERRALS)
        or request.user.has_perm(perms.ASSESS_CARERS_REFERRALS)
    ):
        raise PermissionDenied
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The contact is logged.")
            return redirect(referral)
    return render(request, "carers/contact.html", {"referral": referral, "form": form})
