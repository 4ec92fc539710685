"""The register of members' interests: public pages (an index of members and a page per member) and
democratic services' pages to add, correct, end and remove entries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.history import events, newest_first
from portal.timefmt import govuk_date

from .. import queries
from ..forms.interests import EndInterestForm, InterestForm
from ..interest_tables import InterestTable, MemberInterestsIndexTable
from ..models import Declaration, Person, RegisteredInterest
from ..services import interests as services
from .common import confirm_or_refuse, form_page


def members():
    """Councillors and other members (never officers): those with a membership or a registered interest."""
    return Person.objects.exclude(kind=Person.Kind.OFFICER).filter(
        Q(memberships__isnull=False) | Q(registered_interests__isnull=False)
    )


def get_member(pk: int) -> Person:
    person = members().filter(pk=pk).distinct().first()
    if person is None:
        raise Http404("No such member.")
    return person


def get_interest_for_user(user, pk: int) -> RegisteredInterest:
    interest = RegisteredInterest.objects.editable_by(user).select_related("person").filter(pk=pk).first()
    if interest is None:
        raise Http404("No such interest.")
    return interest


def register_history(person: Person, limit: int = 50):
    """Every change to the member's register, removed entries included (one query)."""
    rows = (
        RegisteredInterest.history.filter(person_id=person.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:500]
    )
    return newest_first(
        events(rows, lambda row: f"{row.get_kind_display()}: {row.organisation or row.details[:80]}")
    )[:limit]


@login_not_required
def interest_index(request):
    today = timezone.localdate()
    current = Q(registered_interests__registered_from__lte=today) & (
        Q(registered_interests__registered_to__isnull=True)
        | Q(registered_interests__registered_to__gte=today)
    )
    people = (
        Person.objects.filter(pk__in=members().values("pk"))
        .annotate(current=Count("registered_interests", filter=current))
        .order_by("name", "pk")
    )
    table = MemberInterestsIndexTable(people)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "committees/interests.html", {"table": table})


@login_not_required
def member_interests(request, pk):
    person = get_member(pk)
    can_manage = queries.can_manage(request.user)
    interests = RegisteredInterest.objects.visible_to(request.user).filter(person=person)
    table = InterestTable(interests.order_by("-registered_from", "pk"), can_manage=can_manage)
    RequestConfig(request, paginate=False).configure(table)
    declarations = (
        Declaration.objects.filter(person=person, meeting__status__in=["minutes-approved"])
        .select_related("meeting__committee")
        .order_by("-meeting__date", "position")[:50]
    )
    return render(
        request,
        "committees/member_interests.html",
        {
            "person": person,
            "table": table,
            "can_manage": can_manage,
            "declarations": declarations,
            "history": register_history(person) if can_manage else None,
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def interest_add(request, pk):
    person = get_member(pk)
    interest = RegisteredInterest(person=person)
    form = InterestForm(request.POST or None, instance=interest)
    back = reverse("committees:member-interests", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_save(interest=interest, by=request.user, reason="Registered")
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The interest is added to {person.name}'s register.")
            return redirect(back)
    return form_page(
        request, form=form, title="Add a registered interest", caption=person.name, back=back, button="Add"
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def interest_edit(request, pk):
    interest = get_interest_for_user(request.user, pk)
    person = interest.person
    form = InterestForm(request.POST or None, instance=interest)
    back = reverse("committees:member-interests", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_save(interest=interest, by=request.user, reason="Corrected")
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The interest on {person.name}'s register is corrected.")
            return redirect(back)
    return form_page(
        request,
        form=form,
        title="Correct a registered interest",
        caption=person.name,
        back=back,
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def interest_end(request, pk):
    interest = get_interest_for_user(request.user, pk)
    person = interest.person
    back = reverse("committees:member-interests", args=[person.pk])
    if interest.registered_to is not None:
        return redirect(back)
    form = EndInterestForm(request.POST or None, interest=interest)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_end(interest=interest, end=form.cleaned_data["registered_to"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The interest is ended on {person.name}'s register.")
            return redirect(back)
    return form_page(
        request,
        form=form,
        title="End a registered interest",
        caption=person.name,
        intro=f"{interest.get_kind_display()}: {interest.organisation or interest.details}, registered from "
        f"{govuk_date(interest.registered_from)}. It stays on the register as an ended interest.",
        back=back,
        button="End the interest",
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def interest_remove(request, pk):
    """A confirmation page; the entry is removed only by its POST (for entries made in error)."""
    interest = get_interest_for_user(request.user, pk)
    person = interest.person
    back = reverse("committees:member-interests", args=[person.pk])

    def remove():
        services.interest_remove(interest=interest, by=request.user)
        return f"The interest is removed from {person.name}'s register.", back

    return confirm_or_refuse(
        request,
        back=back,
        delete=remove,
        context={
            "title": "Remove this interest from the register?",
            "caption": person.name,
            "summary": [
                ("Kind", interest.get_kind_display()),
                ("Organisation", interest.organisation or "None"),
                ("Details", interest.details),
                ("Registered from", govuk_date(interest.registered_from)),
            ],
            "warning": "Only remove an entry made in error. An interest the member no longer has should be "
            "ended instead, so the register shows it was held.",
            "button": "Remove the interest",
        },
    )
