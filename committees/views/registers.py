"""Democratic services: the registers behind the meetings: committees, people, memberships and the work
programme."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.timefmt import govuk_date

from .. import queries, services
from ..filters import PersonFilter
from ..forms import (
    CommitteeForm,
    EndMembershipForm,
    MembershipForm,
    PersonForm,
    WorkProgrammeItemForm,
)
from ..forms.registers import EndCommitteeForm, ReinstateCommitteeForm
from ..models import (
    Committee,
    Membership,
    Person,
    WorkProgrammeItem,
)
from ..tables import PersonTable
from .common import confirm_or_refuse, form_page


def save_record_form(request, form, *, record, reason: str, success: str, redirect_to, context: dict):
    """The shared shape of the simple record forms: validate, save through the service, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(record=record, by=request.user, reason=reason)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to() if callable(redirect_to) else redirect_to)
    return render(request, "committees/form.html", {"form": form, **context})


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def committee_create(request):
    committee = Committee()
    form = CommitteeForm(request.POST or None, instance=committee)
    return save_record_form(
        request,
        form,
        record=committee,
        reason="Created",
        success="The committee is added.",
        redirect_to=lambda: committee.get_absolute_url(),
        context={"title": "Add a committee", "back": reverse("committees:index")},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def committee_edit(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    form = CommitteeForm(request.POST or None, instance=committee)
    return save_record_form(
        request,
        form,
        record=committee,
        reason="Details edited",
        success="The committee's details are updated.",
        redirect_to=committee.get_absolute_url(),
        context={
            "title": "Change committee details",
            "caption": committee.name,
            "back": committee.get_absolute_url(),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def membership_add(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    membership = Membership(committee=committee)
    form = MembershipForm(request.POST or None, instance=membership)
    return save_record_form(
        request,
        form,
        record=membership,
        reason="Member added",
        success="The member is added.",
        redirect_to=committee.get_absolute_url(),
        context={"title": "Add a member", "caption": committee.name, "back": committee.get_absolute_url()},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def membership_edit(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("committee", "person"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership)
    committee, back = membership.committee, membership.committee.get_absolute_url()
    context = {"title": "Change a membership", "caption": committee.name, "back": back}
    return save_record_form(
        request,
        form,
        record=membership,
        reason="Membership edited",
        success="The membership is updated.",
        redirect_to=back,
        context=context,
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("committee", "person"), pk=pk)
    committee = membership.committee
    form = EndMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, end=form.cleaned_data["end"], by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{membership.person.name}'s membership is ended.")
            return redirect(committee.get_absolute_url())
    return form_page(
        request,
        form=form,
        title=f"End {membership.person.name}'s membership",
        caption=committee.name,
        back=committee.get_absolute_url(),
        button="End the membership",
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def person_list(request):
    people = PersonFilter(request.GET, queryset=queries.people_list())
    table = PersonTable(people.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "committees/people.html", {"filter": people, "table": table})


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def person_add(request):
    person = Person()
    form = PersonForm(request.POST or None, instance=person)
    return save_record_form(
        request,
        form,
        record=person,
        reason="Added",
        success="The person is added: you can now make them a member or record their attendance.",
        redirect_to=reverse("committees:people"),
        context={"title": "Add a person", "back": reverse("committees:people")},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def person_edit(request, pk):
    person = get_object_or_404(Person, pk=pk)
    name = person.name
    form = PersonForm(request.POST or None, instance=person)
    back = reverse("committees:people")
    if request.method == "POST":
        form.is_valid()  # the success message names the person as changed
    return save_record_form(
        request,
        form,
        record=person,
        reason="Details edited",
        success=f"{person.name}'s details are updated.",
        redirect_to=back,
        context={"title": "Change a person's details", "caption": name, "back": back},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def work_programme_add(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    item = WorkProgrammeItem(committee=committee)
    form = WorkProgrammeItemForm(request.POST or None, instance=item)
    return save_record_form(
        request,
        form,
        record=item,
        reason="Added to the work programme",
        success="The item is added to the work programme.",
        redirect_to=reverse("committees:work-programme", args=[committee.slug]),
        context={
            "title": "Add to the work programme",
            "caption": committee.name,
            "back": committee.get_absolute_url(),
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def work_programme_edit(request, pk):
    item = get_object_or_404(WorkProgrammeItem.objects.select_related("committee"), pk=pk)
    form = WorkProgrammeItemForm(request.POST or None, instance=item)
    back = reverse("committees:work-programme", args=[item.committee.slug])
    return save_record_form(
        request,
        form,
        record=item,
        reason="Work programme item edited",
        success="The work programme item is updated.",
        redirect_to=back,
        context={"title": "Change a work programme item", "caption": item.committee.name, "back": back},
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def work_programme_delete(request, pk):
    """A confirmation page; the item is deleted only by its POST."""
    item = get_object_or_404(WorkProgrammeItem.objects.select_related("committee"), pk=pk)
    back = reverse("committees:work-programme", args=[item.committee.slug])

    def delete():
        services.work_programme_item_delete(item=item, by=request.user)
        return f"“{item.title}” is deleted from the work programme.", back

    return confirm_or_refuse(
        request,
        back=back,
        delete=delete,
        context={
            "title": "Delete this work programme item?",
            "caption": item.committee.name,
            "summary": [("Reference", item.reference), ("Title", item.title)],
            "warning": "It will no longer be on the committee's work programme.",
            "button": "Delete the item",
        },
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def committee_end(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    if committee.is_ended:
        return redirect(committee.get_absolute_url())
    form = EndCommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_end(committee=committee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"The {committee.name} is ended. Its meetings stay public.")
            return redirect(committee.get_absolute_url())
    return form_page(
        request,
        form=form,
        title=f"End the {committee.name}",
        caption="Committees",
        intro="It stays in the public list as a former committee, with its meetings, papers and minutes. "
        "No new meeting can be scheduled for it.",
        back=committee.get_absolute_url(),
        button="End the committee",
    )


@permission_required(perms.MANAGE_COMMITTEES, raise_exception=True)
def committee_reinstate(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    if not committee.is_ended:
        return redirect(committee.get_absolute_url())
    form = ReinstateCommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_reinstate(committee=committee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, f"The {committee.name} is reinstated: its meetings can be scheduled again."
            )
            return redirect(committee.get_absolute_url())
    return form_page(
        request,
        form=form,
        title=f"Reinstate the {committee.name}",
        caption="Committees",
        intro=f"It ended on {govuk_date(committee.ended_on)}: {committee.end_reason}",
        back=committee.get_absolute_url(),
        button="Reinstate the committee",
    )
