"""Writes to the funding set-up records: funders, streams, the calculator's bases and the Better Care
Fund's schemes (finance officers' pages under /funding/setup/). Each is one transaction, validated and
audited like the money's writes in funding.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from commissioning.providers.models import Provider
from portal.templatetags.govuk import money as pounds

from ..models import (
    BCFScheme,
    Funder,
    FundingStream,
    ProviderAllocation,
    ProviderBasis,
    Round,
    Section75Agreement,
)
from .common import _delete, _locked_round, _save

# Funders, streams and the calculator's bases -----------------------------------------------------------

FUNDER_FIELDS = ["name", "short_name", "appendix_label", "kind"]
STREAM_FIELDS = [
    "name",
    "funder",
    "category",
    "purpose",
    "conditions",
    "how_spent",
    "decision",
    "decision_date",
    "decision_by",
]
BASIS_FIELDS = ["beds", "service_users", "new_packages", "hard_to_serve_packages"]
# Single-segment addresses under /funding/ that a stream's slug must not take.
RESERVED_SLUGS = {
    "summary",
    "bcf",
    "mine",
    "providers",
    "rounds",
    "allocations",
    "returns",
    "funders",
    "streams",
}


def _stream_values(data: dict) -> dict:
    """The stream fields present in data, optional text as "" rather than None."""
    values = {field: data[field] for field in STREAM_FIELDS if field in data}
    for field in ("conditions", "how_spent", "decision_by"):
        if field in values:
            values[field] = values[field] or ""
    return values


@transaction.atomic
def funder_create(*, data: dict, by, reason: str) -> Funder:
    if Funder.objects.filter(name__iexact=data.get("name", "")).exists():
        raise ValidationError({"name": f"A funder called {data['name']} is already recorded"})
    funder = Funder(**{field: data.get(field) or "" for field in FUNDER_FIELDS})
    _save(funder, by=by, reason=reason or "Funder added")
    return funder


@transaction.atomic
def funder_update(*, funder: Funder, data: dict, by, reason: str) -> Funder:
    funder = Funder.objects.select_for_update().get(pk=funder.pk)
    name = data.get("name", funder.name)
    if Funder.objects.filter(name__iexact=name).exclude(pk=funder.pk).exists():
        raise ValidationError({"name": f"A funder called {name} is already recorded"})
    for field in FUNDER_FIELDS:
        if field in data:
            setattr(funder, field, data[field] or "")
    if "appendix_label" in data and not data["appendix_label"]:
        funder.appendix_label = funder.short_name
    _save(funder, by=by, reason=reason)
    return funder


def funder_removal_refusal(funder: Funder) -> str:
    """Why the funder cannot be removed ("" when it can): a funder of any stream stays."""
    names = list(funder.streams.order_by("position", "name").values_list("name", flat=True)[:4])
    if not names:
        return ""
    more = funder.streams.count() - len(names)
    listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
    return f"{funder.name} cannot be removed: it funds {listed}. Change those streams' funder first."


@transaction.atomic
def funder_delete(*, funder: Funder, by, reason: str) -> None:
    funder = Funder.objects.select_for_update().get(pk=funder.pk)
    refusal = funder_removal_refusal(funder)
    if refusal:
        raise ValidationError(refusal)
    _delete(funder, by=by, reason=reason or "Funder removed")


def _unique_stream_name(name: str, exclude_pk=None) -> None:
    clash = FundingStream.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"A funding stream called {name} is already recorded"})


@transaction.atomic
def stream_create(*, data: dict, by, reason: str) -> FundingStream:
    """Add a stream, last in the appendix, its address made from its name (and kept if renamed)."""
    _unique_stream_name(data.get("name", ""))
    stream = FundingStream(**_stream_values(data))
    base = slugify(stream.name)[:200] or "stream"
    slug, n = base, 1
    while FundingStream.objects.filter(slug=slug).exists() or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    stream.slug = slug
    stream.position = (FundingStream.objects.aggregate(top=Max("position"))["top"] or 0) + 1
    _save(stream, by=by, reason=reason or "Funding stream added")
    return stream


@transaction.atomic
def stream_update(*, stream: FundingStream, data: dict, by, reason: str) -> FundingStream:
    stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
    if "name" in data:
        _unique_stream_name(data["name"], exclude_pk=stream.pk)
    for field, value in _stream_values(data).items():
        setattr(stream, field, value)
    _save(stream, by=by, reason=reason)
    return stream


@transaction.atomic
def basis_create(*, round: Round, provider: Provider, data: dict, by, reason: str) -> ProviderBasis:
    round_ = _locked_round(round)
    if ProviderBasis.objects.filter(round=round_, provider=provider).exists():
        raise ValidationError(
            {"provider": f"{provider.name} already has figures for this round: correct those instead"}
        )
    basis = ProviderBasis(round=round_, provider=provider, **{f: data.get(f) or 0 for f in BASIS_FIELDS})
    _save(basis, by=by, reason=reason or "Figures entered")
    return basis


@transaction.atomic
def basis_update(*, basis: ProviderBasis, data: dict, by, reason: str) -> ProviderBasis:
    basis = ProviderBasis.objects.select_for_update().get(pk=basis.pk)
    for field in BASIS_FIELDS:
        if field in data:
            setattr(basis, field, data[field] or 0)
    _save(basis, by=by, reason=reason)
    return basis


def basis_removal_refusal(basis: ProviderBasis) -> str:
    """Why a provider's figures cannot be removed ("" when they can): once the provider has an allocation
    from the round, its figures are the record of how the amount was worked out."""
    allocation = ProviderAllocation.objects.filter(
        round_id=basis.round_id, provider_id=basis.provider_id
    ).first()
    if allocation is None:
        return ""
    return (
        f"{basis.provider.name}'s figures cannot be removed: its {pounds(allocation.amount)} allocation from "
        "this round was worked out from them. Correct them instead if they are wrong."
    )


@transaction.atomic
def basis_delete(*, basis: ProviderBasis, by, reason: str) -> None:
    basis = ProviderBasis.objects.select_for_update().select_related("provider").get(pk=basis.pk)
    refusal = basis_removal_refusal(basis)
    if refusal:
        raise ValidationError(refusal)
    _delete(basis, by=by, reason=reason or "Figures removed")


# The Better Care Fund's schemes ------------------------------------------------------------------------

BCF_SCHEME_FIELDS = ["scheme_id", "name", "source", "expenditure", "year", "lead_commissioner"]


def _unique_scheme_id(agreement: Section75Agreement, scheme_id, exclude_pk=None) -> None:
    clash = BCFScheme.objects.filter(agreement=agreement, scheme_id=scheme_id)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"scheme_id": f"Scheme {scheme_id} is already in {agreement.name}"})


@transaction.atomic
def bcf_scheme_create(*, agreement: Section75Agreement, data: dict, by, reason: str) -> BCFScheme:
    _unique_scheme_id(agreement, data.get("scheme_id"))
    scheme = BCFScheme(
        agreement=agreement,
        **{field: data.get(field) if data.get(field) is not None else "" for field in BCF_SCHEME_FIELDS},
    )
    _save(scheme, by=by, reason=reason or "Scheme added")
    return scheme


@transaction.atomic
def bcf_scheme_update(*, scheme: BCFScheme, data: dict, by, reason: str) -> BCFScheme:
    scheme = BCFScheme.objects.select_for_update().get(pk=scheme.pk)
    if "scheme_id" in data:
        _unique_scheme_id(scheme.agreement, data["scheme_id"], exclude_pk=scheme.pk)
    for field in BCF_SCHEME_FIELDS:
        if field in data:
            setattr(scheme, field, data[field] if data[field] is not None else "")
    _save(scheme, by=by, reason=reason)
    return scheme


@transaction.atomic
def bcf_scheme_delete(*, scheme: BCFScheme, by, reason: str) -> None:
    """A scheme entered in error, or dropped from the agreement: its history keeps what it was."""
    scheme = BCFScheme.objects.select_for_update().get(pk=scheme.pk)
    _delete(scheme, by=by, reason=reason or "Scheme removed")


# Removing a stream or a round that holds no money ------------------------------------------------------


def _listed(names: list[str], total: int) -> str:
    more = total - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def round_removal_refusal(round_: Round) -> str:
    """Why the round cannot be removed ("" when it can): once money is allocated from it, or recorded as
    retained or returned in its ledger, the round is the record of that money."""
    allocations = round_.allocations.select_related("provider").order_by("provider__name")
    names = [allocation.provider.name for allocation in allocations[:3]]
    if names:
        total = round_.allocations.count()
        return (
            f"{round_.name} cannot be removed: it has {total} allocation{'s' if total != 1 else ''} "
            f"(to {_listed(names, total)}). A round that has allocated money stays as the record of it."
        )
    if round_.ledger.exists():
        return (
            f"{round_.name} cannot be removed: its ledger records money retained or returned. "
            "A round that has moved money stays as the record of it."
        )
    return ""


@transaction.atomic
def round_delete(*, round: Round, by, reason: str) -> None:
    """A round entered in error (or never paid): its providers' figures go with it; its history is kept."""
    round_ = _locked_round(round)
    refusal = round_removal_refusal(round_)
    if refusal:
        raise ValidationError(refusal)
    for basis in ProviderBasis.objects.filter(round=round_):
        _delete(basis, by=by, reason=reason or "Round removed")
    _delete(round_, by=by, reason=reason or "Round removed")


def stream_removal_refusal(stream: FundingStream) -> str:
    """Why the stream cannot be removed ("" when it can): a round of it that cannot be removed."""
    blocked = [round_ for round_ in stream.rounds.order_by("position", "pk") if round_removal_refusal(round_)]
    if not blocked:
        return ""
    names = [round_.name for round_ in blocked[:3]]
    return (
        f"{stream.name} cannot be removed: money has been allocated or moved in "
        f"{_listed(names, len(blocked))}. A stream that has allocated money stays as the record of it."
    )


@transaction.atomic
def stream_delete(*, stream: FundingStream, by, reason: str) -> None:
    """A stream entered in error: its rounds (none with money) go with it; the history keeps them all."""
    stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
    refusal = stream_removal_refusal(stream)
    if refusal:
        raise ValidationError(refusal)
    for round_ in stream.rounds.all():
        round_delete(round=round_, by=by, reason=reason or "Funding stream removed")
    _delete(stream, by=by, reason=reason or "Funding stream removed")
