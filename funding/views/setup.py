"""Finance officers keep what the money hangs on: funders, streams, the providers' figures for a round's
calculator, and the Better Care Fund's schemes. Removing one asks first, and is refused, with the reason,
while anything depends on it."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from portal.confirm import confirm_or_refuse
from portal.history import record_history
from portal.templatetags.govuk import money

from .. import queries, services
from ..forms import BasisForm, BCFSchemeForm, FunderForm, ReasonForm, StreamForm, initial_for
from .common import manage_money
from .money import saved


def split_reason(form) -> tuple[dict, str]:
    data = dict(form.cleaned_data)
    return data, data.pop("reason")


def record_page(request, form, write, success, to, template: str, context: dict):
    """An add or change page of the money's set-up: a valid POST calls `write(data, reason)` (a service);
    its ValidationError goes back on the form (see `saved`)."""
    if request.method == "POST" and form.is_valid():
        data, reason = split_reason(form)
        done = saved(request, form, lambda: write(data, reason), success, to)
        if done:
            return done
    return render(request, template, {"form": form, **context})


@manage_money
def funder_add(request):
    return record_page(
        request,
        FunderForm(request.POST or None),
        lambda data, reason: services.funder_create(data=data, by=request.user, reason=reason),
        lambda funder: f"{funder.name} is added: you can now choose it for a funding stream.",
        "funding:stream-add",
        "funding/funder_form.html",
        {"funder": None},
    )


@manage_money
def funder_edit(request, pk):
    funder = queries.get_funder_for_user(request.user, pk)
    return record_page(
        request,
        FunderForm(request.POST or None, initial=initial_for(funder, services.FUNDER_FIELDS)),
        lambda data, reason: services.funder_update(funder=funder, data=data, by=request.user, reason=reason),
        "The funder is updated.",
        "funding:funders",
        "funding/funder_form.html",
        {"funder": funder, "history": record_history(funder, limit=20)},
    )


@manage_money
def funder_delete(request, pk):
    funder = queries.get_funder_for_user(request.user, pk)
    back = reverse("funding:funders")
    return confirm_or_refuse(
        request,
        title=f"Remove {funder.name}?",
        caption="Funders",
        summary=[
            ("Funder", funder.name),
            ("Short name", funder.short_name),
            ("Kind", funder.get_kind_display()),
        ],
        warning="The funder is removed from the list of funders. Its history is kept.",
        button="Remove funder",
        refusal=services.funder_removal_refusal(funder),
        refused_title=f"{funder.name} cannot be removed",
        back=back,
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.funder_delete(funder=funder, by=request.user, reason=form.cleaned_data["reason"]),
            (f"{funder.name} is removed.", back),
        )[1],
    )


@manage_money
def stream_add(request):
    return record_page(
        request,
        StreamForm(request.POST or None),
        lambda data, reason: services.stream_create(data=data, by=request.user, reason=reason),
        lambda stream: f"{stream.name} is added.",
        lambda stream: stream,
        "funding/stream_form.html",
        {"stream": None},
    )


@manage_money
def stream_edit(request, slug):
    stream = queries.get_stream_for_user(request.user, slug)
    return record_page(
        request,
        StreamForm(request.POST or None, initial=initial_for(stream, services.STREAM_FIELDS)),
        lambda data, reason: services.stream_update(stream=stream, data=data, by=request.user, reason=reason),
        "The funding stream is updated.",
        stream,
        "funding/stream_form.html",
        {"stream": stream, "history": record_history(stream, limit=20)},
    )


@manage_money
def basis_add(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)

    def create(data, reason):
        provider = data.pop("provider")
        return services.basis_create(
            round=round_, provider=provider, data=data, by=request.user, reason=reason
        )

    return record_page(
        request,
        BasisForm(request.POST or None),
        create,
        lambda basis: f"{basis.provider.name}'s figures are added.",
        reverse("funding:bases", args=[round_.pk]),
        "funding/basis_form.html",
        {"round": round_, "basis": None},
    )


@manage_money
def basis_edit(request, pk):
    basis = queries.get_basis_for_user(request.user, pk)
    initial = initial_for(basis, services.BASIS_FIELDS)
    return record_page(
        request,
        BasisForm(request.POST or None, initial=initial, with_provider=False),
        lambda data, reason: services.basis_update(basis=basis, data=data, by=request.user, reason=reason),
        f"{basis.provider.name}'s figures are corrected.",
        reverse("funding:bases", args=[basis.round_id]),
        "funding/basis_form.html",
        {"round": basis.round, "basis": basis, "history": record_history(basis, limit=20)},
    )


@manage_money
def basis_delete(request, pk):
    basis = queries.get_basis_for_user(request.user, pk)
    back = reverse("funding:bases", args=[basis.round_id])
    return confirm_or_refuse(
        request,
        title=f"Remove {basis.provider.name}'s figures?",
        caption=f"{basis.round.stream.name}: {basis.round.name}",
        summary=[
            ("Provider", basis.provider.name),
            ("Beds", basis.beds),
            ("Service users", basis.service_users),
            ("New packages", basis.new_packages),
            ("In hard to serve areas", basis.hard_to_serve_packages),
        ],
        warning="The calculator will no longer propose an allocation for this provider.",
        button="Remove figures",
        refusal=services.basis_removal_refusal(basis),
        refused_title=f"{basis.provider.name}'s figures cannot be removed",
        back=back,
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.basis_delete(basis=basis, by=request.user, reason=form.cleaned_data["reason"]),
            (f"{basis.provider.name}'s figures are removed.", back),
        )[1],
    )


@manage_money
def bcf_scheme_add(request, pk):
    agreement = queries.get_agreement_for_user(request.user, pk)
    return record_page(
        request,
        BCFSchemeForm(request.POST or None),
        lambda data, reason: services.bcf_scheme_create(
            agreement=agreement, data=data, by=request.user, reason=reason
        ),
        lambda scheme: f"Scheme {scheme} is added.",
        "funding:bcf",
        "funding/bcf_scheme_form.html",
        {"agreement": agreement, "scheme": None},
    )


@manage_money
def bcf_scheme_edit(request, pk):
    scheme = queries.get_scheme_for_user(request.user, pk)
    initial = initial_for(scheme, services.BCF_SCHEME_FIELDS)
    return record_page(
        request,
        BCFSchemeForm(request.POST or None, initial=initial),
        lambda data, reason: services.bcf_scheme_update(
            scheme=scheme, data=data, by=request.user, reason=reason
        ),
        "The scheme is updated.",
        "funding:bcf",
        "funding/bcf_scheme_form.html",
        {"agreement": scheme.agreement, "scheme": scheme, "history": record_history(scheme, limit=20)},
    )


@manage_money
def bcf_scheme_delete(request, pk):
    scheme = queries.get_scheme_for_user(request.user, pk)
    back = reverse("funding:bcf")
    return confirm_or_refuse(
        request,
        title=f"Remove scheme {scheme}?",
        caption=scheme.agreement.name,
        summary=[
            ("Scheme", str(scheme)),
            ("Source of funding", scheme.get_source_display()),
            ("Expenditure", money(scheme.expenditure)),
            ("Year", scheme.year),
        ],
        warning="The scheme leaves the table and the totals, the PDF and the CSV. Its history is kept.",
        button="Remove scheme",
        back=back,
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.bcf_scheme_delete(scheme=scheme, by=request.user, reason=form.cleaned_data["reason"]),
            (f"Scheme {scheme} is removed.", back),
        )[1],
    )


@manage_money
def stream_delete(request, slug):
    stream = queries.get_stream_for_user(request.user, slug)
    listing = reverse("funding:streams")
    rounds = list(stream.rounds.order_by("position", "pk").values_list("name", flat=True))
    return confirm_or_refuse(
        request,
        title=f"Remove {stream.name}?",
        caption="Funding streams",
        summary=[
            ("Funding stream", stream.name),
            ("Funder", stream.funder.name),
            ("Rounds", ", ".join(rounds) or "None"),
        ],
        warning=(
            "The stream leaves the funding pages and the appendix"
            + (", with its rounds and the providers' figures for them" if rounds else "")
            + ". Its history is kept."
        ),
        button="Remove funding stream",
        refusal=services.stream_removal_refusal(stream),
        refused_title=f"{stream.name} cannot be removed",
        back=stream.get_absolute_url(),
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.stream_delete(stream=stream, by=request.user, reason=form.cleaned_data["reason"]),
            (f"{stream.name} is removed.", listing),
        )[1],
    )


@manage_money
def round_delete(request, pk):
    round_ = queries.get_round_for_user(request.user, pk)
    stream = round_.stream
    to_stream = stream.get_absolute_url()
    return confirm_or_refuse(
        request,
        title=f"Remove {round_.name}?",
        caption=stream.name,
        summary=[
            ("Round", round_.name),
            ("Funding period", round_.period),
            ("Allocation to the council", money(round_.allocation)),
            ("Status", round_.get_status_display()),
        ],
        warning="The round leaves the stream and the appendix, with the providers' figures for it. "
        "Its history is kept.",
        button="Remove round",
        refusal=services.round_removal_refusal(round_),
        refused_title=f"{round_.name} cannot be removed",
        back=round_.get_absolute_url(),
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.round_delete(round=round_, by=request.user, reason=form.cleaned_data["reason"]),
            (f"{round_.name} is removed from {stream.name}.", to_stream),
        )[1],
    )
